#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Applies the kit's quilt series to a kernel tree:
#
#   apply-series.sh TREE                 in place, on a tree of your own
#   apply-series.sh --from PRISTINE TREE TREE becomes PRISTINE + the series
#
# The second form is how the kit keeps its build trees: TREE is a hard-linked
# copy of PRISTINE, made anew when the series changes; files whose contents
# did not change keep their old timestamps, so kbuild rebuilds only what the
# change touches. Either way a series that does not apply leaves the tree as
# it was.
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
export QUILT_PATCHES=$kit/patches QUILT_PC=.pc

supported_versions=$("$kit/scripts/setup/kernel-suite.sh" --list)

usage() {
	echo "usage: apply-series.sh TREE | apply-series.sh --from PRISTINE TREE" >&2
	exit 2
}

# Fails unless TREE is a kernel version the series supports and does not
# have the series yet.
check_tree() {
	local tree=$1 version
	if [ ! -f "$tree/Makefile" ] || [ ! -f "$tree/arch/x86/entry/syscalls/syscall_64.tbl" ]; then
		echo "$tree is not a Linux source tree" >&2
		exit 1
	fi
	version=$(awk '$1 == "VERSION" { v = $3 } $1 == "PATCHLEVEL" { p = $3 }
		END { print v "." p }' "$tree/Makefile")
	if [[ " $supported_versions" != *" $version "* ]]; then
		echo "$tree is Linux $version; the series supports: $supported_versions" >&2
		exit 1
	fi
	if [ -e "$tree/kernel/rsys" ] || grep -q 'sys_rsys_' "$tree/arch/x86/entry/syscalls/syscall_64.tbl"; then
		echo "$tree already has the rsys series: run 'quilt pop -a' there, or start from a pristine tree" >&2
		exit 1
	fi
}

# Pushes the whole series, or nothing.
push_series() {
	local tree=$1 log
	log=$(mktemp)
	if ! (cd "$tree" && quilt push -a --fuzz=0 > "$log" 2>&1); then
		(cd "$tree" && quilt pop -a -f > /dev/null 2>&1) || true
		echo "the series does not apply to $tree: $(grep -m1 -iE 'fail|error|reject' "$log" || tail -n1 "$log")" >&2
		rm -f "$log"
		return 1
	fi
	rm -f "$log"
}

series_id() {
	cat "$QUILT_PATCHES/series" "$QUILT_PATCHES"/*.patch | sha256sum | cut -d' ' -f1
}

if [ "${1:-}" != --from ]; then
	[ $# -eq 1 ] || usage
	check_tree "$1"
	push_series "$1"
	echo "applied the rsys series to $1"
	exit 0
fi

[ $# -eq 3 ] || usage
pristine=$2 tree=$3

# Two builds sharing the tree must not refresh it at the same time.
mkdir -p "$(dirname "$tree")"
exec 9> "$tree.lock"
flock 9
id="$(series_id) $(cat "$pristine/.rsys-unpacked" 2>/dev/null || true)"
if [ -f "$tree/.rsys-series" ] && [ "$(cat "$tree/.rsys-series")" = "$id" ]; then
	exit 0
fi

start=$(date +%s)
check_tree "$pristine"
rm -rf "$tree.new"
# "PRISTINE/.": the contents, also when PRISTINE is a symbolic link.
mkdir "$tree.new"
cp -al "$pristine/." "$tree.new/"
if ! push_series "$tree.new"; then
	rm -rf "$tree.new"
	exit 1
fi

# Files the series changes whose contents are as in the old tree keep the old
# tree's timestamps.
if [ -d "$tree" ]; then
	(cd "$tree.new" && quilt files -a 2> /dev/null) | while read -r f; do
		if [ -f "$tree/$f" ] && cmp -s "$tree/$f" "$tree.new/$f"; then
			touch -r "$tree/$f" "$tree.new/$f"
		fi
	done
	rm -rf "$tree"
fi
echo "$id" > "$tree.new/.rsys-series"
mv "$tree.new" "$tree"
echo "applied the rsys series to $tree"
echo "rsys-time: apply $(($(date +%s) - start)) s"
