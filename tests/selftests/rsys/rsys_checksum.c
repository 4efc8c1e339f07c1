// SPDX-License-Identifier: GPL-2.0
/*
 * rsys_checksum(): the Adler-32 checksum of a user buffer of any length,
 * stored through a user pointer; -EFAULT for any bad pointer, *csum left
 * alone on failure.
 */
#include "rsys_test.h"

/* Adler-32's modulus: the largest prime below 2^16. */
#define ADLER_MOD		65521U

#define RANDOM_LEN		10000
#define LARGE_LEN		((1U << 20) + 3)
#define CSUM_POISON		0xdeadbeefU

/* A short text, and its Adler-32 (as Wikipedia's article computes it). */
#define TEXT			"Wikipedia"
#define TEXT_ADLER32		0x11e60398U

/* Reference Adler-32 (RFC 1950), one byte at a time. */
static __u32 adler32(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	__u32 a = 1, b = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		a = (a + p[i]) % ADLER_MOD;
		b = (b + a) % ADLER_MOD;
	}
	return b << 16 | a;
}

TEST(known_vector)
{
	__u32 csum = CSUM_POISON, ref = adler32(TEXT, strlen(TEXT));

	if (ref != TEXT_ADLER32)
		TH_LOG("reference Adler-32 of \"%s\" is %#x, expected %#x",
		       TEXT, ref, TEXT_ADLER32);
	ASSERT_EQ(TEXT_ADLER32, ref);
	ASSERT_RET(rsys_checksum(TEXT, strlen(TEXT), &csum, 0), 0);
	if (csum != TEXT_ADLER32)
		TH_LOG("checksum %#x, expected %#x", csum, TEXT_ADLER32);
	EXPECT_EQ(TEXT_ADLER32, csum);
}

/* Buffers whose checksum must match the reference's. */
FIXTURE(reference) {
	unsigned char *buf;
};

FIXTURE_VARIANT(reference) {
	size_t len;
	__u32 seed;		/* of fill_random(); 0: all 0xff bytes */
};

/* Around the chunks of 512 bytes, and past 5552 bytes (zlib's NMAX). */
FIXTURE_VARIANT_ADD(reference, len_1) { .len = 1, .seed = 1 };
FIXTURE_VARIANT_ADD(reference, len_511) { .len = 511, .seed = 1 };
FIXTURE_VARIANT_ADD(reference, len_512) { .len = 512, .seed = 1 };
FIXTURE_VARIANT_ADD(reference, len_513) { .len = 513, .seed = 1 };
FIXTURE_VARIANT_ADD(reference, len_5552) { .len = 5552, .seed = 1 };
FIXTURE_VARIANT_ADD(reference, len_10000) { .len = RANDOM_LEN, .seed = 1 };
/* All 0xff bytes: the largest sums per byte. */
FIXTURE_VARIANT_ADD(reference, all_ff_10000) { .len = RANDOM_LEN, .seed = 0 };
/* 1 MiB + 3: many chunks, and a partial one. */
FIXTURE_VARIANT_ADD(reference, large_1mib_plus_3)
{
	.len = LARGE_LEN, .seed = 2
};

FIXTURE_SETUP(reference)
{
	self->buf = malloc(variant->len);
	ASSERT_NE(NULL, self->buf);
	if (variant->seed)
		fill_random(self->buf, variant->len, variant->seed);
	else
		memset(self->buf, 0xff, variant->len);
}

FIXTURE_TEARDOWN(reference)
{
	free(self->buf);
}

TEST_F(reference, matches)
{
	__u32 csum = CSUM_POISON, want = adler32(self->buf, variant->len);

	ASSERT_RET(rsys_checksum(self->buf, variant->len, &csum, 0), 0);
	if (csum != want)
		TH_LOG("len %zu: checksum %#x, expected %#x", variant->len,
		       csum, want);
	EXPECT_EQ(want, csum);
}

/* No bytes: Adler-32's initial value, 1, and the buffer is not read. */
TEST(empty_buffer)
{
	__u32 csum = CSUM_POISON;
	char byte = 0;

	ASSERT_RET(rsys_checksum(&byte, 0, &csum, 0), 0);
	if (csum != 1)
		TH_LOG("checksum %#x, expected 0x1", csum);
	EXPECT_EQ(1U, csum);
}

TEST(empty_null_buffer)
{
	__u32 csum = CSUM_POISON;

	ASSERT_RET(rsys_checksum(NULL, 0, &csum, 0), 0);
	if (csum != 1)
		TH_LOG("NULL buffer: checksum %#x, expected 0x1", csum);
	EXPECT_EQ(1U, csum);
}

/* Buffers of 16 bytes that cannot all be read: -EFAULT, *csum untouched. */
FIXTURE(bad_buffer) {
	unsigned char *pages;	/* mapped by the setup, or NULL */
	size_t nr_pages;
	const void *buf;
};

enum bad_buffer_kind {
	BUF_ADDR,		/* variant->addr */
	BUF_UNMAPPED,		/* a page unmapped again */
	BUF_STRADDLE,		/* 8 readable bytes, then an inaccessible page */
};

FIXTURE_VARIANT(bad_buffer) {
	enum bad_buffer_kind kind;
	unsigned long addr;
};

FIXTURE_VARIANT_ADD(bad_buffer, null) { .kind = BUF_ADDR, .addr = 0 };
FIXTURE_VARIANT_ADD(bad_buffer, unmapped) { .kind = BUF_UNMAPPED };
#ifdef KERNEL_ADDR
FIXTURE_VARIANT_ADD(bad_buffer, kernel_address)
{
	.kind = BUF_ADDR, .addr = KERNEL_ADDR
};
#endif
FIXTURE_VARIANT_ADD(bad_buffer, page_straddle) { .kind = BUF_STRADDLE };

FIXTURE_SETUP(bad_buffer)
{
	self->pages = NULL;
	switch (variant->kind) {
	case BUF_ADDR:
		self->buf = (const void *)variant->addr;
		break;
	case BUF_UNMAPPED:
		self->buf = map_pages(1);
		ASSERT_NE(NULL, self->buf);
		unmap_pages((void *)self->buf, 1);
		break;
	case BUF_STRADDLE:
		self->nr_pages = 2;
		self->pages = map_pages(2);
		ASSERT_NE(NULL, self->pages);
		ASSERT_EQ(0, mprotect(self->pages + page_size(), page_size(),
				      PROT_NONE));
		self->buf = self->pages + page_size() - 8;
		break;
	}
}

FIXTURE_TEARDOWN(bad_buffer)
{
	if (self->pages)
		unmap_pages(self->pages, self->nr_pages);
}

TEST_F(bad_buffer, is_efault)
{
	__u32 csum = CSUM_POISON;

	EXPECT_RET(rsys_checksum(self->buf, 16, &csum, 0), -EFAULT);
	if (csum != CSUM_POISON)
		TH_LOG("*csum changed to %#x, expected it left %#x", csum,
		       CSUM_POISON);
	EXPECT_EQ(CSUM_POISON, csum);
}

TEST(efault_readonly_output)
{
	unsigned char *page = map_pages(1);

	ASSERT_NE(NULL, page);
	ASSERT_EQ(0, mprotect(page, page_size(), PROT_READ));
	EXPECT_RET(rsys_checksum(TEXT, strlen(TEXT), (__u32 *)page, 0),
		   -EFAULT);
	if (!all_bytes(page, page_size(), POISON))
		TH_LOG("read-only page changed, expected all %#x", POISON);
	EXPECT_TRUE(all_bytes(page, page_size(), POISON));
	unmap_pages(page, 1);
}

TEST(efault_null_output)
{
	EXPECT_RET(rsys_checksum(TEXT, strlen(TEXT), NULL, 0), -EFAULT);
}

TEST(rejects_unknown_flags)
{
	__u32 csum = CSUM_POISON;

	EXPECT_RET(rsys_checksum(TEXT, strlen(TEXT), &csum, 1), -EINVAL);
	EXPECT_RET(rsys_checksum(TEXT, strlen(TEXT), &csum, 1U << 31),
		   -EINVAL);
	if (csum != CSUM_POISON)
		TH_LOG("*csum changed to %#x, expected it left %#x", csum,
		       CSUM_POISON);
	EXPECT_EQ(CSUM_POISON, csum);
}

/* Flags are checked before the buffers. */
TEST(checks_flags_before_buffers)
{
	EXPECT_RET(rsys_checksum(NULL, 16, NULL, 1), -EINVAL);
}

TEST_HARNESS_MAIN
