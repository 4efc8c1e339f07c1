// SPDX-License-Identifier: GPL-2.0
/*
 * rsys-bench: times each Rust rsys call against its C twin (which
 * CONFIG_RUST_SYSCALLS_SELFTEST builds) and against getppid(), one test per
 * call, printing on stdout
 *
 *	# bench: NAME IMPL min=N median=N max=N
 *
 * with IMPL rust, c or getppid: nanoseconds per call over BENCH_RUNS runs
 * (under QEMU's -icount shift=0, instructions per call). Run as root: the
 * counter is reset first.
 *
 * rsys_cachestat has no C twin: it is timed against the kernel's own
 * cachestat(2), on files of 1, 64 and 4096 pages (NAME rsys_cachestat_1p,
 * _64p, _4096p) in the working directory, written and fsync()ed, every
 * page in the page cache (sysc-test runs it on the VM's ext4 disk; the
 * file system is printed). Those tests skip where either call is missing.
 *
 * Built with the kselftest harness: -I <tree>/tools/testing/selftests/rsys
 * for rsys_test.h.
 */
#include "rsys_test.h"

#include <time.h>
#include <sys/vfs.h>
#include <linux/magic.h>

#define BENCH_WARMUP		1000
#define BENCH_CALLS		20000
#define BENCH_RUNS		7
#define BENCH_MAX_STEP_NS	1000ULL	/* the clock steps the times need */
#define BENCH_CSUM_LEN		256
#define BENCH_TIMEOUT		300	/* seconds per test: TCG is slow */

typedef long (*bench_fn)(void);

/* Calls per run: fewer for the calls that take long (cachestat of 4096 pages). */
static int bench_calls = BENCH_CALLS;

static inline long rsys_counter_c(unsigned int op, __u64 arg,
				  unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_counter_c, op, arg, flags));
}

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

/*
 * cachestat(2)'s arguments: a file, the whole of it (struct cachestat_range,
 * len 0: to the end) and room for the five counters (struct cachestat).
 */
static int bench_cs_fd = -1;
static __u64 bench_cs_range[2];
static __u64 bench_cs_out[5];

static long bench_cachestat(void)
{
	return syscall(__NR_rsys_cachestat, bench_cs_fd, bench_cs_range,
		       bench_cs_out, 0);
}

static long bench_cachestat_c(void)
{
	return syscall(__NR_cachestat, bench_cs_fd, bench_cs_range,
		       bench_cs_out, 0);
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

/* A wrong result of a benchmark. */
struct bench_error {
	const char *impl;
	long got, want;
};

/*
 * Times fn, which must return want every time: BENCH_RUNS runs of
 * bench_calls calls after a warm-up; prints min, median and max per call.
 * On a wrong result, returns false and sets *err.
 */
static bool bench_one(const char *name, const char *impl, bench_fn fn,
		      long want, struct bench_error *err)
{
	__u64 per_call[BENCH_RUNS];
	long ret = want;
	int run, i;

	for (i = 0; i < BENCH_WARMUP && ret == want; i++)
		ret = fn();
	for (run = 0; run < BENCH_RUNS && ret == want; run++) {
		__u64 start = now_ns();

		for (i = 0; i < bench_calls; i++)
			ret = fn();
		per_call[run] = (now_ns() - start) / bench_calls;
	}
	if (ret != want) {
		*err = (struct bench_error){ impl, ret, want };
		return false;
	}
	qsort(per_call, BENCH_RUNS, sizeof(per_call[0]), cmp_u64);
	printf("# bench: %s %s min=%llu median=%llu max=%llu\n", name, impl,
	       (unsigned long long)per_call[0],
	       (unsigned long long)per_call[BENCH_RUNS / 2],
	       (unsigned long long)per_call[BENCH_RUNS - 1]);
	/* The test's process ends with _exit(), which flushes no stdio. */
	fflush(stdout);
	return true;
}

/*
 * Times the Rust call, its C twin and getppid(), all three whatever their
 * results: the number of them that returned something else than want (for
 * getppid(), the parent's pid), described in err[].
 */
static int bench_pair(const char *name, bench_fn rust, bench_fn c,
		      long want, struct bench_error err[3])
{
	int n = 0;

	n += !bench_one(name, "rust", rust, want, &err[n]);
	n += !bench_one(name, "c", c, want, &err[n]);
	n += !bench_one(name, "getppid", bench_getppid, getppid(), &err[n]);
	return n;
}

/* EXPECT that bench_pair() got the right results, saying which did not. */
#define EXPECT_BENCH(_name, _rust, _c, _want) do {			\
	const char *__name = (_name);					\
	struct bench_error __err[3];					\
	int __n = bench_pair(__name, _rust, _c, _want, __err), __i;	\
	for (__i = 0; __i < __n; __i++)					\
		TH_LOG("%s (%s) returned %ld, expected %ld", __name,	\
		       __err[__i].impl, __err[__i].got, __err[__i].want); \
	EXPECT_EQ(0, __n);						\
} while (0)

/*
 * The smallest step of CLOCK_MONOTONIC, which must be at most
 * BENCH_MAX_STEP_NS. When QEMU's TSC fails calibration, the kernel falls
 * back to jiffies, and the clock moves a tick at a time: a time per call
 * would be a multiple of a tick over BENCH_CALLS.
 */
static __u64 clock_step_ns(void)
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
	return min_step;
}

FIXTURE(rsys) {};

/* Each benchmark first checks the clock: it fails if times would be ticks. */
FIXTURE_SETUP(rsys)
{
	__u64 step = clock_step_ns();

	if (step > BENCH_MAX_STEP_NS)
		TH_LOG("CLOCK_MONOTONIC moves in steps of %llu ns: %s",
		       (unsigned long long)step,
		       "no TSC, times would be ticks; run again");
	ASSERT_LE(step, BENCH_MAX_STEP_NS);
}

FIXTURE_TEARDOWN(rsys) {}

TEST_F_TIMEOUT(rsys, bench_add, BENCH_TIMEOUT)
{
	EXPECT_BENCH("rsys_add", bench_add, bench_add_c, 5);
}

TEST_F_TIMEOUT(rsys, bench_checksum, BENCH_TIMEOUT)
{
	fill_random(bench_buf, sizeof(bench_buf), 11);
	EXPECT_BENCH("rsys_checksum", bench_checksum, bench_checksum_c, 0);
}

/* Both counters from 0 (as root), so that both read the same. */
TEST_F_TIMEOUT(rsys, bench_counter, BENCH_TIMEOUT)
{
	ASSERT_RET(rsys_counter(RSYS_COUNTER_RESET, 0, 0), 0);
	ASSERT_RET(rsys_counter_c(RSYS_COUNTER_RESET, 0, 0), 0);
	EXPECT_BENCH("rsys_counter", bench_counter, bench_counter_c, 0);
}

TEST_F_TIMEOUT(rsys, bench_info, BENCH_TIMEOUT)
{
	EXPECT_BENCH("rsys_info", bench_info, bench_info_c, 0);
}

/* The file system of the working directory, by name. */
static const char *cwd_fs(void)
{
	struct statfs sfs;

	if (statfs(".", &sfs))
		return "unknown";
	switch (sfs.f_type) {
	case EXT4_SUPER_MAGIC:
		return "ext4";
	case TMPFS_MAGIC:
		return "tmpfs";
	case RAMFS_MAGIC:
		return "ramfs";
	default:
		return "another file system";
	}
}

/*
 * Times both calls on a file of @pages pages, all cached and clean. Skips
 * (the caller returns) where either call gives ENOSYS. (checkpatch warns
 * about any ENOSYS; here it means just that: no such system call.)
 */
static void bench_cachestat_pages(struct __test_metadata *_metadata,
				  size_t pages)
{
	char name[64], path[64];
	unsigned char *page;
	size_t i;

	if (sys_ret(bench_cachestat_c()) == -ENOSYS ||
	    sys_ret(bench_cachestat()) == -ENOSYS)
		SKIP(return, "no cachestat(2) or no rsys_cachestat (ENOSYS)");
	snprintf(path, sizeof(path), "rsys-bench.%d", getpid());
	bench_cs_fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ASSERT_LE(0, bench_cs_fd);
	unlink(path);
	page = map_pages(1);
	ASSERT_NE(NULL, page);
	for (i = 0; i < pages; i++)
		ASSERT_EQ(page_size(), write(bench_cs_fd, page, page_size()));
	ASSERT_EQ(0, fsync(bench_cs_fd));
	ASSERT_RET(sys_ret(bench_cachestat_c()), 0);
	ASSERT_EQ(pages, bench_cs_out[0]);
	TH_LOG("cachestat: a file of %zu pages on %s, all cached", pages,
	       cwd_fs());
	snprintf(name, sizeof(name), "rsys_cachestat_%zup", pages);
	/* A call walks every page: 20000 of 4096 pages take minutes in TCG. */
	bench_calls = pages > 64 ? BENCH_CALLS / 16 : BENCH_CALLS;
	EXPECT_BENCH(name, bench_cachestat, bench_cachestat_c, 0);
	unmap_pages(page, 1);
	close(bench_cs_fd);
}

TEST_F_TIMEOUT(rsys, bench_cachestat_1, BENCH_TIMEOUT)
{
	bench_cachestat_pages(_metadata, 1);
}

TEST_F_TIMEOUT(rsys, bench_cachestat_64, BENCH_TIMEOUT)
{
	bench_cachestat_pages(_metadata, 64);
}

TEST_F_TIMEOUT(rsys, bench_cachestat_4096, BENCH_TIMEOUT)
{
	bench_cachestat_pages(_metadata, 4096);
}

TEST_HARNESS_MAIN
