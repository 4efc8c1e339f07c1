// SPDX-License-Identifier: GPL-2.0
/*
 * The C twins of the Rust calls (rsys_add_c(), rsys_checksum_c(),
 * rsys_counter_c(), rsys_info_c()): rsys-bench compares the two, so they
 * must agree. They exist only with CONFIG_RUST_SYSCALLS_SELFTEST: without
 * it the tests are skipped, unless RSYS_EXPECT=on says the kernel has them.
 */
#include "rsys_test.h"

#define RANDOM_LEN		10000
#define CSUM_POISON		0xdeadbeefU

#define NO_TWINS		"no C twins: CONFIG_RUST_SYSCALLS_SELFTEST is off"

static inline long rsys_add_c(__u32 a, __u32 b, unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_add_c, a, b, flags));
}

static inline long rsys_checksum_c(const void *buf, size_t len, __u32 *csum,
				   unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_checksum_c, buf, len, csum, flags));
}

static inline long rsys_counter_c(unsigned int op, __u64 arg,
				  unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_counter_c, op, arg, flags));
}

static inline long rsys_info_c(void *info, size_t size, unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_info_c, info, size, flags));
}

/*
 * Whether the kernel has the twins (CONFIG_RUST_SYSCALLS_SELFTEST).
 * (checkpatch warns about any ENOSYS; here it means just that: no such
 * system call.)
 */
static bool twins_present(void)
{
	return rsys_add_c(2, 3, 0) != -ENOSYS;
}

/*
 * Each fixture's setup finds out whether the twins are there (with
 * RSYS_EXPECT=on they must be: the setup fails), and each test skips
 * itself if they are not: before Linux 6.5, a SKIP() in a setup does not
 * stop the test.
 */
#define SETUP_TWINS() do {						\
	self->present = twins_present();				\
	if (!self->present && rsys_expect("on"))			\
		TH_LOG("no C twins (rsys_add_c(): -ENOSYS), but RSYS_EXPECT=on"); \
	ASSERT_TRUE(self->present || !rsys_expect("on"));		\
} while (0)

FIXTURE(twins) {
	bool present;
};

FIXTURE_SETUP(twins)
{
	SETUP_TWINS();
}

FIXTURE_TEARDOWN(twins) {}

/* rsys_add(): the same results, sums and errors alike. */
FIXTURE(add) {
	bool present;
};

FIXTURE_VARIANT(add) {
	__u32 a, b;
	unsigned int flags;
};

FIXTURE_VARIANT_ADD(add, sum) { .a = 2, .b = 3 };
FIXTURE_VARIANT_ADD(add, sum_max) { .a = 0xfffffffe, .b = 1 };
FIXTURE_VARIANT_ADD(add, overflow) { .a = 0xffffffff, .b = 1 };
FIXTURE_VARIANT_ADD(add, saturate)
{
	.a = 0xffffffff, .b = 1, .flags = RSYS_ADD_SATURATE
};

FIXTURE_VARIANT_ADD(add, unknown_flag) { .a = 1, .b = 1, .flags = 2 };

FIXTURE_SETUP(add)
{
	SETUP_TWINS();
}

FIXTURE_TEARDOWN(add) {}

TEST_F(add, agrees)
{
	long rust, c;

	if (!self->present)
		SKIP(return, NO_TWINS);
	rust = rsys_add(variant->a, variant->b, variant->flags);
	c = rsys_add_c(variant->a, variant->b, variant->flags);
	if (rust != c)
		TH_LOG("add(%#x, %#x, %#x): Rust %ld, C %ld", variant->a,
		       variant->b, variant->flags, rust, c);
	EXPECT_EQ(rust, c);
}

/* rsys_checksum(): the same checksum, around the chunks of 512 bytes. */
FIXTURE(checksum) {
	bool present;
	unsigned char buf[RANDOM_LEN];
};

FIXTURE_VARIANT(checksum) {
	size_t len;
};

FIXTURE_VARIANT_ADD(checksum, len_0) { .len = 0 };
FIXTURE_VARIANT_ADD(checksum, len_1) { .len = 1 };
FIXTURE_VARIANT_ADD(checksum, len_511) { .len = 511 };
FIXTURE_VARIANT_ADD(checksum, len_512) { .len = 512 };
FIXTURE_VARIANT_ADD(checksum, len_513) { .len = 513 };
FIXTURE_VARIANT_ADD(checksum, len_10000) { .len = RANDOM_LEN };

FIXTURE_SETUP(checksum)
{
	SETUP_TWINS();
	fill_random(self->buf, sizeof(self->buf), 7);
}

FIXTURE_TEARDOWN(checksum) {}

TEST_F(checksum, agrees)
{
	__u32 rust = CSUM_POISON, c = ~CSUM_POISON;

	if (!self->present)
		SKIP(return, NO_TWINS);
	EXPECT_RET(rsys_checksum(self->buf, variant->len, &rust, 0), 0);
	EXPECT_RET(rsys_checksum_c(self->buf, variant->len, &c, 0), 0);
	if (rust != c)
		TH_LOG("len %zu: Rust %#x, C %#x", variant->len, rust, c);
	EXPECT_EQ(rust, c);
}

/* The errors of rsys_checksum(), *csum left alone. */
TEST_F(twins, checksum_errors_agree)
{
	__u32 csum = CSUM_POISON;
	unsigned char buf[16] = { 0 };

	if (!self->present)
		SKIP(return, NO_TWINS);
	EXPECT_RET(rsys_checksum_c(NULL, 16, &csum, 0), -EFAULT);
	EXPECT_RET(rsys_checksum(NULL, 16, &csum, 0), -EFAULT);
	EXPECT_RET(rsys_checksum_c(buf, 16, NULL, 0), -EFAULT);
	EXPECT_RET(rsys_checksum(buf, 16, NULL, 0), -EFAULT);
	EXPECT_RET(rsys_checksum_c(buf, 16, &csum, 1), -EINVAL);
	EXPECT_RET(rsys_checksum(buf, 16, &csum, 1), -EINVAL);
	if (csum != CSUM_POISON)
		TH_LOG("*csum changed to %#x, expected it left %#x", csum,
		       CSUM_POISON);
	EXPECT_EQ(CSUM_POISON, csum);
}

/*
 * rsys_counter(): each keeps a counter of its own. From both reset, as
 * root, the same operations give the same results.
 */
static const struct counter_step {
	unsigned int op;
	__u64 arg;
	unsigned int flags;
	long want;
} counter_steps[] = {
	{ RSYS_COUNTER_RESET, 0, 0, 0 },
	{ RSYS_COUNTER_ADD, 5, 0, 5 },
	{ RSYS_COUNTER_ADD, LONG_MAX - 5, 0, LONG_MAX },
	{ RSYS_COUNTER_ADD, 1, 0, -EOVERFLOW },
	{ RSYS_COUNTER_GET, 0, 0, LONG_MAX },
	{ RSYS_COUNTER_GET, 0, 1, -EINVAL },
	{ RSYS_COUNTER_GET, 1, 0, -EINVAL },
	{ RSYS_COUNTER_RESET, 1, 0, -EINVAL },
	{ RSYS_COUNTER_GET, 0, 0, LONG_MAX },
	{ ~0U, 0, 0, -EINVAL },
	{ RSYS_COUNTER_RESET, 0, 0, 0 },
};

TEST_F(twins, counter_agrees)
{
	char r[96], c[96], w[96];
	size_t i;

	if (!self->present)
		SKIP(return, NO_TWINS);
	for (i = 0; i < ARRAY_SIZE(counter_steps); i++) {
		const struct counter_step *s = &counter_steps[i];
		long rust = rsys_counter(s->op, s->arg, s->flags);
		long twin = rsys_counter_c(s->op, s->arg, s->flags);

		if (rust != s->want || twin != s->want)
			TH_LOG("step %zu, counter(%u, %#llx, %#x): Rust %s, C %s, expected %s",
			       i, s->op, (unsigned long long)s->arg, s->flags,
			       fmt_ret(rust, r, sizeof(r)),
			       fmt_ret(twin, c, sizeof(c)),
			       fmt_ret(s->want, w, sizeof(w)));
		EXPECT_EQ(s->want, rust);
		EXPECT_EQ(s->want, twin);
	}
}

/* One counter operation, for call_as(). */
struct counter_call {
	long nr;		/* __NR_rsys_counter or __NR_rsys_counter_c */
	unsigned int op;
	__u64 arg;
};

static long counter_call(void *arg)
{
	const struct counter_call *call = arg;

	return sys_ret(syscall(call->nr, call->op, call->arg, 0));
}

/*
 * From an unprivileged user, both refuse to change their counter with
 * -EPERM: RSYS_COUNTER_ADD and RSYS_COUNTER_RESET need CAP_SYS_ADMIN.
 */
FIXTURE(counter_unprivileged) {
	bool present;
};

FIXTURE_VARIANT(counter_unprivileged) {
	unsigned int op;
	__u64 arg;
};

FIXTURE_VARIANT_ADD(counter_unprivileged, add)
{
	.op = RSYS_COUNTER_ADD,
	.arg = 1,
};

FIXTURE_VARIANT_ADD(counter_unprivileged, reset)
{
	.op = RSYS_COUNTER_RESET,
	.arg = 0,
};

FIXTURE_SETUP(counter_unprivileged)
{
	SETUP_TWINS();
}

FIXTURE_TEARDOWN(counter_unprivileged) {}

TEST_F(counter_unprivileged, both_eperm)
{
	struct counter_call rust = { __NR_rsys_counter, variant->op, variant->arg };
	struct counter_call twin = { __NR_rsys_counter_c, variant->op, variant->arg };

	if (!self->present)
		SKIP(return, NO_TWINS);
	/* Both at 1, as root: a change would show. */
	ASSERT_RET(rsys_counter(RSYS_COUNTER_RESET, 0, 0), 0);
	ASSERT_RET(rsys_counter_c(RSYS_COUNTER_RESET, 0, 0), 0);
	ASSERT_RET(rsys_counter(RSYS_COUNTER_ADD, 1, 0), 1);
	ASSERT_RET(rsys_counter_c(RSYS_COUNTER_ADD, 1, 0), 1);
	EXPECT_RET(call_as(UNPRIV_UID, counter_call, &rust), -EPERM);
	EXPECT_RET(call_as(UNPRIV_UID, counter_call, &twin), -EPERM);
	EXPECT_RET(rsys_counter(RSYS_COUNTER_GET, 0, 0), 1);
	EXPECT_RET(rsys_counter_c(RSYS_COUNTER_GET, 0, 0), 1);
}

/* rsys_info(): the same struct but for nr_syscalls and counter. */
TEST_F(twins, info_agrees)
{
	struct rsys_info rust, c;

	if (!self->present)
		SKIP(return, NO_TWINS);
	memset(&rust, POISON, sizeof(rust));
	memset(&c, POISON, sizeof(c));
	EXPECT_RET(rsys_info(&rust, sizeof(rust), 0), 0);
	EXPECT_RET(rsys_info_c(&c, sizeof(c), 0), 0);
	if (rust.size != c.size || rust.version != c.version ||
	    rust.features != c.features)
		TH_LOG("Rust size %u version %#x features %#x, C %u %#x %#x",
		       rust.size, rust.version, rust.features, c.size,
		       c.version, c.features);
	EXPECT_EQ(rust.size, c.size);
	EXPECT_EQ(rust.version, c.version);
	EXPECT_EQ(rust.features, c.features);
}

TEST_F(twins, info_errors_agree)
{
	struct rsys_info info;

	if (!self->present)
		SKIP(return, NO_TWINS);
	EXPECT_RET(rsys_info_c(&info, RSYS_INFO_SIZE_VER0 - 1, 0), -EINVAL);
	EXPECT_RET(rsys_info(&info, RSYS_INFO_SIZE_VER0 - 1, 0), -EINVAL);
	EXPECT_RET(rsys_info_c(NULL, sizeof(info), 0), -EFAULT);
	EXPECT_RET(rsys_info(NULL, sizeof(info), 0), -EFAULT);
}

TEST_HARNESS_MAIN
