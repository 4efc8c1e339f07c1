#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks that a system call added by new-syscall, in the kit or inside a
# patched tree, builds and passes its cases with no other edit:
#
#   check-new-syscall.sh BUILD KVER TREE OUT PROFILE [KBUILD_ARGS...]
#
# Runs new-syscall on a copy of the kit (BUILD/new-syscall/kit), checks that
# the copy's series applies to the pristine source, then builds it where a
# developer would: in TREE, whose series gives way to the copy's from the
# first patch that differs, and in its build directory OUT, where adding a
# call rebuilds only the tables, kernel/sys_ni.c and kernel/rsys/. The tree's
# own kernel/rsys/new-syscall.sh, run on a copy of the files it reads and
# writes in TREE (BUILD/new-syscall/tree), must give exactly the files of
# the copy's series. Boots that kernel, fails unless the call's selftest ran
# and passed, and puts TREE and OUT back as they were (the kit's series,
# built).
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
usage="usage: check-new-syscall.sh BUILD KVER TREE OUT PROFILE [KBUILD_ARGS...]"
build=$(cd "${1:?$usage}" && pwd)
kver=${2:?$usage}
tree=$(cd "${3:?$usage}" && pwd)
mkdir -p "${4:?$usage}"
out=$(cd "$4" && pwd)
profile=${5:?$usage}
shift 5
name=hello_scaffold
work=$build/new-syscall
copy=$work/kit
export QUILT_PC=.pc

rm -rf "$copy"
mkdir -p "$copy" "$work/build/src"
tar -C "$kit" --exclude=./build -cf - . | tar -C "$copy" -xf -
base=$("$kit/scripts/setup/kernel-suite.sh" --base)
for v in "$kver" "$base"; do
	ln -sfn "$build/src/linux-$v" "$work/build/src/linux-$v"
done

BUILD=$work/build "$copy/scripts/generate/new-syscall" "$name"
make --no-print-directory -C "$copy" check-series KVER="$kver" BUILD="$work/build"

# The patches both series share stay applied.
mapfile -t ours < "$kit/patches/series"
mapfile -t theirs < "$copy/patches/series"
if [ "${ours[*]}" != "${theirs[*]}" ]; then
	echo "check-new-syscall: new-syscall changed the series' patch names" >&2
	exit 1
fi
shared=0
while [ $shared -lt ${#ours[@]} ] &&
	cmp -s "$kit/patches/${ours[$shared]}" "$copy/patches/${ours[$shared]}"; do
	shared=$((shared + 1))
done
if [ $shared -eq ${#ours[@]} ]; then
	echo "check-new-syscall: new-syscall left the series as it was" >&2
	exit 1
fi

# Without .rsys-series, make tree makes TREE afresh if this stops half way
# (as check-series-builds does).
series_id=$(cat "$tree/.rsys-series")
rm -f "$tree/.rsys-series"

# quilt with the patches of DIR: quilt keeps the directory it pushed from in
# .pc/.quilt_patches, and prefers it to QUILT_PATCHES.
quilt_with() {
	local dir=$1
	shift
	echo "$dir" > "$tree/.pc/.quilt_patches"
	(cd "$tree" && QUILT_PATCHES=$dir quilt "$@") > /dev/null
}

# quilt pop down to the last shared patch, with the series that is applied.
pop_to_shared() {
	if [ $shared -eq 0 ]; then
		quilt_with "$1" pop -a -q
	else
		quilt_with "$1" pop -q "${ours[$((shared - 1))]}"
	fi
}
# The call added inside the tree, in a copy of what new-syscall and the
# generator read and write there.
in_tree_paths=(kernel/rsys include/uapi/linux/rsys.h tools/testing/selftests/rsys
	arch/x86/entry/syscalls arch/x86/include/uapi/asm
	arch/arm64/include/asm/syscall_table_rsys.h arch/arm64/include/uapi/asm/unistd_rsys.h)
in_tree=$work/tree
rm -rf "$in_tree"
mkdir -p "$in_tree"
(cd "$tree" && cp -r --parents "${in_tree_paths[@]}" "$in_tree")
in_tree_status=0
"$in_tree/kernel/rsys/new-syscall.sh" "$name" > "$work/in-tree.log" 2>&1 || in_tree_status=$?

pop_to_shared "$kit/patches"
quilt_with "$copy/patches" push -a -q --fuzz=0
if [ $in_tree_status -ne 0 ]; then
	echo "check-new-syscall: kernel/rsys/new-syscall.sh failed in $in_tree:" \
		"$(tail -n 1 "$work/in-tree.log")" >&2
else
	for path in "${in_tree_paths[@]}"; do
		diff -r "$in_tree/$path" "$tree/$path" || in_tree_status=1
	done > "$work/in-tree.diff"
	[ $in_tree_status -eq 0 ] ||
		echo "check-new-syscall: kernel/rsys/new-syscall.sh in a tree gave other files than the kit's series (see $work/in-tree.diff)" >&2
fi

log=$work/check.log
status=0
rm -f "$out/.rsys-config"
{
	"$copy/scripts/build/configure.sh" "$tree" "$out" "$profile" on &&
		"$copy/scripts/build/build-kernel.sh" "$tree" "$out" "$@" &&
		"$copy/scripts/check/check-warnings.sh" --kit "$out/build.log" &&
		"$copy/scripts/build/build-initramfs.sh" "$tree" "$out" &&
		"$copy/scripts/build/run-vm.sh" "$out/arch/x86/boot/bzImage" \
			"$out/rsys-test/initramfs.cpio.gz" "$work/console.log" &&
		"$copy/scripts/check/check-ktap.sh" "$tree" "$work/console.log"
} 2>&1 | tee "$log" || status=$?

pop_to_shared "$copy/patches"
quilt_with "$kit/patches" push -a -q --fuzz=0
echo "$series_id" > "$tree/.rsys-series"
rm -f "$out/.rsys-config"
if ! "$kit/scripts/build/configure.sh" "$tree" "$out" "$profile" on > /dev/null ||
	! "$kit/scripts/build/build-kernel.sh" "$tree" "$out" "$@" > /dev/null; then
	echo "check-new-syscall: the kit's kernel did not build again in $out (see $out/build.log)" >&2
	exit 1
fi

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
[ $in_tree_status -eq 0 ] || status=1
[ $status -eq 0 ] && echo "new-syscall: $name built in $tree and passed its cases;" \
	"kernel/rsys/new-syscall.sh in the tree gives the same files"
exit $status
