// SPDX-License-Identifier: GPL-2.0
/*
 * sysc-test: the /init of the rsys test VM. It runs the rsys selftests (the
 * programs of tools/testing/selftests/rsys/, in /rsys/) one after the other,
 * in the order of their names
 * and reports them as one KTAP document on the console: each program's own
 * TAP output, indented as a subtest, then "ok N <program>" or "not ok N
 * <program>", and at the end "P passed, F failed" (", S skipped" if any),
 * counting the programs' tests.
 *
 * Each program runs in a process of its own, and the harness runs each of
 * its tests in a process of its own with a timeout, so a test that crashes
 * or hangs is reported by name and the run goes on. A program that does not
 * finish within RSYS_PROGRAM_TIMEOUT seconds is killed and fails.
 *
 * The kernel command line passes its options to init's environment:
 *
 *   rsys_expect=off    a kernel with CONFIG_RUST_SYSCALLS=n: run the
 *                      programs that check the calls are absent
 *   rsys_mode=bench    run rsys-bench (Rust calls against their C twins)
 *   rsys_mode=fuzz     run rsys-fuzz (random calls), then the log check
 *   rsys_filter=NAME   run the programs whose name contains NAME, or with
 *                      NAME=PROGRAM/TEST, that program's tests named TEST
 *
 * The programs see RSYS_EXPECT=on or off. rsys_klog, which checks the
 * kernel log the others leave, runs last, whatever the filter.
 *
 * As PID 1 it mounts what the tests need, and at the end writes 0 (all
 * passed) or 1 to QEMU's isa-debug-exit port and powers off.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#ifdef __x86_64__
#include <sys/io.h>
#endif

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

#define TEST_DIR		"/rsys"
#define LOG_CHECK		"rsys_klog"
#define MAX_PROGRAMS		64
#define PROGRAM_TIMEOUT		1800	/* seconds, unless RSYS_PROGRAM_TIMEOUT */

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

static void kill_running(int sig)
{
	(void)sig;
	if (running > 0)
		kill(-running, SIGKILL);
}

/* Counts one TAP result line of a program's own level (not indented). */
static void count_result(const char *line, struct counts *c)
{
	if (!strncmp(line, "not ok ", 7))
		c->failed++;
	else if (!strncmp(line, "ok ", 3) && strstr(line, "# SKIP"))
		c->skipped++;
	else if (!strncmp(line, "ok ", 3))
		c->passed++;
}

/*
 * Runs one program with args, printing its output as a KTAP subtest, then
 * its result line as test number @nr; adds its tests to @total.
 */
static void run_program(unsigned int nr, const char *name, char *const args[],
			const char *expect, unsigned int timeout,
			struct counts *total)
{
	struct counts c = { 0 };
	char path[256], *line = NULL;
	const char *verdict;
	size_t cap = 0;
	int fds[2], status = -1;
	bool timed_out;
	FILE *out;

	snprintf(path, sizeof(path), "%s/%s", TEST_DIR, name);
	if (pipe(fds)) {
		printf("not ok %u %s # pipe: %s\n", nr, name, strerror(errno));
		total->failed++;
		return;
	}
	running = fork();
	if (running == 0) {
		setpgid(0, 0);
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		close(fds[1]);
		setenv("RSYS_EXPECT", expect, 1);
		execv(path, args);
		printf("TAP version 13\n1..0 # SKIP cannot run %s: %s\n", path,
		       strerror(errno));
		_exit(1);
	}
	close(fds[1]);
	alarm(timeout);
	out = fdopen(fds[0], "r");
	while (out && getline(&line, &cap, out) > 0) {
		printf("    %s", line);
		count_result(line, &c);
	}
	if (out)
		fclose(out);
	free(line);
	if (running > 0)
		waitpid(running, &status, 0);
	timed_out = alarm(0) == 0 && running > 0 && WIFSIGNALED(status) &&
		    WTERMSIG(status) == SIGKILL;
	running = 0;

	if (timed_out)
		printf("    # %s: killed after %u s\n", name, timeout);
	else if (WIFSIGNALED(status))
		printf("    # %s: terminated by signal %d\n", name,
		       WTERMSIG(status));
	if (WIFEXITED(status) && WEXITSTATUS(status) == KSFT_SKIP &&
	    !c.failed)
		verdict = "ok", c.skipped += !(c.passed + c.skipped);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && !c.failed)
		verdict = "ok", c.passed += !(c.passed + c.skipped);
	else
		verdict = "not ok", c.failed += !c.failed;

	printf("%s %u %s%s\n", verdict, nr, name,
	       c.skipped && !c.passed && !c.failed ? " # SKIP" : "");
	total->passed += c.passed;
	total->failed += c.failed;
	total->skipped += c.skipped;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
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

/* Mounts what the tests use; as PID 1 nothing is mounted yet. */
static void mount_filesystems(void)
{
	static const struct {
		const char *type, *dir;
	} fs[] = {
		{ "devtmpfs", "/dev" },
		{ "proc", "/proc" },
		{ "sysfs", "/sys" },
		{ "tmpfs", "/tmp" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fs); i++) {
		mkdir(fs[i].dir, 0755);
		if (mount(fs[i].type, fs[i].dir, fs[i].type, 0, NULL) &&
		    errno != EBUSY)
			printf("# mount %s on %s: %s\n", fs[i].type, fs[i].dir,
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

int main(void)
{
	const char *mode = getenv("rsys_mode");
	const char *filter = getenv("rsys_filter");
	const char *expect_env = getenv("rsys_expect");
	const char *timeout_env = getenv("RSYS_PROGRAM_TIMEOUT");
	bool off = expect_env && !strcmp(expect_env, "off");
	unsigned int timeout = timeout_env ? atoi(timeout_env) : PROGRAM_TIMEOUT;
	char *names[MAX_PROGRAMS], test_arg[128] = "";
	struct counts total = { 0 };
	bool has_log_check = false;
	size_t n = 0, i;
	struct dirent *d;
	DIR *dir;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (getpid() == 1) {
		mount_filesystems();
		klogctl(SYSLOG_ACTION_CONSOLE_LEVEL, NULL, 1);
	}
	signal(SIGALRM, kill_running);

	dir = opendir(TEST_DIR);
	while (dir && (d = readdir(dir)) && n < MAX_PROGRAMS) {
		if (!strcmp(d->d_name, LOG_CHECK))
			has_log_check = true;
		else if (selected(d->d_name, mode, off, filter))
			names[n++] = strdup(d->d_name);
	}
	if (dir)
		closedir(dir);
	qsort(names, n, sizeof(names[0]), cmp_names);
	if (filter && strchr(filter, '/') && !mode)
		snprintf(test_arg, sizeof(test_arg), "%s", strchr(filter, '/') + 1);

	/* A fresh line: the firmware may have left text on the current one. */
	printf("\nKTAP version 1\n1..%zu\n", n + has_log_check);
	for (i = 0; i < n; i++) {
		char *argv[4] = { names[i] };

		if (*test_arg) {
			argv[1] = "-t";
			argv[2] = test_arg;
		}
		run_program(i + 1, names[i], argv, off ? "off" : "on", timeout,
			    &total);
	}
	if (has_log_check) {
		char *argv[2] = { LOG_CHECK };

		run_program(n + 1, LOG_CHECK, argv, off ? "off" : "on", timeout,
			    &total);
	}
	if (!n)
		printf("# no test program in %s matches rsys_filter=%s\n",
		       TEST_DIR, filter ? filter : "");

	printf("# Totals: pass:%u fail:%u skip:%u\n", total.passed,
	       total.failed, total.skipped);
	if (total.skipped)
		printf("%u passed, %u failed, %u skipped\n", total.passed,
		       total.failed, total.skipped);
	else
		printf("%u passed, %u failed\n", total.passed, total.failed);
	finish(total.failed || !n);
}
