// SPDX-License-Identifier: GPL-2.0
/*
 * rsys_add(): a + b of two 32-bit numbers, -EOVERFLOW or saturated when the
 * sum does not fit.
 */
#include "rsys_test.h"

FIXTURE(sum) {};

/* Pairs whose sum fits in 32 bits. */
FIXTURE_VARIANT(sum) {
	__u32 a, b;
};

FIXTURE_VARIANT_ADD(sum, zeros) { .a = 0, .b = 0 };
FIXTURE_VARIANT_ADD(sum, small) { .a = 2, .b = 3 };
FIXTURE_VARIANT_ADD(sum, zero_and_max) { .a = 0, .b = UINT32_MAX };
FIXTURE_VARIANT_ADD(sum, halves) { .a = 0x7fffffff, .b = 0x80000000 };
FIXTURE_VARIANT_ADD(sum, max_minus_one) { .a = 0xfffffffe, .b = 1 };
FIXTURE_VARIANT_ADD(sum, large) { .a = 123456789, .b = 987654321 };

FIXTURE_SETUP(sum) {}
FIXTURE_TEARDOWN(sum) {}

TEST_F(sum, returns_sum)
{
	long want = (long)variant->a + variant->b;

	EXPECT_RET(rsys_add(variant->a, variant->b, 0), want);
}

TEST_F(sum, saturate_flag_changes_nothing)
{
	long want = (long)variant->a + variant->b;

	EXPECT_RET(rsys_add(variant->a, variant->b, RSYS_ADD_SATURATE), want);
}

TEST(overflow_is_eoverflow)
{
	EXPECT_RET(rsys_add(UINT32_MAX, 1, 0), -EOVERFLOW);
	EXPECT_RET(rsys_add(0x80000000, 0x80000000, 0), -EOVERFLOW);
	EXPECT_RET(rsys_add(UINT32_MAX, UINT32_MAX, 0), -EOVERFLOW);
}

TEST(saturates_with_flag)
{
	EXPECT_RET(rsys_add(UINT32_MAX, 1, RSYS_ADD_SATURATE), UINT32_MAX);
	EXPECT_RET(rsys_add(0x80000000, 0x80000000, RSYS_ADD_SATURATE),
		   UINT32_MAX);
	EXPECT_RET(rsys_add(UINT32_MAX, UINT32_MAX, RSYS_ADD_SATURATE),
		   UINT32_MAX);
}

TEST(rejects_unknown_flags)
{
	EXPECT_RET(rsys_add(2, 3, 1U << 1), -EINVAL);
	EXPECT_RET(rsys_add(2, 3, 1U << 31), -EINVAL);
	EXPECT_RET(rsys_add(2, 3, RSYS_ADD_SATURATE | 1U << 1), -EINVAL);
}

/* The arguments are u32: the upper halves of the registers are ignored. */
TEST(truncates_args_to_32_bits)
{
	EXPECT_RET(sys_ret(syscall(__NR_rsys_add, 0x100000002UL, 3, 0)), 5);
	EXPECT_RET(sys_ret(syscall(__NR_rsys_add, 2, 0xffffffff00000003UL, 0)),
		   5);
	EXPECT_RET(sys_ret(syscall(__NR_rsys_add, 0x1ffffffffUL, 1, 0)),
		   -EOVERFLOW);
}

TEST_HARNESS_MAIN
