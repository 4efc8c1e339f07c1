#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Style checks of the kit's sources:
#
#   check-style.sh TREE
#
# Runs shellcheck on the scripts, rustfmt on the Rust code, and TREE's
# scripts/checkpatch.pl --strict on every patch of the series and on the C
# files (kernel/, tests/).
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
tree=$(cd "${1:?usage: check-style.sh TREE}" && pwd)
cd "$kit"
status=0

shell_scripts=(scripts/*/*.sh scripts/generate/new-syscall kernel/*.sh .ci/run)
if shellcheck "${shell_scripts[@]}"; then
	echo "shellcheck: clean (${#shell_scripts[@]} scripts)"
else
	status=1
fi

# Debian's rustfmt, of the same release as the rustc that builds the code.
rustfmt=/usr/bin/rustfmt
[ -x "$rustfmt" ] || { echo "$rustfmt not found: install it with: apt-get install rustfmt-web" >&2; exit 1; }
mapfile -t rust_files < <(find rust -name '*.rs' | sort)
if "$rustfmt" --check "${rust_files[@]}"; then
	echo "rustfmt: clean (${#rust_files[@]} files)"
else
	status=1
fi

checkpatch() {
	local out
	# checkpatch looks for .git in the current directory (the kit's) to
	# decide it is in a kernel git tree; TREE is an unpacked tarball.
	out=$(GIT_DIR=/nonexistent "$tree/scripts/checkpatch.pl" --strict --terse --show-types --color=never \
		--no-summary "$@" 2>&1 | grep -vE '^-+$|^(kernel|tests)/[^ ]*$' || true)
	if [ -n "$out" ]; then
		echo "$out"
		return 1
	fi
}

# rsys_bug() must oops the caller at the end of a Rust panic, as
# rust_helper_BUG() does in Rust-for-Linux: that BUG() is the one allowed.
bugs=$(grep -hE '^\+\s*BUG(_ON)?\(' patches/*.patch || true)
if [ "$bugs" != "+	BUG();" ] ||
	! grep -B2 -x '	BUG();' kernel/helpers.c | grep -qx 'void rsys_bug(void)'; then
	echo "checkpatch: the series may call BUG() only in rsys_bug(); found:" >&2
	echo "$bugs" >&2
	status=1
fi
# checkpatch asks whether MAINTAINERS needs updating for every patch that
# adds a file and does not touch it; the series' first patch adds the entry,
# and every file a later patch adds must be under one of its F: paths.
maintained=$(sed -n 's/^+F:\t//p' patches/0*.patch)
for p in patches/0*.patch; do
	while read -r added; do
		covered=0
		for f in $maintained; do
			[[ $added != "$f"* ]] || covered=1
		done
		[ $covered -eq 1 ] || { echo "$p: $added is not under an F: path of the RSYS entry in MAINTAINERS" >&2; status=1; }
	done < <(grep -B1 '^new file mode' "$p" | sed -n 's|^diff --git a/\([^ ]*\) .*|\1|p')
done
# The selftests check for ENOSYS in its one meaning: no such system call.
while read -r p; do
	ignore=AVOID_BUG,FILE_PATH_CHANGES
	[[ $p != *-selftests-rsys-* ]] || ignore+=,ENOSYS
	checkpatch --ignore "$ignore" "patches/$p" || status=1
done < patches/series
checkpatch patches/0000-cover-letter.patch || status=1
checkpatch --no-tree --ignore AVOID_BUG -f kernel/*.c kernel/*.h kernel/uapi/*.h || status=1
mapfile -t test_files < <(find tests -name '*.c' -o -name '*.h' | sort)
checkpatch --no-tree --ignore ENOSYS -f "${test_files[@]}" || status=1
[ $status -ne 0 ] || echo "checkpatch --strict: clean ($(wc -l < patches/series) patches, C files of kernel/ and tests/)"
exit $status
