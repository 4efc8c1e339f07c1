#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks that a system call added by scripts/generate/new-syscall builds and passes
# its cases with no other edit:
#
#   check-new-syscall.sh BUILD KVER
#
# Runs new-syscall on a copy of the kit (BUILD/new-syscall/kit), then that
# copy's make check-cell in its own build directory (the pristine source of
# BUILD is shared), and fails unless the call's selftest ran and passed.
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: check-new-syscall.sh BUILD KVER}" && pwd)
kver=${2:?usage: check-new-syscall.sh BUILD KVER}
name=hello_scaffold
work=$build/new-syscall
copy=$work/kit

rm -rf "$copy"
mkdir -p "$copy" "$work/build/src"
tar -C "$kit" --exclude=./build -cf - . | tar -C "$copy" -xf -
base=$("$kit/scripts/setup/kernel-suite.sh" --base)
for v in "$kver" "$base"; do
	ln -sfn "$build/src/linux-$v" "$work/build/src/linux-$v"
done

BUILD=$work/build "$copy/scripts/generate/new-syscall" "$name"
log=$work/check-cell.log
status=0
make --no-print-directory -C "$copy" check-cell KVER="$kver" BUILD="$work/build" 2>&1 |
	tee "$log" || status=$?

# The program named after the call passed, with the scaffold's tests.
if ! grep -qE "^ok [0-9]+ $name\$" "$log"; then
	echo "check-new-syscall: no passing test program $name (see $log)" >&2
	status=1
fi
for case in returns_value rejects_unknown_flags returns_value_i386; do
	if ! grep -qE "^    ok [0-9]+ global\.$case\$" "$log"; then
		echo "check-new-syscall: no passing test $name/$case (see $log)" >&2
		status=1
	fi
done
[ $status -eq 0 ] && echo "new-syscall: $name built and passed its cases"
exit $status
