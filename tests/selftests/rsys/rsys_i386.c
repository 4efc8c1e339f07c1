// SPDX-License-Identifier: GPL-2.0
/*
 * The rsys calls as a 32-bit (i386) process makes them, through the compat
 * entry points of the i386 system call table: results that do not fit a
 * 32-bit long, __u64 arguments in two registers, the structs' layout.
 *
 * Built with -m32, with -DRSYS_NR_HIGHEST=<highest rsys number of the i386
 * table> and -DRSYS_NR_64_ONLY=<the rsys numbers only the x86-64 table has,
 * comma-separated; empty if none>.
 *
 * The compat tests need the calls: RSYS_EXPECT=on says they must be there,
 * else a kernel without them skips the tests. calls_enosys_when_disabled
 * checks the other way round: RSYS_EXPECT=off says the calls must be
 * absent, else a kernel with them skips it.
 */
#include "rsys_test.h"

#include <assert.h>
#include <stddef.h>

#ifndef RSYS_NR_HIGHEST
#error "build with -DRSYS_NR_HIGHEST=<highest rsys number of the i386 table>"
#endif
#ifndef RSYS_NR_64_ONLY
#error "build with -DRSYS_NR_64_ONLY=<rsys numbers only in the x86-64 table>"
#endif

static_assert(sizeof(long) == 4, "build with -m32: a 32-bit process's calls");

/* The uapi structs have the same layout for i386. */
static_assert(sizeof(struct rsys_info) == RSYS_INFO_SIZE_VER0,
	      "struct rsys_info differs on i386");
static_assert(offsetof(struct rsys_info, counter) == 16,
	      "struct rsys_info differs on i386");
static_assert(sizeof(struct rsys_whoami) == RSYS_WHOAMI_SIZE_VER0,
	      "struct rsys_whoami differs on i386");
/* cachestat's are all __u64s: no compat entry, for either call. */
static_assert(sizeof(struct cachestat_range) == 16,
	      "struct cachestat_range differs on i386");
static_assert(sizeof(struct cachestat) == 40,
	      "struct cachestat differs on i386");

#define CSUM_POISON		0xdeadbeefU
/* Just past the user address space of a 32-bit process: never mapped. */
#define TOP_PAGE		0xfffff000UL

/* Each __u64 argument is passed as two registers: low half first. */
#define LO(x)			((unsigned long)(__u32)(x))
#define HI(x)			((unsigned long)(__u32)((__u64)(x) >> 32))

static long compat_counter(unsigned int op, __u64 arg, unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_counter, op, LO(arg), HI(arg), flags));
}

static long compat_store(unsigned int op, __u64 key, void *buf, size_t len,
			 unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_store, op, LO(key), HI(key), buf, len,
			       flags));
}

static long compat_greet(const char *name, char *buf, size_t size,
			 unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_greet, name, buf, size, flags));
}

static long compat_whoami(struct rsys_whoami *who, size_t size,
			  unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_whoami, who, size, flags));
}

/* Whether the kernel has the rsys calls: rsys_info() works. */
static bool have_calls(void)
{
	struct rsys_info info;

	return !rsys_info(&info, sizeof(info), 0);
}

/*
 * Each test skips when skip_reason is set. (SKIP() in FIXTURE_SETUP() does
 * not stop the test before Linux 6.4's harness.)
 */
FIXTURE(compat) {
	char skip_reason[64];
};

FIXTURE_SETUP(compat)
{
	struct rsys_info info;

	if (have_calls())
		return;
	if (rsys_expect("on"))
		ASSERT_RET(rsys_info(&info, sizeof(info), 0), 0);
	snprintf(self->skip_reason, sizeof(self->skip_reason),
		 "the kernel has no rsys calls");
}

FIXTURE_TEARDOWN(compat) {}

TEST_F(compat, add_returns_sum)
{
	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	EXPECT_RET(rsys_add(2, 3, 0), 5);
	EXPECT_RET(rsys_add(0x7ffffffe, 1, 0), 0x7fffffff);
}

/* 0x80000000 fits the kernel's long but not the caller's. */
TEST_F(compat, add_result_over_32_bit_long_is_eoverflow)
{
	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	EXPECT_RET(rsys_add(0x7fffffff, 1, 0), -EOVERFLOW);
	EXPECT_RET(rsys_add(0xffffffff, 1, RSYS_ADD_SATURATE), -EOVERFLOW);
}

TEST_F(compat, add_rejects_unknown_flags)
{
	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	EXPECT_RET(rsys_add(2, 3, 0x80000000U), -EINVAL);
}

TEST_F(compat, checksum_known_vector)
{
	__u32 csum = CSUM_POISON;

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	ASSERT_RET(rsys_checksum("Wikipedia", 9, &csum, 0), 0);
	EXPECT_EQ(0x11e60398U, csum)
		TH_LOG("checksum %#x, expected 0x11e60398", csum);
}

TEST_F(compat, checksum_efault_null_buffer)
{
	__u32 csum = CSUM_POISON;

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	EXPECT_RET(rsys_checksum(NULL, 16, &csum, 0), -EFAULT);
	EXPECT_EQ(CSUM_POISON, csum) TH_LOG("*csum changed to %#x", csum);
}

TEST_F(compat, checksum_efault_past_user_space)
{
	__u32 csum = CSUM_POISON;

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	EXPECT_RET(rsys_checksum((void *)TOP_PAGE, 16, &csum, 0), -EFAULT);
	EXPECT_EQ(CSUM_POISON, csum) TH_LOG("*csum changed to %#x", csum);
}

TEST_F(compat, checksum_efault_readonly_output)
{
	unsigned char *page;

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);
	page = map_pages(1);
	ASSERT_TRUE(!!page) TH_LOG("mmap: %s", strerror(errno));
	ASSERT_EQ(0, mprotect(page, page_size(), PROT_READ));
	EXPECT_RET(rsys_checksum("Wikipedia", 9, (__u32 *)page, 0), -EFAULT);
	EXPECT_TRUE(all_bytes(page, page_size(), POISON))
		TH_LOG("the read-only page changed");
	unmap_pages(page, 1);
}

TEST_F(compat, counter_add_and_get)
{
	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	ASSERT_RET(compat_counter(RSYS_COUNTER_RESET, 0, 0), 0);
	EXPECT_RET(compat_counter(RSYS_COUNTER_ADD, 5, 0), 5);
	EXPECT_RET(compat_counter(RSYS_COUNTER_GET, 0, 0), 5);
	EXPECT_RET(compat_counter(RSYS_COUNTER_RESET, 0, 0), 0);
}

/*
 * arg's high half counts: 2^32 is too much for a 32-bit caller, not an add
 * of 0, and it leaves the counter as it was.
 */
TEST_F(compat, counter_u64_arg_in_two_registers)
{
	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	ASSERT_RET(compat_counter(RSYS_COUNTER_RESET, 0, 0), 0);
	EXPECT_RET(compat_counter(RSYS_COUNTER_ADD, 1ULL << 32, 0),
		   -EOVERFLOW);
	EXPECT_RET(compat_counter(RSYS_COUNTER_GET, 0, 0), 0);
	EXPECT_RET(compat_counter(RSYS_COUNTER_ADD, 7, 0), 7);
	EXPECT_RET(compat_counter(RSYS_COUNTER_RESET, 0, 0), 0);
}

/* The counter stops where the caller's long does, and stays there. */
TEST_F(compat, counter_stops_at_32_bit_long)
{
	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	ASSERT_RET(compat_counter(RSYS_COUNTER_RESET, 0, 0), 0);
	EXPECT_RET(compat_counter(RSYS_COUNTER_ADD, 0x7fffffff, 0),
		   0x7fffffff);
	EXPECT_RET(compat_counter(RSYS_COUNTER_ADD, 1, 0), -EOVERFLOW);
	EXPECT_RET(compat_counter(RSYS_COUNTER_GET, 0, 0), 0x7fffffff);
	EXPECT_RET(compat_counter(RSYS_COUNTER_RESET, 0, 0), 0);
}

/*
 * rsys_cachestat() from a 32-bit process gives what cachestat(2) gives it:
 * the same counters for a shmem file and a range of it, the same errors
 * for a range or a result the process cannot reach, and for a flag.
 */
TEST_F(compat, cachestat_agrees_with_cachestat)
{
	const size_t pages = 8;
	struct cachestat_range whole = { 0, 0 };
	struct cachestat_range part = { page_size(), 3 * page_size() };
	struct cachestat rust, c;
	unsigned char *buf;
	int fd;

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);
	fd = memfd_create("rsys_i386", 0);
	ASSERT_LE(0, fd) TH_LOG("memfd_create: %s", strerror(errno));
	buf = map_pages(pages);
	ASSERT_TRUE(!!buf) TH_LOG("mmap: %s", strerror(errno));
	ASSERT_EQ((ssize_t)(pages * page_size()),
		  write(fd, buf, pages * page_size()));
	unmap_pages(buf, pages);
	if (rsys_cachestat(fd, &whole, &rust, 0) == -ENOSYS) {
		close(fd);
		SKIP(return, "no rsys_cachestat(): the kernel has no cachestat(2)");
	}

	memset(&rust, POISON, sizeof(rust));
	memset(&c, POISON, sizeof(c));
	EXPECT_RET(rsys_cachestat(fd, &whole, &rust, 0), 0);
	EXPECT_RET(cachestat_c(fd, &whole, &c, 0), 0);
	EXPECT_EQ(pages, rust.nr_cache);
	EXPECT_EQ(0, memcmp(&rust, &c, sizeof(c)));

	memset(&rust, POISON, sizeof(rust));
	memset(&c, POISON, sizeof(c));
	EXPECT_RET(rsys_cachestat(fd, &part, &rust, 0), 0);
	EXPECT_RET(cachestat_c(fd, &part, &c, 0), 0);
	EXPECT_EQ(3, rust.nr_cache);
	EXPECT_EQ(0, memcmp(&rust, &c, sizeof(c)));

	EXPECT_RET(rsys_cachestat(fd, (void *)TOP_PAGE, &rust, 0), -EFAULT);
	EXPECT_RET(cachestat_c(fd, (void *)TOP_PAGE, &c, 0), -EFAULT);
	EXPECT_RET(rsys_cachestat(fd, &whole, (void *)TOP_PAGE, 0), -EFAULT);
	EXPECT_RET(cachestat_c(fd, &whole, (void *)TOP_PAGE, 0), -EFAULT);
	EXPECT_RET(rsys_cachestat(fd, &whole, &rust, 1), -EINVAL);
	EXPECT_RET(cachestat_c(fd, &whole, &c, 1), -EINVAL);
	close(fd);
}

TEST_F(compat, info_fills_struct)
{
	struct rsys_info info;

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	memset(&info, POISON, sizeof(info));
	ASSERT_RET(rsys_info(&info, sizeof(info), 0), 0);
	EXPECT_EQ(sizeof(info), info.size)
		TH_LOG("size %u, expected %zu", info.size, sizeof(info));
	EXPECT_EQ(RSYS_VERSION_MAJOR << 16 | RSYS_VERSION_MINOR, (int)info.version)
		TH_LOG("version %#x, expected %#x", info.version,
		       RSYS_VERSION_MAJOR << 16 | RSYS_VERSION_MINOR);
}

TEST_F(compat, whoami_matches_ids)
{
	struct rsys_whoami who;

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	memset(&who, POISON, sizeof(who));
	ASSERT_RET(compat_whoami(&who, sizeof(who), 0), 0);
	EXPECT_TRUE(who.pid == gettid() && who.tgid == getpid())
		TH_LOG("pid %d tgid %d, expected %d %d", who.pid, who.tgid,
		       gettid(), getpid());
	EXPECT_TRUE(who.uid == getuid() && who.gid == getgid() &&
		    who.euid == geteuid() && who.egid == getegid())
		TH_LOG("ids %u %u %u %u, expected %u %u %u %u", who.uid,
		       who.gid, who.euid, who.egid, getuid(), getgid(),
		       geteuid(), getegid());
}

TEST_F(compat, greet_writes_greeting)
{
	static const char want[] = "Hello, i386!";
	char buf[64];

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	memset(buf, POISON, sizeof(buf));
	ASSERT_RET(compat_greet("i386", buf, sizeof(buf), 0),
		   (long)strlen(want));
	EXPECT_STREQ(want, buf);
}

TEST_F(compat, greet_rejects_long_name)
{
	char name[RSYS_NAME_MAX + 1], buf[128];

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	memset(buf, POISON, sizeof(buf));
	EXPECT_RET(compat_greet(name, buf, sizeof(buf), 0), -ENAMETOOLONG);
	EXPECT_TRUE(all_bytes(buf, sizeof(buf), POISON)) TH_LOG("buf changed");
}

/*
 * key's two halves arrive in order: the record of 2^33 + 1 is found by its
 * key, and not by the key with its halves swapped or the high half lost.
 */
TEST_F(compat, store_u64_key_in_two_registers)
{
	const __u64 key = (2ULL << 32) | 1, swapped = (1ULL << 32) | 2;
	char record[] = "i386", out[8] = "";

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	ASSERT_RET(compat_store(RSYS_STORE_INSERT, key, record, 4, 0), 0);
	EXPECT_RET(compat_store(RSYS_STORE_LOOKUP, key, out, sizeof(out), 0),
		   4);
	EXPECT_EQ(0, memcmp(out, "i386", 4)) TH_LOG("record \"%.4s\"", out);
	EXPECT_RET(compat_store(RSYS_STORE_LOOKUP, swapped, out, sizeof(out),
				0), -ENOENT);
	EXPECT_RET(compat_store(RSYS_STORE_LOOKUP, 1, out, sizeof(out), 0),
		   -ENOENT);
	EXPECT_RET(compat_store(RSYS_STORE_DELETE, key, NULL, 0, 0), 0);
}

TEST_F(compat, selftest_rejects_unknown_op)
{
	char got[96];
	long ret;

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);
	ret = rsys_selftest(0, 0);
	if (ret != -EINVAL && !rsys_expect("on"))
		SKIP(return, "CONFIG_RUST_SYSCALLS_SELFTEST is off: rsys_selftest(0, 0) gives %s",
		     fmt_ret(ret, got, sizeof(got)));
	EXPECT_RET(ret, -EINVAL);
}

/*
 * The C twins are benchmarks of the 64-bit path: not in the i386 table.
 * Their numbers give what the unused number past RSYS_NR_HIGHEST gives.
 */
TEST(enosys_for_64_bit_only_numbers)
{
	static const long nrs[] = { RSYS_NR_64_ONLY };
	long unused = sys_ret(syscall(RSYS_NR_HIGHEST + 1, 0, 0, 0)), ret;
	char got[96], want[96];
	size_t i;

	/* The kit's kernel has the C twins, which have no i386 entry. */
	if (!sizeof(nrs) && rsys_expect("on"))
		ASSERT_TRUE(sizeof(nrs))
			TH_LOG("no 64-bit-only rsys number: where are the C twins?");
	if (!sizeof(nrs))
		SKIP(return, "every rsys number is in the i386 table");
	EXPECT_NO_SYSCALL(unused);
	for (i = 0; i < ARRAY_SIZE(nrs); i++) {
		ret = sys_ret(syscall(nrs[i], 0, 0, 0));
		EXPECT_EQ(unused, ret)
			TH_LOG("number %ld: got %s, expected %s", nrs[i],
			       fmt_ret(ret, got, sizeof(got)),
			       fmt_ret(unused, want, sizeof(want)));
	}
}

TEST(enosys_after_last)
{
	EXPECT_NO_SYSCALL(sys_ret(syscall(RSYS_NR_HIGHEST + 1, 0, 0, 0)));
}

/*
 * On a kernel without the calls (RSYS_EXPECT=off): every rsys call of the
 * i386 table gives ENOSYS.
 */
TEST(calls_enosys_when_disabled)
{
	__u32 csum = CSUM_POISON;
	struct rsys_whoami who;
	struct rsys_info info;
	char buf[64];

	if (have_calls()) {
		ASSERT_FALSE(rsys_expect("off"))
			TH_LOG("RSYS_EXPECT=off, but rsys_info() succeeds");
		SKIP(return, "the kernel has the rsys calls");
	}
	EXPECT_NO_SYSCALL(rsys_add(2, 3, 0));
	EXPECT_NO_SYSCALL(rsys_checksum("x", 1, &csum, 0));
	EXPECT_NO_SYSCALL(compat_counter(RSYS_COUNTER_GET, 0, 0));
	EXPECT_NO_SYSCALL(rsys_info(&info, sizeof(info), 0));
	EXPECT_NO_SYSCALL(rsys_selftest(0, 0));
	EXPECT_NO_SYSCALL(compat_store(RSYS_STORE_LOOKUP, 1, NULL, 0, 0));
	EXPECT_NO_SYSCALL(rsys_store_limit(1, 0));
	EXPECT_NO_SYSCALL(compat_greet("x", buf, sizeof(buf), 0));
	EXPECT_NO_SYSCALL(compat_whoami(&who, sizeof(who), 0));
}

TEST_HARNESS_MAIN
