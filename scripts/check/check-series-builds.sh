#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Every patch of the series builds, as a bisection needs it:
#
#   check-series-builds.sh TREE OUT PRISTINE PROFILE
#
# TREE has the series applied with quilt (make tree). vmlinux is built in
# OUT with PROFILE and the kit's options that exist (CONFIG_RUST_SYSCALLS,
# CONFIG_RUST_SYSCALLS_SELFTEST), with no warning, with the first patch of
# the series, then with each later patch pushed in turn with no fuzz, up to
# the whole series: OUT ends as the kit's build. Then `git am -3` applies
# the series to a git repository of PRISTINE.
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
usage="usage: check-series-builds.sh TREE OUT PRISTINE PROFILE"
tree=$(cd "${1:?$usage}" && pwd)
out=${2:?$usage}
pristine=$(cd "${3:?$usage}" && pwd)
profile=${4:?$usage}
# shellcheck source=scripts/check/ktap-result.sh
. "$kit/scripts/check/ktap-result.sh"
# shellcheck source=scripts/build/arch.sh
. "$kit/scripts/build/arch.sh"
export QUILT_PATCHES=$kit/patches QUILT_PC=.pc

mapfile -t patches < "$kit/patches/series"
plan $((${#patches[@]} + 1))

# The tree is not the series' while this pops it (make check-all's other
# cells build from trees of their own). Without .rsys-series, make tree
# makes the tree afresh if this stops half way.
series_id=$(cat "$tree/.rsys-series")
rm -f "$tree/.rsys-series"
mkdir -p "$out"
out=$(cd "$out" && pwd)

kconfig_inputs='^(---|\+\+\+) [ab]/((.*/)?Kconfig[^/]*|kernel/rsys/find-[^/]*\.sh|scripts/[^/]*\.sh)$'

# Builds vmlinux of the first I patches of the series.
build_stage() {
	local i=$1 name=${patches[$1 - 1]%.patch} blog=$out/series-build-$1.log status=ok why=
	# configure.sh skips a configuration it made before from the same
	# fragments: a patch that changes a Kconfig file, or a script that
	# Kconfig runs to test the toolchain, changes the options there are,
	# and the first build's are the tree's as it was before.
	if [ "$i" -eq 1 ] || grep -qE "$kconfig_inputs" "$kit/patches/${patches[$i - 1]}"; then
		rm -f "$out/.rsys-config"
	fi
	if ! "$kit/scripts/build/configure.sh" "$tree" "$out" "$profile" on > "$blog" 2>&1 ||
		! make -C "$tree" O="$out" ARCH="$ARCH" -j"$(nproc)" vmlinux >> "$blog" 2>&1; then
		grep -m 5 -E 'error|Error|did not stick' "$blog" | sed 's/^/# /'
		status=fail why="see $blog"
	elif grep -q 'warning' "$blog"; then
		grep -m 5 'warning' "$blog" | sed 's/^/# /'
		status=fail why="warnings: see $blog"
	fi
	result "$name builds vmlinux" $status "$why"
	[ $status = ok ]
}

# From the first patch up, one patch pushed before each build: the first
# build (cold in a new directory) is of the tree with the first patch, the
# only one that changes a header most objects include; each later one
# rebuilds only what the pushed patch and its options reached, and the last
# is the kit's build.
stopped=
# The first patch only, whatever the tree had applied.
applied=$(cd "$tree" && { quilt applied 2> /dev/null || true; } | wc -l)
if [ "$applied" -gt 1 ]; then
	(cd "$tree" && quilt pop -q "${patches[0]}" > /dev/null)
elif [ "$applied" -eq 0 ]; then
	(cd "$tree" && quilt push -q --fuzz=0 > /dev/null)
fi
if [ "$(cd "$tree" && basename "$(quilt top)")" != "${patches[0]}" ]; then
	echo "# $tree: quilt is not at ${patches[0]}: make tree makes it afresh" >&2
	exit 1
fi
for ((i = 1; i <= ${#patches[@]}; i++)); do
	# quilt's message is printed by the push of the rest, below.
	if [ $i -gt 1 ] && ! (cd "$tree" && quilt push --fuzz=0 -q > /dev/null 2>&1); then
		result "${patches[$i - 1]%.patch} builds vmlinux" fail "it does not push with no fuzz"
		stopped=1
	elif ! build_stage $i; then
		stopped=1
	fi
	if [ -n "$stopped" ]; then
		echo "# the patches above it were not tried"
		break
	fi
done
# After a stop, the patches above it (quilt push -a fails when there are none).
if [ -n "$stopped" ] && [ -n "$(cd "$tree" && quilt unapplied 2> /dev/null)" ] &&
	! log=$(cd "$tree" && quilt push -a --fuzz=0 -q 2>&1); then
	sed -n 's/^/# /; 1,5p' <<< "$log"
	echo "# $tree: the series does not push again with no fuzz: make tree makes it afresh" >&2
	exit 1
fi
echo "$series_id" > "$tree/.rsys-series"
if [ -n "$stopped" ]; then
	results
	exit 1
fi

# git am takes the blobs of the index lines from the repository, which
# has PRISTINE's files that the series changes: git am reads no other, and
# committing all of them would take a minute. Debian's linux-source tree
# has a .gitignore that ignores everything at its top level, hence add -f;
# a checkout of the kernel's git has no such line.
scratch=$(mktemp -d "$out/../series-git.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
sed -n 's|^--- a/||p' "${patches[@]/#/$kit/patches/}" | sort -u |
	while IFS= read -r path; do
		[ ! -f "$pristine/$path" ] || (cd "$pristine" && cp --parents -- "$path" "$scratch/")
	done
git_am() {
	local git=(git -c user.name=rsys -c user.email=rsys@localhost)
	cd "$scratch" &&
		export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null &&
		"${git[@]}" init -q &&
		"${git[@]}" add -f -A &&
		"${git[@]}" commit -q -m pristine &&
		"${git[@]}" am -q -3 "${patches[@]/#/$kit/patches/}" &&
		[ "$("${git[@]}" rev-list --count HEAD)" -eq $((${#patches[@]} + 1)) ]
}
what="git am -3 applies the series to a git repository of $(basename "$pristine")"
if log=$(git_am 2>&1); then
	result "$what" ok
else
	sed -n 's/^/# /; 1,5p' <<< "$log"
	result "$what" fail "see above"
fi
results
