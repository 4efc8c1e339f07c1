#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs the test matrix of configs/check-all.cells, one cell after the
# other:
#
#   check-all.sh
#
# The first cell is make check (6.12, tiny, every kit check); most others
# apply the series to their kernel with no fuzz, build it with their profile
# and toolchain, check that the kit's code drew no warning and run sysc-test
# in the VM; the distro cell checks the kit's part of a build with Debian's
# own configuration. Prints each cell's summary and time, then "N passed, N
# failed" summed over the cells; a cell that does not get as far as a
# summary counts as one failure.
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
cd "$kit"

# The matrix is data: configs/check-all.cells, one cell per line.
mapfile -t cells < <(grep -vE '^[[:space:]]*(#|$)' configs/check-all.cells)

logs=${BUILD:-$kit/build}/check-all
mkdir -p "$logs"
passed=0 failed=0 report=()
for cell in "${cells[@]}"; do
	read -r kver profile target vars <<< "$cell"
	read -ra vars <<< "$vars"
	IFS=+ read -ra targets <<< "$target"
	name="$kver/$profile"
	[[ $target == check || $target == check-cell ]] || name+=" ${target#check-cell+}"
	name+="${vars[*]:+ ${vars[*]}}"
	log=$logs/$(echo "$name" | tr '/ =+' '----').log
	echo "# cell $name: make ${targets[*]} KVER=$kver PROFILE=$profile ${vars[*]}"
	start=$(date +%s)
	status=0
	make --no-print-directory "${targets[@]}" KVER="$kver" PROFILE="$profile" "${vars[@]}" 2>&1 |
		tee "$log" || status=$?
	seconds=$(($(date +%s) - start))
	# Every VM run of the cell (make check boots the disabled kernel too).
	read -r p f < <(grep -aE '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$log" |
		awk '{ gsub(",", ""); p += $1; f += $3 } END { print p + 0, f + 0 }')
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=$((f + 1))
	fi
	passed=$((passed + p)) failed=$((failed + f))
	report+=("# cell $name: $p passed, $f failed in ${seconds} s$([ "$status" -eq 0 ] || echo " (make failed: $log)")")
done

for line in "${report[@]}"; do
	echo "$line"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
