#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks that kernel/find-rustc.sh takes a usable rustc and refuses, in one
# line saying why, one older than the kit's minimum, one without core
# sources and one whose core sources are of another release:
#
#   check-find-rustc.sh
#
# The refused ones are stand-in rustc scripts in a temporary sysroot.
set -euo pipefail

kit=$(cd "$(dirname "$0")/.." && pwd)
find_rustc=$kit/kernel/find-rustc.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# fake_rustc NAME VERSION CORE_RELEASE: a rustc that says it is VERSION,
# in a sysroot whose core sources say CORE_RELEASE ("" for none).
fake_rustc() {
	local sysroot=$tmp/$1
	mkdir -p "$sysroot/bin"
	if [ -n "$3" ]; then
		local library=$sysroot/lib/rustlib/src/rust/library
		mkdir -p "$library/core/src"
		: > "$library/core/src/lib.rs"
		printf 'Version %s (2026-01-01)\n==========================\n' "$3" \
			> "$library/../RELEASES.md"
	fi
	cat > "$sysroot/bin/rustc" <<FAKE
#!/bin/sh
case "\$1" in
--version) echo "rustc $2 (0000000 2026-01-01)" ;;
--print) echo "$sysroot" ;;
esac
FAKE
	chmod +x "$sysroot/bin/rustc"
	echo "$sysroot/bin/rustc"
}

n=0 failed=0
# expect NAME PATTERN RUSTC: find-rustc.sh prints one line matching PATTERN.
expect() {
	local name=$1 pattern=$2 output lines
	output=$(sh "$find_rustc" "$3" 2>&1 || true)
	lines=$(printf '%s\n' "$output" | wc -l)
	n=$((n + 1))
	if [ "$lines" -eq 1 ] && printf '%s\n' "$output" | grep -qE -- "$pattern"; then
		echo "ok $n $name"
	else
		echo "not ok $n $name # got: $output"
		failed=$((failed + 1))
	fi
}

echo "KTAP version 1"
echo "1..5"
expect find_rustc_takes_matching_core '^ok .* 109603$' "$(fake_rustc good 1.96.3 1.96.3)"
expect find_rustc_refuses_old_rustc 'is 1\.80\.0, older than 1\.85\.0.*rustc-web' \
	"$(fake_rustc old 1.80.0 1.80.0)"
expect find_rustc_refuses_missing_core 'has no core sources in .*rust-web-src' \
	"$(fake_rustc nocore 1.96.0 "")"
expect find_rustc_refuses_other_core 'is 1\.97\.1 but its core sources are 1\.96\.0' \
	"$(fake_rustc mixed 1.97.1 1.96.0)"
expect find_rustc_refuses_broken_rustc 'does not run' "$tmp/none/rustc"
echo "$((n - failed)) passed, $failed failed"
[ $failed -eq 0 ]
