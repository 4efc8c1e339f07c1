// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers of sysc-test.h, shared by sysc-test and sysc-test-i386:
 * checking and printing results, mapping test pages, running a call
 * without privileges.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "sysc-test.h"

#define CHILD_SETUP_FAILED	254	/* exit status: could not drop privileges */

/* Formats a system call result: a number, or an errno name and text. */
const char *fmt_ret(long ret, char *buf, size_t size)
{
	const char *name;

	if (ret >= 0) {
		if (ret < 10)
			snprintf(buf, size, "%ld", ret);
		else
			snprintf(buf, size, "%ld (%#lx)", ret, ret);
		return buf;
	}
	name = ret >= -INT_MAX ? strerrorname_np((int)-ret) : NULL;
	if (name)
		snprintf(buf, size, "-%s (%s)", name, strerror((int)-ret));
	else
		snprintf(buf, size, "%ld", ret);
	return buf;
}

/* Checks a result; on a mismatch prints both, naming the call. */
bool expect_ret(const char *call, long got, long want)
{
	char g[80], w[80];

	if (got == want)
		return true;
	diag("%s: expected %s, got %s", call, fmt_ret(want, w, sizeof(w)),
	     fmt_ret(got, g, sizeof(g)));
	return false;
}

size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

/* Maps @pages pages filled with POISON; returns NULL (and says why) if not. */
unsigned char *map_pages(size_t pages)
{
	void *p = mmap(NULL, pages * page_size(), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		diag("mmap: %s", strerror(errno));
		return NULL;
	}
	memset(p, POISON, pages * page_size());
	return p;
}

void unmap_pages(void *p, size_t pages)
{
	munmap(p, pages * page_size());
}

bool all_bytes(const void *buf, size_t len, unsigned char c)
{
	const unsigned char *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != c)
			return false;
	return true;
}

/*
 * Runs fn in a child process without privileges (uid and gid UNPRIV_ID, no
 * capabilities) and checks that it returns want, which must be 0 or an error.
 */
bool expect_unprivileged(const char *call, long (*fn)(void), long want)
{
	int status;
	pid_t pid;
	long ret;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		diag("fork: %s", strerror(errno));
		return false;
	}
	if (pid == 0) {
		if (setgroups(0, NULL) ||
		    setresgid(UNPRIV_ID, UNPRIV_ID, UNPRIV_ID) ||
		    setresuid(UNPRIV_ID, UNPRIV_ID, UNPRIV_ID))
			_exit(CHILD_SETUP_FAILED);
		ret = fn();
		_exit(ret < 0 && ret > -CHILD_SETUP_FAILED ? (int)-ret : 0);
	}
	if (waitpid(pid, &status, 0) != pid) {
		diag("waitpid: %s", strerror(errno));
		return false;
	}
	if (!WIFEXITED(status)) {
		diag("%s: child did not exit normally (status %#x)", call,
		     status);
		return false;
	}
	if (WEXITSTATUS(status) == CHILD_SETUP_FAILED) {
		diag("%s: child could not drop privileges", call);
		return false;
	}
	return expect_ret(call, -(long)WEXITSTATUS(status), want);
}
