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
#include <linux/types.h>

/* Called from Rust (rust/rsys). */
unsigned long rsys_copy_from_user(void *to, const void __user *from,
				  unsigned long n);
unsigned long rsys_copy_to_user(void __user *to, const void *from,
				unsigned long n);
unsigned long rsys_clear_user(void __user *to, unsigned long n);
void rsys_print(int level, const char *msg, size_t len);
void __noreturn rsys_bug(void);
void rsys_builtin_called(const char *name);
bool rsys_capable(int cap);
bool rsys_fatal_signal_pending(void);
void rsys_cond_resched(void);

#endif /* _KERNEL_RSYS_RSYS_H */
