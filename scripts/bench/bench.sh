#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Measures what the kit costs, side by side with C, and writes the report:
#
#   bench.sh SRC TREE OUT OUT_OFF WORK RESULTS
#
# SRC is the pristine tree, TREE the patched one, OUT and OUT_OFF the built
# kernels with CONFIG_RUST_SYSCALLS on and off (same profile). Cold builds
# are timed in WORK/cold-{stock,kit}, made afresh. Writes RESULTS/bench.json
# and RESULTS/bench.svg and prints a table.
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/build/arch.sh
. "$kit/scripts/build/arch.sh"
# shellcheck source=scripts/check/saved-command.sh
. "$kit/scripts/check/saved-command.sh"
usage="usage: bench.sh SRC TREE OUT OUT_OFF WORK RESULTS"
src=$(cd "${1:?$usage}" && pwd)
tree=$(cd "${2:?$usage}" && pwd)
out=$(cd "${3:?$usage}" && pwd)
out_off=$(cd "${4:?$usage}" && pwd)
work=${5:?$usage}
results=${6:?$usage}
mkdir -p "$results" "$work"
results=$(cd "$results" && pwd)
work=$(cd "$work" && pwd)
profile=$(basename "$out")
cold=$work/cold-kit
rm -rf "$work/cold-stock" "$cold" "$work/tmp"
mkdir -p "$work/tmp"

seconds() {
	local start end
	start=$(date +%s.%N)
	"$@" > "$work/tmp/last.log" 2>&1
	end=$(date +%s.%N)
	echo "$start $end" | awk '{ printf "%.1f\n", $2 - $1 }'
}

kbuild() {
	make -C "$1" O="$2" -j"$(nproc)" "$(basename "$kernel_image")"
}

# Cold builds use no cache: neither ccache (off PATH) nor the core cache.
core_cache=${RSYS_CORE_CACHE:-} wrapper=${RSYS_RUSTC_WRAPPER:-}
PATH=${PATH//\/usr\/lib\/ccache:/}
unset RSYS_CORE_CACHE RSYS_RUSTC_WRAPPER

echo "bench: cold builds of the stock and the patched kernel (same config)"
"$kit/scripts/build/configure.sh" "$src" "$work/cold-stock" "$profile" stock > /dev/null
stock_cold=$(seconds kbuild "$src" "$work/cold-stock")
"$kit/scripts/build/configure.sh" "$tree" "$cold" "$profile" on > /dev/null
kit_cold=$(seconds kbuild "$tree" "$cold")

# core alone: kbuild's own command for it, writing elsewhere, through the
# core cache in a directory of its own (a miss: it compiles).
core_cmd=$(saved_command "$cold" kernel/rsys/libcore.rlib)
core_cmd=${core_cmd//kernel\/rsys\/libcore.rlib/$work\/tmp\/libcore.rlib}
core_cmd=${core_cmd//kernel\/rsys\/.libcore.rlib.d/$work\/tmp\/libcore.d}
export RSYS_CORE_CACHE=$work/core-cache RSYS_RUSTC_WRAPPER=${wrapper:-$kit/scripts/build/rustc-core-cache.sh}
rm -rf "$RSYS_CORE_CACHE"
core_s=$(cd "$cold" && seconds bash -c "$core_cmd")

# The patched kernel cold again, core from that cache: what a second build
# directory of the same profile and rustc costs (make check-all's case).
rm -rf "$work/cold-kit-core-cached"
"$kit/scripts/build/configure.sh" "$tree" "$work/cold-kit-core-cached" "$profile" on > /dev/null
kit_cold_core_cached=$(seconds kbuild "$tree" "$work/cold-kit-core-cached")
rm -rf "$work/cold-kit-core-cached" "$RSYS_CORE_CACHE"
export RSYS_CORE_CACHE=$core_cache
[ -n "$RSYS_CORE_CACHE" ] || unset RSYS_CORE_CACHE RSYS_RUSTC_WRAPPER

noop_stock_s=$(seconds kbuild "$src" "$work/cold-stock")
noop_s=$(seconds kbuild "$tree" "$cold")
rust_rebuilt=$(grep -c -E '^ +(RUSTC|CLIPPY) ' "$work/tmp/last.log" || true)
touch "$tree/kernel/rsys/rust/samples/rsys_add.rs"
rust_edit_s=$(seconds kbuild "$tree" "$cold")
touch "$tree/kernel/rsys/helpers.c"
c_edit_s=$(seconds kbuild "$tree" "$cold")

echo "bench: sizes"
# vmlinux pads .text to 2 MiB, so size(1) hides small changes: sum the
# sizes of the symbols in each kind of section instead.
symbol_sizes() {
	nm -S -t d --defined-only "$1" | awk '
		NF == 4 { n = $2 + 0; t = tolower($3)
			  if (t == "t" || t == "w") text += n
			  else if (t == "d" || t == "r" || t == "v") data += n
			  else if (t == "b") bss += n }
		END { printf "%d %d %d\n", text, data, bss }'
}
read -r on_text on_data on_bss < <(symbol_sizes "$out/vmlinux")
read -r off_text off_data off_bss < <(symbol_sizes "$out_off/vmlinux")
read -r rust_text rust_data rust_bss _ < <(size "$out/kernel/rsys/rsys_rust.o" | awk 'NR == 2')
read -r core_all_text _ < <(cd "$work/tmp" && ar x "$out/kernel/rsys/libcore.rlib" && size core*.o | awk 'NR == 2')

echo "bench: system calls in QEMU, -icount shift=0 (instructions) and plain TCG (time)"
for mode in icount tcg; do
	qemu_args=
	[ $mode = icount ] && qemu_args="-icount shift=0"
	RSYS_QEMU_ARGS=$qemu_args RSYS_VM_TIMEOUT=900 "$kit/scripts/build/run-vm.sh" \
		"$out/$kernel_image" "$out/rsys-test/initramfs.cpio.gz" \
		"$work/tmp/vm-$mode.log" rsys_mode=bench tsc=reliable > "$work/tmp/vm-$mode.out"
	grep -E '^ *# bench: ' "$work/tmp/vm-$mode.out" | sed 's/^ *# bench: //' > "$work/tmp/$mode.txt"
done

python3 "$kit/scripts/bench/bench-report.py" "$results" <<EOF_VARS
kernel=$(make -s -C "$tree" kernelversion)
profile=$profile
arch=$ARCH
machine=$(nproc) CPUs, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
date=$(date -u +%Y-%m-%d)
rustc=$(sed -n 's/.*RSYS_RUSTC_VERSION=\([0-9]*\).*/\1/p' "$cold/kernel/rsys/.libcore.rlib.cmd")
icount=$work/tmp/icount.txt
tcg=$work/tmp/tcg.txt
rust_text_bytes=$rust_text
rust_data_bytes=$((rust_data + rust_bss))
core_text_bytes=$core_all_text
delta_text=$((on_text - off_text))
delta_data=$((on_data - off_data))
delta_bss=$((on_bss - off_bss))
stock_cold_s=$stock_cold
kit_cold_s=$kit_cold
kit_cold_core_cached_s=$kit_cold_core_cached
noop_stock_s=$noop_stock_s
core_s=$core_s
noop_s=$noop_s
noop_rust_rebuilt=$rust_rebuilt
rust_edit_s=$rust_edit_s
c_edit_s=$c_edit_s
EOF_VARS
