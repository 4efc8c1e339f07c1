// SPDX-License-Identifier: GPL-2.0
/* sysc-test cases of rsys_store() and rsys_store_limit(). */
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>

#include "../sysc-test.h"

/* Keys of these cases; the store is shared, so each case uses its own. */
#define KEY(n)			(0x5157000000000000ULL + (n))

#define STORE_THREADS		4
#define STORE_THREAD_KEYS	100
#define STORE_ROUNDS		20

static long rsys_store(unsigned int op, __u64 key, void *buf, size_t len,
		       unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_store, op, key, buf, len, flags));
}

static long rsys_store_limit(unsigned int limit, unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_store_limit, limit, flags));
}

static long insert(__u64 key, const void *buf, size_t len)
{
	return rsys_store(RSYS_STORE_INSERT, key, (void *)buf, len, 0);
}

static long lookup(__u64 key, void *buf, size_t len)
{
	return rsys_store(RSYS_STORE_LOOKUP, key, buf, len, 0);
}

static long delete(__u64 key)
{
	return rsys_store(RSYS_STORE_DELETE, key, NULL, 0, 0);
}

/* Whether key's record is exactly buf[0..len). */
static bool holds(__u64 key, const void *want, size_t len)
{
	unsigned char got[RSYS_STORE_VALUE_MAX];

	memset(got, POISON, sizeof(got));
	if (!expect_ret("lookup", lookup(key, got, sizeof(got)), (long)len))
		return false;
	return check(!memcmp(got, want, len) &&
		     all_bytes(got + len, sizeof(got) - len, POISON),
		     "record of %#llx differs", (unsigned long long)key);
}

/* Whether key has no record. */
static bool absent(__u64 key)
{
	unsigned char got[RSYS_STORE_VALUE_MAX];

	return expect_ret("lookup", lookup(key, got, sizeof(got)), -ENOENT);
}

RSYS_CASE(store_insert_lookup_delete)
{
	bool ok;

	ok = EXPECT(insert(KEY(1), "hello", 5), 0);
	ok &= holds(KEY(1), "hello", 5);
	ok &= EXPECT(delete(KEY(1)), 0);
	return absent(KEY(1)) && ok;
}

RSYS_CASE(store_insert_existing_is_eexist)
{
	bool ok;

	ok = EXPECT(insert(KEY(2), "first", 5), 0);
	ok &= EXPECT(insert(KEY(2), "second", 6), -EEXIST);
	ok &= holds(KEY(2), "first", 5);
	return EXPECT(delete(KEY(2)), 0) && ok;
}

RSYS_CASE(store_lookup_missing_is_enoent)
{
	return absent(KEY(3));
}

RSYS_CASE(store_delete_missing_is_enoent)
{
	return EXPECT(delete(KEY(4)), -ENOENT);
}

RSYS_CASE(store_lookup_small_buffer_is_erange)
{
	unsigned char buf[4];
	bool ok;

	memset(buf, POISON, sizeof(buf));
	ok = EXPECT(insert(KEY(5), "hello", 5), 0);
	ok &= EXPECT(lookup(KEY(5), buf, sizeof(buf)), -ERANGE);
	ok &= check(all_bytes(buf, sizeof(buf), POISON), "buffer written");
	return EXPECT(delete(KEY(5)), 0) && ok;
}

RSYS_CASE(store_insert_too_long_is_e2big)
{
	unsigned char value[RSYS_STORE_VALUE_MAX + 1];

	memset(value, 'x', sizeof(value));
	return EXPECT(insert(KEY(6), value, sizeof(value)), -E2BIG) &&
	       absent(KEY(6));
}

RSYS_CASE(store_insert_longest_value)
{
	unsigned char value[RSYS_STORE_VALUE_MAX];
	size_t i;
	bool ok;

	for (i = 0; i < sizeof(value); i++)
		value[i] = (unsigned char)i;
	ok = EXPECT(insert(KEY(7), value, sizeof(value)), 0);
	ok &= holds(KEY(7), value, sizeof(value));
	return EXPECT(delete(KEY(7)), 0) && ok;
}

RSYS_CASE(store_insert_empty_value)
{
	bool ok;

	ok = EXPECT(insert(KEY(8), NULL, 0), 0);
	ok &= holds(KEY(8), "", 0);
	return EXPECT(delete(KEY(8)), 0) && ok;
}

RSYS_CASE(store_insert_efault_null)
{
	return EXPECT(insert(KEY(9), NULL, 8), -EFAULT) && absent(KEY(9));
}

RSYS_CASE(store_insert_efault_unmapped)
{
	unsigned char *p = map_pages(1);

	if (!p)
		return false;
	unmap_pages(p, 1);
	return EXPECT(insert(KEY(10), p, 8), -EFAULT) && absent(KEY(10));
}

RSYS_CASE(store_insert_efault_kernel_address)
{
	return EXPECT(insert(KEY(11), (void *)KERNEL_ADDR, 8), -EFAULT) &&
	       absent(KEY(11));
}

RSYS_CASE(store_insert_efault_page_straddle)
{
	unsigned char *p = map_pages(2);
	bool ok;

	if (!p)
		return false;
	munmap(p + page_size(), page_size());
	/* 8 bytes mapped, 8 past the end of the mapping. */
	ok = EXPECT(insert(KEY(12), p + page_size() - 8, 16), -EFAULT);
	unmap_pages(p, 1);
	return absent(KEY(12)) && ok;
}

RSYS_CASE(store_lookup_efault_readonly)
{
	unsigned char *p = map_pages(1);
	bool ok;

	if (!p)
		return false;
	ok = EXPECT(insert(KEY(13), "hello", 5), 0);
	mprotect(p, page_size(), PROT_READ);
	ok &= EXPECT(lookup(KEY(13), p, 16), -EFAULT);
	ok &= check(all_bytes(p, page_size(), POISON), "read-only page changed");
	unmap_pages(p, 1);
	return EXPECT(delete(KEY(13)), 0) && ok;
}

RSYS_CASE(store_lookup_efault_null)
{
	bool ok;

	ok = EXPECT(insert(KEY(14), "hello", 5), 0);
	ok &= EXPECT(lookup(KEY(14), NULL, 16), -EFAULT);
	return EXPECT(delete(KEY(14)), 0) && ok;
}

RSYS_CASE(store_delete_rejects_buffer)
{
	char buf[8];
	bool ok;

	ok = EXPECT(insert(KEY(15), "hello", 5), 0);
	ok &= EXPECT(rsys_store(RSYS_STORE_DELETE, KEY(15), buf, sizeof(buf), 0),
		     -EINVAL);
	ok &= holds(KEY(15), "hello", 5);
	return EXPECT(delete(KEY(15)), 0) && ok;
}

RSYS_CASE(store_rejects_unknown_op)
{
	char buf[8] = "hello";

	return EXPECT(rsys_store(3, KEY(16), buf, 5, 0), -EINVAL) &&
	       EXPECT(rsys_store(~0U, KEY(16), buf, 5, 0), -EINVAL) &&
	       absent(KEY(16));
}

RSYS_CASE(store_rejects_unknown_flags)
{
	char buf[8] = "hello";

	return EXPECT(rsys_store(RSYS_STORE_INSERT, KEY(17), buf, 5, 1), -EINVAL) &&
	       EXPECT(rsys_store(RSYS_STORE_INSERT, KEY(17), buf, 5, 1U << 31),
		      -EINVAL) &&
	       absent(KEY(17));
}

RSYS_CASE(store_limit_returns_previous)
{
	long old = rsys_store_limit(RSYS_STORE_LIMIT_MAX, 0);
	bool ok;

	ok = check(old >= 1 && old <= RSYS_STORE_LIMIT_MAX, "limit was %ld", old);
	ok &= EXPECT(rsys_store_limit(RSYS_STORE_LIMIT_DEFAULT, 0),
		     RSYS_STORE_LIMIT_MAX);
	return ok;
}

RSYS_CASE(store_full_is_enospc)
{
	__u64 n;
	bool ok = true;

	/* The store is empty between cases: a limit of 2 fits two records. */
	ok &= EXPECT(rsys_store_limit(2, 0), RSYS_STORE_LIMIT_DEFAULT);
	ok &= EXPECT(insert(KEY(20), "a", 1), 0);
	ok &= EXPECT(insert(KEY(21), "b", 1), 0);
	ok &= EXPECT(insert(KEY(22), "c", 1), -ENOSPC);
	ok &= absent(KEY(22));
	ok &= EXPECT(rsys_store_limit(1, 0), -EBUSY);
	for (n = 20; n < 22; n++)
		ok &= EXPECT(delete(KEY(n)), 0);
	ok &= EXPECT(rsys_store_limit(RSYS_STORE_LIMIT_DEFAULT, 0), 2);
	return ok;
}

RSYS_CASE(store_limit_rejects_bad_limit)
{
	return EXPECT(rsys_store_limit(0, 0), -EINVAL) &&
	       EXPECT(rsys_store_limit(RSYS_STORE_LIMIT_MAX + 1, 0), -EINVAL) &&
	       EXPECT(rsys_store_limit(~0U, 0), -EINVAL);
}

RSYS_CASE(store_limit_rejects_unknown_flags)
{
	return EXPECT(rsys_store_limit(RSYS_STORE_LIMIT_DEFAULT, 1), -EINVAL);
}

static long set_limit_unprivileged(void)
{
	return rsys_store_limit(RSYS_STORE_LIMIT_MAX, 0);
}

RSYS_CASE(store_limit_needs_cap_sys_admin)
{
	/* The child's attempt must not change the limit either. */
	return expect_unprivileged("rsys_store_limit", set_limit_unprivileged,
				   -EPERM) &&
	       EXPECT(rsys_store_limit(RSYS_STORE_LIMIT_DEFAULT, 0),
		      RSYS_STORE_LIMIT_DEFAULT);
}

static long insert_unprivileged(void)
{
	long ret = insert(KEY(23), "user", 4);

	return ret ? ret : delete(KEY(23));
}

RSYS_CASE(store_usable_unprivileged)
{
	return expect_unprivileged("rsys_store", insert_unprivileged, 0) &&
	       absent(KEY(23));
}

/* Each thread inserts, checks and deletes keys of its own, many times. */
static void *store_hammer(void *arg)
{
	unsigned long t = (unsigned long)arg;
	unsigned long failures = 0;
	int round, i;

	for (round = 0; round < STORE_ROUNDS; round++) {
		for (i = 0; i < STORE_THREAD_KEYS; i++) {
			__u64 key = KEY(0x10000 * (t + 1) + i);
			__u64 value = key ^ (__u64)round, got = 0;

			failures += insert(key, &value, sizeof(value)) != 0;
			failures += lookup(key, &got, sizeof(got)) != sizeof(got) ||
				    got != value;
		}
		for (i = 0; i < STORE_THREAD_KEYS; i++)
			failures += delete(KEY(0x10000 * (t + 1) + i)) != 0;
	}
	return (void *)failures;
}

RSYS_CASE(store_exact_under_concurrency)
{
	pthread_t threads[STORE_THREADS];
	unsigned long t, failures = 0;
	void *ret;
	bool ok;

	ok = EXPECT(rsys_store_limit(STORE_THREADS * STORE_THREAD_KEYS, 0),
		    RSYS_STORE_LIMIT_DEFAULT);
	for (t = 0; t < STORE_THREADS; t++)
		if (pthread_create(&threads[t], NULL, store_hammer, (void *)t))
			return check(false, "pthread_create failed");
	for (t = 0; t < STORE_THREADS; t++) {
		pthread_join(threads[t], &ret);
		failures += (unsigned long)ret;
	}
	ok &= check(failures == 0, "%lu operations failed", failures);
	ok &= absent(KEY(0x10000));
	/* Every key was deleted: the lowest limit fits again. */
	ok &= EXPECT(rsys_store_limit(RSYS_STORE_LIMIT_DEFAULT, 0),
		     STORE_THREADS * STORE_THREAD_KEYS);
	return ok;
}

RSYS_CASE_DISABLED(store_enosys_when_disabled)
{
	return expect_ret("rsys_store", insert(KEY(1), "x", 1), -ENOSYS) &&
	       expect_ret("rsys_store_limit", rsys_store_limit(1, 0), -ENOSYS);
}
