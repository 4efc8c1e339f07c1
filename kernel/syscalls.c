// SPDX-License-Identifier: GPL-2.0
/*
 * Entry points of the rsys system calls.
 *
 * Each call is an ordinary SYSCALL_DEFINEn() listed in the system call
 * table, so it goes through the same entry path as any other system call:
 * seccomp, ptrace, audit and the syscall tracepoints all see it. The
 * wrapper only narrows the arguments to their C types and hands them to
 * the Rust implementation, whose return value (a result or -errno) is the
 * system call's.
 */
#include <linux/rsys.h>
#include <linux/syscalls.h>

#include "rsys.h"

SYSCALL_DEFINE3(rsys_add, u32, a, u32, b, unsigned int, flags)
{
	return rust_sys_rsys_add(a, b, flags);
}

SYSCALL_DEFINE4(rsys_checksum, const void __user *, buf, size_t, len,
		u32 __user *, csum, unsigned int, flags)
{
	return rust_sys_rsys_checksum(buf, len, csum, flags);
}

SYSCALL_DEFINE3(rsys_counter, unsigned int, op, u64, arg,
		unsigned int, flags)
{
	return rust_sys_rsys_counter(op, arg, flags);
}

SYSCALL_DEFINE3(rsys_info, struct rsys_info __user *, info, size_t, size,
		unsigned int, flags)
{
	return rust_sys_rsys_info(info, size, flags);
}

#ifdef CONFIG_RUST_SYSCALLS_SELFTEST
SYSCALL_DEFINE2(rsys_selftest, unsigned int, op, unsigned int, flags)
{
	return rust_sys_rsys_selftest(op, flags);
}
#endif
