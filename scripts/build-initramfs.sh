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
# The calls of the rsys range, 1000-1099, whatever their names.
read -r nr_rsys nr_last < <(awk '$1 == "#define" && $2 ~ /^__NR_/ && $3 >= 1000 && $3 <= 1099 {
	n++; if ($3 > max) max = $3 } END { print n + 0, max + 0 }' "$unistd")
if [ "$nr_rsys" -eq 0 ]; then
	echo "$unistd has no system call numbered 1000-1099: is the series applied to $tree?" >&2
	exit 1
fi

# The harness, and the cases of each system call that new-syscall added.
shopt -s nullglob
cases=("$kit"/tests/cases/*.c)
shopt -u nullglob
gcc -static -O2 -Wall -Wextra -Werror -isystem "$dir/usr/include" \
	-DRSYS_NR_EXPECTED="$nr_rsys" -DRSYS_NR_LAST="$nr_last" -o "$dir/sysc-test" \
	"$kit/tests/sysc-test.c" "${cases[@]}" -lpthread

"$kit/scripts/pack-initramfs.sh" "$out" "$dir/sysc-test" "$dir/initramfs.cpio.gz"
