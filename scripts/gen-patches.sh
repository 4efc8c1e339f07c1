#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Writes the quilt series in patches/ from its sources in patches.in/: each
# patch is its message, its hand-written changes to existing kernel files
# (edits.diff), and a new-file hunk for each kit file listed in `files`
# ("KIT_PATH TREE_PATH" per line). With --check, only compares and fails if
# patches/ is stale.
set -euo pipefail

kit=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-write}

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

: > "$out/series"
for dir in "$kit"/patches.in/*/; do
	name=$(basename "$dir")
	patch="$out/$name.patch"
	{
		cat "$dir/message"
		echo "---"
		[ -s "$dir/edits.diff" ] && cat "$dir/edits.diff"
		while read -r src dst; do
			[ -n "$src" ] || continue
			if [ ! -f "$kit/$src" ]; then
				echo "gen-patches: $dir/files names $src, which does not exist" >&2
				exit 1
			fi
			lines=$(wc -l < "$kit/$src")
			echo "--- /dev/null"
			echo "+++ b/$dst"
			echo "@@ -0,0 +1,$lines @@"
			sed 's/^/+/' "$kit/$src"
		done < "$dir/files"
	} > "$patch"
	echo "$name.patch" >> "$out/series"
done

if [ "$mode" = --check ]; then
	if ! diff -ru --exclude='*.in' "$out" "$kit/patches" > /dev/null; then
		echo "patches/ is stale: run scripts/gen-patches.sh and commit the result" >&2
		exit 1
	fi
	echo "patches/ is up to date"
else
	rm -f "$kit"/patches/*.patch
	cp "$out"/*.patch "$out/series" "$kit/patches/"
fi
