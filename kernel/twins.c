// SPDX-License-Identifier: GPL-2.0
/*
 * C twins of the Rust sample system calls, for benchmarks only
 * (CONFIG_RUST_SYSCALLS_SELFTEST).
 *
 * Each twin does what its Rust sample does, written as a C developer would
 * write it, so that the cost of a call can be compared side by side. The
 * counter twin keeps its own counter; the info twin leaves nr_syscalls 0
 * (the count is generated for the Rust side only).
 */
#include <linux/atomic.h>
#include <linux/capability.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/rsys.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

/* As in rust/samples/rsys_checksum.rs. */
#define ADLER_MOD	65521U
#define ADLER_CHUNK	512

SYSCALL_DEFINE3(rsys_add_c, u32, a, u32, b, unsigned int, flags)
{
	u32 sum;

	if (flags & ~RSYS_ADD_SATURATE)
		return -EINVAL;
	if (check_add_overflow(a, b, &sum)) {
		if (!(flags & RSYS_ADD_SATURATE))
			return -EOVERFLOW;
		sum = U32_MAX;
	}
	return sum;
}

SYSCALL_DEFINE4(rsys_checksum_c, const void __user *, buf, size_t, len,
		u32 __user *, csum, unsigned int, flags)
{
	u8 chunk[ADLER_CHUNK];
	u32 a = 1, b = 0;

	if (flags)
		return -EINVAL;
	while (len) {
		size_t i, n = min_t(size_t, len, ADLER_CHUNK);

		if (copy_from_user(chunk, buf, n))
			return -EFAULT;
		for (i = 0; i < n; i++) {
			a += chunk[i];
			b += a;
		}
		a %= ADLER_MOD;
		b %= ADLER_MOD;
		buf += n;
		len -= n;
		if (len) {
			if (fatal_signal_pending(current))
				return -EINTR;
			cond_resched();
		}
	}
	return put_user(b << 16 | a, csum);
}

static atomic64_t rsys_counter_c_value = ATOMIC64_INIT(0);

SYSCALL_DEFINE3(rsys_counter_c, unsigned int, op, u64, arg,
		unsigned int, flags)
{
	s64 old, new;

	if (flags || (op != RSYS_COUNTER_ADD && arg))
		return -EINVAL;
	switch (op) {
	case RSYS_COUNTER_GET:
		return atomic64_read(&rsys_counter_c_value);
	case RSYS_COUNTER_ADD:
		if (!capable(CAP_SYS_ADMIN))
			return -EPERM;
		old = atomic64_read(&rsys_counter_c_value);
		do {
			if (arg > LONG_MAX || check_add_overflow(old, (s64)arg, &new))
				return -EOVERFLOW;
		} while (!atomic64_try_cmpxchg(&rsys_counter_c_value, &old, new));
		return new;
	case RSYS_COUNTER_RESET:
		if (!capable(CAP_SYS_ADMIN))
			return -EPERM;
		atomic64_set(&rsys_counter_c_value, 0);
		return 0;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE3(rsys_info_c, struct rsys_info __user *, uinfo, size_t, size,
		unsigned int, flags)
{
	struct rsys_info info = {
		.size = sizeof(info),
		.version = RSYS_VERSION_MAJOR << 16 | RSYS_VERSION_MINOR,
		.features = RSYS_FEATURE_SELFTEST,
		.counter = atomic64_read(&rsys_counter_c_value),
	};
	size_t n = min(size, sizeof(info));

	if (flags)
		return -EINVAL;
	if (size < RSYS_INFO_SIZE_VER0 || size > PAGE_SIZE)
		return -EINVAL;
	if (copy_to_user(uinfo, &info, n))
		return -EFAULT;
	if (size > n && clear_user((void __user *)uinfo + n, size - n))
		return -EFAULT;
	return 0;
}
