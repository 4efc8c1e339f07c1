// SPDX-License-Identifier: GPL-2.0
/*
 * rsys_store_limit(): the administrator's knob (CAP_SYS_ADMIN) of how many
 * records rsys_store() holds, all owners' together.
 */
#include "rsys_test.h"

/* Keys of these cases: KEY(0) to KEY(KEYS_USED - 1). */
#define KEY(n)			(0x5158000000000000ULL + (n))
#define KEYS_USED		4

static long insert(__u64 key)
{
	return rsys_store(RSYS_STORE_INSERT, key, (void *)"x", 1, 0);
}

/* Deletes the caller's records of every key these cases use. */
static long clear_keys(void *arg)
{
	__u64 n;

	for (n = 0; n < KEYS_USED; n++)
		rsys_store(RSYS_STORE_DELETE, KEY(n), NULL, 0, 0);
	return 0;
}

/* Inserts the caller's records of KEY(0) to KEY(n - 1): n, or the error. */
static long fill_keys(void *arg)
{
	long n = *(long *)arg, i, ret;

	for (i = 0; i < n; i++) {
		ret = insert(KEY(i));
		if (ret)
			return ret;
	}
	return n;
}

FIXTURE(limit) {};

FIXTURE_SETUP(limit)
{
	clear_keys(NULL);
	ASSERT_EQ(0, call_as(UNPRIV_UID, clear_keys, NULL));
	ASSERT_LE(1, rsys_store_limit(RSYS_STORE_LIMIT_DEFAULT, 0)) {
		TH_LOG("cannot restore the store's limit");
	}
}

FIXTURE_TEARDOWN(limit) {}

TEST_F(limit, store_limit_returns_previous)
{
	long old = rsys_store_limit(RSYS_STORE_LIMIT_MAX, 0);

	EXPECT_LE(1, old);
	EXPECT_GE(RSYS_STORE_LIMIT_MAX, old);
	EXPECT_RET(rsys_store_limit(RSYS_STORE_LIMIT_DEFAULT, 0),
		   RSYS_STORE_LIMIT_MAX);
}

TEST_F(limit, store_limit_rejects_bad_limit)
{
	EXPECT_RET(rsys_store_limit(0, 0), -EINVAL);
	EXPECT_RET(rsys_store_limit(RSYS_STORE_LIMIT_MAX + 1, 0), -EINVAL);
	EXPECT_RET(rsys_store_limit(~0U, 0), -EINVAL);
}

TEST_F(limit, store_limit_rejects_unknown_flags)
{
	EXPECT_RET(rsys_store_limit(RSYS_STORE_LIMIT_DEFAULT, 1), -EINVAL);
}

static long set_limit(void *arg)
{
	return rsys_store_limit(RSYS_STORE_LIMIT_MAX, 0);
}

TEST_F(limit, store_limit_needs_cap_sys_admin)
{
	EXPECT_RET(call_as(UNPRIV_UID, set_limit, NULL), -EPERM);
	/* The child's attempt did not change the limit either. */
	EXPECT_RET(rsys_store_limit(RSYS_STORE_LIMIT_DEFAULT, 0),
		   RSYS_STORE_LIMIT_DEFAULT);
}

/* The limit counts every owner's records, not only the caller's. */
TEST_F(limit, store_limit_counts_every_owner)
{
	long two = 2;

	EXPECT_RET(call_as(UNPRIV_UID, fill_keys, &two), 2);
	EXPECT_RET(rsys_store_limit(1, 0), -EBUSY);
	EXPECT_RET(rsys_store_limit(2, 0), RSYS_STORE_LIMIT_DEFAULT);
	EXPECT_RET(insert(KEY(0)), -ENOSPC);
	EXPECT_RET(call_as(UNPRIV_UID, clear_keys, NULL), 0);
	EXPECT_RET(insert(KEY(0)), 0);
	EXPECT_RET(rsys_store(RSYS_STORE_DELETE, KEY(0), NULL, 0, 0), 0);
	EXPECT_RET(rsys_store_limit(RSYS_STORE_LIMIT_DEFAULT, 0), 2);
}

TEST_HARNESS_MAIN
