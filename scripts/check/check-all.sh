#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs the test matrix of configs/check-all.cells:
#
#   check-all.sh
#
# The first cell is make check (6.12, tiny, every kit check); most others
# apply the series to their kernel with no fuzz, build it with their profile
# and toolchain, check that the kit's code drew no warning and run sysc-test
# in the VM; the distro cell checks the kit's part of a build with Debian's
# own configuration.
#
# Two cells run at a time (RSYS_CELLS_AT_ONCE), taken in the file's order:
# one's VM, link or single-threaded rustc leaves a CPU that the other's
# compile takes. The other cells of make check's kernel build from a tree of
# their own (TREE=), as check-series-builds and check-new-syscall change
# make check's for minutes. Each cell's output goes to its log; this prints
# each cell's summary, the time of each phase (from the "rsys-time:" lines
# of the kit's scripts), then
# "N passed, N failed" summed over the cells; a cell that does not get as far
# as a summary counts as one failure.
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
cd "$kit"

# The matrix is data: configs/check-all.cells, one cell per line.
mapfile -t cells < <(grep -vE '^[[:space:]]*(#|$)' configs/check-all.cells)
at_once=${RSYS_CELLS_AT_ONCE:-2}
if ! [[ $at_once =~ ^[1-9][0-9]*$ ]]; then
	echo "RSYS_CELLS_AT_ONCE=$at_once: give the number of cells to run at a time (1 or more)" >&2
	exit 2
fi
build=${BUILD:-$kit/build}
logs=$build/check-all
rm -rf "$logs"
mkdir -p "$logs"
start_all=$(date +%s)

# The packages of every cell (its architecture's and toolchain's) and every
# kernel's source first, once: two apt-get runs cannot share dpkg, and cells
# of one kernel must not unpack it at the same time.
kvers=$(for cell in "${cells[@]}"; do echo "${cell%% *}"; done | sort -u)
for cell in "${cells[@]}"; do
	read -r kver _ _ vars <<< "$cell"
	read -ra vars <<< "$vars"
	make --no-print-directory deps KVER="$kver" "${vars[@]}" >> "$logs/sources.log" 2>&1 || {
		cat "$logs/sources.log"
		exit 1
	}
done
for kver in $kvers; do
	make --no-print-directory source KVER="$kver" >> "$logs/sources.log" 2>&1 &
done
if ! wait; then
	cat "$logs/sources.log"
	echo "check-all: unpacking the kernel sources failed (above)" >&2
	exit 1
fi

names=() logfiles=() check_kver=''
# The other cells of make check's kernel build from a tree of their own.
run_cell() {
	local i=$1 kver profile target vars log start status=0
	read -r kver profile target vars <<< "${cells[$i]}"
	read -ra vars <<< "$vars"
	IFS=+ read -ra targets <<< "$target"
	log=${logfiles[$i]}
	[ "$target" = check ] || [ "$kver" != "$check_kver" ] || vars+=("TREE=$build/$kver/tree-cells")
	start=$(date +%s)
	make --no-print-directory "${targets[@]}" KVER="$kver" PROFILE="$profile" \
		"${vars[@]}" > "$log" 2>&1 || status=$?
	echo "$status $(($(date +%s) - start))" > "$log.status"
}

for i in "${!cells[@]}"; do
	read -r kver profile target vars <<< "${cells[$i]}"
	name="$kver/$profile"
	[[ $target == check || $target == check-cell ]] || name+=" ${target#check-cell+}"
	name+="${vars:+ $vars}"
	names[i]=$name
	logfiles[i]=$logs/$(echo "$name" | tr '/ =+' '----').log
	[ "$target" != check ] || check_kver=$kver
done

# Starts the cells in the file's order, at most at_once of them running
# (the shell's running jobs are the cells).
for i in "${!cells[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$at_once" ]; do
		wait -n || true
	done
	echo "# cell ${names[$i]}: started at $(($(date +%s) - start_all)) s (log: ${logfiles[$i]})"
	run_cell "$i" &
done
wait

# The time of each phase of a cell, from its log; "other" is the rest (the
# kit's checks, the sources' and the series' checks, initramfs, waiting).
phases=(unpack apply configure compile rust link vm)
printf '# %-44s %6s %6s %6s %6s %6s %6s %6s %6s %6s\n' cell "${phases[@]}" other total
passed=0 failed=0 report=()
# A failed case, a failed VM run or check-verdict's, a compiler's error.
failure_re='^ *not ok [0-9]+ |^FAIL: |^run-vm\.sh (passed|failed|did not)|error(\[E[0-9]+\])?: '
for i in "${!cells[@]}"; do
	log=${logfiles[$i]}
	read -r status seconds < "$log.status" 2> /dev/null || { status=1 seconds=0; }
	# Every VM run of the cell (make check boots the disabled kernel too).
	read -r p f < <(grep -aE '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$log" |
		awk '{ gsub(",", ""); p += $1; f += $3 } END { print p + 0, f + 0 }')
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=$((f + 1))
	fi
	passed=$((passed + p)) failed=$((failed + f))
	row=() sum=0
	for phase in "${phases[@]}"; do
		t=$(awk -v p="$phase" '$1 == "rsys-time:" && $2 == p { t += $3 } END { print t + 0 }' "$log")
		row+=("$t")
		[ "$phase" = rust ] || sum=$((sum + t))
	done
	printf '# %-44s %6s %6s %6s %6s %6s %6s %6s %6s %6s\n' "${names[$i]}" "${row[@]}" \
		$((seconds > sum ? seconds - sum : 0)) "$seconds"
	report+=("# cell ${names[$i]}: $p passed, $f failed in ${seconds} s$([ "$status" -eq 0 ] || echo " (make failed: $log)")")
	if [ "$status" -ne 0 ]; then
		tail -n 20 "$log" | sed 's/^/#   /'
		# Its first failure too, among the last lines printed.
		why=$(grep -am 1 -E "$failure_re" "$log" || true)
		why=${why:-none of its lines says}
		report+=("#   first failure: ${why:0:240}")
	fi
done
echo "# (seconds; rust is the Rust crates' share of compile, beside the C; a cell's phases"
echo "# overlap the other running cell's)"

for line in "${report[@]}"; do
	echo "$line"
done
echo "# check-all: $(($(date +%s) - start_all)) s, $at_once cells at a time"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
