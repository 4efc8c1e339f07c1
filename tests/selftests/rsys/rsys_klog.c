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

TEST(kernel_log_is_clean)
{
	unsigned long long seq = 0, next = 0, missing = 0, begun = 0;
	int fd, ret, read_err = 0, lost = 0, unbalanced = 0, bad = 0;
	bool inside = false;
	const char *what;
	char text[8192];

	fd = kmsg_open(false);
	ASSERT_LE(0, fd) TH_LOG("open /dev/kmsg: %s", strerror(errno));
	while ((ret = kmsg_read(fd, &seq, text, sizeof(text)))) {
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
		what = inside ? NULL : kmsg_report_in(text);
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
