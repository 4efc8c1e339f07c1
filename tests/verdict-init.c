// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for sysc-test that misbehaves on purpose, to check that the
 * host side (scripts/build/run-vm.sh) fails every run it must fail, and
 * reports to the end a run the kernel's console is busy with. The kernel
 * command line chooses the behaviour, through init's environment:
 *
 *   rsys_verdict=panic       report success, then exit (init dies: panic)
 *   rsys_verdict=hang        report one case, then wait forever
 *   rsys_verdict=no-summary  report one case and power off with success
 *   rsys_verdict=mismatch    report success, power off with failure
 *   rsys_verdict=oops-storm  report without a pause while OOPS_STORM Rust
 *                            panics oops the console, then success
 *
 * As sysc-test, it reports on the line rsys_report names, if any.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <linux/rsys.h>
#include <sys/io.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "report-line.h"

#define DEBUG_EXIT_PORT 0xf4
#define OOPS_STORM 100

static void power_off(int value)
{
	fflush(stdout);
	/* The serial driver sends the text later: let it finish first. */
	tcdrain(STDOUT_FILENO);
	if (ioperm(DEBUG_EXIT_PORT, 1, 1) == 0)
		outb(value, DEBUG_EXIT_PORT);
	for (;;)
		pause();
}

/*
 * Oopses the kernel OOPS_STORM times (each in a child that the oops
 * kills) while another child writes the report's line without a pause.
 * Returns how many children the oopses killed.
 */
static int oops_storm(void)
{
	int i, killed = 0, status;
	pid_t writer, child;

	fflush(stdout);
	writer = fork();
	if (writer == 0)
		for (i = 0;; i++)
			printf("# line %d written during the oopses\n", i);
	for (i = 0; i < OOPS_STORM; i++) {
		child = fork();
		if (child == 0) {
			syscall(__NR_rsys_selftest, RSYS_SELFTEST_PANIC, 0);
			_exit(1);
		}
		if (child > 0 && waitpid(child, &status, 0) == child &&
		    WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV)
			killed++;
	}
	if (writer > 0) {
		kill(writer, SIGKILL);
		waitpid(writer, NULL, 0);
	}
	return killed;
}

int main(void)
{
	const char *mode = getenv("rsys_verdict");
	const char *report_tty = getenv("rsys_report");
	int killed;

	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	if (report_tty && report_to(report_tty))
		printf("# rsys_report=%s: cannot open it, reporting on the console\n",
		       report_tty);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!mode)
		mode = "";
	printf("KTAP version 1\n1..1\n");
	if (strcmp(mode, "oops-storm") == 0) {
		killed = oops_storm();
		/* A fresh line: the writer may have been killed amid one. */
		printf("\n# %d of %d calls oopsed\n%s 1 verdict_%s\n", killed,
		       OOPS_STORM, killed == OOPS_STORM ? "ok" : "not ok", mode);
		printf("%d passed, %d failed\n", killed == OOPS_STORM,
		       killed != OOPS_STORM);
		power_off(killed == OOPS_STORM ? 0 : 1);
	}
	printf("ok 1 verdict_%s\n", mode);
	if (strcmp(mode, "panic") == 0) {
		printf("1 passed, 0 failed\n");
		fflush(stdout);
		return 0;
	}
	if (strcmp(mode, "hang") == 0) {
		fflush(stdout);
		for (;;)
			pause();
	}
	if (strcmp(mode, "no-summary") == 0)
		power_off(0);
	printf("1 passed, 0 failed\n");
	power_off(1);
	return 0;
}
