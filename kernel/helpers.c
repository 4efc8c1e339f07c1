// SPDX-License-Identifier: GPL-2.0
/*
 * C helpers called from the Rust side of rsys.
 *
 * Much of the kernel API that Rust code needs is made of macros and inline
 * functions (copy_from_user(), cond_resched(), BUG(), the pr_*() family).
 * Rust cannot call those, so each gets a small out-of-line wrapper here, an
 * rsys_*() function with the same contract as the C interface it wraps.
 * Functions with a symbol of their own (kfree(), capable()) are called
 * directly. bindgen reads this file for the Rust declarations of the
 * helpers: their definitions are their only prototypes.
 */
#define pr_fmt(fmt) "rsys: " fmt

#include <linux/bug.h>
#include <linux/capability.h>
#include <linux/compat.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hugetlb.h>
#include <linux/jiffies.h>
#include <linux/kern_levels.h>
#include <linux/memcontrol.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/rcupdate_wait.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/swap.h>
#include <linux/swapops.h>
#include <linux/uaccess.h>
#include <linux/uidgid.h>
#include <linux/xarray.h>

#if defined(CONFIG_CACHESTAT_SYSCALL) && defined(CONFIG_SWAP)
/* Brings <linux/leafops.h>, where the kernel has its newer swap entry API. */
#include <linux/mm_inline.h>
/* The swap cache's shadows, which cachestat() looks up from outside mm/. */
#include "../../mm/swap.h"
#endif

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
 * Memory for the Rust side: krealloc() with the caller's flags, which the
 * Rust side limits to GFP_KERNEL and GFP_KERNEL_ACCOUNT, so the caller
 * must be allowed to sleep (no spinlock held). kmalloc() aligns to
 * ARCH_KMALLOC_MINALIGN, and to the size for power-of-two sizes; the Rust
 * side asks for a size that gives the alignment it needs. A failure is
 * ENOMEM for the caller, which may come from a size user space chose: no
 * allocation failure warning.
 */
void *rsys_krealloc(void *p, size_t size, gfp_t flags)
{
	return krealloc(p, size, flags | __GFP_NOWARN);
}

/*
 * Locks for the Rust side. Each is a static, with its lockdep class key
 * beside it, and is initialised in place the first time it is taken: what
 * DEFINE_MUTEX() and DEFINE_SPINLOCK() do at build time, but a Rust
 * constant cannot hold their self-referring initialisers. *ready, read with
 * acquire semantics by the Rust side before it calls these, says the lock is
 * initialised; the first takers serialise on rsys_lock_init_lock. Neither
 * sleeps nor allocates, so taking a lock cannot fail, even in atomic
 * context.
 */
static DEFINE_RAW_SPINLOCK(rsys_lock_init_lock);

void rsys_mutex_init_once(struct mutex *lock, int *ready, const char *name,
			  struct lock_class_key *key)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&rsys_lock_init_lock, flags);
	if (!*ready) {
		__mutex_init(lock, name, key);
		/* Pairs with the acquire load of *ready by the Rust side. */
		smp_store_release(ready, 1);
	}
	raw_spin_unlock_irqrestore(&rsys_lock_init_lock, flags);
}

/*
 * As rust_helper___spin_lock_init() of Rust-for-Linux. PREEMPT_RT's
 * spinlocks all get spin_lock_init()'s one class.
 */
void rsys_spin_lock_init_once(spinlock_t *lock, int *ready, const char *name,
			      struct lock_class_key *key)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&rsys_lock_init_lock, flags);
	if (!*ready) {
#if defined(CONFIG_DEBUG_SPINLOCK) && !defined(CONFIG_PREEMPT_RT)
		__raw_spin_lock_init(spinlock_check(lock), name, key,
				     LD_WAIT_CONFIG);
#else
		spin_lock_init(lock);
#endif
		/* Pairs with the acquire load of *ready by the Rust side. */
		smp_store_release(ready, 1);
	}
	raw_spin_unlock_irqrestore(&rsys_lock_init_lock, flags);
}

void rsys_mutex_lock(struct mutex *lock)
{
	mutex_lock(lock);
}

/* Returns 0, or -EINTR if a fatal signal came while waiting. */
int rsys_mutex_lock_killable(struct mutex *lock)
{
	return mutex_lock_killable(lock);
}

void rsys_mutex_unlock(struct mutex *lock)
{
	mutex_unlock(lock);
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
 * calling task. The kernel goes on unless panic_on_oops is set. Not
 * declared __noreturn, so that the Rust caller ends with a trap of its own
 * after the call, which objtool needs to see (rustc emits none after a call
 * to a function that cannot return).
 */
void rsys_bug(void)
{
	BUG();
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

/*
 * A file from a descriptor of the calling task, as fdget() gives it: no
 * reference is taken when the task's file table is not shared, so the
 * struct fd must go back to rsys_fdput() before the call returns, on the
 * same task. rsys_fd_file() is NULL for a descriptor that is not open.
 */
struct fd rsys_fdget(unsigned int fd)
{
	return fdget(fd);
}

void rsys_fdput(struct fd f)
{
	fdput(f);
}

/* fd_file() came with 6.12's struct fd; before, the file was a field. */
#ifndef fd_file
#define fd_file(f) ((f).file)
#endif

struct file *rsys_fd_file(struct fd f)
{
	return fd_file(f);
}

/* Returns 0 if the caller may access the file as mask says, or -errno. */
int rsys_file_permission(struct file *file, int mask)
{
	return file_permission(file, mask);
}

bool rsys_is_file_hugepages(struct file *file)
{
	return is_file_hugepages(file);
}

bool rsys_file_owner_or_capable(struct file *file)
{
	return file_owner_or_capable(file);
}

bool rsys_shmem_mapping(struct address_space *mapping)
{
	return shmem_mapping(mapping);
}

void rsys_rcu_read_lock(void)
	__acquires(RCU)
{
	rcu_read_lock();
}

void rsys_rcu_read_unlock(void)
	__releases(RCU)
{
	rcu_read_unlock();
}

/*
 * The page cache walk of cachestat(), which came with 6.5, and what it needs
 * that older kernels lack (mem_cgroup_flush_stats_ratelimited(),
 * xas_get_order() without CONFIG_XARRAY_MULTI, workingset_test_recent()).
 */
#ifdef CONFIG_CACHESTAT_SYSCALL

/* Flushes the memory cgroups' statistics, at most every 2 s; may sleep. */
void rsys_mem_cgroup_flush_stats_ratelimited(void)
{
	mem_cgroup_flush_stats_ratelimited(NULL);
}

/* XA_STATE(): a walk of xa from index. */
void rsys_xas_init(struct xa_state *xas, struct xarray *xa,
		   unsigned long index)
{
	XA_STATE(init, xa, index);

	*xas = init;
}

/*
 * The next entry of xas_for_each(xas, entry, max) in a walk under
 * rcu_read_lock() that pins nothing, as cachestat() makes it: first gives
 * the CPU up if the scheduler asks (xas_pause(), cond_resched_rcu()), then
 * skips the entries that xas_retry() says to. xas_next_entry() starts a new
 * walk with xas_find(). NULL at the end.
 */
void *rsys_xas_next_unpinned(struct xa_state *xas, unsigned long max)
{
	void *entry;

	if (need_resched()) {
		xas_pause(xas);
		cond_resched_rcu();
	}
	do {
		entry = xas_next_entry(xas, max);
	} while (entry && xas_retry(xas, entry));
	return entry;
}

int rsys_xas_get_order(struct xa_state *xas)
{
	return xas_get_order(xas);
}

bool rsys_xa_is_value(const void *entry)
{
	return xa_is_value(entry);
}

#ifdef CONFIG_SWAP
/*
 * The shadow that a swapped-out page of shmem left in the swap cache, from
 * the swap entry shmem keeps in its page cache, as filemap_cachestat()
 * finds it; NULL if the entry is poisoned or there is no shadow (yet). Under
 * rcu_read_lock(), which keeps swapoff from freeing the swap cache.
 */
void *rsys_shmem_swap_shadow(void *entry)
{
	swp_entry_t swp = radix_to_swp_entry(entry);

#ifdef _LINUX_LEAFOPS_H
	if (!softleaf_is_swap(swp))
		return NULL;
	return swap_cache_get_shadow(swp);
#else
	if (non_swap_entry(swp))
		return NULL;
	return get_shadow_from_swap_cache(swp);
#endif
}
#endif /* CONFIG_SWAP */

#endif /* CONFIG_CACHESTAT_SYSCALL */
