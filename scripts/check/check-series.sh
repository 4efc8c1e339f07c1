#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks that the series applies to a pristine tree with no fuzz and that
# popping it restores the tree exactly:
#
#   check-series.sh PRISTINE SCRATCH
#
# Works on SCRATCH.XXXXXX, a hard-linked copy of PRISTINE, which it removes
# after.
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
pristine=${1:?usage: check-series.sh PRISTINE SCRATCH}
scratch=${2:?usage: check-series.sh PRISTINE SCRATCH}
export QUILT_PATCHES=$kit/patches QUILT_PC=.pc

pristine=$(cd "$pristine" && pwd)
mkdir -p "$(dirname "$scratch")"
# A directory of its own (SCRATCH.XXXXXX): cells of one kernel may check
# at the same time.
scratch=$(mktemp -d "$(cd "$(dirname "$scratch")" && pwd)/$(basename "$scratch").XXXXXX")
# "PRISTINE/.": the contents, also when PRISTINE is a symbolic link (a
# copy of the link would let quilt patch the pristine tree itself).
cp -al "$pristine/." "$scratch/"
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"

if ! out=$(quilt push -a --fuzz=0 2>&1); then
	echo "the series does not apply with --fuzz=0 to $pristine:" >&2
	grep -iE 'fail|fuzz|offset|reject|error' <<< "$out" >&2 || tail -n 3 <<< "$out" >&2
	exit 1
fi
if grep -q 'with fuzz' <<< "$out"; then
	echo "the series applies only with fuzz: $(grep 'with fuzz' <<< "$out")" >&2
	exit 1
fi
files=$(quilt files -a)
quilt pop -a -q > /dev/null

# Every file the series touched is back as it was, and new ones are gone.
status=0
for f in $files; do
	if [ -e "$pristine/$f" ]; then
		cmp -s "$pristine/$f" "$f" || { echo "quilt pop -a left $f changed" >&2; status=1; }
	elif [ -e "$f" ]; then
		echo "quilt pop -a left the new file $f" >&2
		status=1
	fi
done
leftovers=$(find . \( -name '*.orig' -o -name '*.rej' \) -print -quit)
[ -z "$leftovers" ] || { echo "patch left $leftovers behind" >&2; status=1; }
[ $status -eq 0 ] && echo "the series applies with --fuzz=0 to $pristine and pops cleanly ($(wc -l < "$QUILT_PATCHES/series") patches, $(echo "$files" | wc -l) files)"
exit $status
