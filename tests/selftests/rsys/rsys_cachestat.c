// SPDX-License-Identifier: GPL-2.0
/*
 * rsys_cachestat(), against the kernel's own cachestat(2) (mm/filemap.c):
 * both calls on the same files and ranges must give the same result, the
 * same errno and the same five counters. The files are in the working
 * directory, which sysc-test makes the VM's ext4 disk: the cases that need
 * pages to be dirty or under writeback skip on another file system.
 *
 * Page cache states only move forward while nothing writes to a file:
 * dirty, under writeback, clean, evicted. Each comparison calls
 * cachestat(2), rsys_cachestat, then cachestat(2) again, until the two
 * cachestat(2) results are the same: rsys_cachestat, called between them,
 * saw that state too, so a comparison cannot fail because writeback moved
 * on in the meantime.
 *
 * The tests skip where either call gives ENOSYS (Linux before 6.5, or
 * CONFIG_CACHESTAT_SYSCALL=n), but for cachestat.present: with
 * RSYS_EXPECT=on, rsys_cachestat must be there wherever cachestat(2) is.
 */
#include "rsys_test.h"

#include <time.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

/* What fills a struct cachestat before a call: a field left alone shows. */
#define CS_POISON		0xa5
/* How many times a comparison waits for the page cache to settle. */
#define SETTLE_TRIES		1000
#define RANDOM_RANGES		2000
#define RANDOM_PAGES		256

/* A call's result: its return value and what it wrote. */
struct outcome {
	long ret;
	struct cachestat cs;
};

static void call(long (*fn)(unsigned int, const void *, void *, unsigned int),
		 int fd, const struct cachestat_range *range,
		 unsigned int flags, struct outcome *o)
{
	memset(&o->cs, CS_POISON, sizeof(o->cs));
	o->ret = fn(fd, range, &o->cs, flags);
}

static bool same_outcome(const struct outcome *a, const struct outcome *b)
{
	return a->ret == b->ret && !memcmp(&a->cs, &b->cs, sizeof(a->cs));
}

static void log_outcome(const char *who, const struct outcome *o)
{
	char buf[96];

	printf("#   %-14s %s: cache %llu dirty %llu writeback %llu evicted %llu recent %llu\n",
	       who, fmt_ret(o->ret, buf, sizeof(buf)),
	       (unsigned long long)o->cs.nr_cache,
	       (unsigned long long)o->cs.nr_dirty,
	       (unsigned long long)o->cs.nr_writeback,
	       (unsigned long long)o->cs.nr_evicted,
	       (unsigned long long)o->cs.nr_recently_evicted);
}

/*
 * Compares both calls on @fd, @off, @len and @flags, as the comment at the
 * top says; *agreed gets cachestat(2)'s result (if not NULL). Whether they
 * gave the same; the test fails otherwise, and if the page cache never
 * settled.
 */
static bool __same(struct __test_metadata *_metadata, const char *what,
		   int fd, __u64 off, __u64 len, unsigned int flags,
		   struct outcome *agreed)
{
	struct cachestat_range range = { .off = off, .len = len };
	struct outcome c, rsys, c_again;
	int tries = 0;

	do {
		if (tries)
			usleep(1000);
		call(cachestat_c, fd, &range, flags, &c);
		call(rsys_cachestat, fd, &range, flags, &rsys);
		call(cachestat_c, fd, &range, flags, &c_again);
	} while (!same_outcome(&c, &c_again) && ++tries < SETTLE_TRIES);
	if (agreed)
		*agreed = c;
	if (!same_outcome(&c, &c_again)) {
		TH_LOG("%s: fd %d, off %#llx, len %#llx: the page cache did not settle",
		       what, fd, (unsigned long long)off,
		       (unsigned long long)len);
		EXPECT_TRUE(same_outcome(&c, &c_again));
		return false;
	}
	if (!same_outcome(&c, &rsys)) {
		TH_LOG("%s: fd %d, off %#llx, len %#llx, flags %#x: the calls differ",
		       what, fd, (unsigned long long)off,
		       (unsigned long long)len, flags);
		log_outcome("cachestat", &c);
		log_outcome("rsys_cachestat", &rsys);
	}
	EXPECT_TRUE(same_outcome(&c, &rsys));
	return same_outcome(&c, &rsys);
}

#define same(what, fd, off, len, agreed)				\
	__same(_metadata, what, fd, off, len, 0, agreed)

/*
 * Both calls with the arguments as given (bad pointers included): the same
 * return value, which must be @want.
 */
static void __expect_both(struct __test_metadata *_metadata, int fd,
			  const void *range, void *cs, unsigned int flags,
			  long want)
{
	EXPECT_RET(cachestat_c(fd, range, cs, flags), want);
	EXPECT_RET(rsys_cachestat(fd, range, cs, flags), want);
}

#define expect_both(fd, range, cs, flags, want)			\
	__expect_both(_metadata, fd, range, cs, flags, want)

/*
 * Why the tests cannot run (either call gives ENOSYS), or NULL. (checkpatch
 * warns about any ENOSYS; here it means just that: no such system call.)
 */
static const char *absent(void)
{
	if (cachestat_c(-1, NULL, NULL, 0) == -ENOSYS)
		return "no cachestat(2) (ENOSYS): Linux before 6.5 or CONFIG_CACHESTAT_SYSCALL=n";
	if (rsys_cachestat(-1, NULL, NULL, 0) == -ENOSYS)
		return "no rsys_cachestat (ENOSYS)";
	return NULL;
}

/* Whether the working directory is on a block device (not tmpfs, ramfs). */
static bool cwd_on_block_device(void)
{
	struct stat st;

	return !stat(".", &st) && major(st.st_dev) != 0;
}

#define NO_DISK		"the working directory is not on a block device: sysc-test runs the tests on the VM's ext4 disk"

static size_t ps(void)
{
	return page_size();
}

/* Writes pages [first, first + n) of @fd, each filled with its number. */
static bool write_pages(int fd, size_t first, size_t n)
{
	unsigned char *buf = malloc(ps());
	bool ok = buf;
	size_t i;

	for (i = first; ok && i < first + n; i++) {
		memset(buf, (int)i, ps());
		ok = pwrite(fd, buf, ps(), i * ps()) == (ssize_t)ps();
	}
	free(buf);
	return ok;
}

/* Reads page @i of @fd into the page cache. */
static bool read_page(int fd, size_t i)
{
	unsigned char *buf = malloc(ps());
	bool ok = buf && pread(fd, buf, ps(), i * ps()) >= 0;

	free(buf);
	return ok;
}

/* Drops the clean page cache; 0 or -errno. */
static int drop_page_cache(void)
{
	sync();
	return write_file("/proc/sys/vm/drop_caches", "3");
}

/*
 * Reclaims @pages pages of @fd from the page cache as memory pressure
 * would (MADV_PAGEOUT): unlike drop_caches, reclaim leaves a shadow entry
 * for each page, which cachestat counts as evicted. The pages must be
 * clean. 0 or -errno.
 */
static int page_out(int fd, size_t pages)
{
	int ret = 0;
	void *p;

	/* Mapped pages: what MADV_PAGEOUT reclaims. */
	p = mmap(NULL, pages * ps(), PROT_READ, MAP_SHARED | MAP_POPULATE, fd,
		 0);
	if (p == MAP_FAILED)
		return -errno;
	if (madvise(p, pages * ps(), MADV_PAGEOUT))
		ret = -errno;
	munmap(p, pages * ps());
	return ret;
}

/*
 * A file of the working directory, unlinked at teardown. Each test starts
 * by skipping where a call is missing (before Linux 6.5, a SKIP() in a
 * setup does not stop the test).
 */
FIXTURE(cachestat) {
	const char *absent;
	char path[64];
	int fd;
};

FIXTURE_SETUP(cachestat)
{
	self->absent = absent();
	snprintf(self->path, sizeof(self->path), "rsys_cachestat.%d", getpid());
	self->fd = open(self->path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ASSERT_LE(0, self->fd) {
		TH_LOG("cannot create %s: %s", self->path, strerror(errno));
	}
}

FIXTURE_TEARDOWN(cachestat)
{
	close(self->fd);
	unlink(self->path);
}

/* With RSYS_EXPECT=on, rsys_cachestat is there wherever cachestat(2) is. */
TEST_F(cachestat, present)
{
	long c = cachestat_c(-1, NULL, NULL, 0);

	if (c == -ENOSYS)
		SKIP(return, "%s", self->absent);
	if (!rsys_expect("on") && self->absent)
		SKIP(return, "%s", self->absent);
	EXPECT_RET(rsys_cachestat(-1, NULL, NULL, 0), -EBADF);
	EXPECT_RET(c, -EBADF);
}

/* Written, then fsync()ed: every page cached, none dirty. */
TEST_F(cachestat, clean_file)
{
	struct outcome o;

	if (self->absent)
		SKIP(return, "%s", self->absent);
	if (!cwd_on_block_device())
		SKIP(return, NO_DISK);
	ASSERT_TRUE(write_pages(self->fd, 0, 16));
	ASSERT_EQ(0, fsync(self->fd));
	same("whole file", self->fd, 0, 16 * ps(), &o);
	EXPECT_EQ(16, o.cs.nr_cache);
	EXPECT_EQ(0, o.cs.nr_dirty);
	EXPECT_EQ(0, o.cs.nr_writeback);
	same("first page", self->fd, 0, 1, NULL);
	same("pages 3 to 9", self->fd, 3 * ps() + 1, 6 * ps(), NULL);
	same("to the end", self->fd, 5 * ps(), 0, NULL);
}

/*
 * Written, not synced: dirty pages, which the flusher leaves alone for
 * dirty_expire_centisecs (30 s) unless memory runs short.
 */
TEST_F(cachestat, dirty_pages)
{
	struct outcome o;

	if (self->absent)
		SKIP(return, "%s", self->absent);
	if (!cwd_on_block_device())
		SKIP(return, NO_DISK);
	ASSERT_TRUE(write_pages(self->fd, 0, 16));
	same("whole file", self->fd, 0, 0, &o);
	EXPECT_EQ(16, o.cs.nr_cache);
	EXPECT_EQ(16, o.cs.nr_dirty);
	same("page 7", self->fd, 7 * ps(), ps(), NULL);
	/* Half clean, half dirty. */
	ASSERT_EQ(0, fsync(self->fd));
	ASSERT_TRUE(write_pages(self->fd, 8, 8));
	same("half dirty", self->fd, 0, 0, &o);
	EXPECT_EQ(8, o.cs.nr_dirty);
	same("the clean half", self->fd, 0, 8 * ps(), NULL);
	same("across the halves", self->fd, 6 * ps(), 4 * ps(), NULL);
}

/*
 * sync_file_range(SYNC_FILE_RANGE_WRITE) starts writeback and returns:
 * compared while it runs (the comparison waits for a state that holds),
 * then after waiting for it, when nothing is dirty nor under writeback.
 */
TEST_F(cachestat, under_writeback)
{
	const size_t pages = 1024;
	unsigned long long seen = 0;
	struct outcome o;
	int i;

	if (self->absent)
		SKIP(return, "%s", self->absent);
	if (!cwd_on_block_device())
		SKIP(return, NO_DISK);
	for (i = 0; i < 4; i++) {
		ASSERT_TRUE(write_pages(self->fd, 0, pages));
		ASSERT_EQ(0, sync_file_range(self->fd, 0, 0,
					     SYNC_FILE_RANGE_WRITE));
		same("writeback started", self->fd, 0, 0, &o);
		seen += o.cs.nr_writeback;
		same("first half", self->fd, 0, pages / 2 * ps(), NULL);
	}
	TH_LOG("%llu pages seen under writeback in 4 rounds", seen);
	ASSERT_EQ(0, sync_file_range(self->fd, 0, 0,
				     SYNC_FILE_RANGE_WAIT_BEFORE |
				     SYNC_FILE_RANGE_WRITE |
				     SYNC_FILE_RANGE_WAIT_AFTER));
	same("writeback done", self->fd, 0, 0, &o);
	EXPECT_EQ(pages, o.cs.nr_cache);
	EXPECT_EQ(0, o.cs.nr_dirty);
	EXPECT_EQ(0, o.cs.nr_writeback);
}

/*
 * echo 3 > /proc/sys/vm/drop_caches: nothing left in the cache (and no
 * shadow entries: invalidation is not reclaim); then some pages read back.
 */
TEST_F(cachestat, evicted_by_drop_caches)
{
	struct outcome o;
	int ret;

	if (self->absent)
		SKIP(return, "%s", self->absent);
	if (!cwd_on_block_device())
		SKIP(return, NO_DISK);
	ASSERT_TRUE(write_pages(self->fd, 0, 32));
	ASSERT_EQ(0, fsync(self->fd));
	ret = drop_page_cache();
	if (ret)
		SKIP(return, "cannot write /proc/sys/vm/drop_caches: %s",
		     strerror(-ret));
	same("dropped", self->fd, 0, 0, &o);
	EXPECT_EQ(0, o.cs.nr_cache);
	ASSERT_TRUE(read_page(self->fd, 3));
	ASSERT_TRUE(read_page(self->fd, 20));
	same("two pages read back", self->fd, 0, 0, NULL);
	same("page 3", self->fd, 3 * ps(), ps(), NULL);
	same("pages 4 to 19", self->fd, 4 * ps(), 16 * ps(), NULL);
}

/*
 * Reclaimed (MADV_PAGEOUT): the pages leave shadow entries, counted as
 * evicted, and recently evicted as the workingset code judges them.
 */
TEST_F(cachestat, evicted_by_reclaim)
{
	struct outcome o;
	int ret;

	if (self->absent)
		SKIP(return, "%s", self->absent);
	if (!cwd_on_block_device())
		SKIP(return, NO_DISK);
	ASSERT_TRUE(write_pages(self->fd, 0, 64));
	ASSERT_EQ(0, fsync(self->fd));
	ret = page_out(self->fd, 64);
	if (ret)
		SKIP(return, "madvise(MADV_PAGEOUT): %s", strerror(-ret));
	same("paged out", self->fd, 0, 0, &o);
	TH_LOG("after MADV_PAGEOUT: %llu cached, %llu evicted, %llu recently",
	       (unsigned long long)o.cs.nr_cache,
	       (unsigned long long)o.cs.nr_evicted,
	       (unsigned long long)o.cs.nr_recently_evicted);
	ASSERT_TRUE(read_page(self->fd, 10));
	same("one page read back", self->fd, 0, 0, NULL);
	same("pages 8 to 11", self->fd, 8 * ps(), 4 * ps(), NULL);
	same("page 10", self->fd, 10 * ps(), 1, NULL);
}

/* A shmem file of /dev/shm (shm_open()), partly written. */
TEST_F(cachestat, shmem_shm_open)
{
	char name[64];
	struct outcome o;
	int fd;

	if (self->absent)
		SKIP(return, "%s", self->absent);
	snprintf(name, sizeof(name), "/rsys_cachestat.%d", getpid());
	fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		SKIP(return, "shm_open(): %s (no tmpfs on /dev/shm?)",
		     strerror(errno));
	shm_unlink(name);
	ASSERT_EQ(0, ftruncate(fd, 64 * ps()));
	ASSERT_TRUE(write_pages(fd, 0, 16));
	ASSERT_TRUE(write_pages(fd, 40, 8));
	same("whole file", fd, 0, 0, &o);
	EXPECT_EQ(24, o.cs.nr_cache);
	same("the hole", fd, 16 * ps(), 24 * ps(), NULL);
	same("across", fd, 10 * ps(), 35 * ps(), NULL);
	close(fd);
}

/* A memfd, shmem too, written through a shared mapping. */
TEST_F(cachestat, shmem_memfd)
{
	unsigned char *p;
	struct outcome o;
	int fd;

	if (self->absent)
		SKIP(return, "%s", self->absent);
	fd = memfd_create("rsys_cachestat", 0);
	if (fd < 0)
		SKIP(return, "memfd_create(): %s", strerror(errno));
	ASSERT_EQ(0, ftruncate(fd, 32 * ps()));
	p = mmap(NULL, 32 * ps(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, p);
	memset(p + 4 * ps(), 1, 8 * ps());
	same("whole file", fd, 0, 0, &o);
	EXPECT_EQ(8, o.cs.nr_cache);
	same("pages 0 to 5", fd, 0, 6 * ps(), NULL);
	munmap(p, 32 * ps());
	close(fd);
}

/* A sparse file: holes are never cached. */
TEST_F(cachestat, holes)
{
	struct outcome o;

	if (self->absent)
		SKIP(return, "%s", self->absent);
	ASSERT_EQ(0, ftruncate(self->fd, 64 * ps()));
	ASSERT_TRUE(write_pages(self->fd, 0, 1));
	ASSERT_TRUE(write_pages(self->fd, 10, 2));
	ASSERT_TRUE(write_pages(self->fd, 63, 1));
	same("whole file", self->fd, 0, 0, &o);
	EXPECT_EQ(4, o.cs.nr_cache);
	same("a hole", self->fd, 1 * ps(), 9 * ps(), NULL);
	same("hole and data", self->fd, 5 * ps(), 6 * ps(), NULL);
	same("last page", self->fd, 63 * ps(), ps(), NULL);
	/* A hole read is cached too, as zeroes. */
	ASSERT_TRUE(read_page(self->fd, 30));
	same("a hole read", self->fd, 0, 0, NULL);
}

/* Ranges that start or end past the end of the file. */
TEST_F(cachestat, range_past_eof)
{
	if (self->absent)
		SKIP(return, "%s", self->absent);
	ASSERT_TRUE(write_pages(self->fd, 0, 8));
	same("straddling EOF", self->fd, 6 * ps(), 10 * ps(), NULL);
	same("at EOF", self->fd, 8 * ps(), ps(), NULL);
	same("past EOF", self->fd, 100 * ps(), 5 * ps(), NULL);
	same("just before EOF", self->fd, 8 * ps() - 1, 1, NULL);
	same("empty file", self->fd, 0, 0, NULL);
	ASSERT_EQ(0, ftruncate(self->fd, 0));
	same("truncated", self->fd, 0, 8 * ps(), NULL);
}

/* len == 0 means up to the end of the file, from anywhere. */
TEST_F(cachestat, len_zero)
{
	if (self->absent)
		SKIP(return, "%s", self->absent);
	ASSERT_TRUE(write_pages(self->fd, 0, 8));
	same("from 0", self->fd, 0, 0, NULL);
	same("from 1", self->fd, 1, 0, NULL);
	same("from page 5", self->fd, 5 * ps(), 0, NULL);
	same("from the last byte", self->fd, 8 * ps() - 1, 0, NULL);
	same("from EOF", self->fd, 8 * ps(), 0, NULL);
	same("from past EOF", self->fd, 1000 * ps(), 0, NULL);
}

/* Offsets and lengths at the edges of 64 bits: off + len may wrap. */
TEST_F(cachestat, huge_offsets)
{
	static const struct {
		__u64 off, len;
	} r[] = {
		{ ~0ULL, 0 }, { ~0ULL, 1 }, { ~0ULL, ~0ULL },
		{ 0, ~0ULL }, { 1, ~0ULL }, { 4096, ~0ULL },
		{ 1ULL << 63, 0 }, { 1ULL << 63, 1ULL << 63 },
		{ (1ULL << 63) - 1, 2 }, { ~0ULL - 4095, 8192 },
		{ ~0ULL - 4095, 4096 }, { ~0ULL - 4096, 4096 },
		{ 0x7ffffffffffff000ULL, 0x2000 },
		{ 1ULL << 44, 1ULL << 44 }, { 1ULL << 52, 4096 },
		{ 8192, ~0ULL - 8191 }, { 8192, ~0ULL - 8190 },
	};
	char what[64];
	size_t i;

	if (self->absent)
		SKIP(return, "%s", self->absent);
	ASSERT_TRUE(write_pages(self->fd, 0, 4));
	for (i = 0; i < ARRAY_SIZE(r); i++) {
		snprintf(what, sizeof(what), "huge range %zu", i);
		same(what, self->fd, r[i].off, r[i].len, NULL);
	}
}

static __u64 next_random(__u64 *state)
{
	/* xorshift64 */
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* An offset or length near something the code computes with. */
static __u64 random_bound(__u64 *state, size_t pages)
{
	__u64 r = next_random(state), page = r % (pages + 8);

	switch ((r >> 32) % 8) {
	case 0:
		return 0;
	case 1:
		return page * ps();
	case 2:
		return page * ps() - 1;
	case 3:
		return page * ps() + 1;
	case 4:
		return ~0ULL - (r >> 40);
	case 5:
		return r;
	default:
		return page * ps() + (r >> 40) % ps();
	}
}

/*
 * Random ranges over a file of every kind of page: clean, dirty, holes,
 * reclaimed and read back. RSYS_CACHESTAT_SEED=N repeats a run's ranges.
 */
TEST_F(cachestat, random_ranges)
{
	const char *env = getenv("RSYS_CACHESTAT_SEED");
	__u64 state, seed, off, len;
	char what[64];
	int i, failed = 0;
	size_t p;

	if (self->absent)
		SKIP(return, "%s", self->absent);
	seed = env ? strtoull(env, NULL, 0) : (__u64)time(NULL) ^ getpid();
	if (!seed)
		seed = 1;
	TH_LOG("seed %llu (RSYS_CACHESTAT_SEED=%llu repeats it)",
	       (unsigned long long)seed, (unsigned long long)seed);
	state = seed;
	ASSERT_EQ(0, ftruncate(self->fd, RANDOM_PAGES * ps()));
	for (p = 0; p < RANDOM_PAGES; p++)
		ASSERT_TRUE(next_random(&state) % 3 == 0 ||
			    write_pages(self->fd, p, 1));
	ASSERT_EQ(0, fsync(self->fd));
	if (cwd_on_block_device())
		page_out(self->fd, RANDOM_PAGES / 2);
	for (p = 0; p < RANDOM_PAGES; p++) {
		__u64 r = next_random(&state) % 8;

		/* An eighth read back, an eighth dirtied. */
		ASSERT_TRUE(r > 1 || (r == 0 ? read_page(self->fd, p) :
				      write_pages(self->fd, p, 1)));
	}
	for (i = 0; i < RANDOM_RANGES && failed < 10; i++) {
		off = random_bound(&state, RANDOM_PAGES);
		len = next_random(&state) % 4 ? random_bound(&state, RANDOM_PAGES) : 0;
		snprintf(what, sizeof(what), "range %d of seed %llu", i,
			 (unsigned long long)seed);
		failed += !same(what, self->fd, off, len, NULL);
	}
}

/* Files without pages of their own: devices, /proc, a pipe, a directory. */
TEST_F(cachestat, special_files)
{
	static const char *const paths[] = {
		"/dev/zero", "/dev/null", "/dev/urandom", "/proc/version",
		"/proc", "/", ".",
	};
	int fds[2], fd;
	size_t i;

	if (self->absent)
		SKIP(return, "%s", self->absent);
	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		fd = open(paths[i], O_RDONLY);
		if (fd < 0) {
			TH_LOG("cannot open %s: %s", paths[i], strerror(errno));
			continue;
		}
		same(paths[i], fd, 0, 4 * ps(), NULL);
		same(paths[i], fd, 0, 0, NULL);
		close(fd);
	}
	ASSERT_EQ(0, pipe(fds));
	same("a pipe", fds[0], 0, 0, NULL);
	same("a pipe's write end", fds[1], 0, 0, NULL);
	close(fds[0]);
	close(fds[1]);
}

/* EBADF: no such file descriptor. */
TEST_F(cachestat, ebadf_minus_one)
{
	struct cachestat_range range = { 0, 0 };
	struct cachestat cs;

	if (self->absent)
		SKIP(return, "%s", self->absent);
	expect_both(-1, &range, &cs, 0, -EBADF);
	expect_both(INT_MAX, &range, &cs, 0, -EBADF);
	/* The fd comes first: bad pointers and flags do not matter. */
	expect_both(-1, NULL, NULL, 1, -EBADF);
}

TEST_F(cachestat, ebadf_closed_fd)
{
	struct cachestat_range range = { 0, 0 };
	struct cachestat cs;
	int fd = dup(self->fd);

	if (self->absent)
		SKIP(return, "%s", self->absent);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, close(fd));
	expect_both(fd, &range, &cs, 0, -EBADF);
}

/* EFAULT: the range cannot be read; nothing is written. */
TEST_F(cachestat, efault_bad_range)
{
	unsigned char *pages = map_pages(2);
	struct cachestat_range *straddling;
	struct cachestat cs;

	if (self->absent)
		SKIP(return, "%s", self->absent);
	ASSERT_NE(NULL, pages);
	ASSERT_EQ(0, mprotect(pages + ps(), ps(), PROT_NONE));
	straddling = (void *)(pages + ps() - 8);
	memset(&cs, CS_POISON, sizeof(cs));
	expect_both(self->fd, NULL, &cs, 0, -EFAULT);
	expect_both(self->fd, pages + ps(), &cs, 0, -EFAULT);
	expect_both(self->fd, straddling, &cs, 0, -EFAULT);
#ifdef KERNEL_ADDR
	expect_both(self->fd, (void *)KERNEL_ADDR, &cs, 0, -EFAULT);
#endif
	EXPECT_TRUE(all_bytes(&cs, sizeof(cs), CS_POISON));
	/* The range is read before the flags are checked. */
	expect_both(self->fd, NULL, &cs, 1, -EFAULT);
	unmap_pages(pages, 2);
}

/* EFAULT: the result cannot be written. */
TEST_F(cachestat, efault_bad_out)
{
	struct cachestat_range range = { 0, 0 };
	unsigned char *pages = map_pages(2);

	if (self->absent)
		SKIP(return, "%s", self->absent);
	ASSERT_NE(NULL, pages);
	ASSERT_TRUE(write_pages(self->fd, 0, 2));
	ASSERT_EQ(0, mprotect(pages + ps(), ps(), PROT_NONE));
	expect_both(self->fd, &range, NULL, 0, -EFAULT);
	expect_both(self->fd, &range, pages + ps(), 0, -EFAULT);
	expect_both(self->fd, &range, pages + ps() - 8, 0, -EFAULT);
#ifdef KERNEL_ADDR
	expect_both(self->fd, &range, (void *)KERNEL_ADDR, 0, -EFAULT);
#endif
	ASSERT_EQ(0, mprotect(pages, ps(), PROT_READ));
	expect_both(self->fd, &range, pages, 0, -EFAULT);
	/* The flags are checked before anything is written. */
	expect_both(self->fd, &range, NULL, 1, -EINVAL);
	unmap_pages(pages, 2);
}

/* EINVAL: every flag bit is unknown; nothing is written. */
TEST_F(cachestat, einval_each_flag)
{
	struct cachestat_range range = { 0, 0 };
	struct cachestat cs;
	int bit;

	if (self->absent)
		SKIP(return, "%s", self->absent);
	memset(&cs, CS_POISON, sizeof(cs));
	for (bit = 0; bit < 32; bit++)
		expect_both(self->fd, &range, &cs, 1U << bit, -EINVAL);
	expect_both(self->fd, &range, &cs, ~0U, -EINVAL);
	EXPECT_TRUE(all_bytes(&cs, sizeof(cs), CS_POISON));
}

/*
 * Who may look (can_do_cachestat(), as mincore()): a caller with the file
 * open for writing, its owner, or one who could open it for writing. Each
 * variant is a file owned by @owner with @mode, opened with @flags by an
 * unprivileged user.
 */
FIXTURE(perm) {
	const char *absent;
	char path[64];
};

FIXTURE_VARIANT(perm) {
	uid_t owner;
	mode_t mode;
	int flags;
	long want;
};

FIXTURE_VARIANT_ADD(perm, root_0644_read_only_is_eperm)
{
	.owner = 0, .mode = 0644, .flags = O_RDONLY, .want = -EPERM
};

FIXTURE_VARIANT_ADD(perm, own_0644_read_only_is_ok)
{
	.owner = UNPRIV_UID, .mode = 0644, .flags = O_RDONLY, .want = 0
};

FIXTURE_VARIANT_ADD(perm, own_0444_read_only_is_ok)
{
	.owner = UNPRIV_UID, .mode = 0444, .flags = O_RDONLY, .want = 0
};

FIXTURE_VARIANT_ADD(perm, root_0666_read_only_is_ok)
{
	.owner = 0, .mode = 0666, .flags = O_RDONLY, .want = 0
};

FIXTURE_VARIANT_ADD(perm, root_0622_write_only_is_ok)
{
	.owner = 0, .mode = 0622, .flags = O_WRONLY, .want = 0
};

FIXTURE_SETUP(perm)
{
	int fd;

	self->absent = absent();
	snprintf(self->path, sizeof(self->path), "rsys_cachestat.perm.%d",
		 getpid());
	fd = open(self->path, O_RDWR | O_CREAT | O_EXCL, 0600);
	ASSERT_LE(0, fd);
	ASSERT_TRUE(write_pages(fd, 0, 4));
	ASSERT_EQ(0, fchown(fd, variant->owner, variant->owner));
	ASSERT_EQ(0, fchmod(fd, variant->mode));
	close(fd);
}

FIXTURE_TEARDOWN(perm)
{
	unlink(self->path);
}

struct perm_call {
	const char *path;
	int flags;
};

/*
 * As the unprivileged user: opens the file, calls both; their common
 * result, or DISAGREE (after printing both).
 */
#define DISAGREE		(LONG_MIN + 1)

static long both_as_user(void *arg)
{
	const struct perm_call *pc = arg;
	struct cachestat_range range = { 0, 0 };
	struct outcome c, rsys;
	int fd = open(pc->path, pc->flags);

	if (fd < 0)
		return -1000 - errno;
	call(cachestat_c, fd, &range, 0, &c);
	call(rsys_cachestat, fd, &range, 0, &rsys);
	close(fd);
	if (same_outcome(&c, &rsys))
		return c.ret;
	log_outcome("cachestat", &c);
	log_outcome("rsys_cachestat", &rsys);
	return DISAGREE;
}

TEST_F(perm, as_unprivileged_user)
{
	struct perm_call pc = { .path = self->path, .flags = variant->flags };

	if (self->absent)
		SKIP(return, "%s", self->absent);
	EXPECT_RET(call_as(UNPRIV_UID, both_as_user, &pc), variant->want);
}

/* Root may look at any file (CAP_FOWNER), even open read-only. */
TEST_F(perm, as_root)
{
	int fd;

	if (self->absent)
		SKIP(return, "%s", self->absent);
	fd = open(self->path, O_RDONLY);
	ASSERT_LE(0, fd);
	same("root, read-only", fd, 0, 0, NULL);
	close(fd);
}

/*
 * EOPNOTSUPP: a hugetlbfs file (memfd_create(MFD_HUGETLB) makes one), before
 * the flags are checked.
 */
TEST_F(cachestat, eopnotsupp_hugetlbfs)
{
	struct cachestat_range range = { 0, 0 };
	struct cachestat cs;
	int fd;

	if (self->absent)
		SKIP(return, "%s", self->absent);
	fd = memfd_create("rsys_cachestat", MFD_HUGETLB);
	if (fd < 0)
		SKIP(return, "no hugetlbfs file: memfd_create(MFD_HUGETLB): %s",
		     strerror(errno));
	expect_both(fd, &range, &cs, 0, -EOPNOTSUPP);
	expect_both(fd, &range, &cs, 1, -EOPNOTSUPP);
	/* The range is read first. */
	expect_both(fd, NULL, &cs, 0, -EFAULT);
	close(fd);
}

TEST_HARNESS_MAIN
