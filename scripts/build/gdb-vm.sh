#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Boots the test VM stopped, under gdb: QEMU's gdbstub, no timeout, the
# symbols and debug information of vmlinux loaded, and a breakpoint where
# BREAK says (a function or FILE:LINE, e.g. rsys_add.rs:16):
#
#   gdb-vm.sh OUT BREAK [GDB_ARGS...]
#
# The harness runs the programs RSYS_GDB_FILTER selects (rsys_filter, by
# default rsys_add) once the kernel is up, and the first call that reaches
# BREAK stops there. GDB_ARGS go to gdb after the kit's own (-batch and -ex
# commands make a script of it, as make check-gdb does). The console log is
# OUT/rsys-test/gdb-console.log; QEMU ends with gdb. RSYS_GDB_PORT is the
# gdbstub's TCP port on 127.0.0.1 (default 1234).
set -euo pipefail

usage="usage: gdb-vm.sh OUT BREAK [GDB_ARGS...]"
out=${1:?$usage}
break=${2:?$usage}
shift 2
port=${RSYS_GDB_PORT:-1234}
filter=${RSYS_GDB_FILTER:-rsys_add}
run_vm=$(dirname "$0")/run-vm.sh
vmlinux=$out/vmlinux
log=$out/rsys-test/gdb-console.log

if ! command -v gdb > /dev/null; then
	echo "gdb not found: install it with: apt-get install gdb" >&2
	exit 1
fi
if [ ! -f "$vmlinux" ]; then
	echo "$vmlinux not found: build the kernel first (make kernel initramfs)" >&2
	exit 1
fi
# Without DWARF gdb still stops at a function, but cannot say the line.
# (Read whole, not piped into grep -q: a reader that stops at the match
# would make readelf die of SIGPIPE, which pipefail takes as no match.)
sections=$(readelf -S "$vmlinux")
if ! grep -q '\.debug_info' <<< "$sections"; then
	echo "$vmlinux has no debug information: use a profile with CONFIG_DEBUG_INFO (PROFILE=debuginfo, or debug+debuginfo)" >&2
	exit 1
fi
if ! command -v ss > /dev/null; then
	echo "ss not found: install it with: apt-get install iproute2" >&2
	exit 1
fi
listening() {
	[ -n "$(ss -Hltn "sport = :$port")" ]
}
if listening; then
	echo "port $port is in use: choose another with RSYS_GDB_PORT=N" >&2
	exit 1
fi

# -S: the guest waits for gdb. nokaslr: vmlinux's addresses are the
# kernel's. The breakpoint is a hardware one: a software breakpoint set
# before the kernel is decompressed would be written over.
RSYS_VM_TIMEOUT=0 RSYS_QEMU_ARGS="-gdb tcp:127.0.0.1:$port -S" \
	"$run_vm" "$out/arch/x86/boot/bzImage" "$out/rsys-test/initramfs.cpio.gz" \
	"$log" nokaslr "rsys_filter=$filter" > "$log.out" 2>&1 &
vm=$!
trap 'kill "$vm" 2> /dev/null; pkill -P "$vm" 2> /dev/null || true; wait "$vm" 2> /dev/null || true' EXIT
echo "# console log: $log"

# gdb connects once QEMU listens (not before: a connection that closes
# would let the guest run).
until listening; do
	kill -0 "$vm" 2> /dev/null || { cat "$log.out" >&2; exit 1; }
	sleep 0.2
done
gdb -q "$vmlinux" -ex "target remote 127.0.0.1:$port" -ex "hbreak $break" \
	-ex continue "$@"
