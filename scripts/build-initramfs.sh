#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds tests/sysc-test against a built kernel's UAPI headers and packs it as
# /init of an initramfs:
#
#   build-initramfs.sh TREE OUT
#
# Writes OUT/rsys-test/{usr/include,sysc-test,initramfs.cpio.gz}. The system
# call numbers and the API come from the kernel's own headers.
set -euo pipefail

kit=$(cd "$(dirname "$0")/.." && pwd)
tree=${1:?usage: build-initramfs.sh TREE OUT}
out=${2:?usage: build-initramfs.sh TREE OUT}
out=$(cd "$out" && pwd)
dir=$out/rsys-test

mkdir -p "$dir"
make -s -C "$tree" O="$out" ARCH=x86_64 headers_install INSTALL_HDR_PATH="$dir/usr" > /dev/null

unistd=$dir/usr/include/asm/unistd_64.h
nr_rsys=$(grep -c '^#define __NR_rsys_' "$unistd" || true)
if [ "$nr_rsys" -eq 0 ]; then
	echo "$unistd has no __NR_rsys_* numbers: is the series applied to $tree?" >&2
	exit 1
fi

nr_last=$(awk '$1 == "#define" && $2 ~ /^__NR_rsys_/ && $3 > max { max = $3 } END { print max }' "$unistd")

gcc -static -O2 -Wall -Wextra -Werror -isystem "$dir/usr/include" \
	-DRSYS_NR_EXPECTED="$nr_rsys" -DRSYS_NR_LAST="$nr_last" -o "$dir/sysc-test" "$kit/tests/sysc-test.c" -lpthread

"$kit/scripts/pack-initramfs.sh" "$out" "$dir/sysc-test" "$dir/initramfs.cpio.gz"
