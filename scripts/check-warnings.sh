#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Fails if a build printed a warning that the stock kernel's build of the
# same configuration did not:
#
#   check-warnings.sh STOCK_LOG LOG...
#
# Compiler, rustc, objtool, linker, modpost and kbuild warnings are compared
# with the paths of trees and build directories taken out.
set -euo pipefail

[ $# -ge 2 ] || { echo "usage: check-warnings.sh STOCK_LOG LOG..." >&2; exit 2; }

warnings() {
	{ grep -aiE 'warning|error:|objtool:' "$1" || true; } |
		{ grep -avE '^ +(CC|AR|LD|AS|HOSTCC|GEN|RUSTC) ' || true; } |
		sed -E 's#/[^ :]*/(tree|linux-[0-9.]+)/##g; s#/[^ :]*/build/[^/ :]+/[^/ :]+/##g' |
		sort -u
}

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
