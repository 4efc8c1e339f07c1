#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The Rust code has debug information when the kernel has:
#
#   check-debuginfo.sh OUT
#
# OUT is a build directory of the debuginfo profile (CONFIG_DEBUG_INFO)
# with the kit's objects built (make kit-objects PROFILE=debuginfo).
# rsys_rust.o must have DWARF units of Rust, whose line tables name the
# calls' sources, and addr2line must give a line of a .rs file of the tree
# for the entry point of rsys_add(), whose instructions objdump shows with
# rsys_add.rs lines.
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
out=$(cd "${1:?usage: check-debuginfo.sh OUT}" && pwd)
object=$out/kernel/rsys/rsys_rust.o
# shellcheck source=scripts/check/ktap-result.sh
. "$kit/scripts/check/ktap-result.sh"

if ! grep -qx 'CONFIG_DEBUG_INFO=y' "$out/.config" || [ ! -f "$object" ]; then
	echo "$out has no kit objects with CONFIG_DEBUG_INFO: make kit-objects PROFILE=debuginfo" >&2
	exit 1
fi

plan 3
units=$(readelf --debug-dump=info "$object" 2>/dev/null |
	awk '/DW_TAG_compile_unit/ { cu = 1 } cu && /DW_AT_language/ { print; cu = 0 }' |
	grep -c 'Rust' || true)
names=$(readelf --debug-dump=line "$object" 2>/dev/null | grep -c 'rsys_add\.rs' || true)
if [ "$units" -gt 0 ] && [ "$names" -gt 0 ]; then
	result debuginfo_rust_units_name_the_sources ok
else
	result debuginfo_rust_units_name_the_sources fail "$units Rust units, $names line table entries of rsys_add.rs"
fi

offset=$(nm "$object" | awk '$3 == "rust_sys_rsys_add" { print $1 }')
line=$(addr2line -e "$object" -j .text "0x${offset:-0}" 2>&1)
if [ -n "$offset" ] && [[ $line == */kernel/rsys/rust/*.rs:[0-9]* ]] && [ -f "${line%%:*}" ]; then
	result debuginfo_addr2line_gives_a_rust_line ok
else
	result debuginfo_addr2line_gives_a_rust_line fail "rust_sys_rsys_add at ${offset:-?}: $line"
fi

listing=$(objdump -d -l --disassemble=rust_sys_rsys_add "$object")
if grep -q 'rsys_add\.rs:[0-9]' <<< "$listing"; then
	result debuginfo_objdump_shows_rsys_add_lines ok
else
	result debuginfo_objdump_shows_rsys_add_lines fail "no rsys_add.rs line in objdump -dl of rust_sys_rsys_add"
fi
results
