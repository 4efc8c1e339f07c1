// SPDX-License-Identifier: GPL-2.0
/*
 * rsys_greet(): "Hello, <name>!" and a NUL written to a user buffer, the
 * name a user string of at most RSYS_NAME_MAX bytes with its NUL; on any
 * error nothing is written.
 */
#include "rsys_test.h"

#define BUF_LEN			256
#define HELLO_WORLD		"Hello, world!"

static inline long rsys_greet(const char *name, char *buf, size_t size,
			      unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_greet, name, buf, size, flags));
}

/* How a variant's name is made. */
enum name_kind {
	NAME_TEXT,		/* variant->text */
	NAME_REPEAT,		/* variant->repeat times 'n' */
	NAME_ADDR,		/* the address variant->addr */
	NAME_UNMAPPED,		/* a page unmapped again */
	NAME_STRADDLE,		/* 8 bytes, no NUL, before an unmapped page */
};

struct name_spec {
	enum name_kind kind;
	const char *text;
	size_t repeat;
	unsigned long addr;
};

/* A name made in the fixture's setup, and the pages it lies in. */
struct made_name {
	char text[RSYS_NAME_MAX + 2];
	const char *name;
	unsigned char *pages;	/* one page to unmap, or NULL */
};

/* Makes the name of spec in *m; false if a mapping failed. */
static bool make_name(const struct name_spec *spec, struct made_name *m)
{
	unsigned char *p;

	m->pages = NULL;
	switch (spec->kind) {
	case NAME_TEXT:
		m->name = spec->text;
		return true;
	case NAME_REPEAT:
		memset(m->text, 'n', spec->repeat);
		m->text[spec->repeat] = '\0';
		m->name = m->text;
		return true;
	case NAME_ADDR:
		m->name = (const char *)spec->addr;
		return true;
	case NAME_UNMAPPED:
		p = map_pages(1);
		if (!p)
			return false;
		unmap_pages(p, 1);
		m->name = (const char *)p;
		return true;
	case NAME_STRADDLE:
		p = map_pages(2);
		if (!p)
			return false;
		unmap_pages(p + page_size(), 1);
		/* No NUL before the end of the mapping. */
		memset(p + page_size() - 8, 'n', 8);
		m->pages = p;
		m->name = (const char *)p + page_size() - 8;
		return true;
	}
	return false;
}

static void unmake_name(struct made_name *m)
{
	if (m->pages)
		unmap_pages(m->pages, 1);
}

/* Names greeted into a POISON-filled buffer of BUF_LEN bytes. */
FIXTURE(greeting) {
	struct made_name m;
	char buf[BUF_LEN];
};

FIXTURE_VARIANT(greeting) {
	struct name_spec name;
	size_t size;		/* passed to the call */
};

FIXTURE_VARIANT_ADD(greeting, says_hello)
{
	.name = { .kind = NAME_TEXT, .text = "world" }, .size = BUF_LEN
};

FIXTURE_VARIANT_ADD(greeting, fits_exact_size)
{
	.name = { .kind = NAME_TEXT, .text = "world" },
	.size = sizeof(HELLO_WORLD)
};

FIXTURE_VARIANT_ADD(greeting, longest_name)
{
	.name = { .kind = NAME_REPEAT, .repeat = RSYS_NAME_MAX - 1 },
	.size = BUF_LEN
};

FIXTURE_SETUP(greeting)
{
	ASSERT_TRUE(make_name(&variant->name, &self->m));
	memset(self->buf, POISON, sizeof(self->buf));
}

FIXTURE_TEARDOWN(greeting)
{
	unmake_name(&self->m);
}

TEST_F(greeting, is_written)
{
	char want[BUF_LEN];
	size_t len;

	len = snprintf(want, sizeof(want), "Hello, %s!", self->m.name);
	ASSERT_RET(rsys_greet(self->m.name, self->buf, variant->size, 0),
		   (long)len);
	if (memcmp(self->buf, want, len + 1))
		TH_LOG("got \"%.*s\", expected \"%s\"", (int)len, self->buf,
		       want);
	EXPECT_EQ(0, memcmp(self->buf, want, len + 1));
	if (!all_bytes(self->buf + len + 1, sizeof(self->buf) - len - 1,
		       POISON))
		TH_LOG("wrote past the NUL");
	EXPECT_TRUE(all_bytes(self->buf + len + 1,
			      sizeof(self->buf) - len - 1, POISON));
}

/* Calls that fail, writing nothing to the buffer. */
FIXTURE(refused) {
	struct made_name m;
	char buf[BUF_LEN];
};

FIXTURE_VARIANT(refused) {
	struct name_spec name;
	size_t size;
	long err;
};

FIXTURE_VARIANT_ADD(refused, small_buffer_is_erange)
{
	.name = { .kind = NAME_TEXT, .text = "world" },
	.size = sizeof(HELLO_WORLD) - 1, .err = -ERANGE
};

FIXTURE_VARIANT_ADD(refused, zero_size_is_erange)
{
	.name = { .kind = NAME_TEXT, .text = "world" },
	.size = 0, .err = -ERANGE
};

FIXTURE_VARIANT_ADD(refused, name_too_long_is_enametoolong)
{
	.name = { .kind = NAME_REPEAT, .repeat = RSYS_NAME_MAX },
	.size = BUF_LEN, .err = -ENAMETOOLONG
};

FIXTURE_VARIANT_ADD(refused, empty_name_is_einval)
{
	.name = { .kind = NAME_TEXT, .text = "" },
	.size = BUF_LEN, .err = -EINVAL
};

FIXTURE_VARIANT_ADD(refused, efault_null_name)
{
	.name = { .kind = NAME_ADDR, .addr = 0 },
	.size = BUF_LEN, .err = -EFAULT
};

FIXTURE_VARIANT_ADD(refused, efault_unmapped_name)
{
	.name = { .kind = NAME_UNMAPPED }, .size = BUF_LEN, .err = -EFAULT
};

#ifdef KERNEL_ADDR
FIXTURE_VARIANT_ADD(refused, efault_kernel_name)
{
	.name = { .kind = NAME_ADDR, .addr = KERNEL_ADDR },
	.size = BUF_LEN, .err = -EFAULT
};
#endif
FIXTURE_VARIANT_ADD(refused, efault_name_straddle)
{
	.name = { .kind = NAME_STRADDLE }, .size = BUF_LEN, .err = -EFAULT
};

FIXTURE_SETUP(refused)
{
	ASSERT_TRUE(make_name(&variant->name, &self->m));
	memset(self->buf, POISON, sizeof(self->buf));
}

FIXTURE_TEARDOWN(refused)
{
	unmake_name(&self->m);
}

TEST_F(refused, writes_nothing)
{
	EXPECT_RET(rsys_greet(self->m.name, self->buf, variant->size, 0),
		   variant->err);
	if (!all_bytes(self->buf, sizeof(self->buf), POISON))
		TH_LOG("buffer written, expected it left alone");
	EXPECT_TRUE(all_bytes(self->buf, sizeof(self->buf), POISON));
}

TEST(efault_readonly_output)
{
	unsigned char *p = map_pages(1);

	ASSERT_NE(NULL, p);
	ASSERT_EQ(0, mprotect(p, page_size(), PROT_READ));
	EXPECT_RET(rsys_greet("world", (char *)p, 64, 0), -EFAULT);
	if (!all_bytes(p, page_size(), POISON))
		TH_LOG("read-only page changed, expected it left alone");
	EXPECT_TRUE(all_bytes(p, page_size(), POISON));
	unmap_pages(p, 1);
}

TEST(efault_null_output)
{
	EXPECT_RET(rsys_greet("world", NULL, 64, 0), -EFAULT);
}

TEST(rejects_unknown_flags)
{
	char buf[64];

	memset(buf, POISON, sizeof(buf));
	EXPECT_RET(rsys_greet("world", buf, sizeof(buf), 1), -EINVAL);
	if (!all_bytes(buf, sizeof(buf), POISON))
		TH_LOG("buffer written, expected it left alone");
	EXPECT_TRUE(all_bytes(buf, sizeof(buf), POISON));
}

TEST_HARNESS_MAIN
