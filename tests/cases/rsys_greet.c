// SPDX-License-Identifier: GPL-2.0
/* sysc-test cases of rsys_greet(). */
#include <string.h>
#include <sys/mman.h>

#include "../sysc-test.h"

static long rsys_greet(const char *name, char *buf, size_t size,
		       unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_greet, name, buf, size, flags));
}

/* Greets name into a POISON-filled buffer of size bytes and checks it. */
static bool greets(const char *name, size_t size)
{
	char buf[256], want[256];
	long len;
	bool ok;

	memset(buf, POISON, sizeof(buf));
	len = snprintf(want, sizeof(want), "Hello, %s!", name);
	ok = expect_ret("rsys_greet", rsys_greet(name, buf, size, 0), len);
	ok &= check(!memcmp(buf, want, (size_t)len + 1), "got \"%.*s\"",
		    (int)len, buf);
	return ok && check(all_bytes(buf + len + 1, sizeof(buf) - len - 1, POISON),
			   "wrote past the NUL");
}

/* Checks that greeting name fails with err and writes nothing. */
static bool greet_fails(const char *name, size_t size, long err)
{
	char buf[256];
	bool ok;

	memset(buf, POISON, sizeof(buf));
	ok = expect_ret("rsys_greet", rsys_greet(name, buf, size, 0), err);
	return check(all_bytes(buf, sizeof(buf), POISON), "buffer written") && ok;
}

RSYS_CASE(greet_says_hello)
{
	return greets("world", 256);
}

RSYS_CASE(greet_fits_exact_size)
{
	return greets("world", sizeof("Hello, world!"));
}

RSYS_CASE(greet_small_buffer_is_erange)
{
	return greet_fails("world", sizeof("Hello, world!") - 1, -ERANGE) &&
	       greet_fails("world", 0, -ERANGE);
}

RSYS_CASE(greet_longest_name)
{
	char name[RSYS_NAME_MAX];

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	return greets(name, 256);
}

RSYS_CASE(greet_name_too_long_is_enametoolong)
{
	char name[RSYS_NAME_MAX + 1];

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	return greet_fails(name, 256, -ENAMETOOLONG);
}

RSYS_CASE(greet_empty_name_is_einval)
{
	return greet_fails("", 256, -EINVAL);
}

RSYS_CASE(greet_efault_null_name)
{
	return greet_fails(NULL, 256, -EFAULT);
}

RSYS_CASE(greet_efault_unmapped_name)
{
	unsigned char *p = map_pages(1);

	if (!p)
		return false;
	unmap_pages(p, 1);
	return greet_fails((const char *)p, 256, -EFAULT);
}

RSYS_CASE(greet_efault_kernel_name)
{
	return greet_fails((const char *)KERNEL_ADDR, 256, -EFAULT);
}

RSYS_CASE(greet_efault_name_straddle)
{
	unsigned char *p = map_pages(2);
	bool ok;

	if (!p)
		return false;
	munmap(p + page_size(), page_size());
	/* No NUL before the end of the mapping. */
	memset(p + page_size() - 8, 'n', 8);
	ok = greet_fails((const char *)p + page_size() - 8, 256, -EFAULT);
	unmap_pages(p, 1);
	return ok;
}

RSYS_CASE(greet_efault_readonly_output)
{
	unsigned char *p = map_pages(1);
	bool ok;

	if (!p)
		return false;
	mprotect(p, page_size(), PROT_READ);
	ok = EXPECT(rsys_greet("world", (char *)p, 64, 0), -EFAULT);
	ok &= check(all_bytes(p, page_size(), POISON), "read-only page changed");
	unmap_pages(p, 1);
	return ok;
}

RSYS_CASE(greet_efault_null_output)
{
	return EXPECT(rsys_greet("world", NULL, 64, 0), -EFAULT);
}

RSYS_CASE(greet_rejects_unknown_flags)
{
	char buf[64];

	memset(buf, POISON, sizeof(buf));
	return EXPECT(rsys_greet("world", buf, sizeof(buf), 1), -EINVAL) &&
	       check(all_bytes(buf, sizeof(buf), POISON), "buffer written");
}

RSYS_CASE_DISABLED(greet_enosys_when_disabled)
{
	char buf[64];

	return expect_ret("rsys_greet", rsys_greet("world", buf, sizeof(buf), 0),
			  -ENOSYS);
}
