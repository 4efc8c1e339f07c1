// SPDX-License-Identifier: GPL-2.0
/*
 * sysc-test-i386: the rsys system calls as a 32-bit (i386) process calls
 * them, through the compat entry points of the i386 system call table.
 *
 * Build it with gcc -m32 -static and -DRSYS_NR_LAST=<highest rsys number of
 * the i386 table> -DRSYS_NR_64_ONLY=<the rsys numbers only the x86-64 table
 * has, comma-separated>. sysc-test runs it, one case per run, and reports
 * each case as one of its own:
 *
 *   sysc-test-i386 --list [off]   prints the names of the cases of the run
 *                                 on the kit's kernel, or with it off
 *   sysc-test-i386 NAME           runs case NAME; exits 0 if it passed,
 *                                 1 if it failed, 2 if there is no NAME
 */
#define _GNU_SOURCE
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "sysc-test.h"

#ifndef RSYS_NR_LAST
#error "build with -DRSYS_NR_LAST=<highest rsys number of the i386 table>"
#endif
#ifndef RSYS_NR_64_ONLY
#error "build with -DRSYS_NR_64_ONLY=<rsys numbers only in the x86-64 table>"
#endif

static_assert(sizeof(long) == 4, "build with -m32: a 32-bit process's calls");

/* The uapi structs have the same layout for i386. */
static_assert(sizeof(struct rsys_info) == RSYS_INFO_SIZE_VER0,
	      "struct rsys_info differs on i386");
static_assert(offsetof(struct rsys_info, counter) == 16,
	      "struct rsys_info differs on i386");
static_assert(sizeof(struct rsys_whoami) == RSYS_WHOAMI_SIZE_VER0,
	      "struct rsys_whoami differs on i386");

#define MAX_CASES		64
#define CSUM_POISON		0xdeadbeefU
/* Just past the user address space of a 32-bit process: never mapped. */
#define TOP_PAGE		0xfffff000UL

/* Each __u64 argument is passed as two registers: low half first. */
#define LO(x)			((unsigned long)(__u32)(x))
#define HI(x)			((unsigned long)(__u32)((__u64)(x) >> 32))

static long rsys_add(__u32 a, __u32 b, unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_add, a, b, flags));
}

static long rsys_checksum(const void *buf, size_t len, __u32 *csum,
			  unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_checksum, buf, len, csum, flags));
}

static long rsys_counter(unsigned int op, __u64 arg, unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_counter, op, LO(arg), HI(arg), flags));
}

static long rsys_info(struct rsys_info *info, size_t size, unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_info, info, size, flags));
}

static long rsys_store(unsigned int op, __u64 key, void *buf, size_t len,
		       unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_store, op, LO(key), HI(key), buf, len,
			       flags));
}

static long rsys_greet(const char *name, char *buf, size_t size,
		       unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_greet, name, buf, size, flags));
}

static long rsys_whoami(struct rsys_whoami *who, size_t size,
			unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_whoami, who, size, flags));
}

static long rsys_selftest(unsigned int op, unsigned int flags)
{
	return sys_ret(syscall(__NR_rsys_selftest, op, flags));
}

static bool counter_reset(void)
{
	return EXPECT(rsys_counter(RSYS_COUNTER_RESET, 0, 0), 0);
}

RSYS_CASE(i386_add_returns_sum)
{
	return EXPECT(rsys_add(2, 3, 0), 5) &&
	       EXPECT(rsys_add(0x7ffffffe, 1, 0), 0x7fffffff);
}

/* 0x80000000 fits the kernel's long but not the caller's. */
RSYS_CASE(i386_add_result_over_32_bit_long_is_eoverflow)
{
	return EXPECT(rsys_add(0x7fffffff, 1, 0), -EOVERFLOW) &&
	       EXPECT(rsys_add(0xffffffff, 1, RSYS_ADD_SATURATE), -EOVERFLOW);
}

RSYS_CASE(i386_add_rejects_unknown_flags)
{
	return EXPECT(rsys_add(2, 3, 0x80000000U), -EINVAL);
}

RSYS_CASE(i386_checksum_known_vector)
{
	__u32 csum = CSUM_POISON;

	return EXPECT(rsys_checksum("Wikipedia", 9, &csum, 0), 0) &&
	       check(csum == 0x11e60398, "checksum %#x, expected 0x11e60398",
		     csum);
}

RSYS_CASE(i386_checksum_efault_null_buffer)
{
	__u32 csum = CSUM_POISON;
	bool ok = EXPECT(rsys_checksum(NULL, 16, &csum, 0), -EFAULT);

	return check(csum == CSUM_POISON, "*csum changed to %#x", csum) && ok;
}

RSYS_CASE(i386_checksum_efault_past_user_space)
{
	__u32 csum = CSUM_POISON;
	bool ok = EXPECT(rsys_checksum((void *)TOP_PAGE, 16, &csum, 0), -EFAULT);

	return check(csum == CSUM_POISON, "*csum changed to %#x", csum) && ok;
}

RSYS_CASE(i386_checksum_efault_readonly_output)
{
	unsigned char *page = map_pages(1);
	bool ok;

	if (!page)
		return false;
	mprotect(page, page_size(), PROT_READ);
	ok = EXPECT(rsys_checksum("Wikipedia", 9, (__u32 *)page, 0), -EFAULT) &&
	     check(all_bytes(page, page_size(), POISON), "page changed");
	unmap_pages(page, 1);
	return ok;
}

RSYS_CASE(i386_counter_add_and_get)
{
	bool ok = counter_reset() &&
		  EXPECT(rsys_counter(RSYS_COUNTER_ADD, 5, 0), 5) &&
		  EXPECT(rsys_counter(RSYS_COUNTER_GET, 0, 0), 5);

	return counter_reset() && ok;
}

/*
 * arg's high half counts: 2^32 is too much for a 32-bit caller, not an add
 * of 0, and it leaves the counter as it was.
 */
RSYS_CASE(i386_counter_u64_arg_in_two_registers)
{
	bool ok = counter_reset() &&
		  EXPECT(rsys_counter(RSYS_COUNTER_ADD, 1ULL << 32, 0),
			 -EOVERFLOW) &&
		  EXPECT(rsys_counter(RSYS_COUNTER_GET, 0, 0), 0) &&
		  EXPECT(rsys_counter(RSYS_COUNTER_ADD, 7, 0), 7);

	return counter_reset() && ok;
}

/* The counter stops where the caller's long does, and stays there. */
RSYS_CASE(i386_counter_stops_at_32_bit_long)
{
	bool ok = counter_reset() &&
		  EXPECT(rsys_counter(RSYS_COUNTER_ADD, 0x7fffffff, 0),
			 0x7fffffff) &&
		  EXPECT(rsys_counter(RSYS_COUNTER_ADD, 1, 0), -EOVERFLOW) &&
		  EXPECT(rsys_counter(RSYS_COUNTER_GET, 0, 0), 0x7fffffff);

	return counter_reset() && ok;
}

RSYS_CASE(i386_info_fills_struct)
{
	struct rsys_info info;

	memset(&info, POISON, sizeof(info));
	return EXPECT(rsys_info(&info, sizeof(info), 0), 0) &&
	       check(info.size == sizeof(info), "size %u, expected %zu",
		     info.size, sizeof(info)) &&
	       check(info.version == (RSYS_VERSION_MAJOR << 16 |
				      RSYS_VERSION_MINOR),
		     "version %#x", info.version);
}

RSYS_CASE(i386_whoami_matches_ids)
{
	struct rsys_whoami who;

	memset(&who, POISON, sizeof(who));
	return EXPECT(rsys_whoami(&who, sizeof(who), 0), 0) &&
	       check(who.pid == gettid() && who.tgid == getpid(),
		     "pid %d tgid %d, expected %d %d", who.pid, who.tgid,
		     gettid(), getpid()) &&
	       check(who.uid == getuid() && who.gid == getgid() &&
		     who.euid == geteuid() && who.egid == getegid(),
		     "ids %u %u %u %u", who.uid, who.gid, who.euid, who.egid);
}

RSYS_CASE(i386_greet_writes_greeting)
{
	static const char want[] = "Hello, i386!";
	char buf[64];

	memset(buf, POISON, sizeof(buf));
	return EXPECT(rsys_greet("i386", buf, sizeof(buf), 0),
		      (long)strlen(want)) &&
	       check(!strcmp(buf, want), "wrote \"%.*s\"", (int)sizeof(buf),
		     buf);
}

RSYS_CASE(i386_greet_rejects_long_name)
{
	char name[RSYS_NAME_MAX + 1], buf[128];

	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	memset(buf, POISON, sizeof(buf));
	return EXPECT(rsys_greet(name, buf, sizeof(buf), 0), -ENAMETOOLONG) &&
	       check(all_bytes(buf, sizeof(buf), POISON), "buf changed");
}

/*
 * key's two halves arrive in order: the record of 2^33 + 1 is found by its
 * key, and not by the key with its halves swapped or the high half lost.
 */
RSYS_CASE(i386_store_u64_key_in_two_registers)
{
	const __u64 key = (2ULL << 32) | 1, swapped = (1ULL << 32) | 2;
	char out[8] = "";
	bool ok;

	if (!EXPECT(rsys_store(RSYS_STORE_INSERT, key, "i386", 4, 0), 0))
		return false;
	ok = EXPECT(rsys_store(RSYS_STORE_LOOKUP, key, out, sizeof(out), 0),
		    4) &&
	     check(!memcmp(out, "i386", 4), "record \"%.4s\"", out) &&
	     EXPECT(rsys_store(RSYS_STORE_LOOKUP, swapped, out, sizeof(out), 0),
		    -ENOENT) &&
	     EXPECT(rsys_store(RSYS_STORE_LOOKUP, 1, out, sizeof(out), 0),
		    -ENOENT);
	return EXPECT(rsys_store(RSYS_STORE_DELETE, key, NULL, 0, 0), 0) && ok;
}

RSYS_CASE(i386_selftest_rejects_unknown_op)
{
	return EXPECT(rsys_selftest(0, 0), -EINVAL);
}

/* The C twins are benchmarks of the 64-bit path: not in the i386 table. */
RSYS_CASE(i386_enosys_for_64_bit_only_numbers)
{
	static const long nrs[] = { RSYS_NR_64_ONLY };
	bool ok = true;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(nrs); i++)
		ok &= EXPECT_NO_SYSCALL(sys_ret(syscall(nrs[i], 0, 0, 0)));
	return ok;
}

RSYS_CASE(i386_enosys_after_last)
{
	return EXPECT_NO_SYSCALL(sys_ret(syscall(RSYS_NR_LAST + 1, 0, 0, 0)));
}

RSYS_CASE_DISABLED(i386_calls_enosys_when_disabled)
{
	__u32 csum = CSUM_POISON;

	return EXPECT_NO_SYSCALL(rsys_add(2, 3, 0)) &
	       EXPECT_NO_SYSCALL(rsys_checksum("x", 1, &csum, 0)) &
	       EXPECT_NO_SYSCALL(rsys_counter(RSYS_COUNTER_GET, 0, 0)) &
	       EXPECT_NO_SYSCALL(rsys_store(RSYS_STORE_LOOKUP, 1, NULL, 0, 0)) &
	       EXPECT_NO_SYSCALL(rsys_greet("x", NULL, 0, 0)) &
	       EXPECT_NO_SYSCALL(rsys_selftest(0, 0));
}

static struct {
	enum rsys_suite suite;
	const char *name;
	bool (*fn)(void);
} cases[MAX_CASES];
static size_t nr_cases;

void rsys_register_case(enum rsys_suite suite, const char *name,
			bool (*fn)(void))
{
	if (nr_cases == MAX_CASES) {
		fprintf(stderr, "sysc-test-i386: more than %d cases\n",
			MAX_CASES);
		exit(2);
	}
	cases[nr_cases].suite = suite;
	cases[nr_cases].name = name;
	cases[nr_cases].fn = fn;
	nr_cases++;
}

int main(int argc, char **argv)
{
	enum rsys_suite suite = RSYS_SUITE_ENABLED;
	size_t i;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc >= 2 && !strcmp(argv[1], "--list")) {
		if (argc == 3 && !strcmp(argv[2], "off"))
			suite = RSYS_SUITE_DISABLED;
		for (i = 0; i < nr_cases; i++)
			if (cases[i].suite == suite)
				printf("%s\n", cases[i].name);
		return 0;
	}
	for (i = 0; argc == 2 && i < nr_cases; i++)
		if (!strcmp(argv[1], cases[i].name))
			return !cases[i].fn();
	fprintf(stderr, "usage: sysc-test-i386 --list [off], or sysc-test-i386 CASE\n");
	return 2;
}
