#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks that kernel/find-rustc.sh takes a usable rustc and refuses, in one
# line saying why, one older than the kit's minimum, one without core
# sources and one whose core sources are of another release; and that
# kernel/find-bindgen.sh takes a usable bindgen and refuses an old one and
# one that cannot load libclang:
#
#   check-find-rustc.sh
#
# The refused ones are stand-in scripts (rustc in a temporary sysroot).
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/check/ktap-result.sh
. "$kit/scripts/check/ktap-result.sh"
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

# fake_bindgen NAME VERSION PARSE_ERROR: a bindgen that says it is VERSION
# and fails to parse a header with PARSE_ERROR ("" to succeed).
fake_bindgen() {
	mkdir -p "$tmp/$1"
	cat > "$tmp/$1/bindgen" <<FAKE
#!/bin/sh
case "\$1" in
--version) echo "bindgen $2" ;;
*) [ -z "$3" ] || { echo "$3" >&2; exit 1; } ;;
esac
FAKE
	chmod +x "$tmp/$1/bindgen"
	echo "$tmp/$1/bindgen"
}

# expect NAME PATTERN RUSTC [FINDER]: find-rustc.sh (or FINDER) prints one
# line matching PATTERN.
expect() {
	local name=$1 pattern=$2 output lines
	output=$(sh "${4:-$find_rustc}" "$3" 2>&1 || true)
	lines=$(printf '%s\n' "$output" | wc -l)
	if [ "$lines" -eq 1 ] && printf '%s\n' "$output" | grep -qE -- "$pattern"; then
		result "$name" ok
	else
		result "$name" fail "got: $output"
	fi
}

plan 8
expect find_rustc_takes_matching_core '^ok .* 109603$' "$(fake_rustc good 1.96.3 1.96.3)"
expect find_rustc_refuses_old_rustc 'is 1\.80\.0, older than 1\.85\.0.*rustc-web' \
	"$(fake_rustc old 1.80.0 1.80.0)"
expect find_rustc_refuses_missing_core 'has no core sources in .*rust-web-src' \
	"$(fake_rustc nocore 1.96.0 "")"
expect find_rustc_refuses_other_core 'is 1\.97\.1 but its core sources are 1\.96\.0' \
	"$(fake_rustc mixed 1.97.1 1.96.0)"
expect find_rustc_refuses_broken_rustc 'does not run' "$tmp/none/rustc"
find_bindgen=$kit/kernel/find-bindgen.sh
expect find_bindgen_takes_usable '^ok .* 7201$' "$(fake_bindgen good 0.72.1 "")" "$find_bindgen"
expect find_bindgen_refuses_old 'is 0\.59\.2, older than 0\.60\.1.*libclang-14-dev' \
	"$(fake_bindgen old 0.59.2 "")" "$find_bindgen"
expect find_bindgen_refuses_no_libclang 'cannot parse a header \(Unable to find libclang' \
	"$(fake_bindgen nolibclang 0.60.1 "Unable to find libclang")" "$find_bindgen"
results
