// SPDX-License-Identifier: GPL-2.0
/* sysc-test cases of rsys_whoami(). */
#define _GNU_SOURCE	/* gettid() */
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>

#include "../sysc-test.h"

static long rsys_whoami(void *who, size_t size, unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_whoami, who, size, flags));
}

/* Whether who holds the calling thread's ids. */
static bool ids_match(const struct rsys_whoami *who)
{
	return check(who->pid == (__s32)gettid() && who->tgid == (__s32)getpid() &&
		     who->uid == getuid() && who->gid == getgid() &&
		     who->euid == geteuid() && who->egid == getegid(),
		     "pid %d tgid %d uid %u gid %u euid %u egid %u",
		     who->pid, who->tgid, who->uid, who->gid, who->euid,
		     who->egid);
}

RSYS_CASE(whoami_matches_getpid)
{
	struct rsys_whoami who;

	memset(&who, POISON, sizeof(who));
	return EXPECT(rsys_whoami(&who, sizeof(who), 0), 0) && ids_match(&who);
}

static void *whoami_thread(void *arg)
{
	struct rsys_whoami *who = arg;

	return (void *)(long)(rsys_whoami(who, sizeof(*who), 0) == 0 &&
			      ids_match(who) && who->pid != who->tgid);
}

RSYS_CASE(whoami_tells_threads_apart)
{
	struct rsys_whoami who;
	pthread_t thread;
	void *ok;

	if (pthread_create(&thread, NULL, whoami_thread, &who))
		return check(false, "pthread_create failed");
	pthread_join(thread, &ok);
	return check(ok, "thread's ids wrong: pid %d tgid %d", who.pid, who.tgid);
}

static long whoami_unprivileged(void)
{
	struct rsys_whoami who;
	long ret = rsys_whoami(&who, sizeof(who), 0);

	if (ret)
		return ret;
	return who.uid == UNPRIV_ID && who.euid == UNPRIV_ID &&
	       who.gid == UNPRIV_ID && who.egid == UNPRIV_ID ? 0 : -EINVAL;
}

RSYS_CASE(whoami_sees_setuid)
{
	return expect_unprivileged("rsys_whoami", whoami_unprivileged, 0);
}

RSYS_CASE(whoami_rejects_small_size)
{
	struct rsys_whoami who;

	memset(&who, POISON, sizeof(who));
	return EXPECT(rsys_whoami(&who, RSYS_WHOAMI_SIZE_VER0 - 1, 0), -EINVAL) &&
	       EXPECT(rsys_whoami(&who, 0, 0), -EINVAL) &&
	       check(all_bytes(&who, sizeof(who), POISON), "struct written");
}

RSYS_CASE(whoami_zero_fills_larger_size)
{
	unsigned char buf[64];
	bool ok;

	memset(buf, POISON, sizeof(buf));
	ok = EXPECT(rsys_whoami(buf, 48, 0), 0);
	ok &= ids_match((struct rsys_whoami *)buf);
	ok &= check(all_bytes(buf + 24, 24, 0), "bytes 24-47 not zeroed");
	return ok && check(all_bytes(buf + 48, 16, POISON), "wrote past size");
}

RSYS_CASE(whoami_rejects_size_over_page)
{
	unsigned char *p = map_pages(2);
	bool ok;

	if (!p)
		return false;
	ok = EXPECT(rsys_whoami(p, page_size() + 1, 0), -EINVAL);
	ok &= check(all_bytes(p, 2 * page_size(), POISON), "pages written");
	unmap_pages(p, 2);
	return ok;
}

RSYS_CASE(whoami_efault_null)
{
	return EXPECT(rsys_whoami(NULL, sizeof(struct rsys_whoami), 0), -EFAULT);
}

RSYS_CASE(whoami_efault_readonly)
{
	unsigned char *p = map_pages(1);
	bool ok;

	if (!p)
		return false;
	mprotect(p, page_size(), PROT_READ);
	ok = EXPECT(rsys_whoami(p, sizeof(struct rsys_whoami), 0), -EFAULT);
	ok &= check(all_bytes(p, page_size(), POISON), "read-only page changed");
	unmap_pages(p, 1);
	return ok;
}

RSYS_CASE(whoami_rejects_unknown_flags)
{
	struct rsys_whoami who;

	memset(&who, POISON, sizeof(who));
	return EXPECT(rsys_whoami(&who, sizeof(who), 1), -EINVAL) &&
	       check(all_bytes(&who, sizeof(who), POISON), "struct written");
}

RSYS_CASE_DISABLED(whoami_enosys_when_disabled)
{
	struct rsys_whoami who;

	return expect_ret("rsys_whoami", rsys_whoami(&who, sizeof(who), 0),
			  -ENOSYS);
}
