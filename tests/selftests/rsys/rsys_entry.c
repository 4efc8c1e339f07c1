// SPDX-License-Identifier: GPL-2.0
/*
 * The entry path of the rsys calls: seccomp filters, ptrace and audit see
 * them like any other system call, and the numbers without an rsys call
 * behind them, in the rsys range (RSYS_NR_FIRST to RSYS_NR_LAST of
 * <linux/rsys.h>) and past it, are unused.
 */
#include "rsys_test.h"

#include <stddef.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>

#ifndef RSYS_NR_HIGHEST
#error "build with -DRSYS_NR_HIGHEST=<highest rsys system call number>"
#endif

static long sys_nr(long nr)
{
	return sys_ret(syscall(nr, 0, 0, 0, 0, 0, 0));
}

/* seccomp */

#define SECCOMP_ERRNO		EHOSTDOWN	/* an errno no rsys call returns */
/* What filtered_call() returns if it cannot install the filter. */
#define FILTER_FAILED		(LONG_MIN + 1)

enum filtered { FILTERED_ADD, FILTERED_COUNTER };

/*
 * In a child: installs a filter that fails rsys_add with SECCOMP_ERRNO,
 * then makes the call @which says: rsys_add(2, 3, 0), or the call next to
 * it, rsys_counter(RSYS_COUNTER_GET, 0, 0).
 */
static long filtered_call(void *which)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_NATIVE, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_rsys_add, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | SECCOMP_ERRNO),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = ARRAY_SIZE(filter),
		.filter = filter,
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
		return FILTER_FAILED;
	if ((long)which == FILTERED_ADD)
		return rsys_add(2, 3, 0);
	return rsys_counter(RSYS_COUNTER_GET, 0, 0);
}

/*
 * An unprivileged process's filter denies rsys_add and lets the call next
 * to it run; processes without the filter still call rsys_add.
 */
TEST(seccomp_filter_denies_call)
{
	long denied, allowed;
	char got[96];

	denied = call_as(UNPRIV_UID, filtered_call, (void *)FILTERED_ADD);
	allowed = call_as(UNPRIV_UID, filtered_call, (void *)FILTERED_COUNTER);
	ASSERT_NE(CALL_AS_FAILED, denied)
		TH_LOG("could not run a child as uid %d", UNPRIV_UID);
	ASSERT_NE(FILTER_FAILED, denied)
		TH_LOG("could not install the seccomp filter");
	EXPECT_RET(denied, -SECCOMP_ERRNO);
	EXPECT_LE(0, allowed)
		TH_LOG("%s under the filter: got %s, expected the counter",
		       "rsys_counter(RSYS_COUNTER_GET, 0, 0)",
		       fmt_ret(allowed, got, sizeof(got)));
	EXPECT_RET(rsys_add(2, 3, 0), 5);
}

/* ptrace */

/*
 * A traced child calls rsys_add(2, 3, 0); the tracer sees its entry with
 * the number and the arguments, and its exit with the result, as
 * PTRACE_GET_SYSCALL_INFO reports them (strace's way, on every
 * architecture).
 */
TEST(ptrace_sees_entry_and_exit)
{
	struct __ptrace_syscall_info info, entry = { 0 }, exit_info = { 0 };
	bool seen_entry = false, seen_exit = false, in_add = false;
	int status;
	long err = 0;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid) TH_LOG("fork: %s", strerror(errno));
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		_exit(rsys_add(2, 3, 0) == 5 ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSTOPPED(status)) TH_LOG("the child did not stop");
	ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)PTRACE_O_TRACESYSGOOD);
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, pid, NULL, NULL) ||
		    waitpid(pid, &status, 0) != pid) {
			err = -errno;
			break;
		}
		if (WIFEXITED(status) || WIFSIGNALED(status))
			break;
		if (!WIFSTOPPED(status) || WSTOPSIG(status) != (SIGTRAP | 0x80))
			continue;
		if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(info),
			   &info) <= 0) {
			err = -errno;
			break;
		}
		/* An exit stop follows the entry stop of the same call. */
		if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
			in_add = info.entry.nr == __NR_rsys_add;
			if (in_add) {
				entry = info;
				seen_entry = true;
			}
		} else if (info.op == PTRACE_SYSCALL_INFO_EXIT && in_add) {
			exit_info = info;
			seen_exit = true;
			in_add = false;
		}
	}
	if (err)
		kill(pid, SIGKILL);
	ASSERT_EQ(0, err) TH_LOG("ptrace: %s", strerror((int)-err));

	ASSERT_TRUE(seen_entry) TH_LOG("no entry stop of rsys_add");
	EXPECT_EQ(AUDIT_ARCH_NATIVE, entry.arch) TH_LOG("architecture at entry");
	EXPECT_EQ(2, entry.entry.args[0]) TH_LOG("first argument at entry");
	EXPECT_EQ(3, entry.entry.args[1]) TH_LOG("second argument at entry");
	EXPECT_EQ(0, entry.entry.args[2]) TH_LOG("flags at entry");
	ASSERT_TRUE(seen_exit) TH_LOG("no exit stop of rsys_add");
	EXPECT_EQ(0, exit_info.exit.is_error) TH_LOG("an error at exit");
	EXPECT_RET(exit_info.exit.rval, 5);
	ASSERT_TRUE(WIFEXITED(status))
		TH_LOG("the child did not exit (status %#x)", status);
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("the child saw a wrong result");
}

/* audit */

/*
 * On a kernel with CONFIG_AUDIT (PROFILE=hardened), a syscall-exit rule for
 * rsys_add makes the kernel record the call, with its number, arguments and
 * result. With no audit daemon, kauditd prints the records to the kernel
 * log. Only a task forked after audit was first enabled has an audit
 * context: a child makes the call.
 */
#define AUDIT_WAIT_MS		2000

/* Sends an audit request and returns its acknowledgement's error, or -errno. */
static int audit_request(int fd, int type, const void *data, size_t len)
{
	struct {
		struct nlmsghdr nlh;
		unsigned char data[sizeof(struct audit_rule_data)];
	} req;
	struct {
		struct nlmsghdr nlh;
		struct nlmsgerr err;
	} ack;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	ssize_t n;

	memset(&req, 0, sizeof(req));
	req.nlh.nlmsg_len = NLMSG_LENGTH(len);
	req.nlh.nlmsg_type = type;
	req.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	memcpy(req.data, data, len);
	if (sendto(fd, &req, req.nlh.nlmsg_len, 0,
		   (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return -errno;
	n = recv(fd, &ack, sizeof(ack), 0);
	if (n < 0)
		return -errno;
	if (n < (ssize_t)sizeof(ack) || ack.nlh.nlmsg_type != NLMSG_ERROR)
		return -EPROTO;
	return ack.err.error;
}

/* Enables or disables audit; 0 or -errno. */
static int audit_enable(int fd, bool on)
{
	struct audit_status status = {
		.mask = AUDIT_STATUS_ENABLED, .enabled = on,
	};

	return audit_request(fd, AUDIT_SET, &status, sizeof(status));
}

/* Whether a kernel log record is the SYSCALL record of rsys_add(2, 3, 0). */
static bool is_add_record(const char *line)
{
	char nr[32];

	snprintf(nr, sizeof(nr), " syscall=%d ", __NR_rsys_add);
	return strstr(line, "type=1300 ") && strstr(line, nr) &&
	       strstr(line, " exit=5 ") && strstr(line, " a0=2 a1=3 ");
}

/*
 * Waits up to AUDIT_WAIT_MS for the record of the call in the kernel log
 * from @fd on (kauditd prints from its own thread).
 */
static bool audit_record_seen(int fd)
{
	char line[8192];	/* room for any record, as kmsg_next() reads it */
	int waited;

	for (waited = 0; waited <= AUDIT_WAIT_MS; waited += 10) {
		while (kmsg_next(fd, line, sizeof(line)))
			if (is_add_record(line))
				return true;
		usleep(10000);
	}
	return false;
}

TEST(audit_logs_call)
{
	struct audit_rule_data rule;
	int fd, kmsg, err, del_err, status = 0;
	bool called, recorded = false;
	pid_t pid;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (fd < 0)
		SKIP(return, "no audit: the NETLINK_AUDIT socket: %s",
		     strerror(errno));
	kmsg = kmsg_open(true);
	ASSERT_LE(0, kmsg) TH_LOG("open /dev/kmsg: %s", strerror(errno));

	memset(&rule, 0, sizeof(rule));
	rule.flags = AUDIT_FILTER_EXIT;
	rule.action = AUDIT_ALWAYS;
	rule.field_count = 1;
	rule.fields[0] = AUDIT_ARCH;
	rule.fieldflags[0] = AUDIT_EQUAL;
	rule.values[0] = AUDIT_ARCH_NATIVE;
	rule.mask[__NR_rsys_add / 32] |= 1U << (__NR_rsys_add % 32);

	err = audit_enable(fd, true);
	ASSERT_EQ(0, err) TH_LOG("audit: enabling: %s", strerror(-err));
	err = audit_request(fd, AUDIT_ADD_RULE, &rule, sizeof(rule));
	if (err)
		audit_enable(fd, false);
	ASSERT_EQ(0, err) TH_LOG("audit: adding the rule: %s", strerror(-err));

	fflush(NULL);
	pid = fork();
	if (pid == 0)
		_exit(rsys_add(2, 3, 0) == 5 ? 0 : 1);
	called = pid > 0 && waitpid(pid, &status, 0) == pid &&
		 WIFEXITED(status) && WEXITSTATUS(status) == 0;
	if (called)
		recorded = audit_record_seen(kmsg);

	del_err = audit_request(fd, AUDIT_DEL_RULE, &rule, sizeof(rule));
	err = audit_enable(fd, false);
	close(fd);
	close(kmsg);
	ASSERT_TRUE(called)
		TH_LOG("the child's rsys_add(2, 3, 0) failed (status %#x)",
		       status);
	EXPECT_TRUE(recorded)
		TH_LOG("no audit record of the call in the kernel log after %d ms: %s%d%s",
		       AUDIT_WAIT_MS, "expected type=1300 syscall=",
		       __NR_rsys_add, " a0=2 a1=3 exit=5");
	EXPECT_EQ(0, del_err)
		TH_LOG("audit: removing the rule: %s", strerror(-del_err));
	EXPECT_EQ(0, err) TH_LOG("audit: disabling: %s", strerror(-err));
}

/* Numbers without an rsys call */

TEST(enosys_after_last)
{
	EXPECT_NO_SYSCALL(sys_nr(RSYS_NR_HIGHEST + 1));
}

TEST(enosys_range_last)
{
	EXPECT_NO_SYSCALL(sys_nr(RSYS_NR_LAST));
}

TEST(enosys_past_range)
{
	EXPECT_NO_SYSCALL(sys_nr(RSYS_NR_LAST + 1));
}

TEST_HARNESS_MAIN
