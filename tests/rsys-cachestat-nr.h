/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Forced into upstream's tools/testing/selftests/cachestat/test_cachestat.c
 * (gcc -include) to build it a second time, as test_cachestat_rsys: the
 * same source, unchanged, whose cachestat(2) calls reach rsys_cachestat.
 * Only the system call number changes: __NR_cachestat becomes
 * __NR_rsys_cachestat.
 *
 * <unistd.h> declares syscall() before the macro below exists; its include
 * guard keeps the test's own #include from declaring it again through the
 * macro. A macro does not expand within its own expansion: the syscall()
 * it calls is libc's.
 */
#ifndef _RSYS_CACHESTAT_NR_H
#define _RSYS_CACHESTAT_NR_H

#include <unistd.h>
#include <sys/syscall.h>
#include <asm/unistd_rsys.h>

#ifndef __NR_cachestat
#error "no __NR_cachestat in <asm/unistd.h>: the kernel has no cachestat(2)"
#endif
#ifndef __NR_rsys_cachestat
#error "no __NR_rsys_cachestat in <asm/unistd_rsys.h>: the kernel has no rsys_cachestat"
#endif

static inline long rsys_cachestat_nr(long nr)
{
	return nr == __NR_cachestat ? __NR_rsys_cachestat : nr;
}

#define syscall(nr, ...)	syscall(rsys_cachestat_nr(nr), ##__VA_ARGS__)

#endif /* _RSYS_CACHESTAT_NR_H */
