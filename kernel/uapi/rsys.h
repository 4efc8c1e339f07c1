/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * rsys: system calls implemented in Rust.
 *
 * The calls are numbered from RSYS_NR_FIRST upwards in the x86-64 system
 * call table (see __NR_rsys_* in <asm/unistd.h>). Every flags argument
 * rejects unknown bits with -EINVAL. Each call's comment ends with the
 * errors it returns, "-ECODE condition" per line, besides those every call
 * can return: -EINVAL for an unknown flag, -EFAULT for a pointer to memory
 * the caller cannot access, -ENOSYS if the kernel lacks the call.
 *
 * 32-bit (i386) processes call them by the same numbers. For them, a result
 * that does not fit a 32-bit long is -EOVERFLOW.
 *
 * Who may see and change what: a call that needs a capability needs it in
 * the initial user namespace (capable()), so the root of a user namespace
 * does not have it. State kept per user belongs to the caller's effective
 * uid as the initial user namespace sees it (its kuid), whatever user
 * namespace the caller is in: the root of a user namespace is the user its
 * uid 0 maps to, neither root nor any other user. Each call says below who
 * may do what.
 */
#ifndef _UAPI_LINUX_RSYS_H
#define _UAPI_LINUX_RSYS_H

#include <linux/types.h>

/*
 * The system call numbers of rsys: far above the highest upstream number,
 * so that calls added upstream never collide with them, and below the 2048
 * calls that audit's rule bitmaps can describe.
 */
#define RSYS_NR_FIRST		1000
#define RSYS_NR_LAST		1099
/* rsys-series: calls */

/* Version of the rsys interface reported by rsys_info(). */
#define RSYS_VERSION_MAJOR	0
#define RSYS_VERSION_MINOR	1
/* rsys-series: syscalls */

/*
 * long rsys_add(__u32 a, __u32 b, unsigned int flags);
 *
 * Returns a + b; with RSYS_ADD_SATURATE, 0xffffffff when the sum does not
 * fit in 32 bits. Any caller; no state.
 *
 * Errors:
 * -EOVERFLOW	the sum does not fit in 32 bits (without RSYS_ADD_SATURATE)
 */
#define RSYS_ADD_SATURATE	0x00000001U	/* clamp to 0xffffffff instead */
/* rsys-series: calls */

/*
 * long rsys_checksum(const void *buf, size_t len, __u32 *csum,
 *		      unsigned int flags);
 *
 * Stores the Adler-32 checksum of buf[0..len) in *csum. flags must be 0.
 * Any caller; it reads and writes only the caller's memory.
 *
 * Errors:
 * -EFAULT	buf[0..len) cannot be read, or *csum written (it is then
 *		left unchanged)
 * -EINTR	a fatal signal came during a long buffer
 */

/*
 * long rsys_counter(unsigned int op, __u64 arg, unsigned int flags);
 *
 * A counter shared by all callers. Returns the counter's value after the
 * operation. Any caller may read it (RSYS_COUNTER_GET, and rsys_info());
 * changing it (RSYS_COUNTER_ADD, RSYS_COUNTER_RESET) needs CAP_SYS_ADMIN,
 * since every caller sees the change. arg must be 0 for any op but
 * RSYS_COUNTER_ADD, and flags must be 0, so that either can get a meaning
 * later.
 *
 * Errors:
 * -EOVERFLOW	the counter would pass 2^63 - 1 (2^31 - 1 for a 32-bit
 *		caller); it is unchanged
 * -EPERM	RSYS_COUNTER_ADD or RSYS_COUNTER_RESET without CAP_SYS_ADMIN;
 *		the counter is unchanged
 * -EINVAL	op is not one of the above, or arg is not 0 for an op other
 *		than RSYS_COUNTER_ADD
 */
#define RSYS_COUNTER_GET	0
#define RSYS_COUNTER_ADD	1	/* add arg */
#define RSYS_COUNTER_RESET	2	/* set to 0 */

/*
 * long rsys_info(struct rsys_info *info, size_t size, unsigned int flags);
 *
 * Fills the first size bytes of *info; bytes past the kernel's struct are
 * zeroed. info->size is the size of the kernel's struct. flags must be 0.
 * Any caller: it tells only what every caller may read.
 *
 * Errors:
 * -EINVAL	size is smaller than RSYS_INFO_SIZE_VER0, or larger than a page
 */
struct rsys_info {
	__u32 size;		/* sizeof(struct rsys_info) of the kernel */
	__u32 version;		/* RSYS_VERSION_MAJOR << 16 | RSYS_VERSION_MINOR */
	__u32 nr_syscalls;	/* number of rsys system calls in the table */
	__u32 features;		/* RSYS_FEATURE_* */
	__u64 counter;		/* value of the rsys_counter() counter */
};

#define RSYS_INFO_SIZE_VER0	24	/* sizeof first published struct */

#define RSYS_FEATURE_SELFTEST	0x00000001U	/* rsys_selftest() is built in */
/* rsys-series: test-only */

/*
 * long rsys_selftest(unsigned int op, unsigned int flags);
 *
 * Operations that test rsys itself (CONFIG_RUST_SYSCALLS_SELFTEST); needs
 * CAP_SYS_ADMIN.
 * RSYS_SELFTEST_PANIC panics in Rust: the calling task is killed by an oops.
 * RSYS_SELFTEST_PRINT prints a message longer than the Rust print buffer
 * and returns the number of bytes printed. RSYS_SELFTEST_OOB reads one byte
 * past the end of a stack array from unsafe Rust and returns it: a KASAN
 * kernel reports the access. RSYS_SELFTEST_LOCKS takes two mutexes, one
 * inside the other, then two spinlocks the same way, each the first time
 * inside the other, and returns the number of locks taken (4): lockdep
 * reports nothing, since each rsys lock has its own class, and nothing
 * sleeps in atomic context. flags must be 0.
 *
 * Errors:
 * -EPERM	the caller lacks CAP_SYS_ADMIN
 * -EINVAL	op is not one of the above
 * -EINTR	RSYS_SELFTEST_LOCKS: a fatal signal came while waiting for a
 *		mutex
 */
#define RSYS_SELFTEST_PANIC	1
#define RSYS_SELFTEST_PRINT	2
#define RSYS_SELFTEST_OOB	3
#define RSYS_SELFTEST_LOCKS	4
/* rsys-series: calls */

/*
 * long rsys_store(unsigned int op, __u64 key, void *buf, size_t len,
 *		   unsigned int flags);
 *
 * A store of small records keyed by a __u64, each private to its owner:
 * the caller's effective uid as the initial user namespace sees it (see
 * above). Any caller may use it, and sees and changes only its own records:
 * another owner's record of key is as if there were none, whatever len is,
 * and two owners may each have a record of the same key. Root has no access
 * to other users' records either.
 * RSYS_STORE_INSERT copies buf[0..len) in as the caller's record of key.
 * RSYS_STORE_LOOKUP copies the caller's record of key to buf and returns its
 * length. RSYS_STORE_DELETE removes the caller's record of key (buf NULL,
 * len 0). Returns 0 but for a lookup. flags must be 0.
 *
 * Errors:
 * -EEXIST	insert: the caller has a record of key
 * -E2BIG	insert: len is over RSYS_STORE_VALUE_MAX
 * -EDQUOT	insert: the caller holds RSYS_STORE_USER_MAX records
 * -ENOSPC	insert: the store holds its limit of records, all owners'
 *		(see rsys_store_limit())
 * -ENOMEM	insert: no memory for the record (its memory is charged to
 *		the caller's memory cgroup, whose limit may be reached)
 * -ENOENT	lookup, delete: the caller has no record of key
 * -ERANGE	lookup: len is smaller than the record; nothing is copied
 * -EINVAL	op is not one of the above, or a delete has a buffer
 * -EINTR	a fatal signal came while waiting for the store
 */
#define RSYS_STORE_INSERT	0
#define RSYS_STORE_LOOKUP	1
#define RSYS_STORE_DELETE	2

#define RSYS_STORE_VALUE_MAX	256	/* longest record, in bytes */
#define RSYS_STORE_USER_MAX	16	/* records one owner holds at most */
#define RSYS_STORE_LIMIT_DEFAULT 64	/* records the store holds at boot */
#define RSYS_STORE_LIMIT_MAX	4096	/* highest limit rsys_store_limit() sets */

/*
 * long rsys_store_limit(unsigned int limit, unsigned int flags);
 *
 * Sets how many records rsys_store() holds at most, all owners' together,
 * 1 to RSYS_STORE_LIMIT_MAX, and returns the previous limit. Needs
 * CAP_SYS_ADMIN. flags must be 0.
 *
 * Errors:
 * -EPERM	the caller lacks CAP_SYS_ADMIN
 * -EINVAL	limit is 0 or over RSYS_STORE_LIMIT_MAX
 * -EBUSY	the store holds more records than limit
 * -EINTR	a fatal signal came while waiting for the store
 */

/*
 * long rsys_greet(const char *name, char *buf, size_t size,
 *		   unsigned int flags);
 *
 * Writes a greeting, "Hello, <name>!", and a NUL to buf, and returns its
 * length without the NUL. flags must be 0. Any caller; no state.
 *
 * Errors:
 * -ENAMETOOLONG	name, with its NUL, is longer than RSYS_NAME_MAX bytes
 * -EINVAL	name is empty
 * -ERANGE	size is too small; nothing is written
 */
#define RSYS_NAME_MAX		64

/*
 * long rsys_whoami(struct rsys_whoami *who, size_t size, unsigned int flags);
 *
 * Tells the caller its ids: fills the first size bytes of *who with them
 * as the caller sees them from its own namespaces (what gettid(),
 * getpid(), getuid(), ... return); bytes past the kernel's struct are
 * zeroed. flags must be 0. Any caller;
 * it tells only about the caller.
 *
 * Errors:
 * -EINVAL	size is smaller than RSYS_WHOAMI_SIZE_VER0, or larger than a page
 */
struct rsys_whoami {
	__s32 pid;		/* thread id */
	__s32 tgid;		/* process id */
	__u32 uid;
	__u32 gid;
	__u32 euid;
	__u32 egid;
};

#define RSYS_WHOAMI_SIZE_VER0	24	/* sizeof first published struct */

/*
 * long rsys_cachestat(unsigned int fd, struct cachestat_range *cstat_range,
 *		       struct cachestat *cstat, unsigned int flags);
 *
 * cachestat(2) written again in Rust: the same arguments (struct
 * cachestat_range and struct cachestat of <linux/mman.h>), results and
 * errors, checked in the order below.
 *
 * Errors:
 * -EBADF	fd is not an open file descriptor
 * -EFAULT	cstat_range points to memory the caller cannot read
 * -EOPNOTSUPP	fd is a hugetlbfs file
 * -EPERM	the caller neither opened the file for writing, nor owns it,
 *		nor could open it for writing
 * -EINVAL	flags is not 0
 * -EFAULT	cstat points to memory the caller cannot write
 * -ENOSYS	the kernel has no cachestat(2): before 6.5, or without
 *		CONFIG_CACHESTAT_SYSCALL
 */
/* rsys-series: range */

#endif /* _UAPI_LINUX_RSYS_H */
