/* SPDX-License-Identifier: GPL-2.0 */
/*
 * C helpers for the Rust half of rsys: they wrap kernel interfaces that are
 * macros or inline functions, which Rust cannot call directly. (The Rust
 * functions that C calls, rust_sys_*(), are in the generated
 * rust_syscalls.h.)
 */
#ifndef _KERNEL_RSYS_RSYS_H
#define _KERNEL_RSYS_RSYS_H

#include <linux/compiler.h>
#include <linux/spinlock_types.h>
#include <linux/types.h>

struct mutex;

/* Called from Rust (rust/rsys). */
unsigned long rsys_copy_from_user(void *to, const void __user *from,
				  unsigned long n);
unsigned long rsys_copy_to_user(void __user *to, const void *from,
				unsigned long n);
unsigned long rsys_clear_user(void __user *to, unsigned long n);
long rsys_strncpy_from_user(char *dst, const char __user *src, long count);
void *rsys_kmalloc(size_t size);
void *rsys_krealloc(void *p, size_t size);
void rsys_kfree(void *p);
/* A lock of the Rust side's rsys::sync::Mutex, allocated on first use. */
struct mutex *rsys_mutex_new(void);
void rsys_mutex_free(struct mutex *lock);
int rsys_mutex_lock(struct mutex *lock);
void rsys_mutex_unlock(struct mutex *lock);
/* A lock of the Rust side's rsys::sync::SpinLock, allocated on first use. */
spinlock_t *rsys_spin_lock_new(void);
void rsys_spin_lock_free(spinlock_t *lock);
void rsys_spin_lock(spinlock_t *lock);
void rsys_spin_unlock(spinlock_t *lock);
int rsys_current_pid(void);
int rsys_current_tgid(void);
unsigned int rsys_current_uid(void);
unsigned int rsys_current_gid(void);
unsigned int rsys_current_euid(void);
unsigned int rsys_current_egid(void);
unsigned int rsys_current_owner(void);
unsigned long rsys_jiffies(void);
void rsys_print(int level, const char *msg, size_t len);
void __noreturn rsys_bug(void);
void rsys_builtin_called(const char *name);
bool rsys_capable(int cap);
bool rsys_in_compat_syscall(void);
bool rsys_fatal_signal_pending(void);
void rsys_cond_resched(void);

#endif /* _KERNEL_RSYS_RSYS_H */
