// SPDX-License-Identifier: GPL-2.0
/*
 * rsys_selftest(): the test-only call of CONFIG_RUST_SYSCALLS_SELFTEST. It
 * needs CAP_SYS_ADMIN; it prints a message longer than the Rust print
 * buffer, which is cut safely; it nests rsys locks, which lockdep tells
 * apart; it reads out of bounds in unsafe Rust, which KASAN reports; and it
 * panics in Rust, which oopses the caller only, the oops naming the Rust
 * function where the kernel has CONFIG_KALLSYMS.
 *
 * The reports the last two cause are written between the kernel log markers
 * KMSG_EXPECTED_BEGIN and KMSG_EXPECTED_END: each test checks what is
 * between its markers, and rsys_klog skips it.
 */
#include "rsys_test.h"

#include <signal.h>

/* Exit status of the panicking child, should it return. */
#define CHILD_RETURNED		253

/*
 * Kernel log text of the panic that RSYS_SELFTEST_PANIC causes, as the panic
 * handler prints it: rsys's own, or with CONFIG_RUST the kernel crate's (one
 * per kernel), which prints the message on a line of the same record
 * (/dev/kmsg shows it as "\x0a"). Each ends with a BUG() of its helpers.
 */
struct panic_handler {
	const char *mark;	/* the panic's report */
	const char *at;		/* where: a path relative to the tree */
	const char *bug_file;	/* the BUG() that ends it */
};

static const struct panic_handler rsys_panic_handler = {
	.mark = "Rust panic at",
	.at = "Rust panic at kernel/rsys/rust/samples/rsys_selftest.rs:",
	.bug_file = "kernel/rsys/helpers.c",
};

static const struct panic_handler rfl_panic_handler = {
	.mark = "rust_kernel: panicked at",
	.at = "rust_kernel: panicked at kernel/rsys/rust/samples/rsys_selftest.rs:",
	.bug_file = "rust/helpers/bug.c",
};

#define LOG_PANIC_MSG		"rsys_selftest: panic requested"
#define LOG_KERNEL_BUG		"kernel BUG at"
/*
 * The header of an oops, "<what>: <error code> [#<count>] ...": 6.9+ starts
 * it with "Oops: ", 6.1 prints e.g. "invalid opcode: 0000 [#1] SMP".
 */
#define LOG_OOPS		" [#"
#ifdef __aarch64__
/* Where the warnings after a BUG() in task context on arm64 come from. */
static const char *const arm64_bug_aftermath[] = {
	"kernel/context_tracking.c:", "arch/arm64/kernel/process.c:",
};

/* How long the panic test waits for them, and how often it looks. */
#define AFTERMATH_WAIT_MS	10000
#define AFTERMATH_POLL_MS	20
#endif
/* The start of what RSYS_SELFTEST_PRINT prints, after the "rsys: " prefix. */
#define LOG_PREFIX		"rsys: "
#define LOG_PRINT_MSG		"rsys_selftest: 0123456789"
#define LOG_ELLIPSIS		"..."
/* KASAN: its banner at boot, and the header of each report. */
#define LOG_KASAN_READY		"KernelAddressSanitizer initialized"
#define LOG_KASAN_REPORT	"BUG: KASAN: "

/* Room for any record's text, as kmsg_next() reads it. */
#define RECORD_MAX		8192

/* RSYS_SELFTEST_PRINT's whole message is longer than this. */
#define PRINT_FULL_LEN		1000

/*
 * With CONFIG_KALLSYMS, what the oops's trace names: the Rust function by its
 * mangled name, which holds the crate's and the function's names, or the
 * entry point it is inlined into.
 */
#define LOG_TRACE_FN		"rsys_selftest"
#define LOG_TRACE_OFFSET	"+0x"

/* The panic's oops under TCG with KASAN takes a while to print. */
#define PANIC_TIMEOUT		120

/* Lines of the kernel log that report a problem, besides oopses. */
#define LOG_WARNING		"WARNING:"
static const char *const log_problems[] = { LOG_WARNING, "BUG:", "UBSAN:" };

/*
 * Reads the records from @fd up to the KMSG_EXPECTED_END marker and
 * returns those after the KMSG_EXPECTED_BEGIN marker, one line each, in one
 * malloc()ed string; NULL if either marker is missing.
 */
static char *read_expected(int fd)
{
	char line[RECORD_MAX], *section = NULL, *grown;
	size_t len = 0, n;
	bool begun = false;

	while (kmsg_next(fd, line, sizeof(line))) {
		if (!strcmp(line, KMSG_EXPECTED_BEGIN)) {
			begun = true;
			continue;
		}
		if (!begun)
			continue;
		if (!strcmp(line, KMSG_EXPECTED_END))
			return section ? section : strdup("");
		n = strlen(line);
		grown = realloc(section, len + n + 2);
		if (!grown)
			break;
		section = grown;
		memcpy(section + len, line, n);
		len += n;
		section[len++] = '\n';
		section[len] = '\0';
	}
	free(section);
	return NULL;
}

/* Counts the records from @fd on that contain @what. */
static int count_records(int fd, const char *what)
{
	char line[RECORD_MAX];
	int n = 0;

	while (kmsg_next(fd, line, sizeof(line)))
		n += !!strstr(line, what);
	return n;
}

/* Counts the lines of @text that contain @what, and of those, @also. */
static void count_lines(const char *text, const char *what, const char *also,
			int *n, int *n_also)
{
	const char *line, *end;

	*n = 0;
	*n_also = 0;
	for (line = text; *line; line = end + 1) {
		char buf[RECORD_MAX];

		end = strchrnul(line, '\n');
		snprintf(buf, sizeof(buf), "%.*s", (int)(end - line), line);
		if (strstr(buf, what)) {
			(*n)++;
			if (also && strstr(buf, also))
				(*n_also)++;
		}
		if (!*end)
			break;
	}
}

/* Counts the lines of @text that report a problem, but @allowed ones. */
static int count_problems(const char *text, const char *allowed)
{
	int n, n_allowed, total = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(log_problems); i++) {
		count_lines(text, log_problems[i], allowed, &n, &n_allowed);
		total += n - (allowed ? n_allowed : 0);
	}
	return total;
}

static long selftest_print_flags(void *flags)
{
	return rsys_selftest(RSYS_SELFTEST_PRINT, (unsigned int)(long)flags);
}

/*
 * Each test skips when skip_reason is set. (SKIP() in FIXTURE_SETUP() does
 * not stop the test before Linux 6.4's harness.)
 */
FIXTURE(selftest) {
	char skip_reason[160];
};

/*
 * The call exists if an unknown op gets -EINVAL. RSYS_EXPECT=on says it must;
 * otherwise a kernel without CONFIG_RUST_SYSCALLS_SELFTEST skips the tests.
 */
FIXTURE_SETUP(selftest)
{
	long ret = rsys_selftest(0, 0);
	char got[96];

	if (ret == -EINVAL)
		return;
	fmt_ret(ret, got, sizeof(got));
	ASSERT_FALSE(rsys_expect("on"))
		TH_LOG("rsys_selftest(0, 0): got %s, expected -EINVAL (RSYS_EXPECT=on)",
		       got);
	snprintf(self->skip_reason, sizeof(self->skip_reason),
		 "CONFIG_RUST_SYSCALLS_SELFTEST is off: rsys_selftest(0, 0) gives %s",
		 got);
}

FIXTURE_TEARDOWN(selftest) {}

TEST_F(selftest, needs_cap_sys_admin)
{
	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	/* As uid UNPRIV_UID, with no capability. */
	EXPECT_RET(call_as(UNPRIV_UID, selftest_print_flags, (void *)0),
		   -EPERM);
	/* Flags are checked before privileges. */
	EXPECT_RET(call_as(UNPRIV_UID, selftest_print_flags, (void *)1),
		   -EINVAL);
}

TEST_F(selftest, rejects_unknown_op)
{
	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	EXPECT_RET(rsys_selftest(0, 0), -EINVAL);
	EXPECT_RET(rsys_selftest(RSYS_SELFTEST_LOCKS + 1, 0), -EINVAL);
	EXPECT_RET(rsys_selftest(UINT_MAX, 0), -EINVAL);
}

TEST_F(selftest, rejects_unknown_flags)
{
	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	EXPECT_RET(rsys_selftest(RSYS_SELFTEST_PRINT, 1), -EINVAL);
	EXPECT_RET(rsys_selftest(RSYS_SELFTEST_PRINT, 1U << 31), -EINVAL);
}

/*
 * The message is longer than the Rust print buffer: what reaches the log
 * is cut, ends in "...", and is as long as the call says it printed.
 */
TEST_F(selftest, print_truncates)
{
	char line[RECORD_MAX], found[RECORD_MAX] = "", *msg;
	size_t len;
	long ret;
	int fd;

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);
	fd = kmsg_open(true);
	ASSERT_LE(0, fd) TH_LOG("open /dev/kmsg: %s", strerror(errno));
	ret = rsys_selftest(RSYS_SELFTEST_PRINT, 0);
	ASSERT_TRUE(ret > 0 && ret < PRINT_FULL_LEN)
		TH_LOG("rsys_selftest(RSYS_SELFTEST_PRINT, 0) returned %ld, expected 1..%d",
		       ret, PRINT_FULL_LEN - 1);
	/* The last such record is the one just printed. */
	while (kmsg_next(fd, line, sizeof(line)))
		if (strstr(line, LOG_PREFIX LOG_PRINT_MSG))
			snprintf(found, sizeof(found), "%s", line);
	close(fd);
	ASSERT_TRUE(found[0])
		TH_LOG("no \"%s\" record in the kernel log after the call",
		       LOG_PREFIX LOG_PRINT_MSG);
	msg = strstr(found, LOG_PREFIX LOG_PRINT_MSG) + strlen(LOG_PREFIX);
	len = strlen(msg);
	EXPECT_EQ(ret, (long)len)
		TH_LOG("logged message has %zu bytes, the call returned %ld",
		       len, ret);
	EXPECT_TRUE(len >= strlen(LOG_ELLIPSIS) &&
		    !strcmp(msg + len - strlen(LOG_ELLIPSIS), LOG_ELLIPSIS))
		TH_LOG("logged message does not end in \"%s\": %s",
		       LOG_ELLIPSIS, msg);
}

/*
 * Two rsys mutexes, then two rsys spinlocks, each taken for the first time
 * inside the other: lockdep tells every rsys lock apart, so it reports no
 * recursive locking, and initialising a lock neither sleeps nor allocates,
 * so nothing sleeps in atomic context. (Lockdep and DEBUG_ATOMIC_SLEEP
 * report; other kernels only run the call.)
 */
TEST_F(selftest, nested_locks_are_not_reported)
{
	char line[RECORD_MAX], got[96];
	int fd, n = 0, i;
	size_t p;
	long ret;

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);
	fd = kmsg_open(true);
	ASSERT_LE(0, fd) TH_LOG("open /dev/kmsg: %s", strerror(errno));
	for (i = 0; i < 2; i++) {
		ret = rsys_selftest(RSYS_SELFTEST_LOCKS, 0);
		EXPECT_EQ(4, ret)
			TH_LOG("rsys_selftest(RSYS_SELFTEST_LOCKS, 0), call %d: got %s, expected 4",
			       i + 1, fmt_ret(ret, got, sizeof(got)));
	}
	while (kmsg_next(fd, line, sizeof(line)))
		for (p = 0; p < ARRAY_SIZE(log_problems); p++)
			if (strstr(line, log_problems[p])) {
				TH_LOG("kernel log: %s", line);
				n++;
			}
	close(fd);
	EXPECT_EQ(0, n)
		TH_LOG("%d problem(s) in the kernel log after nesting rsys locks", n);
}

/* Whether the kernel log from boot has the KASAN banner; -errno if unread. */
static int kasan_kernel(void)
{
	int fd = kmsg_open(false), n;

	if (fd < 0)
		return -errno;
	n = count_records(fd, LOG_KASAN_READY);
	close(fd);
	return n > 0;
}

/*
 * An out-of-bounds read in unsafe Rust: a KASAN kernel reports it, once,
 * and the call still returns the byte read.
 */
TEST_F(selftest, kasan_catches_oob)
{
	int kasan, fd, begin, end, n, n_also;
	char *section;
	long ret;

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);
	kasan = kasan_kernel();
	ASSERT_LE(0, kasan) TH_LOG("read /dev/kmsg: %s", strerror(-kasan));
	if (!kasan)
		SKIP(return, "not a KASAN kernel: no \"%s\" in the kernel log",
		     LOG_KASAN_READY);
	fd = kmsg_open(true);
	ASSERT_LE(0, fd) TH_LOG("open /dev/kmsg: %s", strerror(errno));
	begin = kmsg_write(KMSG_EXPECTED_BEGIN);
	ASSERT_EQ(0, begin) TH_LOG("write /dev/kmsg: %s", strerror(-begin));
	ret = rsys_selftest(RSYS_SELFTEST_OOB, 0);
	end = kmsg_write(KMSG_EXPECTED_END);
	ASSERT_EQ(0, end) TH_LOG("write /dev/kmsg: %s", strerror(-end));
	EXPECT_TRUE(ret >= 0 && ret <= UCHAR_MAX)
		TH_LOG("rsys_selftest(RSYS_SELFTEST_OOB, 0) returned %ld, expected a byte",
		       ret);

	section = read_expected(fd);
	close(fd);
	ASSERT_NE(NULL, section)
		TH_LOG("the kernel log lacks the markers around the read");
	count_lines(section, LOG_KASAN_REPORT, NULL, &n, &n_also);
	EXPECT_EQ(1, n)
		TH_LOG("%d KASAN report(s) of the out-of-bounds read, expected 1",
		       n);
	n = count_problems(section, LOG_KASAN_REPORT);
	EXPECT_EQ(0, n)
		TH_LOG("%d other problem(s) reported with the KASAN report", n);
	count_lines(section, LOG_OOPS, NULL, &n, &n_also);
	EXPECT_EQ(0, n) TH_LOG("%d oops(es) during the out-of-bounds read", n);
	free(section);
}

/*
 * Without KASAN nothing catches the out-of-bounds read: the call returns
 * the byte read, and the kernel log reports nothing.
 */
TEST_F(selftest, oob_unreported_without_kasan)
{
	int kasan, fd, n;
	long ret;

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);
	kasan = kasan_kernel();
	ASSERT_LE(0, kasan) TH_LOG("read /dev/kmsg: %s", strerror(-kasan));
	if (kasan)
		SKIP(return, "a KASAN kernel: kasan_catches_oob tests the read");
	fd = kmsg_open(true);
	ASSERT_LE(0, fd) TH_LOG("open /dev/kmsg: %s", strerror(errno));
	ret = rsys_selftest(RSYS_SELFTEST_OOB, 0);
	EXPECT_TRUE(ret >= 0 && ret <= UCHAR_MAX)
		TH_LOG("rsys_selftest(RSYS_SELFTEST_OOB, 0) returned %ld, expected a byte",
		       ret);
	n = count_records(fd, LOG_KASAN_REPORT);
	close(fd);
	EXPECT_EQ(0, n) TH_LOG("%d KASAN report(s) without KASAN", n);
}

#ifdef __aarch64__
/*
 * Reads the kernel log from @fd until the end of the warning that the CPU of
 * a task killed by BUG() gives when it next goes idle (context tracking's,
 * arm64_bug_aftermath[0], the last to come), for at most
 * AFTERMATH_WAIT_MS: then it falls inside the expected reports.
 */
static void wait_for_bug_aftermath(int fd)
{
	char line[RECORD_MAX];
	bool warned = false;

	for (int ms = 0; ms < AFTERMATH_WAIT_MS; ms += AFTERMATH_POLL_MS) {
		while (kmsg_next(fd, line, sizeof(line))) {
			if (strstr(line, LOG_WARNING) &&
			    strstr(line, arm64_bug_aftermath[0]))
				warned = true;
			else if (warned && strstr(line, "---[ end trace"))
				return;
		}
		usleep(AFTERMATH_POLL_MS * 1000);
	}
}
#endif

/*
 * Has a child call rsys_selftest(RSYS_SELFTEST_PANIC) between the kernel log
 * markers and waits for it. Returns the kernel log between the markers
 * (malloc()ed) and the child's wait status in *status; NULL, with the step
 * that failed in @why, if one did.
 */
static char *panic_in_child(int *status, char *why, size_t size)
{
	int fd, begin, end, err = 0;
#ifdef __aarch64__
	int aftermath;
#endif
	char *section;
	pid_t pid;

	fd = kmsg_open(true);
	if (fd < 0) {
		snprintf(why, size, "open /dev/kmsg: %s", strerror(errno));
		return NULL;
	}
#ifdef __aarch64__
	aftermath = kmsg_open(true);
#endif
	begin = kmsg_write(KMSG_EXPECTED_BEGIN);
	fflush(NULL);
	pid = begin ? -1 : fork();
	if (pid == 0) {
		rsys_selftest(RSYS_SELFTEST_PANIC, 0);
		_exit(CHILD_RETURNED);
	}
	if (pid > 0 && waitpid(pid, status, 0) != pid)
		pid = -1;
	if (!begin && pid < 0)
		err = errno;
#ifdef __aarch64__
	if (aftermath >= 0) {
		wait_for_bug_aftermath(aftermath);
		close(aftermath);
	}
#endif
	end = kmsg_write(KMSG_EXPECTED_END);
	if (begin || end || pid < 0) {
		snprintf(why, size, "%s: %s",
			 begin || end ? "write /dev/kmsg" : "fork or waitpid",
			 strerror(begin ? -begin : end ? -end : err));
		close(fd);
		return NULL;
	}
	section = read_expected(fd);
	close(fd);
	if (!section)
		snprintf(why, size, "the kernel log lacks the markers around the panic");
	return section;
}

/*
 * A Rust panic oopses the calling task: a child of this test makes the
 * call and is killed with SIGSEGV; this process and the calls go on. The
 * kernel log shows the panic once: its message, the BUG() of the panic
 * handler's helpers that ends it, and one oops.
 */
TEST_F_TIMEOUT(selftest, panic_kills_only_caller, PANIC_TIMEOUT)
{
	const struct panic_handler *handler;
	int status = 0, n, n_also;
#ifdef __aarch64__
	int n_warn;
#endif
	char *section, why[256];
	long v;

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);

	section = panic_in_child(&status, why, sizeof(why));
	ASSERT_NE(NULL, section) TH_LOG("%s", why);

	EXPECT_TRUE(WIFSIGNALED(status))
		TH_LOG("the caller was not killed: it exited with status %d",
		       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	if (WIFSIGNALED(status))
		EXPECT_EQ(SIGSEGV, WTERMSIG(status))
			TH_LOG("the caller was killed by %s, expected %s",
			       sigabbrev_np(WTERMSIG(status)),
			       sigabbrev_np(SIGSEGV));

	/* The caller's death leaves the system calls working. */
	EXPECT_RET(rsys_add(2, 3, 0), 5);
	v = rsys_counter(RSYS_COUNTER_GET, 0, 0);
	ASSERT_LE(0, v) TH_LOG("rsys_counter(RSYS_COUNTER_GET, 0, 0) returned %ld",
			       v);
	EXPECT_RET(rsys_counter(RSYS_COUNTER_ADD, 1, 0), v + 1);
	EXPECT_RET(rsys_counter(RSYS_COUNTER_GET, 0, 0), v + 1);

	/* Only a kernel with Rust-for-Linux has its handler. */
	handler = strstr(section, rfl_panic_handler.mark) ?
		&rfl_panic_handler : &rsys_panic_handler;
	count_lines(section, handler->mark, LOG_PANIC_MSG, &n, &n_also);
	EXPECT_TRUE(n == 1 && n_also == 1)
		TH_LOG("%d \"%s\" line(s), %d with \"%s\"; expected 1 and 1",
		       n, handler->mark, n_also, LOG_PANIC_MSG);
	count_lines(section, handler->mark, handler->at, &n, &n_also);
	EXPECT_EQ(1, n_also)
		TH_LOG("no \"%s\" line: the panic's location is not relative to the tree",
		       handler->at);
	count_lines(section, LOG_KERNEL_BUG, handler->bug_file, &n, &n_also);
	EXPECT_TRUE(n == 1 && n_also == 1)
		TH_LOG("%d \"%s\" line(s), %d naming %s; expected 1 and 1",
		       n, LOG_KERNEL_BUG, n_also, handler->bug_file);
	count_lines(section, LOG_OOPS, NULL, &n, &n_also);
	EXPECT_EQ(1, n) TH_LOG("%d \"%s\" line(s), expected 1", n, LOG_OOPS);
	/* The oops's own header may say BUG: (arm64's "Oops - BUG: ..."). */
	n = count_problems(section, LOG_OOPS);
#ifdef __aarch64__
	/*
	 * arm64 takes BUG() as a debug exception, with interrupts masked,
	 * which context tracking enters as an NMI; the task dies without
	 * leaving either, and the kernel warns once about it: context
	 * tracking's nesting at the CPU's next idle entry (6.12), or the
	 * masked DAIF at the switch away from the dying task (7.2). That is
	 * the aftermath of the helpers' BUG(), as of one in any C system
	 * call; nothing else may warn.
	 */
	for (size_t i = 0; i < ARRAY_SIZE(arm64_bug_aftermath); i++) {
		count_lines(section, LOG_WARNING, arm64_bug_aftermath[i],
			    &n_warn, &n_also);
		n -= n_also;
	}
#endif
	EXPECT_EQ(0, n)
		TH_LOG("%d line(s) with %s, %s or %s during the panic, expected none",
		       n, log_problems[0], log_problems[1], log_problems[2]);
	free(section);
}

/*
 * With CONFIG_KALLSYMS an oops names the functions it went through rather
 * than printing bare addresses: the panic's trace names rsys_selftest().
 */
TEST_F_TIMEOUT(selftest, panic_trace_names_the_rust_function, PANIC_TIMEOUT)
{
	int status = 0, n, n_also;
	char *section, why[256];

	if (*self->skip_reason)
		SKIP(return, "%s", self->skip_reason);
	if (access("/proc/kallsyms", F_OK))
		SKIP(return, "no /proc/kallsyms: an oops prints bare addresses");

	section = panic_in_child(&status, why, sizeof(why));
	ASSERT_NE(NULL, section) TH_LOG("%s", why);
	count_lines(section, LOG_TRACE_OFFSET, LOG_TRACE_FN, &n, &n_also);
	EXPECT_LE(1, n_also)
		TH_LOG("%d line(s) of the oops name a function, none of them %s:\n%s",
		       n, LOG_TRACE_FN, section);
	free(section);
}

TEST_HARNESS_MAIN
