/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interface between the C and the Rust halves of rsys.
 *
 * rust_sys_*() are the Rust implementations of the system calls; the
 * SYSCALL_DEFINE() wrappers in syscalls.c call them with the arguments
 * already narrowed to their C types. rsys_*() are C helpers for the Rust
 * side: they wrap kernel interfaces that are macros or inline functions,
 * which Rust cannot call directly.
 */
#ifndef _KERNEL_RSYS_RSYS_H
#define _KERNEL_RSYS_RSYS_H

#include <linux/compiler.h>
#include <linux/types.h>

/* Implemented in Rust (rust/samples). */
long rust_sys_rsys_add(u32 a, u32 b, unsigned int flags);
long rust_sys_rsys_checksum(const void __user *buf, size_t len,
			    u32 __user *csum, unsigned int flags);
long rust_sys_rsys_counter(unsigned int op, u64 arg, unsigned int flags);
long rust_sys_rsys_info(void __user *info, size_t size, unsigned int flags);
long rust_sys_rsys_selftest(unsigned int op, unsigned int flags);

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
