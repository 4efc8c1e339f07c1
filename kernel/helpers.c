// SPDX-License-Identifier: GPL-2.0
/*
 * C helpers called from the Rust side of rsys.
 *
 * Most of the kernel API that Rust code needs is made of macros and inline
 * functions (copy_from_user(), cond_resched(), BUG(), the pr_*() family).
 * Rust cannot call those, so each gets a small out-of-line wrapper here with
 * the same contract as the C interface it wraps.
 */
#define pr_fmt(fmt) "rsys: " fmt

#include <linux/bug.h>
#include <linux/capability.h>
#include <linux/kern_levels.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>

#include "rsys.h"

/* Returns the number of bytes that could not be copied, like copy_from_user(). */
unsigned long rsys_copy_from_user(void *to, const void __user *from,
				  unsigned long n)
{
	return copy_from_user(to, from, n);
}

/* Returns the number of bytes that could not be copied, like copy_to_user(). */
unsigned long rsys_copy_to_user(void __user *to, const void *from,
				unsigned long n)
{
	return copy_to_user(to, from, n);
}

/* Returns the number of bytes that could not be cleared, like clear_user(). */
unsigned long rsys_clear_user(void __user *to, unsigned long n)
{
	return clear_user(to, n);
}

/*
 * Prints msg[0..len) (not NUL-terminated) at a LOGLEVEL_* level. The Rust
 * pr_*() macros format into a bounded buffer and pass the result here.
 */
void rsys_print(int level, const char *msg, size_t len)
{
	int n = min_t(size_t, len, INT_MAX);

	switch (level) {
	case LOGLEVEL_EMERG:
		pr_emerg("%.*s\n", n, msg);
		break;
	case LOGLEVEL_ALERT:
		pr_alert("%.*s\n", n, msg);
		break;
	case LOGLEVEL_CRIT:
		pr_crit("%.*s\n", n, msg);
		break;
	case LOGLEVEL_ERR:
		pr_err("%.*s\n", n, msg);
		break;
	case LOGLEVEL_WARNING:
		pr_warn("%.*s\n", n, msg);
		break;
	case LOGLEVEL_NOTICE:
		pr_notice("%.*s\n", n, msg);
		break;
	case LOGLEVEL_INFO:
		pr_info("%.*s\n", n, msg);
		break;
	default:
		pr_debug("%.*s\n", n, msg);
		break;
	}
}

/*
 * The end of a Rust panic: the message has been printed, now oops the
 * calling task. The kernel goes on unless panic_on_oops is set.
 */
void __noreturn rsys_bug(void)
{
	BUG();
}

/*
 * Called by the compiler_builtins stubs: Rust code must not use 128-bit
 * integer division or floating point, which the kernel does not provide.
 */
void rsys_builtin_called(const char *name)
{
	WARN(1, "rsys: unsupported compiler builtin %s called\n", name);
}

bool rsys_capable(int cap)
{
	return capable(cap);
}

bool rsys_fatal_signal_pending(void)
{
	return fatal_signal_pending(current);
}

void rsys_cond_resched(void)
{
	cond_resched();
}
