// SPDX-License-Identifier: GPL-2.0
/*
 * rsys_store(): a keyed store of small records, each private to its owner
 * (the caller's effective uid as the initial user namespace sees it), with
 * a quota of records per owner and a limit for the whole store.
 *
 * The cases act as root and, in child processes, as UNPRIV_UID, UNPRIV_UID2
 * and more users; the fixture's setup deletes every record of theirs that
 * the cases use, so that no case depends on another's leftovers.
 */
#include "rsys_test.h"

#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <linux/userfaultfd.h>

/* Keys of these cases: KEY(0) to KEY(KEYS_USED - 1). */
#define KEY(n)			(0x5157000000000000ULL + (n))
#define KEYS_USED		128

/* Root's threads: each inserts, checks and deletes keys of its own. */
#define STORE_THREADS		4
#define STORE_THREAD_KEYS	(RSYS_STORE_USER_MAX / STORE_THREADS)
#define STORE_ROUNDS		500
#define THREAD_KEY(t, i)	KEY(64 + (t) * STORE_THREAD_KEYS + (i))

/* Users at the same time, each up to its quota, all with the same keys. */
#define STORE_USERS		4
#define STORE_USER_ROUNDS	50
#define USERS_UID(n)		(UNPRIV_UID + 10 + (n))
#define USERS_KEY(i)		KEY(96 + (i))

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif

/* Users that fill the whole store, RSYS_STORE_USER_MAX records each. */
#define CG_USERS		(RSYS_STORE_LIMIT_MAX / RSYS_STORE_USER_MAX)
#define CG_UID(n)		(UNPRIV_UID + 100 + (n))

/* How long a store call may take while another caller's lookup faults. */
#define BLOCKED_MS		5000

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

/* Expects the caller's record of key to be exactly want[0..len). */
#define EXPECT_HOLDS(key, want, len) do {				\
	unsigned char __got[RSYS_STORE_VALUE_MAX];			\
	const void *__want = (want);					\
	size_t __len = (len);						\
	memset(__got, POISON, sizeof(__got));				\
	EXPECT_RET(lookup(key, __got, sizeof(__got)), (long)__len);	\
	EXPECT_EQ(0, memcmp(__got, __want, __len));			\
	EXPECT_TRUE(all_bytes(__got + __len, sizeof(__got) - __len,	\
			      POISON));					\
} while (0)

/* Expects the caller to have no record of key. */
#define EXPECT_ABSENT(key) do {						\
	unsigned char __got[RSYS_STORE_VALUE_MAX];			\
	EXPECT_RET(lookup(key, __got, sizeof(__got)), -ENOENT);		\
} while (0)

/*
 * A store call made as another user, in a child process (call_as()), and
 * its buffer: in memory shared with the test, so that the test sees what a
 * lookup copied out.
 */
struct user_op {
	unsigned int op;
	__u64 key;
	size_t len;
	bool null_buf;
	unsigned char buf[RSYS_STORE_VALUE_MAX];
};

static long user_op_fn(void *arg)
{
	struct user_op *u = arg;

	return rsys_store(u->op, u->key, u->null_buf ? NULL : u->buf, u->len,
			  0);
}

/*
 * rsys_store(op, key, u->buf, len) as user uid. u->buf holds value (if
 * any) followed by POISON; after a lookup, what the call copied out.
 */
static long store_as(struct user_op *u, uid_t uid, unsigned int op, __u64 key,
		     const void *value, size_t len, bool null_buf)
{
	u->op = op;
	u->key = key;
	u->len = len;
	u->null_buf = null_buf;
	memset(u->buf, POISON, sizeof(u->buf));
	if (value)
		memcpy(u->buf, value, len);
	return call_as(uid, user_op_fn, u);
}

static long insert_as(struct user_op *u, uid_t uid, __u64 key,
		      const char *value)
{
	return store_as(u, uid, RSYS_STORE_INSERT, key, value, strlen(value),
			false);
}

static long lookup_as(struct user_op *u, uid_t uid, __u64 key, size_t len)
{
	return store_as(u, uid, RSYS_STORE_LOOKUP, key, NULL, len, false);
}

/* A zero-length lookup, with a NULL buffer. */
static long lookup_null_as(struct user_op *u, uid_t uid, __u64 key)
{
	return store_as(u, uid, RSYS_STORE_LOOKUP, key, NULL, 0, true);
}

static long delete_as(struct user_op *u, uid_t uid, __u64 key)
{
	return store_as(u, uid, RSYS_STORE_DELETE, key, NULL, 0, true);
}

/* Expects uid's record of key to be exactly the string value. */
#define EXPECT_HOLDS_AS(u, uid, key, value) do {			\
	struct user_op *__u = (u);					\
	const char *__value = (value);					\
	size_t __len = strlen(__value);					\
	EXPECT_RET(lookup_as(__u, uid, key, sizeof(__u->buf)),		\
		   (long)__len);					\
	EXPECT_EQ(0, memcmp(__u->buf, __value, __len));			\
	EXPECT_TRUE(all_bytes(__u->buf + __len, sizeof(__u->buf) - __len, \
			      POISON));					\
} while (0)

/* Deletes the caller's records of every key these cases use. */
static long clear_keys(void *arg)
{
	__u64 n;

	for (n = 0; n < KEYS_USED; n++)
		delete(KEY(n));
	return 0;
}

/* Inserts the caller's records of KEY(0) to KEY(n - 1): n, or the error. */
static long fill_keys(void *arg)
{
	long n = *(long *)arg, i, ret;
	char value[16];

	for (i = 0; i < n; i++) {
		snprintf(value, sizeof(value), "%ld", i);
		ret = insert(KEY(i), value, strlen(value));
		if (ret)
			return ret;
	}
	return n;
}

/*
 * What the root of a user namespace, made by UNPRIV_UID, finds of root's
 * record of key: in shared memory.
 */
struct userns_probe {
	__u64 key;
	int stage;		/* -1: prctl(), 0: unshare(), 1: uid_map, 2: done */
	int err;		/* errno of the stage that failed */
	long euid;		/* geteuid() in the namespace */
	long lookup, lookup_len0, lookup_null, del, ins, limit;
};

/* What the cases share with the children they run. */
struct shared {
	struct user_op u;
	struct userns_probe probe;
	long failures[STORE_USERS];
};

FIXTURE(store) {
	struct shared *sh;	/* shared with the children */
	struct user_op *u;	/* &sh->u */
};

FIXTURE_SETUP(store)
{
	static const uid_t users[] = {
		UNPRIV_UID, UNPRIV_UID2, USERS_UID(0), USERS_UID(1),
		USERS_UID(2), USERS_UID(3),
	};
	size_t i;

	self->sh = mmap(NULL, sizeof(*self->sh), PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->sh);
	self->u = &self->sh->u;
	clear_keys(NULL);
	for (i = 0; i < ARRAY_SIZE(users); i++) {
		ASSERT_EQ(0, call_as(users[i], clear_keys, NULL)) {
			TH_LOG("could not act as uid %u", users[i]);
		}
	}
	/* The store holds no record of ours: any limit from 1 fits. */
	ASSERT_LE(1, rsys_store_limit(RSYS_STORE_LIMIT_DEFAULT, 0)) {
		TH_LOG("cannot restore the store's limit");
	}
}

FIXTURE_TEARDOWN(store)
{
	munmap(self->sh, sizeof(*self->sh));
}

TEST_F(store, insert_lookup_delete)
{
	EXPECT_RET(insert(KEY(1), "hello", 5), 0);
	EXPECT_HOLDS(KEY(1), "hello", 5);
	EXPECT_RET(delete(KEY(1)), 0);
	EXPECT_ABSENT(KEY(1));
}

TEST_F(store, insert_existing_is_eexist)
{
	EXPECT_RET(insert(KEY(2), "first", 5), 0);
	EXPECT_RET(insert(KEY(2), "second", 6), -EEXIST);
	EXPECT_HOLDS(KEY(2), "first", 5);
	EXPECT_RET(delete(KEY(2)), 0);
}

TEST_F(store, lookup_missing_is_enoent)
{
	EXPECT_ABSENT(KEY(3));
}

TEST_F(store, delete_missing_is_enoent)
{
	EXPECT_RET(delete(KEY(4)), -ENOENT);
}

TEST_F(store, lookup_small_buffer_is_erange)
{
	unsigned char buf[4];

	memset(buf, POISON, sizeof(buf));
	EXPECT_RET(insert(KEY(5), "hello", 5), 0);
	EXPECT_RET(lookup(KEY(5), buf, sizeof(buf)), -ERANGE);
	EXPECT_TRUE(all_bytes(buf, sizeof(buf), POISON));
	EXPECT_RET(delete(KEY(5)), 0);
}

TEST_F(store, insert_too_long_is_e2big)
{
	unsigned char value[RSYS_STORE_VALUE_MAX + 1];

	memset(value, 'x', sizeof(value));
	EXPECT_RET(insert(KEY(6), value, sizeof(value)), -E2BIG);
	EXPECT_ABSENT(KEY(6));
}

TEST_F(store, insert_longest_value)
{
	unsigned char value[RSYS_STORE_VALUE_MAX];
	size_t i;

	for (i = 0; i < sizeof(value); i++)
		value[i] = (unsigned char)i;
	EXPECT_RET(insert(KEY(7), value, sizeof(value)), 0);
	EXPECT_HOLDS(KEY(7), value, sizeof(value));
	EXPECT_RET(delete(KEY(7)), 0);
}

TEST_F(store, insert_empty_value)
{
	EXPECT_RET(insert(KEY(8), NULL, 0), 0);
	EXPECT_HOLDS(KEY(8), "", 0);
	EXPECT_RET(delete(KEY(8)), 0);
}

TEST_F(store, insert_efault_null)
{
	EXPECT_RET(insert(KEY(9), NULL, 8), -EFAULT);
	EXPECT_ABSENT(KEY(9));
}

TEST_F(store, insert_efault_unmapped)
{
	unsigned char *p = map_pages(1);

	ASSERT_NE(NULL, p);
	unmap_pages(p, 1);
	EXPECT_RET(insert(KEY(10), p, 8), -EFAULT);
	EXPECT_ABSENT(KEY(10));
}

TEST_F(store, insert_efault_kernel_address)
{
	EXPECT_RET(insert(KEY(11), (void *)KERNEL_ADDR, 8), -EFAULT);
	EXPECT_ABSENT(KEY(11));
}

TEST_F(store, insert_efault_page_straddle)
{
	unsigned char *p = map_pages(2);

	ASSERT_NE(NULL, p);
	munmap(p + page_size(), page_size());
	/* 8 bytes mapped, 8 past the end of the mapping. */
	EXPECT_RET(insert(KEY(12), p + page_size() - 8, 16), -EFAULT);
	unmap_pages(p, 1);
	EXPECT_ABSENT(KEY(12));
}

TEST_F(store, lookup_efault_readonly)
{
	unsigned char *p = map_pages(1);

	ASSERT_NE(NULL, p);
	EXPECT_RET(insert(KEY(13), "hello", 5), 0);
	ASSERT_EQ(0, mprotect(p, page_size(), PROT_READ));
	EXPECT_RET(lookup(KEY(13), p, 16), -EFAULT);
	EXPECT_TRUE(all_bytes(p, page_size(), POISON));
	unmap_pages(p, 1);
	EXPECT_RET(delete(KEY(13)), 0);
}

TEST_F(store, lookup_efault_null)
{
	EXPECT_RET(insert(KEY(14), "hello", 5), 0);
	EXPECT_RET(lookup(KEY(14), NULL, 16), -EFAULT);
	EXPECT_RET(delete(KEY(14)), 0);
}

TEST_F(store, delete_rejects_buffer)
{
	char buf[8];

	EXPECT_RET(insert(KEY(15), "hello", 5), 0);
	EXPECT_RET(rsys_store(RSYS_STORE_DELETE, KEY(15), buf, sizeof(buf), 0),
		   -EINVAL);
	EXPECT_HOLDS(KEY(15), "hello", 5);
	EXPECT_RET(delete(KEY(15)), 0);
}

TEST_F(store, rejects_unknown_op)
{
	char buf[8] = "hello";

	EXPECT_RET(rsys_store(3, KEY(16), buf, 5, 0), -EINVAL);
	EXPECT_RET(rsys_store(~0U, KEY(16), buf, 5, 0), -EINVAL);
	EXPECT_ABSENT(KEY(16));
}

TEST_F(store, rejects_unknown_flags)
{
	char buf[8] = "hello";

	EXPECT_RET(rsys_store(RSYS_STORE_INSERT, KEY(17), buf, 5, 1), -EINVAL);
	EXPECT_RET(rsys_store(RSYS_STORE_INSERT, KEY(17), buf, 5, 1U << 31),
		   -EINVAL);
	EXPECT_ABSENT(KEY(17));
}

TEST_F(store, full_is_enospc)
{
	__u64 n;

	/* The store is empty between cases: a limit of 2 fits two records. */
	EXPECT_RET(rsys_store_limit(2, 0), RSYS_STORE_LIMIT_DEFAULT);
	EXPECT_RET(insert(KEY(20), "a", 1), 0);
	EXPECT_RET(insert(KEY(21), "b", 1), 0);
	EXPECT_RET(insert(KEY(22), "c", 1), -ENOSPC);
	EXPECT_ABSENT(KEY(22));
	/* Full for every user, however few records it holds. */
	EXPECT_RET(insert_as(self->u, UNPRIV_UID, KEY(22), "c"), -ENOSPC);
	EXPECT_RET(rsys_store_limit(1, 0), -EBUSY);
	for (n = 20; n < 22; n++)
		EXPECT_RET(delete(KEY(n)), 0);
	EXPECT_RET(rsys_store_limit(RSYS_STORE_LIMIT_DEFAULT, 0), 2);
}

static long insert_delete(void *arg)
{
	long ret = insert(KEY(23), "user", 4);

	return ret ? ret : delete(KEY(23));
}

TEST_F(store, usable_unprivileged)
{
	EXPECT_RET(call_as(UNPRIV_UID, insert_delete, NULL), 0);
	EXPECT_ABSENT(KEY(23));
}

/* Each thread inserts, checks and deletes keys of its own, many times. */
static void *store_hammer(void *arg)
{
	unsigned long t = (unsigned long)arg;
	unsigned long failures = 0;
	int round, i;

	for (round = 0; round < STORE_ROUNDS; round++) {
		for (i = 0; i < STORE_THREAD_KEYS; i++) {
			__u64 key = THREAD_KEY(t, i);
			__u64 value = key ^ (__u64)round, got = 0;

			failures += insert(key, &value, sizeof(value)) != 0;
			failures += lookup(key, &got, sizeof(got)) != sizeof(got) ||
				    got != value;
		}
		for (i = 0; i < STORE_THREAD_KEYS; i++)
			failures += delete(THREAD_KEY(t, i)) != 0;
	}
	return (void *)failures;
}

TEST_F(store, exact_under_concurrency)
{
	pthread_t threads[STORE_THREADS];
	unsigned long t, failures = 0;
	void *ret;

	/* Root's threads together hold at most its quota. */
	EXPECT_RET(rsys_store_limit(STORE_THREADS * STORE_THREAD_KEYS, 0),
		   RSYS_STORE_LIMIT_DEFAULT);
	for (t = 0; t < STORE_THREADS; t++)
		ASSERT_EQ(0, pthread_create(&threads[t], NULL, store_hammer,
					    (void *)t));
	for (t = 0; t < STORE_THREADS; t++) {
		pthread_join(threads[t], &ret);
		failures += (unsigned long)ret;
	}
	EXPECT_EQ(0UL, failures) {
		TH_LOG("%lu operations failed", failures);
	}
	EXPECT_ABSENT(THREAD_KEY(0, 0));
	/* Every key was deleted: the default limit fits again. */
	EXPECT_RET(rsys_store_limit(RSYS_STORE_LIMIT_DEFAULT, 0),
		   STORE_THREADS * STORE_THREAD_KEYS);
}

/*
 * Users at once, all with the same keys, each up to its quota: each must
 * read back its own values only. Returns the number of failed operations.
 */
static long store_user_hammer(uid_t uid)
{
	long failures = 0;
	int round, i;

	for (round = 0; round < STORE_USER_ROUNDS; round++) {
		for (i = 0; i < RSYS_STORE_USER_MAX; i++) {
			__u64 value = (__u64)uid << 32 | round << 8 | i;
			__u64 got = 0;

			failures += insert(USERS_KEY(i), &value,
					   sizeof(value)) != 0;
			failures += lookup(USERS_KEY(i), &got, sizeof(got)) !=
				    sizeof(got) || got != value;
		}
		failures += insert(USERS_KEY(RSYS_STORE_USER_MAX), "x", 1) !=
			    -EDQUOT;
		for (i = 0; i < RSYS_STORE_USER_MAX; i++)
			failures += delete(USERS_KEY(i)) != 0;
	}
	return failures;
}

TEST_F(store, owners_apart_under_concurrency)
{
	long *failures = self->sh->failures;
	pid_t pids[STORE_USERS];
	int n, status;

	/* Every user at its quota at once: room for all. */
	EXPECT_RET(rsys_store_limit(RSYS_STORE_LIMIT_MAX, 0),
		   RSYS_STORE_LIMIT_DEFAULT);
	for (n = 0; n < STORE_USERS; n++) {
		failures[n] = -1;
		pids[n] = fork();
		ASSERT_LE(0, pids[n]);
		if (pids[n] == 0) {
			if (become_user(USERS_UID(n)))
				_exit(1);
			failures[n] = store_user_hammer(USERS_UID(n));
			_exit(0);
		}
	}
	for (n = 0; n < STORE_USERS; n++) {
		ASSERT_EQ(pids[n], waitpid(pids[n], &status, 0));
		EXPECT_EQ(0, failures[n]) {
			TH_LOG("uid %u: %ld operations failed", USERS_UID(n),
			       failures[n]);
		}
	}
	EXPECT_ABSENT(USERS_KEY(0));
	EXPECT_RET(rsys_store_limit(RSYS_STORE_LIMIT_DEFAULT, 0),
		   RSYS_STORE_LIMIT_MAX);
}

/* Another user's record is no record: nothing tells that it exists. */
TEST_F(store, other_users_record_is_enoent)
{
	struct user_op *u = self->u;

	EXPECT_RET(insert_as(u, UNPRIV_UID, KEY(30), "alice"), 0);
	EXPECT_RET(lookup_as(u, UNPRIV_UID2, KEY(30), sizeof(u->buf)),
		   -ENOENT);
	EXPECT_TRUE(all_bytes(u->buf, sizeof(u->buf), POISON));
	/* A zero-length lookup would say -ERANGE for a record that exists. */
	EXPECT_RET(lookup_as(u, UNPRIV_UID2, KEY(30), 0), -ENOENT);
	EXPECT_RET(lookup_null_as(u, UNPRIV_UID2, KEY(30)), -ENOENT);
	EXPECT_RET(delete_as(u, UNPRIV_UID2, KEY(30)), -ENOENT);
	/* ... exactly as for a key nobody has. */
	EXPECT_RET(lookup_null_as(u, UNPRIV_UID2, KEY(31)), -ENOENT);
	EXPECT_HOLDS_AS(u, UNPRIV_UID, KEY(30), "alice");
	EXPECT_RET(delete_as(u, UNPRIV_UID, KEY(30)), 0);
}

TEST_F(store, roots_record_is_enoent_for_users)
{
	struct user_op *u = self->u;

	EXPECT_RET(insert(KEY(32), "secret", 6), 0);
	EXPECT_RET(lookup_as(u, UNPRIV_UID, KEY(32), sizeof(u->buf)), -ENOENT);
	EXPECT_TRUE(all_bytes(u->buf, sizeof(u->buf), POISON));
	EXPECT_RET(lookup_as(u, UNPRIV_UID, KEY(32), 0), -ENOENT);
	EXPECT_RET(lookup_null_as(u, UNPRIV_UID, KEY(32)), -ENOENT);
	EXPECT_RET(delete_as(u, UNPRIV_UID, KEY(32)), -ENOENT);
	EXPECT_HOLDS(KEY(32), "secret", 6);
	/* Nor does root see a user's records: they are the user's. */
	EXPECT_RET(insert_as(u, UNPRIV_UID, KEY(33), "mine"), 0);
	EXPECT_ABSENT(KEY(33));
	EXPECT_RET(delete(KEY(33)), -ENOENT);
	EXPECT_HOLDS_AS(u, UNPRIV_UID, KEY(33), "mine");
	EXPECT_RET(delete(KEY(32)), 0);
}

TEST_F(store, other_users_record_cannot_be_replaced)
{
	struct user_op *u = self->u;

	EXPECT_RET(insert(KEY(34), "root's", 6), 0);
	EXPECT_RET(insert_as(u, UNPRIV_UID, KEY(35), "alice"), 0);
	/* Inserting the same key makes a record of the inserter's own. */
	EXPECT_RET(insert_as(u, UNPRIV_UID2, KEY(34), "forged"), 0);
	EXPECT_RET(insert_as(u, UNPRIV_UID2, KEY(35), "forged"), 0);
	EXPECT_HOLDS(KEY(34), "root's", 6);
	EXPECT_HOLDS_AS(u, UNPRIV_UID, KEY(35), "alice");
	/* Deleting its own leaves the others' alone. */
	EXPECT_RET(delete_as(u, UNPRIV_UID2, KEY(34)), 0);
	EXPECT_RET(delete_as(u, UNPRIV_UID2, KEY(35)), 0);
	EXPECT_HOLDS(KEY(34), "root's", 6);
	EXPECT_HOLDS_AS(u, UNPRIV_UID, KEY(35), "alice");
	EXPECT_RET(delete(KEY(34)), 0);
	EXPECT_RET(delete_as(u, UNPRIV_UID, KEY(35)), 0);
}

TEST_F(store, same_key_two_users_two_records)
{
	struct user_op *u = self->u;

	EXPECT_RET(insert_as(u, UNPRIV_UID, KEY(36), "one"), 0);
	EXPECT_RET(insert_as(u, UNPRIV_UID2, KEY(36), "two!"), 0);
	EXPECT_RET(insert(KEY(36), "three", 5), 0);
	EXPECT_HOLDS_AS(u, UNPRIV_UID, KEY(36), "one");
	EXPECT_HOLDS_AS(u, UNPRIV_UID2, KEY(36), "two!");
	EXPECT_HOLDS(KEY(36), "three", 5);
	EXPECT_RET(insert_as(u, UNPRIV_UID, KEY(36), "again"), -EEXIST);
	EXPECT_RET(delete_as(u, UNPRIV_UID, KEY(36)), 0);
	EXPECT_RET(lookup_as(u, UNPRIV_UID, KEY(36), sizeof(u->buf)), -ENOENT);
	EXPECT_HOLDS_AS(u, UNPRIV_UID2, KEY(36), "two!");
	EXPECT_HOLDS(KEY(36), "three", 5);
	EXPECT_RET(delete_as(u, UNPRIV_UID2, KEY(36)), 0);
	EXPECT_RET(delete(KEY(36)), 0);
}

TEST_F(store, quota_is_edquot_per_user)
{
	struct user_op *u = self->u;
	long n = RSYS_STORE_USER_MAX;

	/* One user takes its whole quota, not the store's every slot. */
	EXPECT_RET(call_as(UNPRIV_UID, fill_keys, &n), RSYS_STORE_USER_MAX);
	EXPECT_RET(insert_as(u, UNPRIV_UID, KEY(RSYS_STORE_USER_MAX), "more"),
		   -EDQUOT);
	EXPECT_RET(lookup_as(u, UNPRIV_UID, KEY(RSYS_STORE_USER_MAX),
			     sizeof(u->buf)), -ENOENT);
	/* Another user, and root, still insert. */
	EXPECT_RET(insert_as(u, UNPRIV_UID2, KEY(0), "other"), 0);
	EXPECT_RET(insert_as(u, UNPRIV_UID2, KEY(RSYS_STORE_USER_MAX), "other"),
		   0);
	EXPECT_RET(insert(KEY(RSYS_STORE_USER_MAX), "root", 4), 0);
	/* A record deleted makes room for one. */
	EXPECT_RET(delete_as(u, UNPRIV_UID, KEY(0)), 0);
	EXPECT_RET(insert_as(u, UNPRIV_UID, KEY(RSYS_STORE_USER_MAX), "more"),
		   0);
	EXPECT_RET(insert_as(u, UNPRIV_UID, KEY(0), "more"), -EDQUOT);
	EXPECT_HOLDS_AS(u, UNPRIV_UID, KEY(1), "1");
	EXPECT_HOLDS_AS(u, UNPRIV_UID2, KEY(0), "other");
	EXPECT_RET(delete(KEY(RSYS_STORE_USER_MAX)), 0);
}

static long userns_probe_fn(void *arg)
{
	struct userns_probe *p = arg;
	unsigned char buf[RSYS_STORE_VALUE_MAX];
	char map[64];
	int fd, len;

	/*
	 * Changing uids made the process undumpable: its /proc files are
	 * root's, and it could not open its own uid_map.
	 */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)) {
		p->err = errno;
		return -1;
	}
	p->stage = 0;
	if (unshare(CLONE_NEWUSER)) {
		p->err = errno;
		return -1;
	}
	p->stage = 1;
	len = snprintf(map, sizeof(map), "0 %u 1\n", UNPRIV_UID);
	fd = open("/proc/self/uid_map", O_WRONLY);
	if (fd < 0 || write(fd, map, len) != len) {
		p->err = errno;
		return -1;
	}
	close(fd);
	p->stage = 2;
	p->euid = geteuid();
	p->lookup = lookup(p->key, buf, sizeof(buf));
	p->lookup_len0 = lookup(p->key, buf, 0);
	p->lookup_null = lookup(p->key, NULL, 0);
	p->del = delete(p->key);
	p->ins = insert(p->key, "nsroot", 6);
	/* Nor does it have the capabilities of the initial namespace. */
	p->limit = rsys_store_limit(RSYS_STORE_LIMIT_DEFAULT, 0);
	return 0;
}

TEST_F(store, user_namespace_root_is_not_root)
{
	struct userns_probe *p = &self->sh->probe;

	memset(p, 0, sizeof(*p));
	p->key = KEY(40);
	p->stage = -1;
	ASSERT_RET(insert(KEY(40), "root's", 6), 0);
	ASSERT_NE(CALL_AS_FAILED, call_as(UNPRIV_UID, userns_probe_fn, p));
	/*
	 * EINVAL or EPERM without CONFIG_USER_NS, EPERM or ENOSPC where user
	 * namespaces are denied to unprivileged users or limited.
	 */
	if (p->stage == 0 && !rsys_expect("on") &&
	    (p->err == EINVAL || p->err == ENOSPC || p->err == EPERM)) {
		delete(KEY(40));
		SKIP(return, "no user namespace: unshare(CLONE_NEWUSER) as uid %u: %s",
		     UNPRIV_UID, strerror(p->err));
	}
	ASSERT_EQ(2, p->stage) {
		TH_LOG("%s: %s", p->stage < 0 ? "prctl(PR_SET_DUMPABLE)" :
		       p->stage ? "writing /proc/self/uid_map" :
		       "unshare(CLONE_NEWUSER)", strerror(p->err));
	}
	EXPECT_EQ(0, p->euid);
	EXPECT_RET(p->lookup, -ENOENT);
	EXPECT_RET(p->lookup_len0, -ENOENT);
	EXPECT_RET(p->lookup_null, -ENOENT);
	EXPECT_RET(p->del, -ENOENT);
	EXPECT_RET(p->ins, 0);
	EXPECT_RET(p->limit, -EPERM);
	EXPECT_HOLDS(KEY(40), "root's", 6);
	/* Its record is UNPRIV_UID's, whose uid its root maps to. */
	EXPECT_HOLDS_AS(self->u, UNPRIV_UID, KEY(40), "nsroot");
	EXPECT_RET(lookup_as(self->u, UNPRIV_UID2, KEY(40), 0), -ENOENT);
	EXPECT_RET(delete_as(self->u, UNPRIV_UID, KEY(40)), 0);
	EXPECT_RET(delete(KEY(40)), 0);
}

/* A lookup into a page whose fault userfaultfd holds. */
struct slow_lookup {
	__u64 key;
	void *buf;
	long ret;
};

static void *slow_lookup_fn(void *arg)
{
	struct slow_lookup *s = arg;

	s->ret = lookup(s->key, s->buf, 16);
	return NULL;
}

/*
 * Another user's insert, lookup and delete, once a byte comes on go[0];
 * writes the three results to res[1]. Returns 0, or 1 if it could not do it
 * all.
 */
static int other_caller(int go[2], int res[2])
{
	long ret[3];
	char c;

	close(go[1]);
	close(res[0]);
	if (become_user(UNPRIV_UID2) || read(go[0], &c, 1) != 1)
		return 1;
	ret[0] = insert(KEY(51), "other", 5);
	ret[1] = lookup(KEY(51), &c, 0);
	ret[2] = delete(KEY(51));
	return write(res[1], ret, sizeof(ret)) == sizeof(ret) ? 0 : 1;
}

/*
 * A lookup whose buffer faults slowly, here a page whose fault userfaultfd
 * leaves pending, must hold up only its caller: the store is copied out
 * without its lock held. Another user's calls go on meanwhile.
 */
TEST_F_TIMEOUT(store, slow_fault_does_not_block_others, 60)
{
	struct slow_lookup s = { .key = KEY(50) };
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	struct uffdio_copy copy = { 0 };
	struct pollfd pfd;
	struct uffd_msg msg;
	int uffd, go[2], res[2], status;
	long other[3] = { 1, 1, 1 };
	unsigned char *src;
	bool in_time;
	pthread_t thread;
	pid_t pid;

	uffd = syscall(__NR_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	/* The kit's kernels have it: there, its absence is a failure. */
	if (uffd < 0 && !rsys_expect("on"))
		SKIP(return, "no userfaultfd() (CONFIG_USERFAULTFD): %s",
		     strerror(errno));
	ASSERT_LE(0, uffd) TH_LOG("userfaultfd(): %s", strerror(errno));
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_API, &api));
	s.buf = mmap(NULL, page_size(), PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, s.buf);
	src = map_pages(1);
	ASSERT_NE(NULL, src);
	reg.range.start = (unsigned long)s.buf;
	reg.range.len = page_size();
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_REGISTER, &reg));
	ASSERT_RET(insert(KEY(50), "hello", 5), 0);

	/* The other caller, as another user, waits for a byte on go. */
	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(res));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(other_caller(go, res));
	close(go[0]);
	close(res[1]);

	/* The lookup faults on s.buf: userfaultfd reports it, and holds it. */
	ASSERT_EQ(0, pthread_create(&thread, NULL, slow_lookup_fn, &s));
	pfd = (struct pollfd){ .fd = uffd, .events = POLLIN };
	ASSERT_EQ(1, poll(&pfd, 1, 10000)) {
		TH_LOG("the lookup did not fault on its buffer");
	}
	ASSERT_EQ((ssize_t)sizeof(msg), read(uffd, &msg, sizeof(msg)));
	ASSERT_EQ(UFFD_EVENT_PAGEFAULT, msg.event);

	/* While it waits, the other caller must get through. */
	ASSERT_EQ(1, write(go[1], "g", 1));
	pfd = (struct pollfd){ .fd = res[0], .events = POLLIN };
	in_time = poll(&pfd, 1, BLOCKED_MS) == 1;

	/* Let the fault complete, with a page of POISON. */
	copy.dst = (unsigned long)s.buf;
	copy.src = (unsigned long)src;
	copy.len = page_size();
	EXPECT_EQ(0, ioctl(uffd, UFFDIO_COPY, &copy));
	pthread_join(thread, NULL);
	EXPECT_EQ((ssize_t)sizeof(other), read(res[0], other, sizeof(other)));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));

	EXPECT_TRUE(in_time) {
		TH_LOG("another user's calls waited over %d ms for a lookup whose buffer faulted",
		       BLOCKED_MS);
	}
	EXPECT_RET(other[0], 0);
	EXPECT_RET(other[1], -ERANGE);
	EXPECT_RET(other[2], 0);
	EXPECT_RET(s.ret, 5);
	EXPECT_EQ(0, memcmp(s.buf, "hello", 5));
	EXPECT_TRUE(all_bytes((unsigned char *)s.buf + 5, page_size() - 5,
			      POISON));
	EXPECT_RET(delete(KEY(50)), 0);
	close(uffd);
}

/* Writes text to the cgroup file dir/name; 0 or -errno. */
static int write_cg_file(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return write_file(path, text);
}

/* Reads the cgroup file dir/name into buf, NUL-terminated; 0 or -errno. */
static int read_cg_file(const char *dir, const char *name, char *buf,
			size_t size)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

/* The cgroup's memory.current, in bytes; -1 if it cannot be read. */
static long long memory_current(const char *cg)
{
	char buf[64];

	return read_cg_file(cg, "memory.current", buf, sizeof(buf)) ? -1 :
	       atoll(buf);
}

/*
 * As euid, inserts RSYS_STORE_USER_MAX records of RSYS_STORE_VALUE_MAX bytes
 * (insert) or deletes them; the number of calls that failed.
 */
static int fill_as_euid(uid_t euid, bool insert_them)
{
	unsigned char value[RSYS_STORE_VALUE_MAX];
	int i, failed = 0;

	memset(value, 0x5a, sizeof(value));
	if (setresuid(-1, euid, -1))
		return RSYS_STORE_USER_MAX;
	for (i = 0; i < RSYS_STORE_USER_MAX; i++)
		failed += (insert_them ? insert(KEY(i), value, sizeof(value)) :
				       delete(KEY(i))) != 0;
	if (setresuid(-1, 0, -1))
		failed++;
	return failed;
}

/*
 * A record's memory is charged to the memory cgroup of the caller that
 * inserted it (GFP_KERNEL_ACCOUNT): the store filled with its limit of
 * records, 1 MiB of values, by one process in a cgroup of its own acting
 * as many users (seteuid(), so that no other process, kernel stack or page
 * table is charged meanwhile), raises the cgroup's memory.current by about
 * that, and deleting them takes it back down. memory.current moves by
 * MEMCG_CHARGE_BATCH pages (256 KiB) of each CPU's stock at a time: on one
 * CPU, half the records' size is well above that and well below them.
 */
TEST_F(store, records_charged_to_memory_cgroup)
{
	char dir[] = "/tmp/rsys-cg.XXXXXX", cg[PATH_MAX], buf[256];
	long long before, full, after, records;
	int u, inserts_failed = 0, deletes_failed = 0;
	cpu_set_t cpu;
	long limit;

	records = (long long)RSYS_STORE_LIMIT_MAX * RSYS_STORE_VALUE_MAX;
	ASSERT_NE(NULL, mkdtemp(dir));
	if (mount("none", dir, "cgroup2", 0, NULL)) {
		int err = errno;

		rmdir(dir);
		if (err == ENODEV)
			SKIP(return, "no cgroup2 file system (CONFIG_CGROUPS)");
		ASSERT_EQ(0, err);
	}
	snprintf(cg, sizeof(cg), "%s/rsys-store", dir);
	if (read_cg_file(dir, "cgroup.controllers", buf, sizeof(buf)) ||
	    !strstr(buf, "memory")) {
		umount(dir);
		rmdir(dir);
		SKIP(return, "no memory controller (CONFIG_MEMCG)");
	}
	ASSERT_EQ(0, write_cg_file(dir, "cgroup.subtree_control", "+memory"));
	ASSERT_EQ(0, mkdir(cg, 0755));
	CPU_ZERO(&cpu);
	CPU_SET(sched_getcpu(), &cpu);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(cpu), &cpu));
	ASSERT_EQ(0, write_cg_file(cg, "cgroup.procs", "0"));

	limit = rsys_store_limit(RSYS_STORE_LIMIT_MAX, 0);
	EXPECT_LE(1, limit);
	before = memory_current(cg);
	for (u = 0; u < CG_USERS; u++)
		inserts_failed += fill_as_euid(CG_UID(u), true);
	full = memory_current(cg);
	for (u = 0; u < CG_USERS; u++)
		deletes_failed += fill_as_euid(CG_UID(u), false);
	after = memory_current(cg);
	if (limit > 0)
		EXPECT_RET(rsys_store_limit(limit, 0), RSYS_STORE_LIMIT_MAX);

	/* Back in the root cgroup, which the removal needs empty. */
	EXPECT_EQ(0, write_cg_file(dir, "cgroup.procs", "0"));
	EXPECT_EQ(0, rmdir(cg));
	EXPECT_EQ(0, umount(dir));
	EXPECT_EQ(0, rmdir(dir));

	EXPECT_EQ(0, inserts_failed);
	EXPECT_EQ(0, deletes_failed);
	ASSERT_LE(0, before);
	ASSERT_LE(0, full);
	ASSERT_LE(0, after);
	TH_LOG("memory.current: %lld bytes, %lld with %lld bytes of records, %lld without them",
	       before, full, records, after);
	EXPECT_LE(before + records / 2, full);
	EXPECT_LE(after + records / 2, full);
}

TEST_HARNESS_MAIN
