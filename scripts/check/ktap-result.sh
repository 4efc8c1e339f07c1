# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by the check scripts that report their cases as KTAP lines:
#
#   plan N                           prints the KTAP header for N cases
#   result NAME ok|skip|fail [WHY]   prints "ok N NAME", "ok N NAME # SKIP WHY"
#                                    or "not ok N NAME # WHY"
#   results                          prints "N passed, N failed"; false if any
#                                    failed

n=0 failed=0

plan() {
	echo "KTAP version 1"
	echo "1..$1"
}

result() {
	n=$((n + 1))
	case $2 in
	ok) echo "ok $n $1" ;;
	skip) echo "ok $n $1 # SKIP $3" ;;
	*)
		echo "not ok $n $1 # $3"
		failed=$((failed + 1))
		;;
	esac
}

results() {
	echo "$((n - failed)) passed, $failed failed"
	[ "$failed" -eq 0 ]
}
