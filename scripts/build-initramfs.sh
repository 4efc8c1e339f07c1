#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds tests/sysc-test and its 32-bit part, sysc-test-i386, against a
# built kernel's UAPI headers and packs them into an initramfs, sysc-test
# as /init:
#
#   build-initramfs.sh TREE OUT
#
# Writes OUT/rsys-test/{usr/include,sysc-test,sysc-test-i386,
# initramfs.cpio.gz}. The system call numbers and the API come from the
# kernel's own headers.
set -euo pipefail

kit=$(cd "$(dirname "$0")/.." && pwd)
tree=${1:?usage: build-initramfs.sh TREE OUT}
out=${2:?usage: build-initramfs.sh TREE OUT}
out=$(cd "$out" && pwd)
dir=$out/rsys-test

mkdir -p "$dir"
make -s -C "$tree" O="$out" ARCH=x86_64 headers_install INSTALL_HDR_PATH="$dir/usr" > /dev/null

# The numbers of the rsys range, 1000-1099, in a generated unistd header,
# whatever their names.
rsys_numbers() {
	awk '$1 == "#define" && $2 ~ /^__NR_/ && $3 >= 1000 && $3 <= 1099 { print $3 }' "$1" | sort -n
}

unistd=$dir/usr/include/asm/unistd_64.h
mapfile -t nrs_64 < <(rsys_numbers "$unistd")
mapfile -t nrs_32 < <(rsys_numbers "$dir/usr/include/asm/unistd_32.h")
if [ ${#nrs_64[@]} -eq 0 ] || [ ${#nrs_32[@]} -eq 0 ]; then
	echo "$unistd or unistd_32.h has no system call numbered 1000-1099: is the series applied to $tree?" >&2
	exit 1
fi
nr_rsys=${#nrs_64[@]}
nr_last=${nrs_64[-1]}
# The numbers only the x86-64 table has (the C twins), comma-separated.
nrs_64_only=$(comm -23 <(printf '%s\n' "${nrs_64[@]}") <(printf '%s\n' "${nrs_32[@]}") | paste -sd,)

# The harness, and the cases of each system call that new-syscall added.
shopt -s nullglob
cases=("$kit"/tests/cases/*.c)
shopt -u nullglob
gcc -static -O2 -Wall -Wextra -Werror -isystem "$dir/usr/include" \
	-DRSYS_NR_EXPECTED="$nr_rsys" -DRSYS_NR_LAST="$nr_last" -o "$dir/sysc-test" \
	"$kit/tests/sysc-test.c" "$kit/tests/sysc-lib.c" "${cases[@]}" -lpthread

# The 32-bit part: Debian's gcc-multilib gives gcc -m32 its libc.
if ! echo 'int main(void) { return 0; }' | gcc -m32 -static -x c -o /dev/null - 2> /dev/null; then
	echo "gcc -m32 -static cannot link: install gcc-multilib (make deps)" >&2
	exit 1
fi
gcc -m32 -static -O2 -Wall -Wextra -Werror -isystem "$dir/usr/include" \
	-DRSYS_NR_LAST="${nrs_32[-1]}" -DRSYS_NR_64_ONLY="${nrs_64_only:-0}" \
	-o "$dir/sysc-test-i386" "$kit/tests/sysc-test-i386.c" "$kit/tests/sysc-lib.c"

"$kit/scripts/pack-initramfs.sh" "$out" "$dir/sysc-test" "$dir/initramfs.cpio.gz" \
	"$dir/sysc-test-i386"
