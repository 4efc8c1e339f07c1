/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a file of sysc-test cases needs (a .c file of tests/cases/, one per
 * system call that scripts/new-syscall added): the system call numbers and
 * API, sys_ret(), the helpers of sysc-lib.c, and the macros that add a case
 * to the harness's run. sysc-test-i386 uses it too, built with -m32.
 */
#ifndef _RSYS_SYSC_TEST_H
#define _RSYS_SYSC_TEST_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>

#include <asm/unistd.h>
#include <linux/rsys.h>

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

/* The runs of the harness, as the kernel command line selects them. */
enum rsys_suite {
	RSYS_SUITE_ENABLED,	/* a kernel with CONFIG_RUST_SYSCALLS=y */
	RSYS_SUITE_DISABLED,	/* the same kernel with it off: rsys_expect=off */
};

void rsys_register_case(enum rsys_suite suite, const char *name,
			bool (*fn)(void));

#ifdef __x86_64__
/* An address in the x86-64 kernel's text mapping. */
#define KERNEL_ADDR		0xffffffff81000000UL
#endif

#define UNPRIV_ID		1000	/* uid and gid of unprivileged children */
#define POISON			0xaa	/* what map_pages() fills pages with */

/* Diagnostics: "# " lines, which KTAP parsers show with the results. */
#define diag(fmt, ...)		printf("# " fmt "\n", ##__VA_ARGS__)

/* Evaluates to ok; if it is false, prints a diagnostic first. */
#define check(ok, fmt, ...)	\
	((ok) ? true : (diag(fmt, ##__VA_ARGS__), false))

/* Formats a system call result: a number, or an errno name and text. */
const char *fmt_ret(long ret, char *buf, size_t size);

/* Checks a result; on a mismatch prints both, naming the call. */
bool expect_ret(const char *call, long got, long want);
#define EXPECT(call, want)	expect_ret(#call, (call), (want))

/*
 * The result of a system call number with nothing behind it. (checkpatch
 * warns about any ENOSYS; here it means just that: no such system call.)
 */
#define EXPECT_NO_SYSCALL(call)	expect_ret(#call, (call), -ENOSYS)

size_t page_size(void);
/* Maps @pages pages filled with POISON; returns NULL (and says why) if not. */
unsigned char *map_pages(size_t pages);
void unmap_pages(void *p, size_t pages);
bool all_bytes(const void *buf, size_t len, unsigned char c);

/*
 * Runs fn in a child process without privileges (uid and gid UNPRIV_ID, no
 * capabilities) and checks that it returns want, which must be 0 or an error.
 */
bool expect_unprivileged(const char *call, long (*fn)(void), long want);

/* A system call's result, or -errno as the kernel returned it. */
static inline long sys_ret(long ret)
{
	return ret == -1 ? -errno : ret;
}

#ifdef __x86_64__
/*
 * A system call as a 32-bit process makes it, from this 64-bit one: int
 * $0x80 goes through the i386 table, to the compat entry points. Five
 * arguments; returns the result or -errno, as the kernel returned it.
 */
static inline long syscall_i386(long nr, unsigned int a0, unsigned int a1,
				unsigned int a2, unsigned int a3,
				unsigned int a4)
{
	long ret;

	asm volatile ("int $0x80"
		      : "=a" (ret)
		      : "a" (nr), "b" (a0), "c" (a1), "d" (a2), "S" (a3),
			"D" (a4)
		      : "memory", "r8", "r9", "r10", "r11");
	return ret;
}
#endif

/*
 * RSYS_CASE(name) { ... } defines a case, a function that returns whether
 * it passed, of the run on the kit's kernel: "rsys_<name>" in the report.
 * RSYS_CASE_DISABLED(name) does the same for the run with
 * CONFIG_RUST_SYSCALLS=n. Cases run in the order of their files' names,
 * after the harness's own.
 */
#define RSYS_CASE_IN(suite, name)					\
	static bool test_##name(void);					\
	static void __attribute__((constructor)) register_##name(void)	\
	{								\
		rsys_register_case(suite, "rsys_" #name, test_##name);	\
	}								\
	static bool test_##name(void)
#define RSYS_CASE(name)		RSYS_CASE_IN(RSYS_SUITE_ENABLED, name)
#define RSYS_CASE_DISABLED(name) RSYS_CASE_IN(RSYS_SUITE_DISABLED, name)

#endif /* _RSYS_SYSC_TEST_H */
