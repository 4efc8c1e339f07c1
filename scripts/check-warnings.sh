#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Fails if a build printed a warning that the stock kernel's build of the
# same configuration did not, or (--kit, without a stock build to compare
# with) a warning about the kit's own code:
#
#   check-warnings.sh STOCK_LOG LOG...
#   check-warnings.sh --kit LOG...
#
# Compiler, rustc, objtool, linker, modpost and kbuild warnings are compared
# with the paths of trees and build directories taken out. The kit's own are
# rustc's (a line starting with "warning:" or "error:"), and those naming
# kernel/rsys or a Rust symbol (v0 mangling: _R...).
set -euo pipefail

usage="usage: check-warnings.sh STOCK_LOG LOG... | check-warnings.sh --kit LOG..."
[ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }

warnings() {
	{ grep -aiE 'warning|error:|objtool:' "$1" || true; } |
		{ grep -avE '^ +(CC|AR|LD|AS|HOSTCC|GEN|RUSTC) ' || true; } |
		sed -E 's#/[^ :]*/(tree|linux-[0-9.]+)/##g; s#/[^ :]*/build/[^/ :]+/[^/ :]+/##g' |
		sort -u
}

if [ "$1" = --kit ]; then
	shift
	status=0
	for log in "$@"; do
		kit_warnings=$(warnings "$log" | grep -E '^(warning|error)|rsys|_R[A-Za-z0-9_]+|rustc' || true)
		if [ -n "$kit_warnings" ]; then
			echo "$log has warnings about the kit's code:" >&2
			echo "$kit_warnings" >&2
			status=1
		fi
	done
	[ $status -ne 0 ] || echo "no warnings about the kit's code ($*)"
	exit $status
fi

stock=$(mktemp)
trap 'rm -f "$stock"' EXIT
warnings "$1" > "$stock"
shift

status=0
for log in "$@"; do
	new=$(warnings "$log" | comm -13 "$stock" - || true)
	if [ -n "$new" ]; then
		echo "$log has warnings the stock build does not:" >&2
		echo "$new" >&2
		status=1
	fi
done
[ $status -ne 0 ] || echo "no new build warnings ($*)"
exit $status
