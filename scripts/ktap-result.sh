# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by the check scripts that report their cases as KTAP lines:
#
#   result NAME ok|fail [WHY]   prints "ok N NAME" or "not ok N NAME # WHY"
#   results                     prints "N passed, N failed"; false if any failed

n=0 failed=0

result() {
	n=$((n + 1))
	if [ "$2" = ok ]; then
		echo "ok $n $1"
	else
		echo "not ok $n $1 # $3"
		failed=$((failed + 1))
	fi
}

results() {
	echo "$((n - failed)) passed, $failed failed"
	[ "$failed" -eq 0 ]
}
