#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Writes the quilt series in patches/ from its sources in patches.in/: each
# patch is its message, its changes to existing kernel files (edits.diff),
# and a new-file hunk for each kit file listed in `files` ("KIT_PATH
# TREE_PATH" per line, or "KIT_DIR/ TREE_DIR/" for all of a directory). What names the system calls is generated from
# syscalls.tbl (gen-syscalls.py): a "+@generated NAME" line of edits.diff
# stands for the generated lines NAME, and "@NAME" in `files` for the
# generated file. The syzkaller description goes to syzkaller/. With
# --check, only compares and fails if patches/ or syzkaller/ is stale.
set -euo pipefail

kit=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-write}

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

gen=$out/generated
python3 "$kit/scripts/gen-syscalls.py" "$kit/syscalls.tbl" "$kit/kernel/uapi/rsys.h" "$gen"
mkdir -p "$out/syzkaller"
mv "$gen/rsys.txt" "$gen/rsys.txt.const" "$out/syzkaller/"

# edits.diff with its "+@generated NAME" lines expanded, and the line counts
# of every hunk header made to match.
expand_edits() {
	awk -v gen="$gen" '
	function flush(   i) {
		if (header == "")
			return
		printf "@@ -%d,%d +%d,%d @@%s\n", old_start, old_n, new_start, new_n, rest
		for (i = 1; i <= n; i++)
			print body[i]
		header = ""
		n = 0
	}
	/^@@ / {
		flush()
		header = $0
		split($2, o, ",")
		split($3, w, ",")
		old_start = substr(o[1], 2)
		new_start = substr(w[1], 2)
		rest = $0
		sub(/^@@ [^@]* @@/, "", rest)
		old_n = new_n = 0
		next
	}
	/^(---|\+\+\+) / && header == "" { print; next }
	/^(---) / { flush(); print; next }
	/^\+@generated / {
		file = gen "/" $2
		while ((getline line < file) > 0) {
			body[++n] = (line == "" ? "+" : "+" line)
			new_n++
		}
		close(file)
		next
	}
	header != "" {
		body[++n] = $0
		c = substr($0, 1, 1)
		if (c == " " || c == "-") old_n++
		if (c == " " || c == "+") new_n++
		next
	}
	{ print }
	END { flush() }
	' "$1"
}

: > "$out/series"
for dir in "$kit"/patches.in/*/; do
	name=$(basename "$dir")
	patch="$out/$name.patch"
	{
		cat "$dir/message"
		echo "---"
		[ -s "$dir/edits.diff" ] && expand_edits "$dir/edits.diff"
		# A line "KIT_DIR/ TREE_DIR/" stands for every file of KIT_DIR.
		while read -r src dst; do
			[ -n "$src" ] || continue
			case $src in
			*/)
				for f in "$kit/$src"*; do
					[ -f "$f" ] && echo "$src$(basename "$f") $dst$(basename "$f")"
				done
				;;
			*) echo "$src $dst" ;;
			esac
		done < "$dir/files" | while read -r src dst; do
			case $src in
			@*) src=$gen/${src#@} ;;
			*) src=$kit/$src ;;
			esac
			if [ ! -f "$src" ]; then
				echo "gen-patches: $dir/files names $src, which does not exist" >&2
				exit 1
			fi
			lines=$(wc -l < "$src")
			echo "--- /dev/null"
			echo "+++ b/$dst"
			echo "@@ -0,0 +1,$lines @@"
			sed 's/^/+/' "$src"
		done
	} > "$patch"
	echo "$name.patch" >> "$out/series"
done

if [ "$mode" = --check ]; then
	if ! diff -ru --exclude='*.in' --exclude=generated --exclude=syzkaller \
		"$out" "$kit/patches" > /dev/null ||
		! diff -ru "$out/syzkaller" "$kit/syzkaller" > /dev/null; then
		echo "patches/ or syzkaller/ is stale: run make patches and commit the result" >&2
		exit 1
	fi
	echo "patches/ and syzkaller/ are up to date"
else
	rm -f "$kit"/patches/*.patch
	cp "$out"/*.patch "$out/series" "$kit/patches/"
	mkdir -p "$kit/syzkaller"
	cp "$out"/syzkaller/* "$kit/syzkaller/"
fi
