// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel log of the whole run, from boot: no oops, warning, BUG or
 * other report, but those the tests cause on purpose, which they write
 * between the markers KMSG_EXPECTED_BEGIN and KMSG_EXPECTED_END and check
 * themselves. Run it last: it reads what the others leave.
 *
 * The log must be whole: the kernel command line sets a log_buf_len that
 * keeps every record from boot.
 */
#include "rsys_test.h"

/* At most this many unexpected lines are printed. */
#define MAX_SHOWN		200

/* What the lines of a report in the kernel log contain. */
static const char *const report_marks[] = {
	"BUG:",
	"WARNING:",
	"Oops",
	"kernel BUG at",
	"general protection fault",
	"Call Trace:",
	"INFO: possible",
	"INFO: task ",
	"detected stall",
	"UBSAN:",
	"KASAN:",
	"Kernel panic",
	"Rust panic",
	"possible recursive locking",
	"circular locking dependency",
	"sleeping function called from invalid context",
	"soft lockup",
	"hard LOCKUP",
};

/*
 * Which report a line of the log looks like a part of; NULL if none. An
 * oops header, "<what>: <error code> [#<count>] ...", does not always
 * start with "Oops" (6.1: "invalid opcode: 0000 [#1] SMP").
 */
static const char *report_in(const char *text)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(report_marks); i++)
		if (strstr(text, report_marks[i]))
			return report_marks[i];
	if (strstr(text, " [#") && strstr(text, "] "))
		return "oops header";
	return NULL;
}

/*
 * Reads the next record of /dev/kmsg: its sequence number, and its text
 * without the prefix into @text. 1 if there was one, 0 at the end, -errno
 * if the read failed: -EPIPE when records were overwritten before they
 * could be read.
 */
static int read_record(int fd, unsigned long long *seq, char *text,
		       size_t size)
{
	char rec[8192], *start;
	ssize_t n;

	n = read(fd, rec, sizeof(rec) - 1);
	if (n < 0)
		return errno == EAGAIN ? 0 : -errno;
	if (n == 0)
		return 0;
	rec[n] = '\0';
	/* "<facility and level>,<sequence>,<time>,<flags>[,...];<text>\n" */
	if (sscanf(rec, "%*u,%llu,", seq) != 1)
		*seq = 0;
	start = strchr(rec, ';');
	start = start ? start + 1 : rec;
	start[strcspn(start, "\n")] = '\0';
	snprintf(text, size, "%s", start);
	return 1;
}

TEST(kernel_log_is_clean)
{
	unsigned long long seq = 0, next = 0, missing = 0, begun = 0;
	int fd, ret, read_err = 0, lost = 0, unbalanced = 0, bad = 0;
	bool inside = false;
	const char *what;
	char text[8192];

	fd = kmsg_open(false);
	ASSERT_LE(0, fd) TH_LOG("open /dev/kmsg: %s", strerror(errno));
	while ((ret = read_record(fd, &seq, text, sizeof(text)))) {
		if (ret == -EPIPE) {
			lost++;
			continue;
		}
		if (ret < 0) {
			read_err = -ret;
			break;
		}
		if (seq != next) {
			TH_LOG("records %llu to %llu are missing from the kernel log",
			       next, seq - 1);
			missing += seq - next;
		}
		next = seq + 1;
		if (!strcmp(text, KMSG_EXPECTED_BEGIN)) {
			if (inside) {
				TH_LOG("record %llu: \"%s\" again, after record %llu",
				       seq, KMSG_EXPECTED_BEGIN, begun);
				unbalanced++;
			}
			inside = true;
			begun = seq;
			continue;
		}
		if (!strcmp(text, KMSG_EXPECTED_END)) {
			if (!inside) {
				TH_LOG("record %llu: \"%s\" without \"%s\"",
				       seq, KMSG_EXPECTED_END,
				       KMSG_EXPECTED_BEGIN);
				unbalanced++;
			}
			inside = false;
			continue;
		}
		what = inside ? NULL : report_in(text);
		if (!what)
			continue;
		if (bad < MAX_SHOWN)
			TH_LOG("unexpected in the kernel log (\"%s\"), record %llu: %s",
			       what, seq, text);
		bad++;
	}
	close(fd);
	if (inside) {
		TH_LOG("record %llu: \"%s\" never ended by \"%s\"", begun,
		       KMSG_EXPECTED_BEGIN, KMSG_EXPECTED_END);
		unbalanced++;
	}

	EXPECT_EQ(0, read_err) TH_LOG("read /dev/kmsg: %s", strerror(read_err));
	EXPECT_EQ(0, lost)
		TH_LOG("reading /dev/kmsg gave EPIPE %d time(s): %s", lost,
		       "records were overwritten before they were read");
	EXPECT_EQ(0ULL, missing)
		TH_LOG("%llu record(s) missing: log_buf_len is too small to keep the whole run",
		       missing);
	EXPECT_EQ(0, unbalanced)
		TH_LOG("%d unbalanced marker(s) of expected reports", unbalanced);
	EXPECT_EQ(0, bad)
		TH_LOG("%d unexpected line(s) in the kernel log%s", bad,
		       bad > MAX_SHOWN ? " (the first ones shown)" : "");
}

TEST_HARNESS_MAIN
