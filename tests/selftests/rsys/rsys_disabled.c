// SPDX-License-Identifier: GPL-2.0
/*
 * A kernel with CONFIG_RUST_SYSCALLS=n: the rsys numbers stay in the system
 * call tables, with nothing behind them. Every rsys call, from a 64-bit
 * process and through int $0x80 (the i386 table), gives ENOSYS.
 *
 * On a kernel with the calls the tests skip, unless RSYS_EXPECT=off says
 * the calls must be absent.
 */
#include "rsys_test.h"

#ifndef RSYS_NR_HIGHEST
#error "build with -DRSYS_NR_HIGHEST=<highest rsys system call number>"
#endif

#define CSUM_POISON		0xdeadbeefU
#define STORE_KEY		0x5157000000000001ULL

/* A number with all six arguments invalid, should the call exist after all. */
static long sys_nr_invalid(long nr)
{
	return sys_ret(syscall(nr, ~0UL, ~0UL, ~0UL, ~0UL, ~0UL, ~0UL));
}

/*
 * Each test skips when skip_reason is set. (SKIP() in FIXTURE_SETUP() does
 * not stop the test before Linux 6.4's harness.)
 */
FIXTURE(disabled) {
	char skip_reason[64];
};

FIXTURE_SETUP(disabled)
{
	struct rsys_info info;

	if (rsys_info(&info, sizeof(info), 0))
		return;
	ASSERT_FALSE(rsys_expect("off"))
		TH_LOG("RSYS_EXPECT=off, but rsys_info() succeeds: the kernel has the rsys calls");
	snprintf(self->skip_reason, sizeof(self->skip_reason),
		 "the kernel has the rsys calls");
}

FIXTURE_TEARDOWN(disabled) {}

TEST_F(disabled, add_enosys)
{
	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	EXPECT_NO_SYSCALL(rsys_add(2, 3, 0));
}

TEST_F(disabled, checksum_enosys)
{
	__u32 csum = CSUM_POISON;

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	EXPECT_NO_SYSCALL(rsys_checksum(NULL, 0, &csum, 0));
}

TEST_F(disabled, counter_enosys)
{
	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	EXPECT_NO_SYSCALL(rsys_counter(RSYS_COUNTER_GET, 0, 0));
}

TEST_F(disabled, info_enosys)
{
	struct rsys_info info;

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	EXPECT_NO_SYSCALL(rsys_info(&info, sizeof(info), 0));
}

TEST_F(disabled, selftest_enosys)
{
	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	/* An unknown op: harmless should the call exist after all. */
	EXPECT_NO_SYSCALL(rsys_selftest(0, 0));
}

TEST_F(disabled, twins_enosys)
{
	struct rsys_info info;
	__u32 csum;

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	EXPECT_NO_SYSCALL(sys_ret(syscall(__NR_rsys_add_c, 2, 3, 0)));
	EXPECT_NO_SYSCALL(sys_ret(syscall(__NR_rsys_checksum_c, NULL, 0,
					  &csum, 0)));
	EXPECT_NO_SYSCALL(sys_ret(syscall(__NR_rsys_counter_c,
					  RSYS_COUNTER_GET, 0, 0)));
	EXPECT_NO_SYSCALL(sys_ret(syscall(__NR_rsys_info_c, &info,
					  sizeof(info), 0)));
}

TEST_F(disabled, store_enosys)
{
	char record[] = "x";

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	EXPECT_NO_SYSCALL(rsys_store(RSYS_STORE_INSERT, STORE_KEY, record, 1,
				     0));
}

TEST_F(disabled, store_limit_enosys)
{
	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	EXPECT_NO_SYSCALL(rsys_store_limit(1, 0));
}

TEST_F(disabled, greet_enosys)
{
	char buf[64];

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	EXPECT_NO_SYSCALL(sys_ret(syscall(__NR_rsys_greet, "world", buf,
					  sizeof(buf), 0)));
}

TEST_F(disabled, whoami_enosys)
{
	struct rsys_whoami who;

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	EXPECT_NO_SYSCALL(sys_ret(syscall(__NR_rsys_whoami, &who, sizeof(who),
					  0)));
}

/*
 * Every number from __NR_rsys_add to RSYS_NR_HIGHEST, the calls added later
 * included, gives what the unused number RSYS_NR_LAST gives: ENOSYS.
 */
TEST_F(disabled, every_number_enosys)
{
	char got[96], want[96];
	long unused, nr, ret;

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);
	unused = sys_nr_invalid(RSYS_NR_LAST);
	EXPECT_NO_SYSCALL(unused);
	for (nr = __NR_rsys_add; nr <= RSYS_NR_HIGHEST; nr++) {
		ret = sys_nr_invalid(nr);
		EXPECT_EQ(unused, ret)
			TH_LOG("number %ld: got %s, expected %s", nr,
			       fmt_ret(ret, got, sizeof(got)),
			       fmt_ret(unused, want, sizeof(want)));
	}
}

#ifdef __x86_64__
/*
 * Every i386 rsys call, through int $0x80, from this 64-bit process. The
 * arguments are 32-bit: pointers are NULL, which nothing reads.
 */
TEST_F(disabled, i386_calls_enosys)
{
	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	EXPECT_NO_SYSCALL(syscall_i386(__NR_rsys_add, 2, 3, 0, 0, 0));
	EXPECT_NO_SYSCALL(syscall_i386(__NR_rsys_checksum, 0, 1, 0, 0, 0));
	EXPECT_NO_SYSCALL(syscall_i386(__NR_rsys_counter, RSYS_COUNTER_GET,
				       0, 0, 0, 0));
	EXPECT_NO_SYSCALL(syscall_i386(__NR_rsys_info, 0, 0, 0, 0, 0));
	EXPECT_NO_SYSCALL(syscall_i386(__NR_rsys_store, RSYS_STORE_LOOKUP, 1,
				       0, 0, 0));
	EXPECT_NO_SYSCALL(syscall_i386(__NR_rsys_store_limit, 1, 0, 0, 0, 0));
	EXPECT_NO_SYSCALL(syscall_i386(__NR_rsys_greet, 0, 0, 0, 0, 0));
	EXPECT_NO_SYSCALL(syscall_i386(__NR_rsys_whoami, 0, 0, 0, 0, 0));
	EXPECT_NO_SYSCALL(syscall_i386(__NR_rsys_selftest, 0, 0, 0, 0, 0));
}

/* As every_number_enosys, through int $0x80. */
TEST_F(disabled, every_number_enosys_i386)
{
	char got[96], want[96];
	long unused, nr, ret;

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);
	unused = syscall_i386(RSYS_NR_LAST, ~0U, ~0U, ~0U, ~0U, ~0U);
	EXPECT_NO_SYSCALL(unused);
	for (nr = __NR_rsys_add; nr <= RSYS_NR_HIGHEST; nr++) {
		ret = syscall_i386(nr, ~0U, ~0U, ~0U, ~0U, ~0U);
		EXPECT_EQ(unused, ret)
			TH_LOG("number %ld through int $0x80: got %s, expected %s",
			       nr, fmt_ret(ret, got, sizeof(got)),
			       fmt_ret(unused, want, sizeof(want)));
	}
}
#endif

/* Numbers without an rsys call, whether the calls exist or not. */

TEST(enosys_after_last)
{
	EXPECT_NO_SYSCALL(sys_nr_invalid(RSYS_NR_HIGHEST + 1));
}

TEST(enosys_range_last)
{
	EXPECT_NO_SYSCALL(sys_nr_invalid(RSYS_NR_LAST));
}

TEST(enosys_past_range)
{
	EXPECT_NO_SYSCALL(sys_nr_invalid(RSYS_NR_LAST + 1));
}

TEST_HARNESS_MAIN
