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
		sed -E 's#/[^ :]*/(tree[^/ :]*|linux-[0-9.]+)/##g; s#/[^ :]*/build/[^/ :]+/[^/ :]+/##g' |
		sort -u
}

# Each log's warnings are filtered down to the ones that count.
if [ "$1" = --kit ]; then
	shift
	what="about the kit's code"
	counted() { grep -E '^(warning|error)|rsys|_R[A-Za-z0-9_]+|rustc' || true; }
else
	stock=$(mktemp)
	trap 'rm -f "$stock"' EXIT
	warnings "$1" > "$stock"
	shift
	what="the stock build does not have"
	counted() { comm -13 "$stock" - || true; }
fi

status=0
for log in "$@"; do
	found=$(warnings "$log" | counted)
	if [ -n "$found" ]; then
		echo "$log has warnings $what:" >&2
		echo "$found" >&2
		status=1
	fi
done
[ $status -ne 0 ] || echo "no warnings $what ($*)"
exit $status
