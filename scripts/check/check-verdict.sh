#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks that run-vm.sh fails the runs it must fail: a kernel panic, a hang,
# a missing summary line, and a summary that contradicts the exit status;
# and that it gets the whole report of a run during which oopses keep the
# kernel's console busy.
#
#   check-verdict.sh OUT
#
# Boots OUT's bzImage with tests/verdict-init.c as /init; the oopses are
# rsys_selftest(RSYS_SELFTEST_PANIC)'s, the headers those of make
# initramfs.
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
out=$(cd "${1:?usage: check-verdict.sh OUT}" && pwd)
dir=$out/rsys-verdict
mkdir -p "$dir"

headers=$out/rsys-test/usr/include
if [ ! -f "$headers/linux/rsys.h" ]; then
	echo "$headers/linux/rsys.h not found: build the initramfs first (make initramfs)" >&2
	exit 1
fi
gcc -static -O2 -Wall -Wextra -Werror -isystem "$headers" -o "$dir/init" \
	"$kit/tests/verdict-init.c"
"$kit/scripts/build/pack-initramfs.sh" "$out" "$dir/init" "$dir/initramfs.cpio.gz"

status=0
# The time each run gets: only the hang must reach it, so the others have
# room for a slow or busy machine (a run takes a few seconds; the oops
# storm, 4 MB of console at emulated serial speed, some 25).
# mode, its timeout, then the reason run-vm.sh must give
while read -r mode timeout reason; do
	if RSYS_VM_TIMEOUT=$timeout "$kit/scripts/build/run-vm.sh" "$out/arch/x86/boot/bzImage" \
		"$dir/initramfs.cpio.gz" "$dir/$mode.log" "rsys_verdict=$mode" > "$dir/$mode.out" 2>&1; then
		echo "run-vm.sh passed a run with rsys_verdict=$mode" >&2
		status=1
	elif ! grep -q "FAIL: $reason" "$dir/$mode.out"; then
		echo "run-vm.sh failed rsys_verdict=$mode for another reason: $(tail -n1 "$dir/$mode.out")" >&2
		status=1
	else
		echo "run-vm.sh fails a run with rsys_verdict=$mode: $reason"
	fi
done <<EOL
panic 120 the kernel panicked
hang 20 the VM did not finish
no-summary 120 the harness printed no
mismatch 120 the harness reported success but QEMU exited
EOL

mode=oops-storm
if RSYS_VM_TIMEOUT=300 "$kit/scripts/build/run-vm.sh" "$out/arch/x86/boot/bzImage" \
	"$dir/initramfs.cpio.gz" "$dir/$mode.log" "rsys_verdict=$mode" > "$dir/$mode.out" 2>&1; then
	echo "run-vm.sh reports to the end a run with rsys_verdict=$mode: $(grep -a 'calls oopsed' "$dir/$mode.log")"
else
	echo "run-vm.sh did not get the report of rsys_verdict=$mode: $(tail -n1 "$dir/$mode.out")" >&2
	status=1
fi
exit $status
