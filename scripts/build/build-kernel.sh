#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds the kernel's image (bzImage, or Image on arm64) in a configured
# build directory, keeping kbuild's output in
# OUT/build.log (the warning check reads it):
#
#   build-kernel.sh TREE OUT [MAKE_ARGS...]
#
# Ends with "rsys-time:" lines, which make check-all sums per cell: the
# compile (up to the link of vmlinux.o), the Rust crates' part of it (from
# their first command to the link of rsys_rust.o; it runs beside the C) and
# the link (vmlinux.o to the image).
set -euo pipefail

tree=${1:?usage: build-kernel.sh TREE OUT [MAKE_ARGS...]}
out=${2:?usage: build-kernel.sh TREE OUT [MAKE_ARGS...]}
shift 2
out=$(cd "$out" && pwd)
# shellcheck source=scripts/build/arch.sh
. "$(dirname "$0")/arch.sh"

# kbuild prints each command's line as the command starts.
timed() {
	local line now rust_start='' rust_end='' link_start=''
	while IFS= read -r line; do
		printf '%s\n' "$line"
		printf -v now '%(%s)T' -1
		case $line in
		"  RUSTC "* | "  BINDGEN "*) : "${rust_start:=$now}" ;;
		"  LD      kernel/rsys/rsys_rust.o") rust_end=$now ;;
		"  LD      vmlinux.o") : "${link_start:=$now}" ;;
		esac
	done
	printf -v now '%(%s)T' -1
	: "${link_start:=$now}"
	echo "rsys-time: compile $((link_start - start)) s"
	[ -z "$rust_start" ] || [ -z "$rust_end" ] ||
		echo "rsys-time: rust $((rust_end - rust_start)) s"
	echo "rsys-time: link $((now - link_start)) s"
}

start=$(date +%s)
status=0
make -C "$tree" O="$out" -j"$(nproc)" "$@" "$(basename "$kernel_image")" 2>&1 | timed |
	tee "$out/build.log" || status=$?
if [ $status -ne 0 ]; then
	echo "kernel build failed in $out: see $out/build.log" >&2
	exit 1
fi
echo "built $out/$kernel_image in $(($(date +%s) - start)) s"
