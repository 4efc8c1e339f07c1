// SPDX-License-Identifier: GPL-2.0
/*
 * rsys_counter(): a counter shared by all callers, exact under concurrency.
 * Any caller reads it; adding to it and resetting it need CAP_SYS_ADMIN.
 */
#include "rsys_test.h"

#include <pthread.h>
#include <sched.h>

#define COUNTER_THREADS		4
#define COUNTER_ADDS		50000

static long counter_get(void)
{
	return rsys_counter(RSYS_COUNTER_GET, 0, 0);
}

FIXTURE(counter) {};

/* Every case starts from 0, set as root. */
FIXTURE_SETUP(counter)
{
	ASSERT_RET(rsys_counter(RSYS_COUNTER_RESET, 0, 0), 0);
}

FIXTURE_TEARDOWN(counter) {}

TEST_F(counter, add_and_get)
{
	EXPECT_RET(rsys_counter(RSYS_COUNTER_ADD, 5, 0), 5);
	EXPECT_RET(counter_get(), 5);
	EXPECT_RET(rsys_counter(RSYS_COUNTER_ADD, 0, 0), 5);
	EXPECT_RET(rsys_counter(RSYS_COUNTER_ADD, 1000, 0), 1005);
	EXPECT_RET(counter_get(), 1005);
}

TEST_F(counter, overflow_leaves_value)
{
	long v;

	ASSERT_RET(rsys_counter(RSYS_COUNTER_ADD, 7, 0), 7);
	v = counter_get();
	ASSERT_RET(v, 7);
	EXPECT_RET(rsys_counter(RSYS_COUNTER_ADD, (__u64)(LONG_MAX - v) + 1, 0),
		   -EOVERFLOW);
	EXPECT_RET(counter_get(), v);
	EXPECT_RET(rsys_counter(RSYS_COUNTER_ADD, UINT64_MAX, 0), -EOVERFLOW);
	EXPECT_RET(rsys_counter(RSYS_COUNTER_ADD, (__u64)LONG_MAX + 1, 0),
		   -EOVERFLOW);
	EXPECT_RET(counter_get(), v);
}

TEST_F(counter, limit_is_long_max)
{
	long v;

	ASSERT_RET(rsys_counter(RSYS_COUNTER_ADD, 3, 0), 3);
	v = counter_get();
	ASSERT_RET(v, 3);
	EXPECT_RET(rsys_counter(RSYS_COUNTER_ADD, LONG_MAX - v, 0), LONG_MAX);
	EXPECT_RET(rsys_counter(RSYS_COUNTER_ADD, 1, 0), -EOVERFLOW);
	EXPECT_RET(counter_get(), LONG_MAX);
	/* Leave the counter usable for what runs after this case. */
	EXPECT_RET(rsys_counter(RSYS_COUNTER_RESET, 0, 0), 0);
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

TEST_F_TIMEOUT(counter, exact_under_concurrency, 300)
{
	struct counter_thread threads[COUNTER_THREADS] = { 0 };
	long nprocs = sysconf(_SC_NPROCESSORS_ONLN);
	bool used[CPU_SETSIZE] = { false };
	int i, nused = 0;
	long before, after;

	/*
	 * The kit's VM has 2 CPUs (QEMU's -smp 2 puts both in one package,
	 * and SeaBIOS's MP table then lists one: a kernel without ACPI needs
	 * -smp 2,sockets=2); elsewhere, one CPU cannot show the race.
	 */
	if (nprocs < 2 && !rsys_expect("on"))
		SKIP(return, "%ld CPU(s) online, need at least 2", nprocs);
	ASSERT_LE(2, nprocs);
	before = counter_get();
	ASSERT_LE(0, before);
	for (i = 0; i < COUNTER_THREADS; i++) {
		threads[i].cpu = i % nprocs;
		ASSERT_EQ(0, pthread_create(&threads[i].thread, NULL,
					    counter_thread_fn, &threads[i]));
	}
	for (i = 0; i < COUNTER_THREADS; i++)
		pthread_join(threads[i].thread, NULL);
	for (i = 0; i < COUNTER_THREADS; i++) {
		struct counter_thread *t = &threads[i];

		EXPECT_RET(t->err, 0);
		EXPECT_EQ(t->cpu, t->cpu_first);
		EXPECT_EQ(t->cpu, t->cpu_last);
		if (t->cpu_first >= 0 && t->cpu_first < CPU_SETSIZE &&
		    !used[t->cpu_first]) {
			used[t->cpu_first] = true;
			nused++;
		}
	}
	after = counter_get();
	EXPECT_EQ(COUNTER_THREADS * COUNTER_ADDS, after - before) {
		TH_LOG("counter went from %ld to %ld", before, after);
	}
	EXPECT_LE(2, nused) {
		TH_LOG("threads ran on %d distinct CPU(s) of %ld", nused,
		       nprocs);
	}
}

TEST_F(counter, rejects_unknown_op)
{
	ASSERT_RET(rsys_counter(RSYS_COUNTER_ADD, 9, 0), 9);
	EXPECT_RET(rsys_counter(RSYS_COUNTER_RESET + 1, 1, 0), -EINVAL);
	EXPECT_RET(rsys_counter(UINT_MAX, 1, 0), -EINVAL);
	EXPECT_RET(counter_get(), 9);
}

TEST_F(counter, rejects_unknown_flags)
{
	ASSERT_RET(rsys_counter(RSYS_COUNTER_ADD, 9, 0), 9);
	EXPECT_RET(rsys_counter(RSYS_COUNTER_GET, 0, 1), -EINVAL);
	EXPECT_RET(rsys_counter(RSYS_COUNTER_ADD, 1, 1), -EINVAL);
	EXPECT_RET(rsys_counter(RSYS_COUNTER_ADD, 1, 1U << 31), -EINVAL);
	EXPECT_RET(rsys_counter(RSYS_COUNTER_RESET, 0, 1), -EINVAL);
	EXPECT_RET(counter_get(), 9);
}

/* Only an add takes arg: the other ops refuse any but 0, changing nothing. */
TEST_F(counter, rejects_arg_where_unused)
{
	ASSERT_RET(rsys_counter(RSYS_COUNTER_ADD, 9, 0), 9);
	EXPECT_RET(rsys_counter(RSYS_COUNTER_GET, 1, 0), -EINVAL);
	EXPECT_RET(rsys_counter(RSYS_COUNTER_GET, 1ULL << 63, 0), -EINVAL);
	EXPECT_RET(rsys_counter(RSYS_COUNTER_RESET, 1, 0), -EINVAL);
	EXPECT_RET(rsys_counter(RSYS_COUNTER_RESET, ~0ULL, 0), -EINVAL);
	EXPECT_RET(counter_get(), 9);
}

static long counter_reset(void *arg)
{
	return rsys_counter(RSYS_COUNTER_RESET, 0, 0);
}

static long counter_reset_arg(void *arg)
{
	return rsys_counter(RSYS_COUNTER_RESET, 1, 0);
}

TEST_F(counter, reset_needs_cap_sys_admin)
{
	/* A non-zero counter, so that a reset would show. */
	ASSERT_RET(rsys_counter(RSYS_COUNTER_ADD, 1, 0), 1);
	EXPECT_RET(call_as(UNPRIV_UID, counter_reset, NULL), -EPERM);
	/* arg is checked before privileges, as flags are. */
	EXPECT_RET(call_as(UNPRIV_UID, counter_reset_arg, NULL), -EINVAL);
	EXPECT_RET(counter_get(), 1);
}

TEST_F(counter, reset_as_admin)
{
	ASSERT_RET(rsys_counter(RSYS_COUNTER_ADD, 1, 0), 1);
	EXPECT_RET(rsys_counter(RSYS_COUNTER_RESET, 0, 0), 0);
	EXPECT_RET(counter_get(), 0);
}

static long counter_add(void *arg)
{
	return rsys_counter(RSYS_COUNTER_ADD, *(__u64 *)arg, 0);
}

static long counter_add_bad_flags(void *arg)
{
	return rsys_counter(RSYS_COUNTER_ADD, 1, 1);
}

/*
 * One add of a huge value would saturate the counter for every caller:
 * adding needs CAP_SYS_ADMIN, and a refused add changes nothing.
 */
TEST_F(counter, add_needs_cap_sys_admin)
{
	__u64 huge = LONG_MAX - 1, one = 1, zero = 0;

	ASSERT_RET(rsys_counter(RSYS_COUNTER_ADD, 1, 0), 1);
	EXPECT_RET(call_as(UNPRIV_UID, counter_add, &huge), -EPERM);
	EXPECT_RET(call_as(UNPRIV_UID, counter_add, &one), -EPERM);
	EXPECT_RET(call_as(UNPRIV_UID2, counter_add, &zero), -EPERM);
	/* Flags are checked before privileges. */
	EXPECT_RET(call_as(UNPRIV_UID, counter_add_bad_flags, NULL), -EINVAL);
	EXPECT_RET(counter_get(), 1);
	/* Root still adds. */
	EXPECT_RET(rsys_counter(RSYS_COUNTER_ADD, 1, 0), 2);
}

static long counter_get_fn(void *arg)
{
	return counter_get();
}

TEST_F(counter, get_unprivileged)
{
	ASSERT_RET(rsys_counter(RSYS_COUNTER_ADD, 42, 0), 42);
	EXPECT_RET(call_as(UNPRIV_UID, counter_get_fn, NULL), 42);
	EXPECT_RET(call_as(UNPRIV_UID2, counter_get_fn, NULL), 42);
	EXPECT_RET(counter_get(), 42);
}

TEST_HARNESS_MAIN
