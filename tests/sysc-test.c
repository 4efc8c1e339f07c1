// SPDX-License-Identifier: GPL-2.0
/*
 * sysc-test: the /init of the rsys test VM. It runs the rsys selftests (the
 * programs of tools/testing/selftests/rsys/, in /rsys/) one after the other,
 * in the order of their names, and reports them as one KTAP document on the
 * console (or the serial line rsys_report names): each program's own TAP
 * output, indented as a subtest, then "ok N <program>" or "not ok N
 * <program>", and at the end "P passed, F failed" (", S skipped" if any),
 * counting the programs' tests.
 *
 * Each program runs in a process of its own, and the harness runs each of
 * its tests in a process of its own with a timeout, so a test that crashes
 * or hangs is reported by name and the run goes on; a test the program
 * planned but did not report counts as failed. A program still running at
 * the run's deadline (rsys_timeout seconds after the start) is killed, with
 * everything it started, and fails.
 *
 * The kernel command line passes its options to init's environment:
 *
 *   rsys_expect=off    a kernel with CONFIG_RUST_SYSCALLS=n: run the
 *                      programs that check the calls are absent
 *   rsys_mode=bench    run rsys-bench (Rust calls against their C twins)
 *   rsys_mode=fuzz     run rsys-fuzz (random calls), then the log check
 *   rsys_filter=NAME   run the programs whose name contains NAME, or with
 *                      NAME=PROGRAM/TEST, that program's tests named TEST
 *                      (FIXTURE.VARIANT.TEST: that one test)
 *   rsys_timeout=N     the run's deadline, in seconds (default 1800)
 *   rsys_report=TTY    write the report to /dev/TTY rather than to the
 *                      console (report-line.h says why)
 *
 * The programs see RSYS_EXPECT=on or off. They run in the order of their
 * names but rsys_selftest, whose deliberate panic and KASAN report turn
 * lockdep off, runs after the others, and rsys_klog, which checks the
 * kernel log the others leave, runs last, whatever the filter.
 *
 * As PID 1 it mounts what the tests need, the VM's disk (an empty ext4
 * file system, run-vm.sh's disk.img) among them, and runs the programs in
 * its root: their files are on a block device, where pages get dirty and
 * written back. Without the disk they run in /, and the tests that need
 * one skip. At the end it writes 0 (all passed) or 1 to QEMU's
 * isa-debug-exit port and powers off.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#ifdef __x86_64__
#include <sys/io.h>
#endif

#include "report-line.h"

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

#define TEST_DIR		"/rsys"
/* The VM's disk, and where the programs run if it is there. */
#define DISK_DEV		"/dev/vda"
#define DISK_DIR		"/disk"
#define LOG_CHECK		"rsys_klog"
#define LATE_PROGRAM		"rsys_selftest"
#define MAX_PROGRAMS		64
/* Seconds for the whole run, unless rsys_timeout says otherwise. */
#define DEFAULT_TIMEOUT		1800

/* The harness's exit status for a program whose tests all skipped. */
#define KSFT_SKIP		4

/* QEMU's isa-debug-exit device, as the test VM is started with it. */
#define DEBUG_EXIT_PORT		0xf4

/* syslog(2): only emergency messages reach the console during the run. */
#define SYSLOG_ACTION_CONSOLE_LEVEL	8

struct counts {
	unsigned int passed, failed, skipped;
};

static pid_t running;

/*
 * A program overran its time: kill it and whatever it started. The
 * harness puts each test in a process group of its own, so as PID 1 kill
 * every process; otherwise the program's group.
 */
static void kill_running(int sig)
{
	(void)sig;
	if (getpid() == 1)
		kill(-1, SIGKILL);
	else if (running > 0)
		kill(-running, SIGKILL);
}

/* A program's TAP, as it is read: its plan, results and current test. */
struct program_tap {
	struct counts c;
	unsigned int plan, results;
	char test[200];		/* the test the last "RUN" line named */
};

/*
 * Reads one line of a program's own output (its level, not indented) and
 * prints it indented as a subtest. Counts its result lines. The harness
 * of Linux 6.1 prints a skipped test's result line without the test's
 * name, which KTAP parsers reject: the name of the "RUN" line before it
 * is put back.
 */
static void relay_line(char *line, struct program_tap *tap)
{
	const char *run = "#  RUN           ", *skip;
	size_t len = strlen(line);
	unsigned int n;

	if (len && line[len - 1] == '\n')
		line[--len] = '\0';
	if (!strncmp(line, run, strlen(run))) {
		snprintf(tap->test, sizeof(tap->test), "%s", line + strlen(run));
		tap->test[strcspn(tap->test, " ")] = '\0';
	} else if (sscanf(line, "1..%u", &n) == 1 && !tap->plan) {
		tap->plan = n;
	}
	/*
	 * A result past the plan, which KTAP parsers reject (Linux 7.2's
	 * test_cachestat plans 9 tests and reports 10): shown as a
	 * diagnostic, counted only if it failed.
	 */
	if (tap->plan && tap->results >= tap->plan &&
	    (!strncmp(line, "ok ", 3) || !strncmp(line, "not ok ", 7))) {
		printf("    # past the plan of %u: %s\n", tap->plan, line);
		if (line[0] == 'n')
			tap->c.failed++;
		return;
	}
	if (!strncmp(line, "not ok ", 7)) {
		tap->c.failed++;
		tap->results++;
	} else if (!strncmp(line, "ok ", 3)) {
		skip = strstr(line, "# SKIP");
		tap->results++;
		if (!skip) {
			tap->c.passed++;
		} else {
			tap->c.skipped++;
			if (sscanf(line, "ok %u #", &n) == 1) {
				printf("    ok %u %s %s\n", n, tap->test, skip);
				return;
			}
		}
	}
	printf("    %s\n", line);
}

/*
 * Runs one program with args, printing its output as a KTAP subtest, then
 * its result line as test number @nr; adds its tests to @total. Returns
 * whether the program passed.
 */
static bool run_program(unsigned int nr, const char *name, char *const args[],
			const char *expect, unsigned int timeout,
			struct counts *total)
{
	struct program_tap tap = { 0 };
	char path[256], *line = NULL;
	int fds[2], status = 0;
	time_t end = time(NULL) + timeout;
	bool ok, timed_out;
	const char *verdict;
	size_t cap = 0;
	FILE *out;

	snprintf(path, sizeof(path), "%s/%s", TEST_DIR, name);
	if (pipe(fds)) {
		printf("not ok %u %s # pipe: %s\n", nr, name, strerror(errno));
		total->failed++;
		return false;
	}
	fflush(stdout);
	running = fork();
	if (running == 0) {
		setpgid(0, 0);
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		close(fds[1]);
		setenv("RSYS_EXPECT", expect, 1);
		execv(path, args);
		printf("TAP version 13\n1..0 # cannot run %s: %s\n", path,
		       strerror(errno));
		_exit(1);
	}
	close(fds[1]);
	if (running < 0) {
		close(fds[0]);
		printf("not ok %u %s # fork: %s\n", nr, name, strerror(errno));
		total->failed++;
		return false;
	}
	alarm(timeout);
	out = fdopen(fds[0], "r");
	while (out && getline(&line, &cap, out) > 0)
		relay_line(line, &tap);
	if (out)
		fclose(out);
	free(line);
	waitpid(running, &status, 0);
	alarm(0);
	running = 0;
	timed_out = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL &&
		    time(NULL) >= end;

	if (timed_out)
		printf("    # %s: killed after %u s\n", name, timeout);
	else if (WIFSIGNALED(status))
		printf("    # %s: terminated by signal %d\n", name,
		       WTERMSIG(status));
	/* Tests the program planned and did not report failed. */
	for (; tap.results < tap.plan; tap.results++, tap.c.failed++)
		printf("    not ok %u test_%u # not run: %s ended early\n",
		       tap.results + 1, tap.results + 1, name);

	ok = WIFEXITED(status) && !tap.c.failed && !timed_out &&
	     (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == KSFT_SKIP);
	/* A program that reported nothing counts as one test. */
	if (!tap.results && ok && !tap.plan && WEXITSTATUS(status) == 0) {
		printf("    # %s: no test ran\n", name);
		ok = false;
	}
	if (!tap.results && ok)
		tap.c.skipped++;
	else if (!tap.results)
		tap.c.failed++;
	verdict = ok ? "ok" : "not ok";

	printf("%s %u %s%s\n", verdict, nr, name,
	       ok && tap.c.skipped && !tap.c.passed ? " # SKIP" : "");
	total->passed += tap.c.passed;
	total->failed += tap.c.failed;
	total->skipped += tap.c.skipped;
	return ok;
}

/* Whether @name is a program to run: what the mode and the filter select. */
static bool selected(const char *name, const char *mode, bool off,
		     const char *filter)
{
	const char *slash;

	if (!strcmp(name, LOG_CHECK))
		return false;
	if (mode && !strcmp(mode, "bench"))
		return !strcmp(name, "rsys-bench");
	if (mode && !strcmp(mode, "fuzz"))
		return !strcmp(name, "rsys-fuzz");
	/* The selftests are named after calls; the kit's programs have a '-'. */
	if (strchr(name, '-') || name[0] == '.')
		return false;
	/*
	 * Without the calls: rsys_disabled, and rsys_i386 (which checks the
	 * i386 entries either way). With them, all but rsys_disabled, which
	 * would only skip.
	 */
	if (strcmp(name, "rsys_i386") && off != !strcmp(name, "rsys_disabled"))
		return false;
	if (!filter || !*filter)
		return true;
	slash = strchr(filter, '/');
	if (slash)
		return strlen(name) == (size_t)(slash - filter) &&
		       !strncmp(name, filter, slash - filter);
	return strstr(name, filter);
}

/*
 * What mount_filesystems() has to say, printed in the KTAP report (before
 * it, run-vm.sh would not show it).
 */
static char mount_notes[1024];

static void mount_note(const char *fmt, ...)
{
	size_t len = strlen(mount_notes);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(mount_notes + len, sizeof(mount_notes) - len, fmt, ap);
	va_end(ap);
}

/*
 * Mounts what the tests use, and enters the disk's file system (ext4 on
 * DISK_DEV) if there is one; as PID 1 nothing is mounted yet. /dev/shm is
 * where shm_open() creates its files.
 */
static void mount_filesystems(void)
{
	static const struct {
		const char *source, *type, *dir;
	} fs[] = {
		{ "devtmpfs", "devtmpfs", "/dev" },
		{ "proc", "proc", "/proc" },
		{ "sysfs", "sysfs", "/sys" },
		{ "tmpfs", "tmpfs", "/tmp" },
		{ "tmpfs", "tmpfs", "/dev/shm" },
		{ DISK_DEV, "ext4", DISK_DIR },
	};
	static const char no_disk[] =
		"the tests run in /, those that need a block-backed file system skip";
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fs); i++) {
		if (!strcmp(fs[i].source, DISK_DEV) && access(DISK_DEV, F_OK)) {
			mount_note("# no disk (%s): %s\n", DISK_DEV, no_disk);
			continue;
		}
		mkdir(fs[i].dir, 0755);
		if (mount(fs[i].source, fs[i].dir, fs[i].type, 0, NULL) &&
		    errno != EBUSY)
			mount_note("# mount %s on %s: %s\n", fs[i].source,
				   fs[i].dir, strerror(errno));
		else if (!strcmp(fs[i].dir, DISK_DIR) && chdir(DISK_DIR))
			mount_note("# chdir %s: %s\n", DISK_DIR,
				   strerror(errno));
	}
}

/* Ends the run; as PID 1 by powering off, telling QEMU the verdict. */
static noreturn void finish(bool failed)
{
	fflush(stdout);
	if (getpid() != 1)
		exit(failed ? EXIT_FAILURE : EXIT_SUCCESS);
	/*
	 * The console's driver sends what was written to it later, from its
	 * buffer: wait for the serial port to have sent it all, or the end of
	 * the report would be lost with the VM.
	 */
	tcdrain(STDOUT_FILENO);
#ifdef __x86_64__
	if (!ioperm(DEBUG_EXIT_PORT, 1, 1))
		outb(failed ? 1 : 0, DEBUG_EXIT_PORT);
#endif
	reboot(RB_POWER_OFF);
	/* init must never exit. */
	for (;;)
		pause();
}

/* rsys_selftest's panic and KASAN report turn lockdep off: run it late. */
static int cmp_names(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	bool x_late = !strcmp(x, LATE_PROGRAM), y_late = !strcmp(y, LATE_PROGRAM);

	if (x_late != y_late)
		return x_late - y_late;
	return strcmp(x, y);
}

/* Seconds left until the run's deadline, at least 1. */
static unsigned int time_left(time_t deadline)
{
	time_t now = time(NULL);

	return now < deadline ? deadline - now : 1;
}

int main(void)
{
	const char *mode = getenv("rsys_mode");
	const char *filter = getenv("rsys_filter");
	const char *expect_env = getenv("rsys_expect");
	const char *timeout_env = getenv("rsys_timeout");
	const char *report_tty = getenv("rsys_report");
	const char *expect = expect_env && !strcmp(expect_env, "off") ? "off" : "on";
	bool off = !strcmp(expect, "off"), failed = false;
	unsigned int timeout = timeout_env ? atoi(timeout_env) : 0;
	char *names[MAX_PROGRAMS], test_arg[128] = "", *log_check = NULL;
	int report_err = 0;
	struct counts total = { 0 };
	size_t n = 0, i;
	struct dirent *d;
	time_t deadline;
	DIR *dir;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (getpid() == 1) {
		mount_filesystems();
		klogctl(SYSLOG_ACTION_CONSOLE_LEVEL, NULL, 1);
	}
	if (report_tty)
		report_err = report_to(report_tty);
	signal(SIGALRM, kill_running);
	deadline = time(NULL) + (timeout ? timeout : DEFAULT_TIMEOUT);

	dir = opendir(TEST_DIR);
	while (dir && (d = readdir(dir)) && n < MAX_PROGRAMS) {
		if (!strcmp(d->d_name, LOG_CHECK))
			log_check = LOG_CHECK;
		else if (selected(d->d_name, mode, off, filter))
			names[n++] = strdup(d->d_name);
	}
	if (dir)
		closedir(dir);
	qsort(names, n, sizeof(names[0]), cmp_names);
	if (log_check)
		names[n++] = log_check;
	if (filter && strchr(filter, '/') && !mode)
		snprintf(test_arg, sizeof(test_arg), "%s", strchr(filter, '/') + 1);

	/* A fresh line: the firmware may have left text on the current one. */
	printf("\nKTAP version 1\n1..%zu\n%s", n, mount_notes);
	if (report_err)
		printf("# rsys_report=%s: %s: the report is on the console\n",
		       report_tty, strerror(-report_err));
	for (i = 0; i < n; i++) {
		char *argv[4] = { names[i] };

		/* FIXTURE.VARIANT.TEST names one test; TEST, those so named. */
		if (*test_arg && names[i] != log_check) {
			argv[1] = strchr(test_arg, '.') ? "-r" : "-t";
			argv[2] = test_arg;
		}
		failed |= !run_program(i + 1, names[i], argv, expect,
				       time_left(deadline), &total);
	}
	if (n == !!log_check)
		printf("# no test program in %s matches rsys_filter=%s\n",
		       TEST_DIR, filter ? filter : "");

	printf("# Totals: pass:%u fail:%u skip:%u\n", total.passed,
	       total.failed, total.skipped);
	if (total.skipped)
		printf("%u passed, %u failed, %u skipped\n", total.passed,
		       total.failed, total.skipped);
	else
		printf("%u passed, %u failed\n", total.passed, total.failed);
	finish(failed || total.failed || n == !!log_check);
}
