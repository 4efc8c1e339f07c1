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
# compile takes. A cell that builds from make check's kernel's tree waits
# while check-series-builds and check-new-syscall change the tree (a shared
# lock on TREE.busy, which they take exclusively); cells of other kernels
# start before it meanwhile. Each cell's
# output goes to its log; this prints each cell's summary, the time of each
# phase (from the "rsys-time:" lines of the kit's scripts), then
# "N passed, N failed" summed over the cells; a cell that does not get as far
# as a summary counts as one failure.
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
cd "$kit"

# The matrix is data: configs/check-all.cells, one cell per line.
mapfile -t cells < <(grep -vE '^[[:space:]]*(#|$)' configs/check-all.cells)
at_once=${RSYS_CELLS_AT_ONCE:-2}
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

names=() logfiles=() check_cell='' check_kver='' check_pid=''
run_cell() {
	local i=$1 kver profile target vars name log start status=0 lock=()
	read -r kver profile target vars <<< "${cells[$i]}"
	read -ra vars <<< "$vars"
	IFS=+ read -ra targets <<< "$target"
	log=${logfiles[$i]}
	# Every cell but make check (which holds the lock itself while it changes
	# the tree) reads KVER's tree.
	if [ "$target" != check ]; then
		mkdir -p "$build/$kver"
		lock=(flock -s "$build/$kver/tree.busy")
	fi
	start=$(date +%s)
	"${lock[@]}" make --no-print-directory "${targets[@]}" KVER="$kver" PROFILE="$profile" \
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
	[ "$target" != check ] || check_cell=$i check_kver=$kver
done

# make check changes its kernel's tree in its first steps (the series popped
# and pushed by check-series-builds, a new call's by check-new-syscall): a
# cell of that kernel started then would only wait for the lock, holding
# one of the at_once places. Until make check's log shows those steps done,
# such a cell gives way to the next cell of another kernel.
tree_free() {
	[ "$1" != "$check_kver" ] || [ -z "$check_pid" ] ||
		grep -qs '^rsys-time: step check-new-syscall ' "${logfiles[$check_cell]}" ||
		! kill -0 "$check_pid" 2> /dev/null
}

# Starts the cells in the file's order, at most at_once of them running,
# skipping over those whose tree is not free yet.
running=() pending=("${!cells[@]}")
while [ ${#pending[@]} -gt 0 ]; do
	still=()
	for pid in "${running[@]}"; do
		! kill -0 "$pid" 2> /dev/null || still+=("$pid")
	done
	running=("${still[@]}")
	next=
	if [ ${#running[@]} -lt "$at_once" ]; then
		for j in "${!pending[@]}"; do
			read -r kver _ <<< "${cells[${pending[$j]}]}"
			if tree_free "$kver"; then
				next=$j
				break
			fi
		done
	fi
	if [ -z "$next" ]; then
		# A cell ending or make check's progress, whichever comes first.
		sleep 5
		continue
	fi
	i=${pending[$next]}
	unset "pending[$next]"
	pending=("${pending[@]}")
	echo "# cell ${names[$i]}: started at $(($(date +%s) - start_all)) s (log: ${logfiles[$i]})"
	run_cell "$i" &
	running+=($!)
	[ "$i" != "$check_cell" ] || check_pid=$!
done
wait

# The time of each phase of a cell, from its log; "other" is the rest (the
# kit's checks, the sources' and the series' checks, initramfs, waiting).
phases=(unpack apply configure compile rust link vm)
printf '# %-44s %6s %6s %6s %6s %6s %6s %6s %6s %6s\n' cell "${phases[@]}" other total
passed=0 failed=0 report=()
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
