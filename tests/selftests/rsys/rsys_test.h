/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the rsys selftests share: the system call numbers and API (and
 * cachestat(2)'s, which rsys_cachestat() rewrites), results printed with
 * errno names, writing a /proc or cgroup file, test pages, running as
 * another user, the kernel log, and the 32-bit entry from a 64-bit process.
 *
 * Everything here is static inline: each test program is one .c file, built
 * by lib.mk's default rule.
 */
#ifndef _RSYS_TEST_H
#define _RSYS_TEST_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <asm/unistd.h>
/* The rsys numbers (on x86, <asm/unistd.h> includes them too). */
#include <asm/unistd_rsys.h>
#include <linux/rsys.h>

#ifdef __NR_cachestat
#include <linux/mman.h>
#else
/*
 * Linux before 6.5: no cachestat(2), nor its structs. Its number is the
 * same on every architecture, and unused there: both calls give ENOSYS.
 */
#define __NR_cachestat		451
struct cachestat_range {
	__u64 off;
	__u64 len;
};

struct cachestat {
	__u64 nr_cache;
	__u64 nr_dirty;
	__u64 nr_writeback;
	__u64 nr_evicted;
	__u64 nr_recently_evicted;
};
#endif

#include "../kselftest_harness.h"

#if defined(__x86_64__)
/* An address in the x86-64 kernel's text mapping. */
#define KERNEL_ADDR		0xffffffff81000000UL
/* The start of the x86-64 kernel's direct map (4-level paging). */
#define DIRECT_MAP_ADDR		0xffff888000000000UL
/* The audit architecture of this program's system calls. */
#define AUDIT_ARCH_NATIVE	AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
/* The arm64 kernel's image (KIMAGE_VADDR with 48-bit addresses). */
#define KERNEL_ADDR		0xffff800080000000UL
/* The start of the arm64 kernel's linear map (48-bit addresses). */
#define DIRECT_MAP_ADDR		0xffff000000000000UL
#define AUDIT_ARCH_NATIVE	AUDIT_ARCH_AARCH64
#endif

/* Ids of the unprivileged users the tests act as. */
#define UNPRIV_UID		1000
#define UNPRIV_UID2		1001
#define POISON			0xaa	/* what map_pages() fills pages with */

/*
 * RSYS_EXPECT=on in the environment (the kit's VM sets it) says the kernel
 * was built with CONFIG_RUST_SYSCALLS_SELFTEST: the test-only calls must be
 * there rather than be skipped. RSYS_EXPECT=off says the kernel has
 * CONFIG_RUST_SYSCALLS=n.
 */
static inline bool rsys_expect(const char *what)
{
	const char *v = getenv("RSYS_EXPECT");

	return v && !strcmp(v, what);
}

/* A system call's result, or -errno as the kernel returned it. */
static inline long sys_ret(long ret)
{
	return ret == -1 ? -errno : ret;
}

/* Formats a system call result: a number, or an errno name and text. */
static inline const char *fmt_ret(long ret, char *buf, size_t size)
{
	const char *name;

	if (ret >= 0) {
		if (ret < 10)
			snprintf(buf, size, "%ld", ret);
		else
			snprintf(buf, size, "%ld (%#lx)", ret, ret);
		return buf;
	}
	name = ret >= -INT_MAX ? strerrorname_np((int)-ret) : NULL;
	if (name)
		snprintf(buf, size, "-%s (%s)", name, strerror((int)-ret));
	else
		snprintf(buf, size, "%ld", ret);
	return buf;
}

/*
 * EXPECT_RET(call, want) and ASSERT_RET(call, want): the harness's
 * EXPECT_EQ() and ASSERT_EQ() for a system call result, which on a mismatch
 * first print the call and both results with errno names, e.g.
 * "rsys_add(1, 2, 0): got -EOVERFLOW (Value too large ...), expected 3".
 */
#define __RSYS_RET(call, want, check) do {				\
	long __rsys_got = (call), __rsys_want = (want);			\
	char __g[96], __w[96];						\
	if (__rsys_got != __rsys_want)					\
		TH_LOG("%s: got %s, expected %s", #call,		\
		       fmt_ret(__rsys_got, __g, sizeof(__g)),		\
		       fmt_ret(__rsys_want, __w, sizeof(__w)));		\
	check(__rsys_want, __rsys_got);					\
} while (0)
#define EXPECT_RET(call, want)	__RSYS_RET(call, want, EXPECT_EQ)
#define ASSERT_RET(call, want)	__RSYS_RET(call, want, ASSERT_EQ)

/*
 * The result of a system call number with nothing behind it. (checkpatch
 * warns about any ENOSYS; here it means just that: no such system call.)
 */
#define EXPECT_NO_SYSCALL(call)	EXPECT_RET(call, -ENOSYS)

/* The rsys calls, returning their result or -errno. */
static inline long rsys_add(__u32 a, __u32 b, unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_add, a, b, flags));
}

static inline long rsys_checksum(const void *buf, size_t len, __u32 *csum,
				 unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_checksum, buf, len, csum, flags));
}

static inline long rsys_counter(unsigned int op, __u64 arg, unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_counter, op, arg, flags));
}

static inline long rsys_info(void *info, size_t size, unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_info, info, size, flags));
}

static inline long rsys_selftest(unsigned int op, unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_selftest, op, flags));
}

static inline long rsys_store(unsigned int op, __u64 key, void *buf,
			      size_t len, unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_store, op, key, buf, len, flags));
}

static inline long rsys_store_limit(unsigned int limit, unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_store_limit, limit, flags));
}

static inline long rsys_cachestat(unsigned int fd, const void *range,
				  void *cs, unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_cachestat, fd, range, cs, flags));
}

/* The kernel's own cachestat(2), which rsys_cachestat() rewrites. */
static inline long cachestat_c(unsigned int fd, const void *range, void *cs,
			       unsigned int flags)
{
	return sys_ret(syscall(__NR_cachestat, fd, range, cs, flags));
}

/*
 * Writes text to the file at path (a sysctl, a /proc or cgroup file) in one
 * write(): 0, or -errno (-EIO for a short write).
 */
static inline int write_file(const char *path, const char *text)
{
	ssize_t len = strlen(text), n;
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	if (n < 0)
		ret = -errno;
	else if (n != len)
		ret = -EIO;
	close(fd);
	return ret;
}

static inline size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

/* Maps @pages pages filled with POISON; NULL if mmap() fails. */
static inline unsigned char *map_pages(size_t pages)
{
	void *p = mmap(NULL, pages * page_size(), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memset(p, POISON, pages * page_size());
	return p;
}

static inline void unmap_pages(void *p, size_t pages)
{
	munmap(p, pages * page_size());
}

/* Fills buf with reproducible pseudo-random bytes (xorshift32). */
static inline void fill_random(unsigned char *buf, size_t len, __u32 seed)
{
	size_t i;

	for (i = 0; i < len; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		buf[i] = (unsigned char)seed;
	}
}

static inline bool all_bytes(const void *buf, size_t len, unsigned char c)
{
	const unsigned char *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != c)
			return false;
	return true;
}

/*
 * Makes the calling process user @uid (and group @uid) with no
 * supplementary groups: it keeps no capability. Each test runs in a process
 * of its own, so a test may call this directly; 0 or -errno.
 */
static inline int become_user(uid_t uid)
{
	if (setgroups(0, NULL) || setresgid(uid, uid, uid) ||
	    setresuid(uid, uid, uid))
		return -errno;
	return 0;
}

/* Result of call_as() when the child could not become the user. */
#define CALL_AS_FAILED		LONG_MIN

/*
 * Runs fn(arg) in a child process as user @uid (become_user()) and returns
 * what it returned, or CALL_AS_FAILED if the child could not become the user
 * or did not return.
 */
static inline long call_as(uid_t uid, long (*fn)(void *), void *arg)
{
	long ret = CALL_AS_FAILED;
	int fds[2], status;
	pid_t pid;

	if (pipe(fds))
		return CALL_AS_FAILED;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return CALL_AS_FAILED;
	}
	if (pid == 0) {
		close(fds[0]);
		if (become_user(uid))
			_exit(1);
		ret = fn(arg);
		_exit(write(fds[1], &ret, sizeof(ret)) == sizeof(ret) ? 0 : 1);
	}
	close(fds[1]);
	if (read(fds[0], &ret, sizeof(ret)) != sizeof(ret))
		ret = CALL_AS_FAILED;
	close(fds[0]);
	waitpid(pid, &status, 0);
	return ret;
}

/*
 * The kernel log, through /dev/kmsg: each read() returns one record,
 * "prefix;text\n", from the oldest still in the buffer. kmsg_open(true)
 * starts after the newest record, so that only what happens next is read.
 */
static inline int kmsg_open(bool from_now)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	if (fd >= 0 && from_now)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/*
 * Reads the next record of /dev/kmsg: its sequence number into *seq (if
 * seq is not NULL), its text without the prefix into @text (NUL-terminated,
 * cut to @size). 1 if there was one, 0 at the end, -errno if the read
 * failed: -EPIPE when records were overwritten before they could be read.
 */
static inline int kmsg_read(int fd, unsigned long long *seq, char *text,
			    size_t size)
{
	char rec[8192], *start;
	ssize_t n;

	n = read(fd, rec, sizeof(rec) - 1);
	if (n < 0)
		return errno == EAGAIN ? 0 : -errno;
	if (n == 0)
		return 0;
	rec[n] = '\0';
	/* "<facility and level>,<sequence>,<time>,<flags>[,...];<text>\n" */
	if (seq && sscanf(rec, "%*u,%llu,", seq) != 1)
		*seq = 0;
	start = strchr(rec, ';');
	start = start ? start + 1 : rec;
	n = strcspn(start, "\n");
	if ((size_t)n >= size)
		n = size - 1;
	memcpy(text, start, n);
	text[n] = '\0';
	return 1;
}

/*
 * Reads the next record's text into buf, as kmsg_read(); false when there
 * is none. Records lost to the ring buffer (EPIPE) are skipped.
 */
static inline bool kmsg_next(int fd, char *buf, size_t size)
{
	int ret;

	do
		ret = kmsg_read(fd, NULL, buf, size);
	while (ret == -EPIPE);
	return ret > 0;
}

/*
 * Whether a line of the kernel log is an oops header, "<what>: <error
 * code> [#<count>] ...", which does not always start with "Oops" (6.1:
 * "invalid opcode: 0000 [#1] SMP").
 */
static inline bool kmsg_is_oops(const char *text)
{
	return strstr(text, " [#") && strstr(text, "] ");
}

/*
 * Which report a line of the kernel log looks like a part of: the text it
 * contains that says so, or NULL if none.
 */
static inline const char *kmsg_report_in(const char *text)
{
	static const char *const marks[] = {
		"BUG:",
		"WARNING:",
		"Oops",
		"kernel BUG at",
		"general protection fault",
		"Call Trace:",
		"INFO: possible",
		"INFO: task ",
		"detected stall",
		"UBSAN:",
		"KASAN:",
		"Kernel panic",
		"Rust panic",
		"panicked at",
		"possible recursive locking",
		"circular locking dependency",
		"sleeping function called from invalid context",
		"soft lockup",
		"hard LOCKUP",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(marks); i++)
		if (strstr(text, marks[i]))
			return marks[i];
	return kmsg_is_oops(text) ? "oops header" : NULL;
}

/* Counts the records from fd on that contain @what. */
static inline int kmsg_count(int fd, const char *what)
{
	char line[1024];
	int n = 0;

	while (kmsg_next(fd, line, sizeof(line)))
		n += !!strstr(line, what);
	return n;
}

/*
 * Markers around kernel log reports that a test causes on purpose (a panic,
 * a KASAN report): the test checks what is between them, and the run's
 * kernel log check (rsys_klog) skips it.
 */
#define KMSG_EXPECTED_BEGIN	"rsys-test: expected reports begin"
#define KMSG_EXPECTED_END	"rsys-test: expected reports end"

/*
 * Writes a line to the kernel log; 0 or -errno. The newline matters: text
 * without one is a continuation, which the next write of the same task
 * would join.
 */
static inline int kmsg_write(const char *line)
{
	int fd = open("/dev/kmsg", O_WRONLY);
	char buf[512];
	int ret = 0, n;

	if (fd < 0)
		return -errno;
	n = snprintf(buf, sizeof(buf), "%s\n", line);
	if (n < 0 || (size_t)n >= sizeof(buf))
		ret = -EINVAL;
	else if (write(fd, buf, n) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/*
 * The harness ends each test's process with _exit(): what a test prints
 * must not wait in a buffer, whatever stdout is (the runner's pipe).
 */
static void __attribute__((constructor)) rsys_test_line_buffered(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}

#ifdef __x86_64__
/*
 * A system call as a 32-bit process makes it, from this 64-bit one: int
 * $0x80 goes through the i386 table, to the compat entry points. Five
 * arguments; returns the result or -errno, as the kernel returned it.
 */
static inline long syscall_i386(long nr, unsigned int a0, unsigned int a1,
				unsigned int a2, unsigned int a3,
				unsigned int a4)
{
	long ret;

	asm volatile ("int $0x80"
		      : "=a" (ret)
		      : "a" (nr), "b" (a0), "c" (a1), "d" (a2), "S" (a3),
			"D" (a4)
		      : "memory", "r8", "r9", "r10", "r11");
	return ret;
}
#endif

#endif /* _RSYS_TEST_H */
