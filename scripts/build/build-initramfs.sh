#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds the rsys selftests of a patched tree (tools/testing/selftests/rsys,
# with the tree's own lib.mk and kselftest_harness.h), the benchmark and
# fuzzing programs, and sysc-test, the VM's /init that runs them, against
# the built kernel's UAPI headers, for ARCH (scripts/build/arch.sh), and
# packs them into an initramfs:
#
#   build-initramfs.sh TREE OUT
#
# Writes OUT/rsys-test/{usr/include,rsys/*,sysc-test,initramfs.cpio.gz}.
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
tree=${1:?usage: build-initramfs.sh TREE OUT}
out=${2:?usage: build-initramfs.sh TREE OUT}
out=$(cd "$out" && pwd)
dir=$out/rsys-test
selftests=$tree/tools/testing/selftests/rsys
# shellcheck source=scripts/build/arch.sh
. "$kit/scripts/build/arch.sh"
if ! command -v "$cc" > /dev/null; then
	echo "$cc not found: make deps ARCH=$ARCH installs it" >&2
	exit 1
fi

if [ ! -f "$selftests/Makefile" ]; then
	echo "$selftests/Makefile not found: is the series applied to $tree?" >&2
	exit 1
fi
if ! command -v rsync > /dev/null; then
	echo "rsync not found (the kernel's headers_install needs it): install it with: apt-get install rsync" >&2
	exit 1
fi

mkdir -p "$dir"
make -s -C "$tree" O="$out" headers_install INSTALL_HDR_PATH="$dir/usr" > /dev/null

# The selftests, as `make -C tools/testing/selftests TARGETS=rsys` builds
# them, but static (the initramfs has no libc) and warnings as errors.
rm -rf "$dir/rsys"
mkdir -p "$dir/rsys"
make -s -C "$selftests" CC="$cc" OUTPUT="$dir/rsys" KHDR_INCLUDES="-isystem $dir/usr/include" \
	USERCFLAGS=-Werror LDFLAGS=-static > /dev/null
# The Makefile leaves the 32-bit program out where gcc cannot link it; the
# kit's run must not lose those tests silently. (arm64's 32-bit callers
# have no rsys calls: it has no such program.)
if [ "$ARCH" = x86_64 ] && [ ! -x "$dir/rsys/rsys_i386" ]; then
	echo "rsys_i386 was not built: gcc -m32 -static cannot link; install gcc-12-multilib (make deps)" >&2
	exit 1
fi

# The fuzzer's range ends two past the highest rsys number: the highest
# __NR_ in the range RSYS_NR_FIRST to RSYS_NR_LAST of <linux/rsys.h>.
read -r nr_first nr_last_of_range < <(printf '#include <linux/rsys.h>\nRSYS_NR_FIRST RSYS_NR_LAST\n' |
	gcc -isystem "$dir/usr/include" -E -P -x c - | tail -n 1)
nr_last=$(awk -v first="$nr_first" -v last="$nr_last_of_range" \
	'$1 == "#define" && $2 ~ /^__NR_/ && $3 >= first && $3 <= last { print $3 }' \
	"$dir/usr/include/asm/unistd_rsys.h" | sort -n | tail -n 1)
cflags=(-static -O2 -Wall -Werror -isystem "$dir/usr/include" -I "$selftests"
	-DRSYS_NR_HIGHEST="$nr_last")
for program in rsys-bench rsys-fuzz; do
	"$cc" "${cflags[@]}" -o "$dir/rsys/$program" "$kit/tests/$program.c" -lpthread
done
"$cc" -static -O2 -Wall -Wextra -Werror -o "$dir/sysc-test" "$kit/tests/sysc-test.c"

# Upstream's cachestat selftest, from the tree and built by its own Makefile,
# twice: test_cachestat as it is, against the kernel's cachestat(2), and
# test_cachestat_rsys, the same source with tests/rsys-cachestat-nr.h forced
# in, whose calls go to rsys_cachestat. A tree without it (Linux before 6.5,
# which has no cachestat) gets programs that report both skipped.
cachestat=$tree/tools/testing/selftests/cachestat
for program in test_cachestat test_cachestat_rsys; do
	rm -rf "${dir:?}/$program"
	if [ ! -f "$cachestat/test_cachestat.c" ]; then
		"$cc" "${cflags[@]}" -I "$tree/tools/testing/selftests" -o "$dir/rsys/$program" \
			"$kit/tests/rsys-no-cachestat.c"
		continue
	fi
	extra=()
	[ "$program" = test_cachestat ] ||
		extra=(USERCFLAGS="-include $kit/tests/rsys-cachestat-nr.h")
	mkdir -p "$dir/$program"
	make -s -C "$cachestat" CC="$cc" OUTPUT="$dir/$program" KHDR_INCLUDES="-isystem $dir/usr/include" \
		LDFLAGS=-static "${extra[@]}" > /dev/null
	mv "$dir/$program/test_cachestat" "$dir/rsys/$program"
	rm -rf "${dir:?}/$program"
done

"$kit/scripts/build/pack-initramfs.sh" "$out" "$dir/sysc-test" "$dir/initramfs.cpio.gz" \
	"$dir"/rsys/*
