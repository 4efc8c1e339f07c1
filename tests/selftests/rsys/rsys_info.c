// SPDX-License-Identifier: GPL-2.0
/*
 * rsys_info(): a versioned struct written to user memory. The caller passes
 * the size it knows, from RSYS_INFO_SIZE_VER0 to a page; the kernel writes
 * that much of its own struct, zeroing what lies beyond it.
 */
#include "rsys_test.h"

/*
 * The number of rsys system calls in the table, which nr_syscalls reports:
 * the numbers run without a gap from __NR_rsys_add to RSYS_NR_HIGHEST.
 */
#ifndef RSYS_NR_EXPECTED
#define RSYS_NR_EXPECTED	(RSYS_NR_HIGHEST - __NR_rsys_add + 1)
#endif

#define WANT_VERSION		((__u32)(RSYS_VERSION_MAJOR << 16 | RSYS_VERSION_MINOR))

TEST(fills_size_and_version)
{
	struct rsys_info info;

	memset(&info, POISON, sizeof(info));
	ASSERT_RET(rsys_info(&info, sizeof(info), 0), 0);
	if (info.size != sizeof(info))
		TH_LOG("size %u, expected %zu", info.size, sizeof(info));
	EXPECT_EQ(sizeof(info), info.size);
	if (info.version != WANT_VERSION)
		TH_LOG("version %#x, expected %#x", info.version,
		       WANT_VERSION);
	EXPECT_EQ(WANT_VERSION, info.version);
}

TEST(reports_nr_syscalls)
{
	struct rsys_info info;

	memset(&info, POISON, sizeof(info));
	ASSERT_RET(rsys_info(&info, sizeof(info), 0), 0);
	if (info.nr_syscalls != RSYS_NR_EXPECTED)
		TH_LOG("nr_syscalls %u, expected %d", info.nr_syscalls,
		       RSYS_NR_EXPECTED);
	EXPECT_EQ((__u32)RSYS_NR_EXPECTED, info.nr_syscalls);
}

/*
 * RSYS_FEATURE_SELFTEST is set when rsys_selftest() is built in
 * (CONFIG_RUST_SYSCALLS_SELFTEST), which RSYS_EXPECT=on requires.
 */
TEST(reports_selftest_feature)
{
	/*
	 * An unknown op: harmless, but -ENOSYS if there is no such system
	 * call (checkpatch warns about any ENOSYS).
	 */
	bool has_selftest = rsys_selftest(0, 0) != -ENOSYS;
	struct rsys_info info;
	bool flag;

	memset(&info, POISON, sizeof(info));
	ASSERT_RET(rsys_info(&info, sizeof(info), 0), 0);
	flag = info.features & RSYS_FEATURE_SELFTEST;
	if (rsys_expect("on") && !flag)
		TH_LOG("features %#x lack RSYS_FEATURE_SELFTEST, expected with RSYS_EXPECT=on",
		       info.features);
	EXPECT_TRUE(flag || !rsys_expect("on"));
	if (flag != has_selftest)
		TH_LOG("features %#x: RSYS_FEATURE_SELFTEST %s, but rsys_selftest() %s",
		       info.features, flag ? "set" : "clear",
		       has_selftest ? "exists" : "does not");
	EXPECT_EQ(has_selftest, flag);
}

/* counter is rsys_counter()'s value, as RSYS_COUNTER_GET reads it. */
TEST(reports_counter)
{
	struct rsys_info info;
	long before, after;

	memset(&info, POISON, sizeof(info));
	before = rsys_counter(RSYS_COUNTER_GET, 0, 0);
	ASSERT_RET(rsys_info(&info, sizeof(info), 0), 0);
	after = rsys_counter(RSYS_COUNTER_GET, 0, 0);
	if (before < 0 || info.counter != (__u64)before || before != after)
		TH_LOG("counter %llu, rsys_counter() said %ld then %ld",
		       (unsigned long long)info.counter, before, after);
	EXPECT_LE(0, before);
	EXPECT_EQ(before, after);
	EXPECT_EQ((__u64)before, info.counter);
}

/* Sizes below RSYS_INFO_SIZE_VER0: -EINVAL, nothing written. */
FIXTURE(small_size) {};

FIXTURE_VARIANT(small_size) {
	size_t size;
};

FIXTURE_VARIANT_ADD(small_size, zero) { .size = 0 };
FIXTURE_VARIANT_ADD(small_size, one) { .size = 1 };
FIXTURE_VARIANT_ADD(small_size, ver0_minus_one)
{
	.size = RSYS_INFO_SIZE_VER0 - 1
};

FIXTURE_SETUP(small_size) {}
FIXTURE_TEARDOWN(small_size) {}

TEST_F(small_size, is_einval)
{
	unsigned char buf[RSYS_INFO_SIZE_VER0];

	memset(buf, POISON, sizeof(buf));
	EXPECT_RET(rsys_info(buf, variant->size, 0), -EINVAL);
	if (!all_bytes(buf, sizeof(buf), POISON))
		TH_LOG("size %zu: buffer changed, expected it left alone",
		       variant->size);
	EXPECT_TRUE(all_bytes(buf, sizeof(buf), POISON));
}

/* Sizes past the kernel's struct, up to a page: the rest is zeroed. */
FIXTURE(larger_size) {
	unsigned char *page;
	size_t size;
};

FIXTURE_VARIANT(larger_size) {
	size_t size;		/* 0: a page */
};

FIXTURE_VARIANT_ADD(larger_size, bytes_64) { .size = 64 };
FIXTURE_VARIANT_ADD(larger_size, page) { .size = 0 };

FIXTURE_SETUP(larger_size)
{
	self->page = map_pages(1);
	ASSERT_NE(NULL, self->page);
	self->size = variant->size ? variant->size : page_size();
}

FIXTURE_TEARDOWN(larger_size)
{
	if (self->page)
		unmap_pages(self->page, 1);
}

TEST_F(larger_size, zero_fills_tail)
{
	size_t head = sizeof(struct rsys_info);
	struct rsys_info info;

	ASSERT_RET(rsys_info(self->page, self->size, 0), 0);
	memcpy(&info, self->page, sizeof(info));
	if (info.size != sizeof(info))
		TH_LOG("size %u, expected %zu", info.size, sizeof(info));
	EXPECT_EQ(sizeof(info), info.size);
	if (!all_bytes(self->page + head, self->size - head, 0))
		TH_LOG("bytes %zu..%zu not all zeroed", head, self->size - 1);
	EXPECT_TRUE(all_bytes(self->page + head, self->size - head, 0));
	/* Nothing is written past size. */
	if (!all_bytes(self->page + self->size, page_size() - self->size, POISON))
		TH_LOG("bytes past %zu written", self->size);
	EXPECT_TRUE(all_bytes(self->page + self->size, page_size() - self->size,
			      POISON));
}

TEST(rejects_size_over_page)
{
	unsigned char *buf = map_pages(2);

	ASSERT_NE(NULL, buf);
	EXPECT_RET(rsys_info(buf, page_size() + 1, 0), -EINVAL);
	if (!all_bytes(buf, 2 * page_size(), POISON))
		TH_LOG("buffer changed, expected it left alone");
	EXPECT_TRUE(all_bytes(buf, 2 * page_size(), POISON));
	unmap_pages(buf, 2);
}

TEST(rejects_unknown_flags)
{
	struct rsys_info info;

	memset(&info, POISON, sizeof(info));
	EXPECT_RET(rsys_info(&info, sizeof(info), 1), -EINVAL);
	EXPECT_RET(rsys_info(&info, sizeof(info), 1U << 31), -EINVAL);
	if (!all_bytes(&info, sizeof(info), POISON))
		TH_LOG("buffer changed, expected it left alone");
	EXPECT_TRUE(all_bytes(&info, sizeof(info), POISON));
}

TEST(efault_null)
{
	EXPECT_RET(rsys_info(NULL, sizeof(struct rsys_info), 0), -EFAULT);
}

TEST(efault_readonly_page)
{
	unsigned char *page = map_pages(1);

	ASSERT_NE(NULL, page);
	ASSERT_EQ(0, mprotect(page, page_size(), PROT_READ));
	EXPECT_RET(rsys_info(page, sizeof(struct rsys_info), 0), -EFAULT);
	if (!all_bytes(page, page_size(), POISON))
		TH_LOG("read-only page changed, expected it left alone");
	EXPECT_TRUE(all_bytes(page, page_size(), POISON));
	unmap_pages(page, 1);
}

TEST_HARNESS_MAIN
