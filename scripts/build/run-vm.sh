#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Boots a kernel with the sysc-test initramfs in QEMU and judges the run:
#
#   run-vm.sh IMAGE INITRAMFS LOG [KERNEL_ARGS...]
#
# IMAGE is a kernel of ARCH (scripts/build/arch.sh): x86_64's bzImage, or
# arm64's Image, which boots on QEMU's virt machine with its most capable
# CPU (-cpu max: pointer authentication, BTI).
#
# Prints the harness's KTAP output as the guest prints it, ending with its
# "N passed, N failed" line (", N skipped" may follow). The run passes only
# if that line says 0 failed, the plan was complete, the guest reported
# success (x86_64: through isa-debug-exit; arm64, which has no such device:
# by powering off) and the kernel did not panic; a hang ends
# at the timeout (RSYS_VM_TIMEOUT, default 300 s; 0 for none, as under a
# debugger) and fails. The whole console output is kept in LOG.
# RSYS_QEMU_ARGS adds options to QEMU's command line (e.g. "-icount
# shift=0").
#
# QEMU runs under KVM when /dev/kvm can be opened and a probe boot of the
# same kernel under KVM prints its banner (some hosts offer a /dev/kvm whose
# guests never start); the verdict is kept for the host's boot. Otherwise,
# with -icount (which needs TCG) or with RSYS_ACCEL=tcg, it emulates.
#
# The guest gets a fresh, empty ext4 disk at each boot (disk.img, next to
# LOG; RSYS_DISK_MB, default 64), which sysc-test mounts as the tests'
# working directory: a block-backed filesystem, for page cache states
# (dirty, writeback, fsync) that tmpfs does not have.
set -euo pipefail

bzimage=${1:?usage: run-vm.sh IMAGE INITRAMFS LOG [KERNEL_ARGS...]}
initramfs=${2:?usage: run-vm.sh IMAGE INITRAMFS LOG [KERNEL_ARGS...]}
log=${3:?usage: run-vm.sh IMAGE INITRAMFS LOG [KERNEL_ARGS...]}
shift 3
timeout=${RSYS_VM_TIMEOUT:-300}
disk_mb=${RSYS_DISK_MB:-64}

# shellcheck source=scripts/build/arch.sh
. "$(dirname "$0")/arch.sh"
if ! command -v "$qemu" > /dev/null; then
	echo "$qemu not found: install it with: apt-get install $qemu_package" >&2
	exit 1
fi

# The machine, the kernel's console, and the harness's report line: a
# second serial line on x86_64; on arm64's virt machine, which has one, a
# virtio console. Two x86 sockets, not two cores: without ACPI (tinyconfig)
# the kernel finds the CPUs through SeaBIOS's MP table, which lists one CPU
# per socket. isa-debug-exit turns the guest's write of V to port 0xf4
# into QEMU's exit status (V << 1) | 1.
case $ARCH in
x86_64)
	host_machine=x86_64
	machine=(-smp "2,sockets=2" -device "isa-debug-exit,iobase=0xf4,iosize=0x04")
	console_tty=ttyS0
	report=(-serial stdio)
	report_tty=ttyS1
	passed_status=1
	;;
arm64)
	host_machine=aarch64
	machine=(-M virt -cpu max -smp 2)
	console_tty=ttyAMA0
	report=(-device virtio-serial-pci -chardev "stdio,id=report"
		-device "virtconsole,chardev=report")
	report_tty=hvc0
	passed_status=0
	;;
esac
for f in "$bzimage" "$initramfs"; do
	if [ ! -f "$f" ]; then
		echo "$f not found: build it first (make kernel initramfs)" >&2
		exit 1
	fi
done
# mkfs.ext4 is in /sbin, which an unprivileged user's PATH may lack.
mkfs=$(PATH=$PATH:/usr/sbin:/sbin command -v mkfs.ext4 || true)
if [ -z "$mkfs" ]; then
	echo "mkfs.ext4 not found: install it with: apt-get install e2fsprogs" >&2
	exit 1
fi

# Prints the accelerator to use, kvm or tcg, and on stderr why not KVM.
pick_accel() {
	local verdict_file verdict='' probe_log
	case ${RSYS_ACCEL:-} in
	kvm | tcg)
		echo "$RSYS_ACCEL"
		return
		;;
	"") ;;
	*)
		echo "RSYS_ACCEL='$RSYS_ACCEL': use kvm or tcg, or leave it unset to probe" >&2
		exit 1
		;;
	esac
	if [[ " ${RSYS_QEMU_ARGS:-} " == *" -icount "* ]] || [ "$(uname -m)" != "$host_machine" ] ||
		[ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
		echo tcg
		return
	fi
	verdict_file=${TMPDIR:-/tmp}/rsys-kvm-$(id -u)-$(cat /proc/sys/kernel/random/boot_id)
	[ ! -f "$verdict_file" ] || verdict=$(cat "$verdict_file")
	if [ "$verdict" != kvm ] && [ "$verdict" != tcg ]; then
		# Without an init the kernel panics at once, and panic=-1 with
		# -no-reboot ends QEMU: a second under KVM. The verdict is
		# written whole, then renamed: a VM run beside reads all of it
		# or none.
		probe_log=$(mktemp)
		timeout -k 5 20 "$qemu" -accel kvm "${machine[@]}" -m 128M -display none \
			-monitor none -no-reboot -nic none -kernel "$bzimage" \
			-append "console=$console_tty panic=-1 rdinit=/rsys-no-init" \
			-serial "file:$probe_log" < /dev/null > /dev/null 2>&1 || true
		verdict=tcg
		! grep -aq 'Linux version ' "$probe_log" || verdict=kvm
		rm -f "$probe_log"
		echo "$verdict" > "$verdict_file.$$"
		mv "$verdict_file.$$" "$verdict_file"
	fi
	[ "$verdict" = kvm ] ||
		echo "# /dev/kvm is there, but a kernel did not start under it: emulating (TCG); $verdict_file keeps that verdict" >&2
	echo "$verdict"
}

# A new file system each boot: nothing a previous run left can matter.
# Its root belongs to root, whoever builds it.
disk=$(dirname "$log")/disk.img
rm -f "$disk"
truncate -s "${disk_mb}M" "$disk"
"$mkfs" -q -F -t ext4 -L rsys-test -E root_owner=0:0 "$disk"

# panic=-1 with -no-reboot makes a panic exit QEMU with 0.
# The kernel keeps the whole run in its log (log_buf_len), for the tests
# that read it through /dev/kmsg. sysc-test kills a program still running
# at its deadline (rsys_timeout), so that it fails by name before the VM
# is killed.
#
# The kernel's console is the first serial line and the harness's report
# the second line (rsys_report=), each read here line by line into one
# stream: the kernel writes an oops to its console without the port's lock,
# and on a line user space writes at the same time the 8250 driver can be
# left with its transmit interrupt off, which ends the report there.
deadline=$((timeout == 0 ? 1 << 30 : timeout > 60 ? timeout - 30 : timeout / 2))
echo "# console log: $log"
accel=$(pick_accel)
echo "# accelerator: $accel"
status=0
read -r -a extra_args <<< "${RSYS_QEMU_ARGS:-}"
console=$(dirname "$log")/console.fifo
rm -f "$console"
mkfifo "$console"
# Both lines of the guest, whole lines each, QEMU's exit status as its own.
# $hold keeps the FIFO open for writing until QEMU is done with it, so that
# its reader starts at once and ends even if QEMU never opens it.
guest_lines() {
	local hold qemu_status=0

	exec {hold}<> "$console"
	sed -u '' < "$console" {hold}>&- &
	timeout --foreground -k 10 "$timeout" "$qemu" -accel "$accel" "${machine[@]}" "${extra_args[@]}" \
		-m 256M -display none -monitor none -parallel none \
		-no-reboot -nic none -kernel "$bzimage" -initrd "$initramfs" \
		-drive "file=$disk,format=raw,if=virtio,cache=unsafe" \
		-serial "file:$console" "${report[@]}" \
		-append "console=$console_tty panic=-1 quiet log_buf_len=4M rsys_timeout=$deadline rsys_report=$report_tty $*" \
		{hold}>&- < /dev/null 2>&1 |
		sed -u '' || qemu_status=${PIPESTATUS[0]}
	exec {hold}>&-
	wait
	rm -f "$console"
	return "$qemu_status"
}
start=$(date +%s)
# The KTAP lines of the harness as they come, without the kernel's console
# messages nor the harness's "RUN"/"OK" progress lines.
guest_lines "$@" |
	tr -d '\r' | sed -u 's/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1bc//g; s/\x1b[()][0-9A-Z]//g' |
	tee "$log" | sed -u -n '/KTAP version 1$/,$p' |
	grep -a --line-buffered -E '^ *(KTAP version|TAP version|1\.\.[0-9]+|(not )?ok [0-9]+ |#|[0-9]+ passed, [0-9]+ failed)' |
	grep -a --line-buffered -vE '^ *# +(RUN|OK) ' || status=${PIPESTATUS[0]}
echo "rsys-time: vm $(($(date +%s) - start)) s"

fail() {
	echo "FAIL: $* (console log: $log)"
	exit 1
}

summary=$(grep -aE '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$log" | tail -n 1 || true)
# The top-level plan and results: those of the programs, not indented.
plan=$(grep -aoE '^1\.\.[0-9]+$' "$log" | head -n 1 | cut -d. -f3 || true)
results=$(grep -acE '^(not )?ok [0-9]+ ' "$log" || true)

if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
	fail "the VM did not finish within $timeout s"
fi
if grep -aq 'Kernel panic' "$log"; then
	fail "the kernel panicked: $(grep -a -m1 'Kernel panic' "$log")"
fi
[ -n "$summary" ] || fail "the harness printed no 'N passed, N failed' line (QEMU status $status)"
failed=$(echo "$summary" | awk '{ gsub(",", ""); print $3 }')
if [ -z "$plan" ] || [ "$plan" -ne "$results" ]; then
	fail "the plan promised ${plan:-no} test programs, $results were reported"
fi
[ "$failed" -eq 0 ] || exit 1
# Guest wrote 0 (x86_64), or powered off (arm64): all passed.
[ "$status" -eq "$passed_status" ] || fail "the harness reported success but QEMU exited with $status"
