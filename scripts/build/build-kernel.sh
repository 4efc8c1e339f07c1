#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds bzImage in a configured build directory, keeping kbuild's output in
# OUT/build.log (the warning check reads it):
#
#   build-kernel.sh TREE OUT [MAKE_ARGS...]
set -euo pipefail

tree=${1:?usage: build-kernel.sh TREE OUT [MAKE_ARGS...]}
out=${2:?usage: build-kernel.sh TREE OUT [MAKE_ARGS...]}
shift 2
out=$(cd "$out" && pwd)

start=$(date +%s)
if ! make -C "$tree" O="$out" ARCH=x86_64 -j"$(nproc)" "$@" bzImage 2>&1 | tee "$out/build.log"; then
	echo "kernel build failed in $out: see $out/build.log" >&2
	exit 1
fi
echo "built $out/arch/x86/boot/bzImage in $(($(date +%s) - start)) s"
