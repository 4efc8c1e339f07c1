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
#include <linux/compat.h>
#include <linux/cred.h>
#include <linux/jiffies.h>
#include <linux/kern_levels.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/uidgid.h>

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
 * Copies a NUL-terminated string of at most count - 1 bytes, with its NUL,
 * like strncpy_from_user(): returns its length, count if no NUL was found in
 * count bytes, or -EFAULT.
 */
long rsys_strncpy_from_user(char *dst, const char __user *src, long count)
{
	return strncpy_from_user(dst, src, count);
}

/*
 * Memory for the Rust side: kmalloc() and friends with GFP_KERNEL, so the
 * caller must be allowed to sleep (no spinlock held). kmalloc() aligns to
 * ARCH_KMALLOC_MINALIGN, and to the size for power-of-two sizes; the Rust
 * side asks for a size that gives the alignment it needs. A failure is
 * ENOMEM for the caller, which may come from a size user space chose: no
 * allocation failure warning.
 */
void *rsys_kmalloc(size_t size)
{
	return kmalloc(size, GFP_KERNEL | __GFP_NOWARN);
}

void *rsys_krealloc(void *p, size_t size)
{
	return krealloc(p, size, GFP_KERNEL | __GFP_NOWARN);
}

void rsys_kfree(void *p)
{
	kfree(p);
}

/*
 * Locks for the Rust side, each in memory of its own so that the Rust value
 * that owns it can move. All rsys mutexes share one lockdep class, and so do
 * all rsys spinlocks.
 */
struct mutex *rsys_mutex_new(void)
{
	struct mutex *lock = kmalloc(sizeof(*lock), GFP_KERNEL);

	if (lock)
		mutex_init(lock);
	return lock;
}

void rsys_mutex_free(struct mutex *lock)
{
	mutex_destroy(lock);
	kfree(lock);
}

/* Returns 0, or -EINTR if a fatal signal came while waiting. */
int rsys_mutex_lock(struct mutex *lock)
{
	return mutex_lock_killable(lock);
}

void rsys_mutex_unlock(struct mutex *lock)
{
	mutex_unlock(lock);
}

spinlock_t *rsys_spin_lock_new(void)
{
	spinlock_t *lock = kmalloc(sizeof(*lock), GFP_KERNEL);

	if (lock)
		spin_lock_init(lock);
	return lock;
}

void rsys_spin_lock_free(spinlock_t *lock)
{
	kfree(lock);
}

void rsys_spin_lock(spinlock_t *lock)
	__acquires(lock)
{
	spin_lock(lock);
}

void rsys_spin_unlock(spinlock_t *lock)
	__releases(lock)
{
	spin_unlock(lock);
}

/*
 * The calling task's identity, as seen from its own namespaces: its pid
 * namespace for the ids, its user namespace for uid and gid (unmapped ids
 * read as the overflow id, 65534, as in getuid()).
 */
int rsys_current_pid(void)
{
	return task_pid_vnr(current);
}

int rsys_current_tgid(void)
{
	return task_tgid_vnr(current);
}

unsigned int rsys_current_uid(void)
{
	return from_kuid_munged(current_user_ns(), current_uid());
}

unsigned int rsys_current_gid(void)
{
	return from_kgid_munged(current_user_ns(), current_gid());
}

unsigned int rsys_current_euid(void)
{
	return from_kuid_munged(current_user_ns(), current_euid());
}

unsigned int rsys_current_egid(void)
{
	return from_kgid_munged(current_user_ns(), current_egid());
}

/*
 * The owner of what rsys keeps per user: the caller's effective uid as a
 * kuid, the id the initial user namespace sees. It is the same from every
 * user namespace, so a namespace's root (or any id it maps) owns what the
 * user outside it owns, never what root or another user owns.
 */
unsigned int rsys_current_owner(void)
{
	return __kuid_val(current_euid());
}

unsigned long rsys_jiffies(void)
{
	return jiffies;
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

bool rsys_in_compat_syscall(void)
{
	return in_compat_syscall();
}

bool rsys_fatal_signal_pending(void)
{
	return fatal_signal_pending(current);
}

void rsys_cond_resched(void)
{
	cond_resched();
}
