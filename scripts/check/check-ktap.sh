#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Reads a VM run's console log with the kernel's own KTAP parser and checks
# that it agrees with the run's summary line:
#
#   check-ktap.sh TREE LOG
#
# TREE's tools/testing/kunit/kunit.py parse must report no parse error and
# the same numbers of tests passed, failed and skipped as the harness's
# "N passed, N failed[, N skipped]" line.
set -euo pipefail

tree=${1:?usage: check-ktap.sh TREE LOG}
log=${2:?usage: check-ktap.sh TREE LOG}
kunit=$tree/tools/testing/kunit/kunit.py

[ -f "$kunit" ] || { echo "$kunit not found: is $tree a kernel tree?" >&2; exit 1; }
[ -f "$log" ] || { echo "$log not found: run the VM first" >&2; exit 1; }
# kunit.py runs from the kernel tree's root.
log=$(cd "$(dirname "$log")" && pwd)/$(basename "$log")

summary=$(grep -aE '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$log" | tail -n 1 || true)
[ -n "$summary" ] || { echo "$log has no 'N passed, N failed' line" >&2; exit 1; }
read -r passed failed skipped < <(echo "$summary" |
	awk '{ gsub(",", ""); print $1, $3, ($5 == "" ? 0 : $5) }')

# kunit.py parse prints "Ran N tests: passed: P, failed: F, ..." with only
# the non-zero counts, and an "[ERROR]" line for each parse error.
parsed=$(python3 "$kunit" parse "$log" 2>&1 | sed 's/\x1b\[[0-9;]*m//g' || true)
counts=$(echo "$parsed" | grep -o 'Ran [0-9]* tests:.*' | tail -n 1 || true)
count() {
	echo "$counts" | grep -oE "$1: [0-9]+" | awk '{ print $2 }' || true
}
errors=$(echo "$parsed" | grep -c '\[ERROR\]' || true)
k_passed=$(count passed) k_failed=$(count failed) k_crashed=$(count crashed) k_skipped=$(count skipped)
k_failed=$((${k_failed:-0} + ${k_crashed:-0}))

if [ -z "$counts" ] || [ "$errors" -ne 0 ]; then
	echo "kunit.py parse $log: $errors errors: $(echo "$parsed" | grep -m1 '\[ERROR\]' || echo "$parsed" | tail -n 1)" >&2
	exit 1
fi
if [ "${k_passed:-0}" -ne "$passed" ] || [ "$k_failed" -ne "$failed" ] ||
	[ "${k_skipped:-0}" -ne "$skipped" ]; then
	echo "kunit.py parse $log reads '$counts'; the summary says '$summary'" >&2
	exit 1
fi
echo "kunit.py parse: $counts, as the summary"
