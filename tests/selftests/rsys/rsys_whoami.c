// SPDX-License-Identifier: GPL-2.0
/*
 * rsys_whoami(): the calling thread's ids as it sees them from its own
 * namespaces, what gettid(), getpid(), getuid(), ... return, in a
 * versioned struct: a size from RSYS_WHOAMI_SIZE_VER0 to a page, bytes past
 * the kernel's struct zeroed.
 */
#include "rsys_test.h"

#include <pthread.h>
#include <sched.h>

/* The ids a user namespace's maps give this process in it. */
#define NS_UID			4242U
#define NS_GID			4243U

static inline long rsys_whoami(void *who, size_t size, unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_whoami, who, size, flags));
}

/* Whether who holds the calling thread's ids. */
static bool ids_match(const struct rsys_whoami *who)
{
	return who->pid == (__s32)gettid() && who->tgid == (__s32)getpid() &&
	       who->uid == getuid() && who->gid == getgid() &&
	       who->euid == geteuid() && who->egid == getegid();
}

/* EXPECT_TRUE(ids_match(who)), saying what differs. */
#define EXPECT_IDS(who) do {						\
	const struct rsys_whoami *__who = (who);			\
	if (!ids_match(__who))						\
		TH_LOG("pid %d tgid %d uid %u gid %u euid %u egid %u, expected %d %d %u %u %u %u", \
		       __who->pid, __who->tgid, __who->uid, __who->gid,	\
		       __who->euid, __who->egid, (int)gettid(),		\
		       (int)getpid(), getuid(), getgid(), geteuid(),	\
		       getegid());					\
	EXPECT_TRUE(ids_match(__who));					\
} while (0)

TEST(matches_getpid)
{
	struct rsys_whoami who;

	memset(&who, POISON, sizeof(who));
	ASSERT_RET(rsys_whoami(&who, sizeof(who), 0), 0);
	EXPECT_IDS(&who);
}

/* What a second thread saw. */
struct thread_ids {
	struct rsys_whoami who;
	long ret;
	pid_t tid;		/* its gettid() */
};

static void *whoami_thread(void *arg)
{
	struct thread_ids *t = arg;

	memset(&t->who, POISON, sizeof(t->who));
	t->tid = gettid();
	t->ret = rsys_whoami(&t->who, sizeof(t->who), 0);
	return NULL;
}

TEST(tells_threads_apart)
{
	struct thread_ids t;
	pthread_t thread;

	ASSERT_EQ(0, pthread_create(&thread, NULL, whoami_thread, &t));
	ASSERT_EQ(0, pthread_join(thread, NULL));
	ASSERT_RET(t.ret, 0);
	if (t.who.pid != t.tid || t.who.tgid != getpid() ||
	    t.who.pid == t.who.tgid)
		TH_LOG("thread's ids: pid %d tgid %d, expected %d %d",
		       t.who.pid, t.who.tgid, (int)t.tid, (int)getpid());
	EXPECT_EQ(t.tid, t.who.pid);
	EXPECT_EQ(getpid(), t.who.tgid);
	EXPECT_NE(t.who.tgid, t.who.pid);
	/* The thread shares the process's credentials. */
	EXPECT_EQ(getuid(), t.who.uid);
	EXPECT_EQ(getgid(), t.who.gid);
	EXPECT_EQ(geteuid(), t.who.euid);
	EXPECT_EQ(getegid(), t.who.egid);
}

/* The test's own process turns into an unprivileged user. */
TEST(sees_setuid)
{
	const __u32 id = UNPRIV_UID;
	struct rsys_whoami who;

	ASSERT_EQ(0, become_user(id));
	memset(&who, POISON, sizeof(who));
	ASSERT_RET(rsys_whoami(&who, sizeof(who), 0), 0);
	if (who.uid != id || who.euid != id || who.gid != id || who.egid != id)
		TH_LOG("uid %u euid %u gid %u egid %u, expected all %u",
		       who.uid, who.euid, who.gid, who.egid, id);
	EXPECT_EQ(id, who.uid);
	EXPECT_EQ(id, who.euid);
	EXPECT_EQ(id, who.gid);
	EXPECT_EQ(id, who.egid);
}

/*
 * Moves the calling process into a new user namespace: 0, or -errno.
 * EPERM, EINVAL (no CONFIG_USER_NS) and ENOSPC (user.max_user_namespaces)
 * mean the kernel or the system does not allow it.
 */
static int new_user_ns(void)
{
	return unshare(CLONE_NEWUSER) ? -errno : 0;
}

static bool user_ns_unavailable(int err)
{
	return err == -EPERM || err == -EINVAL || err == -ENOSPC;
}

/*
 * In a new user namespace that maps nothing, every id reads as the
 * overflow id, as getuid() returns it, not as the id outside.
 */
TEST(user_ns_unmapped_ids)
{
	uid_t outer_uid = getuid();
	struct rsys_whoami who;
	int err = new_user_ns();

	if (user_ns_unavailable(err) && !rsys_expect("on"))
		SKIP(return, "no user namespace: unshare(CLONE_NEWUSER): %s",
		     strerror(-err));
	ASSERT_EQ(0, err);
	memset(&who, POISON, sizeof(who));
	ASSERT_RET(rsys_whoami(&who, sizeof(who), 0), 0);
	EXPECT_IDS(&who);
	if (who.uid == outer_uid)
		TH_LOG("uid %u: the id outside the namespace", who.uid);
	EXPECT_NE(outer_uid, who.uid);
}

/* With maps, the ids are those the maps give, as getuid() returns them. */
TEST(user_ns_mapped_ids)
{
	uid_t outer_uid = getuid();
	gid_t outer_gid = getgid();
	struct rsys_whoami who;
	int err = new_user_ns();
	char map[64];

	if (user_ns_unavailable(err) && !rsys_expect("on"))
		SKIP(return, "no user namespace: unshare(CLONE_NEWUSER): %s",
		     strerror(-err));
	ASSERT_EQ(0, err);
	snprintf(map, sizeof(map), "%u %u 1\n", NS_UID, outer_uid);
	ASSERT_EQ(0, write_file("/proc/self/uid_map", map));
	ASSERT_EQ(0, write_file("/proc/self/setgroups", "deny\n"));
	snprintf(map, sizeof(map), "%u %u 1\n", NS_GID, outer_gid);
	ASSERT_EQ(0, write_file("/proc/self/gid_map", map));
	memset(&who, POISON, sizeof(who));
	ASSERT_RET(rsys_whoami(&who, sizeof(who), 0), 0);
	EXPECT_IDS(&who);
	if (who.uid != NS_UID || who.euid != NS_UID || who.gid != NS_GID ||
	    who.egid != NS_GID)
		TH_LOG("uid %u euid %u gid %u egid %u, expected %u %u %u %u",
		       who.uid, who.euid, who.gid, who.egid, NS_UID, NS_UID,
		       NS_GID, NS_GID);
	EXPECT_EQ(NS_UID, who.uid);
	EXPECT_EQ(NS_UID, who.euid);
	EXPECT_EQ(NS_GID, who.gid);
	EXPECT_EQ(NS_GID, who.egid);
}

/* Sizes below RSYS_WHOAMI_SIZE_VER0: -EINVAL, nothing written. */
FIXTURE(small_size) {};

FIXTURE_VARIANT(small_size) {
	size_t size;
};

FIXTURE_VARIANT_ADD(small_size, zero) { .size = 0 };
FIXTURE_VARIANT_ADD(small_size, ver0_minus_one)
{
	.size = RSYS_WHOAMI_SIZE_VER0 - 1
};

FIXTURE_SETUP(small_size) {}
FIXTURE_TEARDOWN(small_size) {}

TEST_F(small_size, is_einval)
{
	struct rsys_whoami who;

	memset(&who, POISON, sizeof(who));
	EXPECT_RET(rsys_whoami(&who, variant->size, 0), -EINVAL);
	if (!all_bytes(&who, sizeof(who), POISON))
		TH_LOG("size %zu: struct written, expected it left alone",
		       variant->size);
	EXPECT_TRUE(all_bytes(&who, sizeof(who), POISON));
}

TEST(zero_fills_larger_size)
{
	const size_t head = sizeof(struct rsys_whoami), size = 48;
	struct rsys_whoami who;
	unsigned char buf[64];

	memset(buf, POISON, sizeof(buf));
	ASSERT_RET(rsys_whoami(buf, size, 0), 0);
	memcpy(&who, buf, sizeof(who));
	EXPECT_IDS(&who);
	if (!all_bytes(buf + head, size - head, 0))
		TH_LOG("bytes %zu..%zu not all zeroed", head, size - 1);
	EXPECT_TRUE(all_bytes(buf + head, size - head, 0));
	if (!all_bytes(buf + size, sizeof(buf) - size, POISON))
		TH_LOG("wrote past size %zu", size);
	EXPECT_TRUE(all_bytes(buf + size, sizeof(buf) - size, POISON));
}

TEST(rejects_size_over_page)
{
	unsigned char *p = map_pages(2);

	ASSERT_NE(NULL, p);
	EXPECT_RET(rsys_whoami(p, page_size() + 1, 0), -EINVAL);
	if (!all_bytes(p, 2 * page_size(), POISON))
		TH_LOG("pages written, expected them left alone");
	EXPECT_TRUE(all_bytes(p, 2 * page_size(), POISON));
	unmap_pages(p, 2);
}

TEST(efault_null)
{
	EXPECT_RET(rsys_whoami(NULL, sizeof(struct rsys_whoami), 0), -EFAULT);
}

TEST(efault_readonly)
{
	unsigned char *p = map_pages(1);

	ASSERT_NE(NULL, p);
	ASSERT_EQ(0, mprotect(p, page_size(), PROT_READ));
	EXPECT_RET(rsys_whoami(p, sizeof(struct rsys_whoami), 0), -EFAULT);
	if (!all_bytes(p, page_size(), POISON))
		TH_LOG("read-only page changed, expected it left alone");
	EXPECT_TRUE(all_bytes(p, page_size(), POISON));
	unmap_pages(p, 1);
}

TEST(rejects_unknown_flags)
{
	struct rsys_whoami who;

	memset(&who, POISON, sizeof(who));
	EXPECT_RET(rsys_whoami(&who, sizeof(who), 1), -EINVAL);
	if (!all_bytes(&who, sizeof(who), POISON))
		TH_LOG("struct written, expected it left alone");
	EXPECT_TRUE(all_bytes(&who, sizeof(who), POISON));
}

TEST_HARNESS_MAIN
