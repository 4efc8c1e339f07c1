// SPDX-License-Identifier: GPL-2.0
/*
 * sysc-test: tests for the rsys system calls, which are implemented in Rust
 * (see <linux/rsys.h>).
 *
 * Build it statically with -DRSYS_NR_EXPECTED=<number of rsys system calls>
 * and -DRSYS_NR_LAST=<highest rsys number>, both counted in the kernel's
 * <asm/unistd.h>.
 * It runs as /init (PID 1) of a test VM or as an ordinary program, and
 * reports in KTAP on stdout: a plan, one "ok N name" or "not ok N name" line
 * per case (with "# " diagnostics before a failure), "# Totals: ..." and,
 * last, "P passed, F failed". As PID 1 it then ends the VM, writing 0 (all
 * passed) or 1 to the isa-debug-exit port and powering off; otherwise it
 * exits with status 0 or 1.
 *
 * With rsys_expect=off in the environment (passed from the kernel command
 * line to init) it checks that the system calls are absent instead. With
 * rsys_mode=bench it times each Rust call against its C twin and getppid(),
 * printing "# bench: NAME IMPL min=N median=N max=N" (nanoseconds per call;
 * under QEMU's -icount shift=0, instructions per call).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <grp.h>
#include <sys/io.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <asm/unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/rsys.h>
#include <linux/seccomp.h>

#include "sysc-test.h"

#ifndef RSYS_NR_EXPECTED
#error "build with -DRSYS_NR_EXPECTED=<number of rsys system calls>"
#endif
#ifndef RSYS_NR_LAST
#error "build with -DRSYS_NR_LAST=<highest rsys system call number>"
#endif

struct rsys_test {
	const char *name;
	bool (*fn)(void);
};

/* The rsys calls' range of the x86-64 table: __NR_rsys_add up to this. */
#define RSYS_NR_RANGE_LAST	1099

/* QEMU's isa-debug-exit device, as the test VM is started with it. */
#define DEBUG_EXIT_PORT		0xf4

/* syslog(2) actions; no user-space header defines them. */
#ifndef SYSLOG_ACTION_READ_ALL
#define SYSLOG_ACTION_READ_ALL		3
#endif
#ifndef SYSLOG_ACTION_SIZE_BUFFER
#define SYSLOG_ACTION_SIZE_BUFFER	10
#endif

/* Adler-32's modulus: the largest prime below 2^16. */
#define ADLER_MOD		65521U

#define CHILD_RETURNED		253	/* exit status: survived a panic */

#define COUNTER_THREADS		4
#define COUNTER_ADDS		50000

#define RANDOM_LEN		10000
#define LARGE_LEN		((1U << 20) + 3)
#define CSUM_POISON		0xdeadbeefU

/* Kernel log text of the panic that RSYS_SELFTEST_PANIC causes. */
#define LOG_RUST_PANIC		"Rust panic at"
#define LOG_PANIC_MSG		"rsys_selftest: panic requested"
#define LOG_KERNEL_BUG		"kernel BUG at"
#define LOG_BUG_FILE		"kernel/rsys/helpers.c"
/*
 * The header of an oops, "<what>: <error code> [#<count>] ...": 6.9+ starts
 * it with "Oops: ", 6.1 prints e.g. "invalid opcode: 0000 [#1] SMP".
 */
#define LOG_OOPS		" [#"
/* The start of what RSYS_SELFTEST_PRINT prints, after the "rsys: " prefix. */
#define LOG_PREFIX		"rsys: "
#define LOG_PRINT_MSG		"rsys_selftest: 0123456789"
#define LOG_ELLIPSIS		"..."
/* KASAN: its banner at boot, and the header of each report. */
#define LOG_KASAN_READY		"KernelAddressSanitizer initialized"
#define LOG_KASAN_REPORT	"BUG: KASAN: "

/* KASAN reports the harness caused on purpose (RSYS_SELFTEST_OOB). */
static int kasan_reports_expected;

/* RSYS_SELFTEST_PRINT's whole message is longer than this. */
#define PRINT_FULL_LEN		1000

/* System call wrappers: return the result, or -errno as the kernel does. */

/*
 * Each Rust call and its C twin take the same arguments: one wrapper per
 * signature serves both, given the number.
 */
static long add_nr(long nr, unsigned long a, unsigned long b,
		   unsigned int flags)
{
	return sys_ret(syscall(nr, a, b, flags));
}

static long checksum_nr(long nr, const void *buf, size_t len, __u32 *csum,
			unsigned int flags)
{
	return sys_ret(syscall(nr, buf, len, csum, flags));
}

static long counter_nr(long nr, unsigned int op, __u64 arg,
		       unsigned int flags)
{
	return sys_ret(syscall(nr, op, arg, flags));
}

static long info_nr(long nr, void *info, size_t size, unsigned int flags)
{
	return sys_ret(syscall(nr, info, size, flags));
}

#define rsys_add(...)		add_nr(__NR_rsys_add, __VA_ARGS__)
#define rsys_add_c(...)		add_nr(__NR_rsys_add_c, __VA_ARGS__)
#define rsys_checksum(...)	checksum_nr(__NR_rsys_checksum, __VA_ARGS__)
#define rsys_checksum_c(...)	checksum_nr(__NR_rsys_checksum_c, __VA_ARGS__)
#define rsys_counter(...)	counter_nr(__NR_rsys_counter, __VA_ARGS__)
#define rsys_counter_c(...)	counter_nr(__NR_rsys_counter_c, __VA_ARGS__)
#define rsys_info(...)		info_nr(__NR_rsys_info, __VA_ARGS__)
#define rsys_info_c(...)	info_nr(__NR_rsys_info_c, __VA_ARGS__)

static long rsys_selftest(unsigned int op, unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_selftest, op, flags));
}

static long sys_nr(long nr)
{
	return sys_ret(syscall(nr, 0, 0, 0, 0, 0, 0));
}

/* Reference Adler-32 (RFC 1950), one byte at a time. */
static __u32 adler32(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	__u32 a = 1, b = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		a = (a + p[i]) % ADLER_MOD;
		b = (b + a) % ADLER_MOD;
	}
	return b << 16 | a;
}

/* Fills buf with reproducible pseudo-random bytes (xorshift32). */
static void fill_random(unsigned char *buf, size_t len, __u32 seed)
{
	size_t i;

	for (i = 0; i < len; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		buf[i] = (unsigned char)seed;
	}
}

/* Checks that the kernel's checksum of buf[0..len) matches the reference. */
static bool checksum_matches(const void *buf, size_t len)
{
	__u32 csum = CSUM_POISON;
	__u32 want = adler32(buf, len);

	if (!EXPECT(rsys_checksum(buf, len, &csum, 0), 0))
		return false;
	return check(csum == want, "len %zu: checksum %#x, expected %#x",
		     len, csum, want);
}

/* Checks that checksumming buf[0..len) fails with EFAULT, csum unchanged. */
static bool checksum_faults(const void *buf, size_t len)
{
	__u32 csum = CSUM_POISON;
	bool ok;

	ok = EXPECT(rsys_checksum(buf, len, &csum, 0), -EFAULT);
	return check(csum == CSUM_POISON, "*csum changed to %#x", csum) && ok;
}

/* Reads the whole kernel log into a NUL-terminated buffer; free() it. */
static char *read_kernel_log(void)
{
	int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
	char *buf;
	int len;

	if (size <= 0) {
		diag("klogctl(SYSLOG_ACTION_SIZE_BUFFER): %s", strerror(errno));
		return NULL;
	}
	buf = malloc((size_t)size + 1);
	if (!buf) {
		diag("malloc: %s", strerror(errno));
		return NULL;
	}
	len = klogctl(SYSLOG_ACTION_READ_ALL, buf, size);
	if (len < 0) {
		diag("klogctl(SYSLOG_ACTION_READ_ALL): %s", strerror(errno));
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

/*
 * Returns the next line of a log buffer, NUL-terminated in place, and moves
 * *pos past it; NULL at the end.
 */
static char *next_line(char **pos)
{
	char *line = *pos, *end;

	if (!*line)
		return NULL;
	end = strchr(line, '\n');
	if (end) {
		*end = '\0';
		*pos = end + 1;
	} else {
		*pos = line + strlen(line);
	}
	return line;
}

/* Counts the log lines containing what, and those also containing also. */
static void count_lines(const char *log, const char *what, const char *also,
			int *n, int *n_also)
{
	char *copy = strdup(log), *pos = copy, *line;

	*n = 0;
	*n_also = 0;
	if (!copy)
		return;
	while ((line = next_line(&pos))) {
		if (!strstr(line, what))
			continue;
		(*n)++;
		if (also && strstr(line, also))
			(*n_also)++;
	}
	free(copy);
}

/* rsys_info() */

static bool test_info_fills_struct(void)
{
	struct rsys_info info;
	long before, after;
	bool ok;

	memset(&info, POISON, sizeof(info));
	before = rsys_counter(RSYS_COUNTER_GET, 0, 0);
	if (!EXPECT(rsys_info(&info, sizeof(info), 0), 0))
		return false;
	after = rsys_counter(RSYS_COUNTER_GET, 0, 0);
	ok = check(info.size == sizeof(info), "size %u, expected %zu",
		   info.size, sizeof(info));
	ok &= check(info.version ==
		    (RSYS_VERSION_MAJOR << 16 | RSYS_VERSION_MINOR),
		    "version %#x, expected %#x", info.version,
		    RSYS_VERSION_MAJOR << 16 | RSYS_VERSION_MINOR);
	ok &= check(info.nr_syscalls == RSYS_NR_EXPECTED,
		    "nr_syscalls %u, expected %u", info.nr_syscalls,
		    RSYS_NR_EXPECTED);
	ok &= check(info.features & RSYS_FEATURE_SELFTEST,
		    "features %#x lack RSYS_FEATURE_SELFTEST", info.features);
	ok &= check(before >= 0 && info.counter == (__u64)before &&
		    before == after,
		    "counter %llu, rsys_counter() said %ld then %ld",
		    (unsigned long long)info.counter, before, after);
	return ok;
}

static bool test_info_rejects_small_size(void)
{
	static const size_t sizes[] = { 0, 1, RSYS_INFO_SIZE_VER0 - 1 };
	unsigned char buf[RSYS_INFO_SIZE_VER0];
	bool ok = true;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		memset(buf, POISON, sizeof(buf));
		ok &= EXPECT(rsys_info(buf, sizes[i], 0), -EINVAL);
		ok &= check(all_bytes(buf, sizeof(buf), POISON),
			    "size %zu: buffer changed", sizes[i]);
	}
	return ok;
}

/* Checks a successful rsys_info() of size bytes at buf. */
static bool info_fills_size(unsigned char *buf, size_t size)
{
	struct rsys_info info;
	bool ok;

	memset(buf, POISON, size);
	if (!EXPECT(rsys_info(buf, size, 0), 0))
		return false;
	memcpy(&info, buf, sizeof(info));
	ok = check(info.size == sizeof(info), "size %u, expected %zu",
		   info.size, sizeof(info));
	ok &= check(all_bytes(buf + sizeof(info), size - sizeof(info), 0),
		    "bytes %zu..%zu not all zeroed", sizeof(info), size - 1);
	return ok;
}

static bool test_info_zero_fills_larger_size(void)
{
	unsigned char buf[64];

	return info_fills_size(buf, sizeof(buf));
}

static bool test_info_accepts_page_size(void)
{
	unsigned char *buf = map_pages(1);
	bool ok;

	if (!buf)
		return false;
	ok = info_fills_size(buf, page_size());
	unmap_pages(buf, 1);
	return ok;
}

static bool test_info_rejects_size_over_page(void)
{
	unsigned char *buf = map_pages(2);
	bool ok;

	if (!buf)
		return false;
	ok = EXPECT(rsys_info(buf, page_size() + 1, 0), -EINVAL);
	ok &= check(all_bytes(buf, 2 * page_size(), POISON),
		    "buffer changed");
	unmap_pages(buf, 2);
	return ok;
}

static bool test_info_rejects_unknown_flags(void)
{
	struct rsys_info info;
	bool ok;

	memset(&info, POISON, sizeof(info));
	ok = EXPECT(rsys_info(&info, sizeof(info), 1), -EINVAL);
	ok &= EXPECT(rsys_info(&info, sizeof(info), 1U << 31), -EINVAL);
	ok &= check(all_bytes(&info, sizeof(info), POISON), "buffer changed");
	return ok;
}

static bool test_info_efault_null(void)
{
	return EXPECT(rsys_info(NULL, sizeof(struct rsys_info), 0), -EFAULT);
}

static bool test_info_efault_readonly_page(void)
{
	unsigned char *page = map_pages(1);
	bool ok;

	if (!page)
		return false;
	if (mprotect(page, page_size(), PROT_READ)) {
		diag("mprotect: %s", strerror(errno));
		unmap_pages(page, 1);
		return false;
	}
	ok = EXPECT(rsys_info(page, sizeof(struct rsys_info), 0), -EFAULT);
	ok &= check(all_bytes(page, page_size(), POISON), "page changed");
	unmap_pages(page, 1);
	return ok;
}

/* rsys_add() */

static bool test_add_returns_sum(void)
{
	static const struct {
		__u32 a, b;
	} pairs[] = {
		{ 0, 0 },
		{ 2, 3 },
		{ 0, UINT32_MAX },
		{ 0x7fffffff, 0x80000000 },
		{ 0xfffffffe, 1 },
		{ 123456789, 987654321 },
	};
	bool ok = true;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pairs); i++) {
		long want = (long)pairs[i].a + pairs[i].b;

		ok &= EXPECT(rsys_add(pairs[i].a, pairs[i].b, 0), want);
		ok &= EXPECT(rsys_add(pairs[i].a, pairs[i].b,
				      RSYS_ADD_SATURATE), want);
	}
	return ok;
}

static bool test_add_overflow_is_eoverflow(void)
{
	bool ok;

	ok = EXPECT(rsys_add(UINT32_MAX, 1, 0), -EOVERFLOW);
	ok &= EXPECT(rsys_add(0x80000000, 0x80000000, 0), -EOVERFLOW);
	ok &= EXPECT(rsys_add(UINT32_MAX, UINT32_MAX, 0), -EOVERFLOW);
	return ok;
}

static bool test_add_saturates_with_flag(void)
{
	bool ok;

	ok = EXPECT(rsys_add(UINT32_MAX, 1, RSYS_ADD_SATURATE), UINT32_MAX);
	ok &= EXPECT(rsys_add(0x80000000, 0x80000000, RSYS_ADD_SATURATE),
		     UINT32_MAX);
	ok &= EXPECT(rsys_add(UINT32_MAX, UINT32_MAX, RSYS_ADD_SATURATE),
		     UINT32_MAX);
	return ok;
}

static bool test_add_rejects_unknown_flags(void)
{
	bool ok;

	ok = EXPECT(rsys_add(2, 3, 1U << 1), -EINVAL);
	ok &= EXPECT(rsys_add(2, 3, 1U << 31), -EINVAL);
	ok &= EXPECT(rsys_add(2, 3, RSYS_ADD_SATURATE | 1U << 1), -EINVAL);
	return ok;
}

static bool test_add_truncates_args_to_32_bits(void)
{
	bool ok;

	ok = EXPECT(rsys_add(0x100000002UL, 3, 0), 5);
	ok &= EXPECT(rsys_add(2, 0xffffffff00000003UL, 0), 5);
	ok &= EXPECT(rsys_add(0x1ffffffffUL, 1, 0), -EOVERFLOW);
	return ok;
}

/* rsys_checksum() */

static bool test_checksum_known_vector(void)
{
	static const char text[] = "Wikipedia";
	const __u32 want = 0x11e60398;	/* Adler-32 of "Wikipedia" */
	__u32 csum = CSUM_POISON;
	bool ok;

	ok = check(adler32(text, strlen(text)) == want,
		   "reference Adler-32 of \"%s\" is %#x, expected %#x",
		   text, adler32(text, strlen(text)), want);
	ok &= EXPECT(rsys_checksum(text, strlen(text), &csum, 0), 0);
	ok &= check(csum == want, "checksum %#x, expected %#x", csum, want);
	return ok;
}

static bool test_checksum_matches_reference(void)
{
	static unsigned char buf[RANDOM_LEN];
	static const size_t lens[] = { 1, 511, 512, 513, 5552, RANDOM_LEN };
	bool ok = true;
	size_t i;

	fill_random(buf, sizeof(buf), 1);
	for (i = 0; i < ARRAY_SIZE(lens); i++)
		ok &= checksum_matches(buf, lens[i]);
	/* All 0xff bytes: the largest sums per byte. */
	memset(buf, 0xff, sizeof(buf));
	ok &= checksum_matches(buf, sizeof(buf));
	return ok;
}

static bool test_checksum_large_buffer(void)
{
	unsigned char *buf = malloc(LARGE_LEN);
	bool ok;

	if (!buf) {
		diag("malloc: %s", strerror(errno));
		return false;
	}
	fill_random(buf, LARGE_LEN, 2);
	ok = checksum_matches(buf, LARGE_LEN);
	free(buf);
	return ok;
}

static bool test_checksum_empty_buffer(void)
{
	const __u32 want = 1;	/* Adler-32 of no bytes */
	__u32 csum = CSUM_POISON;
	char byte = 0;
	bool ok;

	ok = EXPECT(rsys_checksum(NULL, 0, &csum, 0), 0);
	ok &= check(csum == want, "NULL buffer: checksum %#x, expected %#x",
		    csum, want);
	csum = CSUM_POISON;
	ok &= EXPECT(rsys_checksum(&byte, 0, &csum, 0), 0);
	ok &= check(csum == want, "checksum %#x, expected %#x", csum, want);
	return ok;
}

static bool test_checksum_efault_null_buffer(void)
{
	return checksum_faults(NULL, 16);
}

static bool test_checksum_efault_unmapped_buffer(void)
{
	unsigned char *page = map_pages(1);

	if (!page)
		return false;
	unmap_pages(page, 1);
	return checksum_faults(page, 16);
}

static bool test_checksum_efault_kernel_address(void)
{
	return checksum_faults((const void *)KERNEL_ADDR, 16);
}

static bool test_checksum_efault_page_straddle(void)
{
	unsigned char *pages = map_pages(2);
	bool ok;

	if (!pages)
		return false;
	if (mprotect(pages + page_size(), page_size(), PROT_NONE)) {
		diag("mprotect: %s", strerror(errno));
		unmap_pages(pages, 2);
		return false;
	}
	/* 8 readable bytes, then 8 in the inaccessible page. */
	ok = checksum_faults(pages + page_size() - 8, 16);
	unmap_pages(pages, 2);
	return ok;
}

static bool test_checksum_efault_readonly_output(void)
{
	unsigned char *page = map_pages(1);
	static const char text[] = "Wikipedia";
	bool ok;

	if (!page)
		return false;
	if (mprotect(page, page_size(), PROT_READ)) {
		diag("mprotect: %s", strerror(errno));
		unmap_pages(page, 1);
		return false;
	}
	ok = EXPECT(rsys_checksum(text, strlen(text), (__u32 *)page, 0),
		    -EFAULT);
	ok &= check(all_bytes(page, page_size(), POISON), "page changed");
	unmap_pages(page, 1);
	return ok;
}

static bool test_checksum_efault_null_output(void)
{
	static const char text[] = "Wikipedia";

	return EXPECT(rsys_checksum(text, strlen(text), NULL, 0), -EFAULT);
}

static bool test_checksum_rejects_unknown_flags(void)
{
	static const char text[] = "Wikipedia";
	__u32 csum = CSUM_POISON;
	bool ok;

	ok = EXPECT(rsys_checksum(text, strlen(text), &csum, 1), -EINVAL);
	ok &= EXPECT(rsys_checksum(text, strlen(text), &csum, 1U << 31),
		     -EINVAL);
	/* Flags are checked before the buffers. */
	ok &= EXPECT(rsys_checksum(NULL, 16, NULL, 1), -EINVAL);
	ok &= check(csum == CSUM_POISON, "*csum changed to %#x", csum);
	return ok;
}

/* rsys_counter() */

/* Reads the counter into *v; says why not if it cannot. */
static bool counter_get(long *v)
{
	char buf[80];

	*v = rsys_counter(RSYS_COUNTER_GET, 0, 0);
	return check(*v >= 0, "rsys_counter(RSYS_COUNTER_GET, 0, 0): %s",
		     fmt_ret(*v, buf, sizeof(buf)));
}

/* Adds 1 to the counter, which must then be positive; *v is the result. */
static bool counter_add_nonzero(long *v)
{
	char buf[80];

	*v = rsys_counter(RSYS_COUNTER_ADD, 1, 0);
	return check(*v > 0, "rsys_counter(RSYS_COUNTER_ADD, 1, 0): %s",
		     fmt_ret(*v, buf, sizeof(buf)));
}

static bool test_counter_add_and_get(void)
{
	bool ok;
	long v;

	if (!counter_get(&v))
		return false;
	ok = EXPECT(rsys_counter(RSYS_COUNTER_ADD, 5, 0), v + 5);
	ok &= EXPECT(rsys_counter(RSYS_COUNTER_GET, 0, 0), v + 5);
	ok &= EXPECT(rsys_counter(RSYS_COUNTER_ADD, 0, 0), v + 5);
	ok &= EXPECT(rsys_counter(RSYS_COUNTER_ADD, 1000, 0), v + 1005);
	ok &= EXPECT(rsys_counter(RSYS_COUNTER_GET, 0, 0), v + 1005);
	return ok;
}

static bool test_counter_overflow_leaves_value(void)
{
	bool ok;
	long v;

	if (!counter_get(&v))
		return false;
	ok = EXPECT(rsys_counter(RSYS_COUNTER_ADD, (__u64)(LONG_MAX - v) + 1,
				 0), -EOVERFLOW);
	ok &= EXPECT(rsys_counter(RSYS_COUNTER_GET, 0, 0), v);
	ok &= EXPECT(rsys_counter(RSYS_COUNTER_ADD, UINT64_MAX, 0),
		     -EOVERFLOW);
	ok &= EXPECT(rsys_counter(RSYS_COUNTER_ADD, (__u64)LONG_MAX + 1, 0),
		     -EOVERFLOW);
	ok &= EXPECT(rsys_counter(RSYS_COUNTER_GET, 0, 0), v);
	return ok;
}

static bool test_counter_limit_is_long_max(void)
{
	bool ok;
	long v;

	if (!counter_get(&v))
		return false;
	ok = EXPECT(rsys_counter(RSYS_COUNTER_ADD, LONG_MAX - v, 0), LONG_MAX);
	ok &= EXPECT(rsys_counter(RSYS_COUNTER_ADD, 1, 0), -EOVERFLOW);
	ok &= EXPECT(rsys_counter(RSYS_COUNTER_GET, 0, 0), LONG_MAX);
	/* Leave the counter usable for the cases after this one. */
	ok &= EXPECT(rsys_counter(RSYS_COUNTER_RESET, 0, 0), 0);
	return ok;
}

struct counter_thread {
	pthread_t thread;
	int cpu;		/* CPU to pin to */
	int cpu_first;		/* CPUs it ran on (sched_getcpu()) */
	int cpu_last;
	long err;		/* first failed result, or 0 */
};

static void *counter_thread_fn(void *arg)
{
	struct counter_thread *t = arg;
	cpu_set_t set;
	long ret;
	int i;

	CPU_ZERO(&set);
	CPU_SET(t->cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		t->err = -errno;
		return NULL;
	}
	t->cpu_first = sched_getcpu();
	for (i = 0; i < COUNTER_ADDS; i++) {
		ret = rsys_counter(RSYS_COUNTER_ADD, 1, 0);
		if (ret < 0 && !t->err)
			t->err = ret;
	}
	t->cpu_last = sched_getcpu();
	return NULL;
}

static bool test_counter_exact_under_concurrency(void)
{
	struct counter_thread threads[COUNTER_THREADS] = { 0 };
	long nprocs = sysconf(_SC_NPROCESSORS_ONLN);
	bool used[CPU_SETSIZE] = { false };
	int i, nused = 0, err;
	long before, after;
	bool ok = true;

	/*
	 * QEMU's -smp 2 puts both CPUs in one package, and SeaBIOS's MP table
	 * then lists one: a kernel without ACPI needs -smp 2,sockets=2.
	 */
	if (!check(nprocs >= 2, "%ld CPU(s) online, need at least 2", nprocs))
		return false;
	if (!counter_get(&before))
		return false;
	for (i = 0; i < COUNTER_THREADS; i++) {
		threads[i].cpu = i % nprocs;
		err = pthread_create(&threads[i].thread, NULL,
				     counter_thread_fn, &threads[i]);
		if (err) {
			diag("pthread_create: %s", strerror(err));
			return false;	/* cannot join the others safely */
		}
	}
	for (i = 0; i < COUNTER_THREADS; i++)
		pthread_join(threads[i].thread, NULL);
	for (i = 0; i < COUNTER_THREADS; i++) {
		struct counter_thread *t = &threads[i];

		ok &= expect_ret("thread's rsys_counter(RSYS_COUNTER_ADD, 1, 0)",
				 t->err, 0);
		ok &= check(t->cpu_first == t->cpu && t->cpu_last == t->cpu,
			    "thread %d pinned to CPU %d ran on %d and %d", i,
			    t->cpu, t->cpu_first, t->cpu_last);
		if (t->cpu_first >= 0 && t->cpu_first < CPU_SETSIZE &&
		    !used[t->cpu_first]) {
			used[t->cpu_first] = true;
			nused++;
		}
	}
	after = rsys_counter(RSYS_COUNTER_GET, 0, 0);
	ok &= check(after - before == COUNTER_THREADS * COUNTER_ADDS,
		    "counter went from %ld to %ld, expected +%d", before,
		    after, COUNTER_THREADS * COUNTER_ADDS);
	ok &= check(nused >= 2, "threads ran on %d distinct CPU(s) of %ld",
		    nused, nprocs);
	return ok;
}

static bool test_counter_rejects_unknown_op(void)
{
	long v = rsys_counter(RSYS_COUNTER_GET, 0, 0);
	bool ok;

	ok = EXPECT(rsys_counter(RSYS_COUNTER_RESET + 1, 1, 0), -EINVAL);
	ok &= EXPECT(rsys_counter(UINT_MAX, 1, 0), -EINVAL);
	ok &= EXPECT(rsys_counter(RSYS_COUNTER_GET, 0, 0), v);
	return ok;
}

static bool test_counter_rejects_unknown_flags(void)
{
	long v = rsys_counter(RSYS_COUNTER_GET, 0, 0);
	bool ok;

	ok = EXPECT(rsys_counter(RSYS_COUNTER_GET, 0, 1), -EINVAL);
	ok &= EXPECT(rsys_counter(RSYS_COUNTER_ADD, 1, 1), -EINVAL);
	ok &= EXPECT(rsys_counter(RSYS_COUNTER_ADD, 1, 1U << 31), -EINVAL);
	ok &= EXPECT(rsys_counter(RSYS_COUNTER_RESET, 0, 1), -EINVAL);
	ok &= EXPECT(rsys_counter(RSYS_COUNTER_GET, 0, 0), v);
	return ok;
}

static long counter_reset(void)
{
	return rsys_counter(RSYS_COUNTER_RESET, 0, 0);
}

static bool test_counter_reset_needs_cap_sys_admin(void)
{
	bool ok;
	long v;

	/* A non-zero counter, so that a reset would show. */
	if (!counter_add_nonzero(&v))
		return false;
	ok = expect_unprivileged("unprivileged rsys_counter(RSYS_COUNTER_RESET, 0, 0)",
				 counter_reset, -EPERM);
	ok &= EXPECT(rsys_counter(RSYS_COUNTER_GET, 0, 0), v);
	return ok;
}

static bool test_counter_reset_as_admin(void)
{
	bool ok;
	long v;

	if (!counter_add_nonzero(&v))
		return false;
	ok = EXPECT(rsys_counter(RSYS_COUNTER_RESET, 0, 0), 0);
	ok &= EXPECT(rsys_counter(RSYS_COUNTER_GET, 0, 0), 0);
	return ok;
}

/* rsys_selftest() */

static long selftest_print(void)
{
	return rsys_selftest(RSYS_SELFTEST_PRINT, 0);
}

static long selftest_print_bad_flags(void)
{
	return rsys_selftest(RSYS_SELFTEST_PRINT, 1);
}

static bool test_selftest_needs_cap_sys_admin(void)
{
	bool ok;

	ok = expect_unprivileged("unprivileged rsys_selftest(RSYS_SELFTEST_PRINT, 0)",
				 selftest_print, -EPERM);
	/* Flags are checked before privileges. */
	ok &= expect_unprivileged("unprivileged rsys_selftest(RSYS_SELFTEST_PRINT, 1)",
				  selftest_print_bad_flags, -EINVAL);
	return ok;
}

static bool test_selftest_rejects_unknown_op(void)
{
	bool ok;

	ok = EXPECT(rsys_selftest(0, 0), -EINVAL);
	ok &= EXPECT(rsys_selftest(RSYS_SELFTEST_OOB + 1, 0), -EINVAL);
	ok &= EXPECT(rsys_selftest(UINT_MAX, 0), -EINVAL);
	return ok;
}

static bool test_selftest_rejects_unknown_flags(void)
{
	bool ok;

	ok = EXPECT(rsys_selftest(RSYS_SELFTEST_PRINT, 1), -EINVAL);
	ok &= EXPECT(rsys_selftest(RSYS_SELFTEST_PRINT, 1U << 31), -EINVAL);
	return ok;
}

/* Counts the kernel log's lines that contain what. */
static int log_count(const char *what)
{
	char *log = read_kernel_log();
	int n, n_also;

	if (!log)
		return -1;
	count_lines(log, what, NULL, &n, &n_also);
	free(log);
	return n;
}

/*
 * An out-of-bounds read in unsafe Rust: a KASAN kernel reports it (once) and
 * the call still returns; other kernels have nothing to catch it with.
 */
static bool test_selftest_kasan_catches_oob(void)
{
	int ready = log_count(LOG_KASAN_READY), before, after;
	long ret;

	if (ready < 0)
		return false;
	before = log_count(LOG_KASAN_REPORT);
	ret = rsys_selftest(RSYS_SELFTEST_OOB, 0);
	after = log_count(LOG_KASAN_REPORT);
	if (!check(ret >= 0 && ret <= UCHAR_MAX,
		   "rsys_selftest(RSYS_SELFTEST_OOB, 0) returned %ld, expected a byte",
		   ret))
		return false;
	if (!ready) {
		diag("not a KASAN kernel: the read went unreported, as expected");
		return check(after == before, "%d KASAN report(s) without KASAN",
			     after - before);
	}
	kasan_reports_expected++;
	return check(after == before + 1,
		     "%d KASAN report(s) for the out-of-bounds read, expected 1",
		     after - before);
}

static bool test_selftest_print_truncates(void)
{
	long ret = rsys_selftest(RSYS_SELFTEST_PRINT, 0);
	char *log, *pos, *line, *msg, *found = NULL;
	size_t len;
	bool ok;

	if (!check(ret > 0 && ret < PRINT_FULL_LEN,
		   "rsys_selftest(RSYS_SELFTEST_PRINT, 0) returned %ld, expected 1..%d",
		   ret, PRINT_FULL_LEN - 1))
		return false;
	log = read_kernel_log();
	if (!log)
		return false;
	/* The last such line is the one just printed. */
	pos = log;
	while ((line = next_line(&pos)))
		if (strstr(line, LOG_PREFIX LOG_PRINT_MSG))
			found = line;
	ok = check(found, "no \"%s\" line in the kernel log",
		   LOG_PREFIX LOG_PRINT_MSG);
	if (ok) {
		msg = strstr(found, LOG_PREFIX LOG_PRINT_MSG) +
		      strlen(LOG_PREFIX);
		len = strlen(msg);
		ok &= check(len == (size_t)ret,
			    "logged message has %zu bytes, call returned %ld",
			    len, ret);
		ok &= check(len >= strlen(LOG_ELLIPSIS) &&
			    !strcmp(msg + len - strlen(LOG_ELLIPSIS),
				    LOG_ELLIPSIS),
			    "logged message does not end in \"%s\": %s",
			    LOG_ELLIPSIS, msg);
	}
	free(log);
	return ok;
}

/* Numbers without an rsys system call */

static bool test_enosys_after_last(void)
{
	return EXPECT_NO_SYSCALL(sys_nr(RSYS_NR_LAST + 1));
}

static bool test_enosys_range_last(void)
{
	return EXPECT_NO_SYSCALL(sys_nr(RSYS_NR_RANGE_LAST));
}

static bool test_enosys_past_range(void)
{
	return EXPECT_NO_SYSCALL(sys_nr(RSYS_NR_RANGE_LAST + 1));
}

/* The panic path; these run last, the log check at the very end. */

static bool test_selftest_panic_kills_only_caller(void)
{
	int status;
	pid_t pid;
	long v;
	bool ok;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		diag("fork: %s", strerror(errno));
		return false;
	}
	if (pid == 0) {
		rsys_selftest(RSYS_SELFTEST_PANIC, 0);
		_exit(CHILD_RETURNED);
	}
	if (waitpid(pid, &status, 0) != pid) {
		diag("waitpid: %s", strerror(errno));
		return false;
	}
	ok = check(WIFSIGNALED(status),
		   "child was not killed: it exited with status %d",
		   WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	if (WIFSIGNALED(status))
		ok &= check(WTERMSIG(status) == SIGSEGV,
			    "child killed by %s, expected %s",
			    sigabbrev_np(WTERMSIG(status)),
			    sigabbrev_np(SIGSEGV));
	/* The caller's death leaves the system calls working. */
	ok &= EXPECT(rsys_add(2, 3, 0), 5);
	if (!counter_get(&v))
		return false;
	ok &= EXPECT(rsys_counter(RSYS_COUNTER_ADD, 1, 0), v + 1);
	ok &= EXPECT(rsys_counter(RSYS_COUNTER_GET, 0, 0), v + 1);
	return ok;
}

static bool test_log_shows_panic_once(void)
{
	char *log = read_kernel_log();
	int n, n_also;
	bool ok;

	if (!log)
		return false;
	count_lines(log, LOG_RUST_PANIC, LOG_PANIC_MSG, &n, &n_also);
	ok = check(n == 1 && n_also == 1,
		   "%d \"%s\" line(s), %d with \"%s\"; expected 1 and 1",
		   n, LOG_RUST_PANIC, n_also, LOG_PANIC_MSG);
	count_lines(log, LOG_KERNEL_BUG, LOG_BUG_FILE, &n, &n_also);
	ok &= check(n == 1 && n_also == 1,
		    "%d \"%s\" line(s), %d naming %s; expected 1 and 1",
		    n, LOG_KERNEL_BUG, n_also, LOG_BUG_FILE);
	count_lines(log, LOG_OOPS, NULL, &n, &n_also);
	ok &= check(n == 1, "%d \"%s\" line(s), expected 1", n, LOG_OOPS);
	free(log);
	return ok;
}

/*
 * Whether a log line is one of the intended panic's report, counting them:
 * the panic message, the BUG() and the oops may each appear once.
 */
static bool is_intended_panic_line(const char *line, int seen[3])
{
	if (strstr(line, LOG_RUST_PANIC))
		return strstr(line, LOG_PANIC_MSG) && !seen[0]++;
	if (strstr(line, LOG_KERNEL_BUG))
		return strstr(line, LOG_BUG_FILE) && !seen[1]++;
	if (strstr(line, LOG_OOPS))
		return !seen[2]++;
	return true;
}

static bool test_log_has_no_unexpected_errors(void)
{
	char *log = read_kernel_log();
	int seen[3] = { 0 }, bad = 0;
	char *pos, *line;

	if (!log)
		return false;
	pos = log;
	while ((line = next_line(&pos))) {
		if (strstr(line, LOG_KASAN_REPORT) &&
		    kasan_reports_expected-- > 0)
			continue;
		if (strstr(line, "WARNING:") || strstr(line, "BUG:") ||
		    strstr(line, "UBSAN:") ||
		    !is_intended_panic_line(line, seen)) {
			diag("unexpected in the kernel log: %s", line);
			bad++;
		}
	}
	free(log);
	return !bad;
}

/* The entry path: seccomp and ptrace see the rsys calls like any other. */

#define SECCOMP_ERRNO		EHOSTDOWN	/* an errno no rsys call returns */

/* In a child: a filter that fails rsys_add with SECCOMP_ERRNO. */
static long seccomp_child(void)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_rsys_add, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | SECCOMP_ERRNO),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = ARRAY_SIZE(filter),
		.filter = filter,
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
		return -EPROTO;
	/* Denied by the filter; the call next to it still runs. */
	if (rsys_add(2, 3, 0) != -SECCOMP_ERRNO)
		return -EBADE;
	return rsys_counter(RSYS_COUNTER_GET, 0, 0) >= 0 ? 0 : -EBADR;
}

static bool test_seccomp_filter_denies_call(void)
{
	return expect_unprivileged("seccomp filter on rsys_add", seccomp_child, 0) &&
	       EXPECT(rsys_add(2, 3, 0), 5);
}

/*
 * A traced child calls rsys_add(2, 3, 0); the tracer must see its entry
 * with the number and arguments, and its exit with the result.
 */
static bool test_ptrace_sees_entry_and_exit(void)
{
	struct user_regs_struct regs;
	bool entry_ok = false, exit_ok = false;
	int status, stops = 0;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return check(false, "fork: %s", strerror(errno));
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		_exit(rsys_add(2, 3, 0) == 5 ? 0 : 1);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
		return check(false, "child did not stop");
	ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)PTRACE_O_TRACESYSGOOD);
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, pid, NULL, NULL) ||
		    waitpid(pid, &status, 0) != pid)
			return check(false, "ptrace: %s", strerror(errno));
		if (WIFEXITED(status))
			break;
		if (!WIFSTOPPED(status) || WSTOPSIG(status) != (SIGTRAP | 0x80))
			continue;
		if (ptrace(PTRACE_GETREGS, pid, NULL, &regs))
			return check(false, "PTRACE_GETREGS: %s", strerror(errno));
		/* Stops alternate: entry, exit, entry, ... */
		if (regs.orig_rax == __NR_rsys_add) {
			if (stops % 2 == 0)
				entry_ok = regs.rdi == 2 && regs.rsi == 3 &&
					   regs.rdx == 0 && (long)regs.rax == -ENOSYS;
			else
				exit_ok = regs.rax == 5;
		}
		stops++;
	}
	return check(entry_ok, "no entry stop of rsys_add with its arguments") &&
	       check(exit_ok, "no exit stop of rsys_add returning 5") &&
	       check(WEXITSTATUS(status) == 0, "child saw a wrong result");
}

/* C twins: the benchmarks compare them with the Rust calls, so they must agree. */

static bool test_twin_add_agrees(void)
{
	static const unsigned long args[][3] = {
		{ 2, 3, 0 }, { 0xfffffffe, 1, 0 }, { 0xffffffff, 1, 0 },
		{ 0xffffffff, 1, RSYS_ADD_SATURATE }, { 1, 1, 2 },
	};
	bool ok = true;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(args); i++) {
		long rust = rsys_add(args[i][0], args[i][1], args[i][2]);
		long c = rsys_add_c(args[i][0], args[i][1], args[i][2]);

		ok &= check(rust == c, "add(%#lx, %#lx, %lu): Rust %ld, C %ld",
			    args[i][0], args[i][1], args[i][2], rust, c);
	}
	return ok;
}

static bool test_twin_checksum_agrees(void)
{
	static const size_t lens[] = { 0, 1, 511, 512, 513, RANDOM_LEN };
	unsigned char buf[RANDOM_LEN];
	__u32 csum = CSUM_POISON;
	bool ok = true;
	size_t i;

	fill_random(buf, sizeof(buf), 7);
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		__u32 rust = CSUM_POISON, c = ~CSUM_POISON;

		ok &= EXPECT(rsys_checksum(buf, lens[i], &rust, 0), 0);
		ok &= EXPECT(rsys_checksum_c(buf, lens[i], &c, 0), 0);
		ok &= check(rust == c, "len %zu: Rust %#x, C %#x", lens[i],
			    rust, c);
	}
	ok &= EXPECT(rsys_checksum_c(NULL, 16, &csum, 0), -EFAULT) &
	      EXPECT(rsys_checksum_c(buf, 16, NULL, 0), -EFAULT) &
	      EXPECT(rsys_checksum_c(buf, 16, &csum, 1), -EINVAL);
	ok &= check(csum == CSUM_POISON, "*csum changed to %#x", csum);
	return ok;
}

static bool test_twin_counter_agrees(void)
{
	bool ok = true;

	ok &= EXPECT(rsys_counter_c(RSYS_COUNTER_RESET, 0, 0), 0);
	ok &= EXPECT(rsys_counter_c(RSYS_COUNTER_ADD, 5, 0), 5);
	ok &= EXPECT(rsys_counter_c(RSYS_COUNTER_ADD, LONG_MAX - 5, 0),
		     LONG_MAX);
	ok &= EXPECT(rsys_counter_c(RSYS_COUNTER_ADD, 1, 0), -EOVERFLOW);
	ok &= EXPECT(rsys_counter_c(RSYS_COUNTER_GET, 0, 0), LONG_MAX);
	ok &= EXPECT(rsys_counter_c(RSYS_COUNTER_GET, 0, 1), -EINVAL);
	ok &= EXPECT(rsys_counter_c(~0U, 0, 0), -EINVAL);
	ok &= EXPECT(rsys_counter_c(RSYS_COUNTER_RESET, 0, 0), 0);
	return ok;
}

static bool test_twin_info_agrees(void)
{
	struct rsys_info rust, c;
	bool ok = true;

	memset(&rust, POISON, sizeof(rust));
	memset(&c, POISON, sizeof(c));
	ok &= EXPECT(rsys_info(&rust, sizeof(rust), 0), 0);
	ok &= EXPECT(rsys_info_c(&c, sizeof(c), 0), 0);
	ok &= check(rust.size == c.size && rust.version == c.version &&
		    rust.features == c.features,
		    "Rust size %u version %#x features %#x, C %u %#x %#x",
		    rust.size, rust.version, rust.features, c.size, c.version,
		    c.features);
	ok &= EXPECT(rsys_info_c(&c, RSYS_INFO_SIZE_VER0 - 1, 0), -EINVAL);
	ok &= EXPECT(rsys_info_c(NULL, sizeof(c), 0), -EFAULT);
	return ok;
}

/* Disabled mode: every rsys number is unused. */

static bool test_add_enosys_when_disabled(void)
{
	return EXPECT_NO_SYSCALL(rsys_add(2, 3, 0));
}

static bool test_checksum_enosys_when_disabled(void)
{
	__u32 csum = CSUM_POISON;

	return EXPECT_NO_SYSCALL(rsys_checksum(NULL, 0, &csum, 0));
}

static bool test_counter_enosys_when_disabled(void)
{
	return EXPECT_NO_SYSCALL(rsys_counter(RSYS_COUNTER_GET, 0, 0));
}

static bool test_info_enosys_when_disabled(void)
{
	struct rsys_info info;

	return EXPECT_NO_SYSCALL(rsys_info(&info, sizeof(info), 0));
}

static bool test_selftest_enosys_when_disabled(void)
{
	/* An unknown op: harmless should the call exist after all. */
	return EXPECT_NO_SYSCALL(rsys_selftest(0, 0));
}

static bool test_twins_enosys_when_disabled(void)
{
	struct rsys_info info;
	__u32 csum;

	return EXPECT_NO_SYSCALL(rsys_add_c(2, 3, 0)) &
	       EXPECT_NO_SYSCALL(rsys_checksum_c(NULL, 0, &csum, 0)) &
	       EXPECT_NO_SYSCALL(rsys_counter_c(RSYS_COUNTER_GET, 0, 0)) &
	       EXPECT_NO_SYSCALL(rsys_info_c(&info, sizeof(info), 0));
}

/* Benchmarks: one case per Rust call, timed against its C twin. */

#define BENCH_WARMUP		1000
#define BENCH_CALLS		20000
#define BENCH_RUNS		7
#define BENCH_MAX_STEP_NS	1000	/* the clock steps the times need */
#define BENCH_CSUM_LEN		256

typedef long (*bench_fn)(void);

static unsigned char bench_buf[BENCH_CSUM_LEN];
static __u32 bench_csum;
static struct rsys_info bench_info_buf;

static long bench_getppid(void) { return syscall(__NR_getppid); }
static long bench_add(void) { return syscall(__NR_rsys_add, 2, 3, 0); }
static long bench_add_c(void) { return syscall(__NR_rsys_add_c, 2, 3, 0); }

static long bench_checksum(void)
{
	return syscall(__NR_rsys_checksum, bench_buf, sizeof(bench_buf),
		       &bench_csum, 0);
}

static long bench_checksum_c(void)
{
	return syscall(__NR_rsys_checksum_c, bench_buf, sizeof(bench_buf),
		       &bench_csum, 0);
}

static long bench_counter(void)
{
	return syscall(__NR_rsys_counter, RSYS_COUNTER_GET, 0, 0);
}

static long bench_counter_c(void)
{
	return syscall(__NR_rsys_counter_c, RSYS_COUNTER_GET, 0, 0);
}

static long bench_info(void)
{
	return syscall(__NR_rsys_info, &bench_info_buf, sizeof(bench_info_buf),
		       0);
}

static long bench_info_c(void)
{
	return syscall(__NR_rsys_info_c, &bench_info_buf,
		       sizeof(bench_info_buf), 0);
}

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + (__u64)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	__u64 x = *(const __u64 *)a, y = *(const __u64 *)b;

	return x < y ? -1 : x > y;
}

/*
 * Times fn, which must return want every time: BENCH_RUNS runs of
 * BENCH_CALLS calls after a warm-up; prints min, median and max per call.
 */
static bool bench_one(const char *name, const char *impl, bench_fn fn,
		      long want)
{
	__u64 per_call[BENCH_RUNS];
	long ret;
	int run, i;

	for (i = 0; i < BENCH_WARMUP; i++) {
		ret = fn();
		if (ret != want) {
			diag("%s (%s) returned %ld, expected %ld", name, impl,
			     ret, want);
			return false;
		}
	}
	for (run = 0; run < BENCH_RUNS; run++) {
		__u64 start = now_ns();

		for (i = 0; i < BENCH_CALLS; i++)
			ret = fn();
		per_call[run] = (now_ns() - start) / BENCH_CALLS;
		if (ret != want) {
			diag("%s (%s) returned %ld, expected %ld", name, impl,
			     ret, want);
			return false;
		}
	}
	qsort(per_call, BENCH_RUNS, sizeof(per_call[0]), cmp_u64);
	printf("# bench: %s %s min=%llu median=%llu max=%llu\n", name, impl,
	       (unsigned long long)per_call[0],
	       (unsigned long long)per_call[BENCH_RUNS / 2],
	       (unsigned long long)per_call[BENCH_RUNS - 1]);
	return true;
}

/*
 * Whether CLOCK_MONOTONIC moves in steps of at most BENCH_MAX_STEP_NS. When
 * QEMU's TSC fails calibration, the kernel falls back to jiffies, and the
 * clock moves a tick at a time: a time per call would be a multiple of a
 * tick over BENCH_CALLS.
 */
static bool bench_clock_is_fine(void)
{
	__u64 min_step = ~0ULL;
	int sample;

	/* The smallest of a few steps: an interrupt may lengthen one. */
	for (sample = 0; sample < 16; sample++) {
		__u64 start = now_ns(), step = 0;
		long i;

		for (i = 0; i < 100000000 && !step; i++)
			step = now_ns() - start;
		if (step && step < min_step)
			min_step = step;
	}
	return check(min_step <= BENCH_MAX_STEP_NS,
		     "CLOCK_MONOTONIC moves in steps of %llu ns: no TSC, times would be ticks; run again",
		     (unsigned long long)min_step);
}

static bool bench_pair(const char *name, bench_fn rust, bench_fn c,
		       long want)
{
	if (!bench_clock_is_fine())
		return false;
	return bench_one(name, "rust", rust, want) &
	       bench_one(name, "c", c, want) &
	       bench_one(name, "getppid", bench_getppid, getppid());
}

static bool test_bench_add(void)
{
	return bench_pair("rsys_add", bench_add, bench_add_c, 5);
}

static bool test_bench_checksum(void)
{
	fill_random(bench_buf, sizeof(bench_buf), 11);
	return bench_pair("rsys_checksum", bench_checksum, bench_checksum_c, 0);
}

static bool test_bench_counter(void)
{
	return bench_pair("rsys_counter", bench_counter, bench_counter_c,
			  rsys_counter(RSYS_COUNTER_GET, 0, 0) ==
			  rsys_counter_c(RSYS_COUNTER_GET, 0, 0) ?
			  rsys_counter(RSYS_COUNTER_GET, 0, 0) : -1);
}

static bool test_bench_info(void)
{
	return bench_pair("rsys_info", bench_info, bench_info_c, 0);
}

/*
 * Fuzzing (rsys_mode=fuzz): random calls across the rsys range, with random
 * arguments, in a child process; then the kernel log must show no oops and
 * no warning. Pointers aim at a scratch mapping (with a read-only page and
 * an unmapped hole in it), at nothing, or at kernel memory: never at the
 * fuzzer's own memory. rsys_selftest is left out: it panics on request.
 * Every other call goes through int $0x80, the i386 entry, to the compat
 * wrappers, with the low halves of the arguments (the sixth is whatever
 * ebp holds); the scratch mapping is below 4 GiB for them.
 */
#define FUZZ_CALLS_DEFAULT	100000
#define FUZZ_SCRATCH_PAGES	8

struct fuzz_state {
	unsigned long calls;	/* calls made so far, shared with the parent */
};

static __u64 fuzz_next(__u64 *seed)
{
	/* xorshift64* */
	*seed ^= *seed >> 12;
	*seed ^= *seed << 25;
	*seed ^= *seed >> 27;
	return *seed * 0x2545f4914f6cdd1dULL;
}

static unsigned long fuzz_arg(__u64 *seed, unsigned char *scratch)
{
	__u64 r = fuzz_next(seed);
	size_t span = FUZZ_SCRATCH_PAGES * page_size();

	switch (r % 12) {
	case 0:
		return 0;
	case 1:
		return (r >> 8) % 4;			/* small: ops, flags */
	case 2:
		return 1UL << ((r >> 8) % 64);		/* one flag bit */
	case 3:
		return (r >> 8) % (2 * page_size());	/* a length */
	case 4:
		return (unsigned long)r;		/* anything */
	case 5:
	case 6:
	case 7:
		return (unsigned long)(scratch + (r >> 8) % span); /* mapped */
	case 8:
		return (unsigned long)(scratch + span - (r >> 8) % 64); /* edge */
	case 9:
		return KERNEL_ADDR + (r >> 8) % (1UL << 24);	/* kernel */
	case 10:
		return 0xffff888000000000UL + (r >> 8) % (1UL << 30); /* direct map */
	default:
		return ~0UL - (r >> 8) % page_size();	/* the top */
	}
}

/* The start of this program's image, from the linker. */
extern char __executable_start[];

static void fuzz_child(struct fuzz_state *state, unsigned long calls,
		       __u64 seed, unsigned char *scratch)
{
	long first = __NR_rsys_add, span = RSYS_NR_LAST - first + 3;
	/*
	 * The program's image and heap are below 4 GiB too: the i386 calls'
	 * truncated pointers are kept out of them.
	 */
	unsigned long image_start = (unsigned long)__executable_start;
	unsigned long image_end = (unsigned long)sbrk(0);

	while (state->calls < calls) {
		long nr = first + (long)(fuzz_next(&seed) % (__u64)span);
		unsigned long a[6];
		int i;

		if (nr == __NR_rsys_selftest)
			continue;
		for (i = 0; i < 6; i++)
			a[i] = fuzz_arg(&seed, scratch);
		if (state->calls % 2) {
			for (i = 0; i < 5; i++) {
				a[i] = (__u32)a[i];
				if (a[i] >= image_start && a[i] < image_end)
					a[i] = 0;
			}
			syscall_i386(nr, a[0], a[1], a[2], a[3], a[4]);
		} else {
			syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		}
		__atomic_store_n(&state->calls, state->calls + 1, __ATOMIC_RELAXED);
	}
	_exit(0);
}

/* Counts the oopses and warnings in the kernel log, printing each. */
static int fuzz_log_problems(int *oopses)
{
	char *log = read_kernel_log();
	char *pos, *line;
	int bad = 0;

	*oopses = 0;
	if (!log)
		return 1;
	pos = log;
	while ((line = next_line(&pos))) {
		bool oops = strstr(line, LOG_OOPS) && strstr(line, "] ");

		if (oops)
			(*oopses)++;
		if (oops || strstr(line, "WARNING:") || strstr(line, "BUG:") ||
		    strstr(line, "UBSAN:") || strstr(line, "Kernel panic")) {
			diag("fuzz: in the kernel log: %s", line);
			bad++;
		}
	}
	free(log);
	return bad;
}

static bool test_fuzz_random_calls(void)
{
	const char *env_calls = getenv("rsys_fuzz_calls");
	const char *env_seed = getenv("rsys_fuzz_seed");
	unsigned long calls = env_calls ? strtoul(env_calls, NULL, 0) :
				FUZZ_CALLS_DEFAULT;
	__u64 seed = env_seed ? strtoull(env_seed, NULL, 0) : (__u64)time(NULL);
	struct fuzz_state *state;
	unsigned char *scratch;
	int status, problems, oopses;
	pid_t pid;

	if (!seed)
		seed = 1;
	state = mmap(NULL, sizeof(*state), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	/* Below 4 GiB, for the i386 calls' 32-bit pointers. */
	scratch = mmap(NULL, (FUZZ_SCRATCH_PAGES + 1) * page_size(),
		       PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (state == MAP_FAILED || scratch == MAP_FAILED)
		return check(false, "fuzz: mmap failed");
	memset(scratch, POISON, (FUZZ_SCRATCH_PAGES + 1) * page_size());
	/*
	 * A read-only page and an inaccessible one inside the scratch mapping,
	 * and an inaccessible one after it, so that no write runs past it into
	 * other memory.
	 */
	mprotect(scratch + page_size(), page_size(), PROT_READ);
	mprotect(scratch + 3 * page_size(), page_size(), PROT_NONE);
	mprotect(scratch + FUZZ_SCRATCH_PAGES * page_size(), page_size(),
		 PROT_NONE);
	state->calls = 0;
	diag("fuzz: %lu calls, half through int $0x80, seed %#llx", calls,
	     (unsigned long long)seed);
	diag("fuzz: rsys_fuzz_seed=%#llx repeats it", (unsigned long long)seed);

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return check(false, "fork: %s", strerror(errno));
	if (pid == 0)
		fuzz_child(state, calls, seed, scratch);
	if (waitpid(pid, &status, 0) != pid)
		return check(false, "waitpid: %s", strerror(errno));

	problems = fuzz_log_problems(&oopses);
	printf("fuzz: %lu calls, %d oops\n", state->calls, oopses);
	return check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		     "fuzzer died (status %#x)", status) &&
	       check(state->calls == calls, "fuzzer stopped after %lu calls",
		     state->calls) &&
	       check(problems == 0, "%d oopses or warnings", problems);
}

/*
 * Audit, on a kernel with CONFIG_AUDIT (PROFILE=hardened): a syscall-exit
 * rule for rsys_add makes the kernel record the call, with its number,
 * arguments and result. With no audit daemon, kauditd prints the records
 * to the kernel log, where the case looks for them. Only a task forked
 * after audit was first enabled has an audit context: a child makes the
 * call.
 */
#define AUDIT_WAIT_MS		2000

/* Sends an audit request and returns its acknowledgement's error, or -errno. */
static int audit_request(int fd, int type, const void *data, size_t len)
{
	struct {
		struct nlmsghdr nlh;
		unsigned char data[sizeof(struct audit_rule_data)];
	} req;
	struct {
		struct nlmsghdr nlh;
		struct nlmsgerr err;
	} ack;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	ssize_t n;

	memset(&req, 0, sizeof(req));
	req.nlh.nlmsg_len = NLMSG_LENGTH(len);
	req.nlh.nlmsg_type = type;
	req.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	memcpy(req.data, data, len);
	if (sendto(fd, &req, req.nlh.nlmsg_len, 0,
		   (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return -errno;
	n = recv(fd, &ack, sizeof(ack), 0);
	if (n < 0)
		return -errno;
	if (n < (ssize_t)sizeof(ack) || ack.nlh.nlmsg_type != NLMSG_ERROR)
		return -EPROTO;
	return ack.err.error;
}

static int audit_socket(void)
{
	return socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
}

/* Whether the kernel has audit: its netlink protocol exists. */
static bool audit_available(void)
{
	int fd = audit_socket();

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* Whether the kernel log has the SYSCALL record of rsys_add(2, 3, 0). */
static bool audit_log_has_add(void)
{
	char want_nr[32], *log = read_kernel_log(), *pos = log, *line;
	bool found = false;

	snprintf(want_nr, sizeof(want_nr), " syscall=%d ", __NR_rsys_add);
	while (log && !found && (line = next_line(&pos)))
		found = strstr(line, "type=1300 ") && strstr(line, want_nr) &&
			strstr(line, " exit=5 ") && strstr(line, " a0=2 a1=3 ");
	free(log);
	return found;
}

static bool test_audit_logs_call(void)
{
	struct audit_status enable = {
		.mask = AUDIT_STATUS_ENABLED, .enabled = 1,
	};
	struct audit_status disable = {
		.mask = AUDIT_STATUS_ENABLED, .enabled = 0,
	};
	struct audit_rule_data rule;
	int fd, err, waited, status;
	bool ok;
	pid_t pid;

	memset(&rule, 0, sizeof(rule));
	rule.flags = AUDIT_FILTER_EXIT;
	rule.action = AUDIT_ALWAYS;
	rule.field_count = 1;
	rule.fields[0] = AUDIT_ARCH;
	rule.fieldflags[0] = AUDIT_EQUAL;
	rule.values[0] = AUDIT_ARCH_X86_64;
	rule.mask[__NR_rsys_add / 32] |= 1U << (__NR_rsys_add % 32);

	fd = audit_socket();
	if (fd < 0)
		return check(false, "audit socket: %s", strerror(errno));
	err = audit_request(fd, AUDIT_SET, &enable, sizeof(enable));
	if (!err)
		err = audit_request(fd, AUDIT_ADD_RULE, &rule, sizeof(rule));
	if (err) {
		close(fd);
		return check(false, "audit: enabling and adding the rule: %s",
			     strerror(-err));
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(rsys_add(2, 3, 0) == 5 ? 0 : 1);
	ok = check(pid > 0 && waitpid(pid, &status, 0) == pid &&
		   WIFEXITED(status) && WEXITSTATUS(status) == 0,
		   "the child's rsys_add(2, 3, 0) failed");
	/* kauditd prints from its own thread: give it a moment. */
	for (waited = 0; ok && !audit_log_has_add(); waited += 10) {
		if (waited >= AUDIT_WAIT_MS) {
			ok = check(false, "no audit record of the call after %d ms",
				   AUDIT_WAIT_MS);
			break;
		}
		usleep(10000);
	}
	err = audit_request(fd, AUDIT_DEL_RULE, &rule, sizeof(rule));
	if (!err)
		err = audit_request(fd, AUDIT_SET, &disable, sizeof(disable));
	close(fd);
	return check(!err, "audit: removing the rule: %s", strerror(-err)) &&
	       ok;
}

/*
 * The i386 cases: sysc-test-i386, a 32-bit program next to this one, lists
 * them, and runs each in a process of its own; each is reported here as a
 * case of this run.
 */
#define MAX_I386_CASES		64
#define EXEC_FAILED		127	/* exit status: could not run the program */

static char i386_program[PATH_MAX];
static char *i386_cases[MAX_I386_CASES];
static size_t nr_i386_cases;
static char i386_list_error[PATH_MAX + 160];

/* sysc-test-i386 is in the directory of argv[0] ("/" as /init). */
static void find_i386_program(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');

	if (slash)
		snprintf(i386_program, sizeof(i386_program),
			 "%.*s/sysc-test-i386", (int)(slash - argv0), argv0);
	else
		snprintf(i386_program, sizeof(i386_program),
			 "./sysc-test-i386");
}

/*
 * Runs sysc-test-i386 with the arguments args (NULL-terminated). With out,
 * its output goes there, NUL-terminated, else to this program's. Returns
 * its wait status, or -1 if it could not be started.
 */
static int run_i386_program(const char *const args[], char *out, size_t size)
{
	int pipefd[2] = { -1, -1 }, status;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	fflush(stdout);
	if (out && pipe(pipefd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (out) {
			dup2(pipefd[1], STDOUT_FILENO);
			close(pipefd[0]);
		}
		execv(i386_program, (char *const *)args);
		diag("cannot run %s: %s", i386_program, strerror(errno));
		_exit(EXEC_FAILED);
	}
	if (out) {
		close(pipefd[1]);
		while (len + 1 < size &&
		       (n = read(pipefd[0], out + len, size - 1 - len)) > 0)
			len += (size_t)n;
		out[len] = '\0';
		close(pipefd[0]);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* Asks sysc-test-i386 for the names of its cases of a run. */
static void list_i386_cases(bool off)
{
	const char *const args[] = { i386_program, "--list",
				     off ? "off" : "on", NULL };
	static char names[MAX_I386_CASES * 80];
	char *pos = names, *name;
	int status;

	status = run_i386_program(args, names, sizeof(names));
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(i386_list_error, sizeof(i386_list_error),
			 "%s --list failed (status %#x): is it built, and the kernel built with IA32_EMULATION?",
			 i386_program, (unsigned int)status);
		return;
	}
	while ((name = strsep(&pos, "\n")) && *name &&
	       nr_i386_cases < MAX_I386_CASES)
		i386_cases[nr_i386_cases++] = name;
}

static bool test_i386_cases_listed(void)
{
	if (i386_list_error[0])
		return check(false, "%s", i386_list_error);
	return check(nr_i386_cases > 0, "%s lists no cases", i386_program);
}

/* The case running now, for the i386 cases, which share one function. */
static const struct rsys_test *running;

static bool test_i386_case(void)
{
	const char *const args[] = { i386_program, running->name, NULL };
	int status = run_i386_program(args, NULL, 0);

	if (status == -1)
		return check(false, "fork: %s", strerror(errno));
	return check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		     "%s %s: status %#x", i386_program, running->name,
		     (unsigned int)status);
}

/* Suites */

#define RSYS_TEST(fn)	{ "rsys_" #fn, test_##fn }

static const struct rsys_test enabled_tests[] = {
	RSYS_TEST(info_fills_struct),
	RSYS_TEST(info_rejects_small_size),
	RSYS_TEST(info_zero_fills_larger_size),
	RSYS_TEST(info_accepts_page_size),
	RSYS_TEST(info_rejects_size_over_page),
	RSYS_TEST(info_rejects_unknown_flags),
	RSYS_TEST(info_efault_null),
	RSYS_TEST(info_efault_readonly_page),
	RSYS_TEST(add_returns_sum),
	RSYS_TEST(add_overflow_is_eoverflow),
	RSYS_TEST(add_saturates_with_flag),
	RSYS_TEST(add_rejects_unknown_flags),
	RSYS_TEST(add_truncates_args_to_32_bits),
	RSYS_TEST(checksum_known_vector),
	RSYS_TEST(checksum_matches_reference),
	RSYS_TEST(checksum_large_buffer),
	RSYS_TEST(checksum_empty_buffer),
	RSYS_TEST(checksum_efault_null_buffer),
	RSYS_TEST(checksum_efault_unmapped_buffer),
	RSYS_TEST(checksum_efault_kernel_address),
	RSYS_TEST(checksum_efault_page_straddle),
	RSYS_TEST(checksum_efault_readonly_output),
	RSYS_TEST(checksum_efault_null_output),
	RSYS_TEST(checksum_rejects_unknown_flags),
	RSYS_TEST(counter_add_and_get),
	RSYS_TEST(counter_overflow_leaves_value),
	RSYS_TEST(counter_limit_is_long_max),
	RSYS_TEST(counter_exact_under_concurrency),
	RSYS_TEST(counter_rejects_unknown_op),
	RSYS_TEST(counter_rejects_unknown_flags),
	RSYS_TEST(counter_reset_needs_cap_sys_admin),
	RSYS_TEST(counter_reset_as_admin),
	RSYS_TEST(selftest_needs_cap_sys_admin),
	RSYS_TEST(selftest_rejects_unknown_op),
	RSYS_TEST(selftest_rejects_unknown_flags),
	RSYS_TEST(selftest_print_truncates),
	RSYS_TEST(selftest_kasan_catches_oob),
	RSYS_TEST(enosys_after_last),
	RSYS_TEST(enosys_range_last),
	RSYS_TEST(enosys_past_range),
	RSYS_TEST(seccomp_filter_denies_call),
	RSYS_TEST(ptrace_sees_entry_and_exit),
	RSYS_TEST(twin_add_agrees),
	RSYS_TEST(twin_checksum_agrees),
	RSYS_TEST(twin_counter_agrees),
	RSYS_TEST(twin_info_agrees),
};

/* After the cases of tests/cases/: keep these last, in this order. */
static const struct rsys_test enabled_final_tests[] = {
	RSYS_TEST(selftest_panic_kills_only_caller),
	RSYS_TEST(log_shows_panic_once),
	RSYS_TEST(log_has_no_unexpected_errors),
};

static const struct rsys_test disabled_tests[] = {
	RSYS_TEST(add_enosys_when_disabled),
	RSYS_TEST(checksum_enosys_when_disabled),
	RSYS_TEST(counter_enosys_when_disabled),
	RSYS_TEST(info_enosys_when_disabled),
	RSYS_TEST(selftest_enosys_when_disabled),
	RSYS_TEST(twins_enosys_when_disabled),
	RSYS_TEST(enosys_after_last),
	RSYS_TEST(enosys_range_last),
	RSYS_TEST(enosys_past_range),
};

static const struct rsys_test fuzz_tests[] = {
	RSYS_TEST(fuzz_random_calls),
};

static const struct rsys_test bench_tests[] = {
	RSYS_TEST(bench_add),
	RSYS_TEST(bench_checksum),
	RSYS_TEST(bench_counter),
	RSYS_TEST(bench_info),
};

/* The cases of tests/cases/, by suite, as RSYS_CASE() registers them. */
#define MAX_REGISTERED		256
static struct rsys_test registered[2][MAX_REGISTERED];
static size_t nr_registered[2];

void rsys_register_case(enum rsys_suite suite, const char *name,
			bool (*fn)(void))
{
	if (nr_registered[suite] == MAX_REGISTERED) {
		fprintf(stderr, "sysc-test: more than %d cases in tests/cases/\n",
			MAX_REGISTERED);
		exit(EXIT_FAILURE);
	}
	registered[suite][nr_registered[suite]].name = name;
	registered[suite][nr_registered[suite]].fn = fn;
	nr_registered[suite]++;
}

/*
 * A suite's cases: its own, the registered ones, the i386 ones, then its
 * final ones.
 */
static size_t build_suite(struct rsys_test *all,
			  const struct rsys_test *tests, size_t n,
			  enum rsys_suite suite,
			  const struct rsys_test *final, size_t n_final)
{
	size_t count = 0, i;

	for (i = 0; i < n; i++)
		all[count++] = tests[i];
	for (i = 0; i < nr_registered[suite]; i++)
		all[count++] = registered[suite][i];
	if (suite == RSYS_SUITE_ENABLED && audit_available())
		all[count++] = (struct rsys_test)RSYS_TEST(audit_logs_call);
	list_i386_cases(suite == RSYS_SUITE_DISABLED);
	all[count++] = (struct rsys_test)RSYS_TEST(i386_cases_listed);
	for (i = 0; i < nr_i386_cases; i++)
		all[count++] = (struct rsys_test){ i386_cases[i], test_i386_case };
	for (i = 0; i < n_final; i++)
		all[count++] = final[i];
	return count;
}

/* Runs a suite, printing KTAP; returns the number of failed cases. */
static unsigned int run_suite(const struct rsys_test *tests, size_t n)
{
	unsigned int passed = 0, failed = 0;
	size_t i;

	printf("KTAP version 1\n");
	printf("1..%zu\n", n);
	for (i = 0; i < n; i++) {
		bool ok;

		running = &tests[i];
		ok = tests[i].fn();

		printf("%s %zu %s\n", ok ? "ok" : "not ok", i + 1,
		       tests[i].name);
		if (ok)
			passed++;
		else
			failed++;
	}
	printf("# Totals: pass:%u fail:%u\n", passed, failed);
	printf("%u passed, %u failed\n", passed, failed);
	fflush(stdout);
	return failed;
}

/* Ends the run; as PID 1 by powering off, telling QEMU the verdict. */
static noreturn void finish(unsigned int failed)
{
	fflush(stdout);
	if (getpid() != 1)
		exit(failed ? EXIT_FAILURE : EXIT_SUCCESS);
	/*
	 * The console's driver sends what was written to it later, from its
	 * buffer: wait for the serial port to have sent it all, or the end of
	 * the report would be lost with the VM.
	 */
	tcdrain(STDOUT_FILENO);
	if (!ioperm(DEBUG_EXIT_PORT, 1, 1))
		outb(failed ? 1 : 0, DEBUG_EXIT_PORT);
	/* Still here: not under QEMU with isa-debug-exit. */
	fflush(stdout);
	tcdrain(STDOUT_FILENO);
	reboot(RB_POWER_OFF);
	/* init must never exit. */
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	static struct rsys_test all[ARRAY_SIZE(enabled_tests) +
				    ARRAY_SIZE(enabled_final_tests) +
				    ARRAY_SIZE(disabled_tests) + MAX_REGISTERED +
				    2 + MAX_I386_CASES];
	const char *expect = getenv("rsys_expect");
	const char *mode = getenv("rsys_mode");
	unsigned int failed;
	size_t n;

	setvbuf(stdout, NULL, _IONBF, 0);
	find_i386_program(argc > 0 ? argv[0] : "/init");
	if (mode && !strcmp(mode, "bench")) {
		failed = run_suite(bench_tests, ARRAY_SIZE(bench_tests));
	} else if (mode && !strcmp(mode, "fuzz")) {
		failed = run_suite(fuzz_tests, ARRAY_SIZE(fuzz_tests));
	} else if (expect && !strcmp(expect, "off")) {
		n = build_suite(all, disabled_tests, ARRAY_SIZE(disabled_tests),
				RSYS_SUITE_DISABLED, NULL, 0);
		failed = run_suite(all, n);
	} else {
		n = build_suite(all, enabled_tests, ARRAY_SIZE(enabled_tests),
				RSYS_SUITE_ENABLED, enabled_final_tests,
				ARRAY_SIZE(enabled_final_tests));
		failed = run_suite(all, n);
	}
	finish(failed);
}
