#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Every patch of the series builds, as a bisection needs it:
#
#   check-series-builds.sh TREE OUT PRISTINE PROFILE
#
# TREE has the series applied with quilt (make tree). The patches are
# popped, then pushed again one at a time with no fuzz, and after each
# vmlinux is built in OUT with PROFILE and the kit's options that exist by
# then (CONFIG_RUST_SYSCALLS, then CONFIG_RUST_SYSCALLS_SELFTEST), with no
# warning. The builds are incremental, and the last one is the kit's build
# of OUT: the series ends applied, and OUT built. Then `git am -3` applies
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
export QUILT_PATCHES=$kit/patches QUILT_PC=.pc

mapfile -t patches < "$kit/patches/series"
plan $((${#patches[@]} + 1))

# Other cells of make check-all read the tree: they wait (TREE.busy) while
# the series is not whole in it.
exec 8> "$tree.busy"
flock 8
if ! log=$(cd "$tree" && quilt pop -a -q 2>&1); then
	echo "$log" | head -n 5 | sed 's/^/# /'
	echo "# $tree: quilt pop -a failed: make tree makes it afresh" >&2
	exit 1
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
i=0
for p in "${patches[@]}"; do
	i=$((i + 1))
	name=${p%.patch}
	if ! log=$(cd "$tree" && quilt push --fuzz=0 -q 2>&1); then
		echo "$log" | head -n 5 | sed 's/^/# /'
		result "$name applies with no fuzz" fail "the later patches were not tried"
		results
		exit 1
	fi
	# configure.sh skips a configuration it made before from the same
	# fragments: the options of the patch must be looked at again.
	rm -f "$out/.rsys-config"
	blog=$out/series-build-$i.log
	status=ok why=
	if ! "$kit/scripts/build/configure.sh" "$tree" "$out" "$profile" on > "$blog" 2>&1 ||
		! make -C "$tree" O="$out" ARCH=x86_64 -j"$(nproc)" vmlinux >> "$blog" 2>&1; then
		grep -m 5 -E 'error|Error|did not stick' "$blog" | sed 's/^/# /'
		status=fail why="see $blog"
	elif grep -q 'warning' "$blog"; then
		grep -m 5 'warning' "$blog" | sed 's/^/# /'
		status=fail why="warnings: see $blog"
	fi
	result "$name builds vmlinux" $status "$why"
	if [ $status != ok ]; then
		echo "# the later patches were not tried; make tree applies them all again"
		results
		exit 1
	fi
done

# git am takes the blobs of the index lines from the repository, which
# has PRISTINE's files that the series changes: git am reads no other, and
# committing all of them would take a minute. Debian's linux-source tree
# has a .gitignore that ignores everything at its top level, hence add -f;
# a checkout of the kernel's git has no such line.
flock -u 8
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
	echo "$log" | head -n 5 | sed 's/^/# /'
	result "$what" fail "see above"
fi
results
