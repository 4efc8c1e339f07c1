// SPDX-License-Identifier: GPL-2.0
/*
 * Stands in for upstream's cachestat selftest (test_cachestat and
 * test_cachestat_rsys) in a tree that has none: Linux before 6.5, which
 * has no cachestat(2). It skips, as test_cachestat itself does where the
 * call gives ENOSYS, so that the report names what did not run.
 */
#include "kselftest.h"

int main(void)
{
	ksft_print_header();
	ksft_exit_skip("no test_cachestat.c in this tree: cachestat(2) came in Linux 6.5\n");
}
