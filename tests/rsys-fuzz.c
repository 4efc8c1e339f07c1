// SPDX-License-Identifier: GPL-2.0
/*
 * rsys-fuzz: random calls across the rsys range, with random arguments, in
 * a child process; then the kernel log since the test started must show no
 * oops and no warning, and the child must have made every call.
 *
 * Pointers aim at a scratch mapping (with a read-only page and an unmapped
 * hole in it), at nothing, or at kernel memory: never at the fuzzer's own
 * memory. On x86-64, every other call goes through int $0x80, the i386 entry, to the
 * compat wrappers, with the low halves of the arguments (the sixth is
 * whatever ebp holds); the scratch mapping is below 4 GiB for them.
 *
 * fuzz.root.random_calls runs as root, and leaves rsys_selftest out: it
 * panics on request. fuzz.unprivileged.random_calls runs as another user
 * without capabilities, and calls rsys_selftest too: without CAP_SYS_ADMIN
 * it must refuse every op.
 *
 * The environment sets rsys_fuzz_calls, the number of calls of each test
 * (default FUZZ_CALLS_DEFAULT), and rsys_fuzz_seed, the seed (default from
 * the clock); each test prints its seed.
 *
 * Built like the selftests, with -I tools/testing/selftests/rsys. The
 * highest rsys number is -DRSYS_NR_HIGHEST, or without it, what the kernel's
 * rsys_info() counts from __NR_rsys_add.
 */
#include "rsys_test.h"

#include <signal.h>
#include <time.h>

#define FUZZ_CALLS_DEFAULT	100000
/*
 * On x86-64, every other call goes through int $0x80, the i386 entry, with
 * its pointers in a scratch mapping below 4 GiB. arm64's 32-bit entry has
 * no rsys calls: its calls all go through the 64-bit entry.
 */
#ifdef __x86_64__
#define FUZZ_I386		1
#define FUZZ_MAP_32BIT		MAP_32BIT
#else
#define FUZZ_I386		0
#define FUZZ_MAP_32BIT		0
#endif
#define FUZZ_SCRATCH_PAGES	8

/*
 * Each test's time: the harness ends it after FUZZ_TIMEOUT seconds (KASAN
 * kernels under TCG are slow). Before that, the test stops the fuzzer and
 * fails if no call returned for FUZZ_STALL seconds (a hang), or when
 * FUZZ_DEADLINE seconds have passed.
 */
#define FUZZ_TIMEOUT		700
#define FUZZ_DEADLINE		600
#define FUZZ_STALL		120
#define FUZZ_POLL_US		100000

/* Exit status of the fuzzing child: it could not become the user. */
#define FUZZ_SETUP_FAILED	2

/* At most this many lines of the kernel log are printed. */
#define MAX_SHOWN		200

/* The highest rsys number, or -errno if the kernel cannot say. */
static long rsys_nr_last(void)
{
#ifdef RSYS_NR_HIGHEST
	return RSYS_NR_HIGHEST;
#else
	struct rsys_info info;
	long ret = rsys_info(&info, sizeof(info), 0);

	if (ret)
		return ret < 0 ? ret : -EPROTO;
	return __NR_rsys_add + (long)info.nr_syscalls - 1;
#endif
}

static __u64 monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* What the fuzzing child shares with the test. */
struct fuzz_state {
	unsigned long calls;	/* calls made so far */
	long nr;		/* the call being made, */
	unsigned long args[6];	/* its arguments, */
	bool i386;		/* and whether it goes through int $0x80 */
};

/* A test's fuzzing: what the child does, and shares with the test. */
struct fuzz_job {
	struct fuzz_state *state;
	unsigned char *scratch;
	unsigned long calls;	/* calls to make */
	__u64 seed;
	long last;		/* the highest rsys number */
	bool unprivileged;
};

FIXTURE(fuzz) {
	struct fuzz_job job;
	int kmsg;		/* the kernel log since the test started */
};

/*
 * fuzz.root.random_calls runs as root and leaves rsys_selftest out;
 * fuzz.unprivileged.random_calls runs as uid UNPRIV_UID, without
 * capabilities, and calls rsys_selftest too.
 */
FIXTURE_VARIANT(fuzz) {
	bool unprivileged;
};

FIXTURE_VARIANT_ADD(fuzz, root) { .unprivileged = false };
FIXTURE_VARIANT_ADD(fuzz, unprivileged) { .unprivileged = true };

FIXTURE_SETUP(fuzz)
{
	const char *env_calls = getenv("rsys_fuzz_calls");
	const char *env_seed = getenv("rsys_fuzz_seed");
	size_t size = (FUZZ_SCRATCH_PAGES + 1) * page_size();
	struct fuzz_job *job = &self->job;
	struct timespec now;

	self->kmsg = kmsg_open(true);
	ASSERT_LE(0, self->kmsg) TH_LOG("open /dev/kmsg: %s", strerror(errno));
	job->last = rsys_nr_last();
	ASSERT_LE(__NR_rsys_add, job->last)
		TH_LOG("rsys_info(): %s: the kernel has no rsys calls",
		       strerror((int)-job->last));
	job->unprivileged = variant->unprivileged;
	clock_gettime(CLOCK_REALTIME, &now);
	job->calls = env_calls ? strtoul(env_calls, NULL, 0) :
		     FUZZ_CALLS_DEFAULT;
	job->seed = env_seed ? strtoull(env_seed, NULL, 0) :
		    (__u64)now.tv_sec * 1000000000 + now.tv_nsec;
	if (!job->seed)
		job->seed = 1;

	job->state = mmap(NULL, sizeof(*job->state), PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, job->state) TH_LOG("mmap: %s", strerror(errno));
	memset(job->state, 0, sizeof(*job->state));
	/* Below 4 GiB, for the i386 calls' 32-bit pointers. */
	job->scratch = mmap(NULL, size, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | FUZZ_MAP_32BIT, -1, 0);
	ASSERT_NE(MAP_FAILED, job->scratch)
		TH_LOG("mmap: %s", strerror(errno));
	memset(job->scratch, POISON, size);
	/*
	 * A read-only page and an inaccessible one inside the scratch mapping,
	 * and an inaccessible one after it, so that no write runs past it into
	 * other memory.
	 */
	ASSERT_EQ(0, mprotect(job->scratch + page_size(), page_size(),
			      PROT_READ));
	ASSERT_EQ(0, mprotect(job->scratch + 3 * page_size(), page_size(),
			      PROT_NONE));
	ASSERT_EQ(0, mprotect(job->scratch + FUZZ_SCRATCH_PAGES * page_size(),
			      page_size(), PROT_NONE));

	ksft_print_msg("fuzz: %lu calls of numbers %d to %ld%s, seed %#llx\n",
		       job->calls, __NR_rsys_add, job->last + 2,
		       FUZZ_I386 ? ", half through int $0x80" : "",
		       (unsigned long long)job->seed);
	ksft_print_msg("fuzz: rsys_fuzz_seed=%#llx repeats it\n",
		       (unsigned long long)job->seed);
}

FIXTURE_TEARDOWN(fuzz)
{
	struct fuzz_job *job = &self->job;

	if (job->scratch && job->scratch != MAP_FAILED)
		munmap(job->scratch, (FUZZ_SCRATCH_PAGES + 1) * page_size());
	if (job->state && job->state != MAP_FAILED)
		munmap(job->state, sizeof(*job->state));
	if (self->kmsg >= 0)
		close(self->kmsg);
}

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
		return DIRECT_MAP_ADDR + (r >> 8) % (1UL << 30); /* direct map */
	default:
		return ~0UL - (r >> 8) % page_size();	/* the top */
	}
}

/* The start of this program's image, from the linker. */
extern char __executable_start[];

/*
 * The fuzzing child: makes the calls, noting each in the shared state
 * before it makes it. Unprivileged, it first becomes another user, without
 * capabilities, and calls rsys_selftest too.
 */
static void fuzz_child(const struct fuzz_job *job)
{
	struct fuzz_state *state = job->state;
	long first = __NR_rsys_add, span = job->last - first + 3;
	/*
	 * The program's image and heap are below 4 GiB too: the i386 calls'
	 * truncated pointers are kept out of them.
	 */
	unsigned long image_start = (unsigned long)__executable_start;
	unsigned long image_end = (unsigned long)sbrk(0);
	__u64 seed = job->seed;

	if (job->unprivileged && become_user(UNPRIV_UID))
		_exit(FUZZ_SETUP_FAILED);
	while (state->calls < job->calls) {
		long nr = first + (long)(fuzz_next(&seed) % (__u64)span);
		bool i386 = FUZZ_I386 && state->calls % 2;
		unsigned long a[6];
		int i;

		if (nr == __NR_rsys_selftest && !job->unprivileged)
			continue;
		for (i = 0; i < 6; i++)
			a[i] = fuzz_arg(&seed, job->scratch);
		if (i386) {
			for (i = 0; i < 5; i++) {
				a[i] = (__u32)a[i];
				if (a[i] >= image_start && a[i] < image_end)
					a[i] = 0;
			}
		}
		state->nr = nr;
		memcpy(state->args, a, sizeof(a));
		state->i386 = i386;
#ifdef __x86_64__
		if (i386)
			syscall_i386(nr, a[0], a[1], a[2], a[3], a[4]);
		else
#endif
			syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		__atomic_store_n(&state->calls, state->calls + 1,
				 __ATOMIC_RELAXED);
	}
	_exit(0);
}

/* How the fuzzing child ended. */
enum fuzz_end {
	FUZZ_EXITED,		/* by itself: its wait status says how */
	FUZZ_HUNG,		/* stopped: no call returned for FUZZ_STALL s */
	FUZZ_TOO_SLOW,		/* stopped: FUZZ_DEADLINE s passed */
	FUZZ_NOT_RUN,		/* fork() or waitpid() failed */
};

/* Runs the fuzzing child and waits for it; its wait status in *status. */
static enum fuzz_end fuzz_run(const struct fuzz_job *job, int *status)
{
	__u64 start = monotonic_s(), progress = start, now;
	unsigned long seen = 0, calls;
	pid_t pid, w;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return FUZZ_NOT_RUN;
	if (pid == 0)
		fuzz_child(job);
	while (!(w = waitpid(pid, status, WNOHANG))) {
		now = monotonic_s();
		calls = __atomic_load_n(&job->state->calls, __ATOMIC_RELAXED);
		if (calls != seen) {
			seen = calls;
			progress = now;
		}
		if (now - progress >= FUZZ_STALL ||
		    now - start >= FUZZ_DEADLINE) {
			/*
			 * A child stuck in the kernel may never die: wait a
			 * little, and report the stall either way.
			 */
			kill(pid, SIGKILL);
			for (w = 0; w < 50 && !waitpid(pid, status, WNOHANG); w++)
				usleep(FUZZ_POLL_US);
			return now - progress >= FUZZ_STALL ? FUZZ_HUNG :
							      FUZZ_TOO_SLOW;
		}
		usleep(FUZZ_POLL_US);
	}
	return w == pid ? FUZZ_EXITED : FUZZ_NOT_RUN;
}

/* Describes the call the child made last, or was making. */
static const char *fmt_call(const struct fuzz_state *state, char *buf,
			    size_t size)
{
	const unsigned long *a = state->args;

	snprintf(buf, size,
		 "number %ld%s (%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)",
		 state->nr, state->i386 ? " through int $0x80" : "",
		 a[0], a[1], a[2], a[3], a[4], a[5]);
	return buf;
}

/*
 * Fuzzes, prints the summary line "fuzz: N calls, M oops", and checks that
 * the child made every call and that the kernel log has no report.
 */
TEST_F_TIMEOUT(fuzz, random_calls, FUZZ_TIMEOUT)
{
	int status = 0, ret, lost = 0, problems = 0, oopses = 0;
	char line[8192], call[256];
	unsigned long calls;
	int end;		/* an enum fuzz_end */

	end = fuzz_run(&self->job, &status);
	calls = self->job.state->calls;
	fmt_call(self->job.state, call, sizeof(call));
	while ((ret = kmsg_read(self->kmsg, NULL, line, sizeof(line)))) {
		if (ret == -EPIPE) {
			lost++;
			continue;
		}
		if (ret < 0)
			break;
		if (!kmsg_report_in(line))
			continue;
		oopses += kmsg_is_oops(line);
		if (problems++ < MAX_SHOWN)
			TH_LOG("in the kernel log: %s", line);
	}
	ksft_print_msg("fuzz: %lu calls, %d oops\n", calls, oopses);

	ASSERT_NE(FUZZ_NOT_RUN, end)
		TH_LOG("fork or waitpid: %s", strerror(errno));
	EXPECT_NE(FUZZ_HUNG, end)
		TH_LOG("fuzzer hung: no call returned for %d s; the call: %s",
		       FUZZ_STALL, call);
	EXPECT_NE(FUZZ_TOO_SLOW, end)
		TH_LOG("fuzzer stopped after %d s, at call %lu of %lu",
		       FUZZ_DEADLINE, calls, self->job.calls);
	if (end == FUZZ_EXITED) {
		EXPECT_FALSE(WIFEXITED(status) &&
			     WEXITSTATUS(status) == FUZZ_SETUP_FAILED)
			TH_LOG("fuzzer could not become uid %d", UNPRIV_UID);
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status))
			TH_LOG("fuzzer died (status %#x) in call %lu: %s",
			       status, calls, call);
		EXPECT_EQ(self->job.calls, calls)
			TH_LOG("fuzzer stopped after %lu calls", calls);
	}
	EXPECT_EQ(0, ret) TH_LOG("read /dev/kmsg: %s", strerror(-ret));
	EXPECT_EQ(0, lost)
		TH_LOG("reading /dev/kmsg gave EPIPE %d time(s): records were lost",
		       lost);
	EXPECT_EQ(0, problems)
		TH_LOG("%d line(s) of oopses or warnings in the kernel log (%d oops)",
		       problems, oopses);
}

TEST_HARNESS_MAIN
