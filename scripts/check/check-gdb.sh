#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks make gdb in batch: gdb stops the VM in a Rust system call, at its
# source line, with its arguments.
#
#   check-gdb.sh OUT BREAK
#
# OUT is a build directory of a profile with CONFIG_DEBUG_INFO, its kernel
# and initramfs built; BREAK is rsys_add's Rust function (make gdb's
# default GDB_BREAK), which rsys_add's selftests call.
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
usage="usage: check-gdb.sh OUT BREAK"
out=$(cd "${1:?$usage}" && pwd)
break=${2:?$usage}
# The frame gdb stops in: the function with its arguments' values (DWARF
# locations), at a line of its file (DWARF lines).
frame_re="^#0 +${break//:/\\:} \\(a=[0-9]+, b=[0-9]+, flags=[0-9]+\\) at [^ ]*/rsys_add\\.rs:[0-9]+$"

# shellcheck source=scripts/check/ktap-result.sh
. "$kit/scripts/check/ktap-result.sh"

plan 1
# The guest ends its run by itself if gdb never stops it (gdb then ends
# too); the timeout is for a guest that hangs before.
if ! stop=$(RSYS_GDB_FILTER=rsys_add timeout 600 "$kit/scripts/build/gdb-vm.sh" "$out" \
	"$break" -batch -ex frame 2>&1); then
	result gdb_stops_in_a_rust_syscall fail "make gdb failed: $(echo "$stop" | tail -n 1)"
else
	frame=$(echo "$stop" | grep -E '^#0 ' || true)
	if [[ "$frame" =~ $frame_re ]]; then
		echo "# $frame"
		result gdb_stops_in_a_rust_syscall ok
	else
		echo "$stop" | tail -n 20 | sed 's/^/# gdb: /'
		result gdb_stops_in_a_rust_syscall fail "no frame of $break at rsys_add.rs with its arguments"
	fi
fi
results
