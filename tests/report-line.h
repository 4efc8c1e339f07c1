/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The report's own serial line, for the test VM's /init programs: the
 * kernel's console is the first line (ttyS0) and run-vm.sh names the
 * second in rsys_report=ttyS1.
 *
 * On the console's line an oops races with user space: the kernel writes
 * an oops to its console without the port's lock (oops_in_progress), and
 * the 8250 driver can then leave the transmit interrupt off while user
 * space's text is still queued, so that the report stops there for good.
 */
#ifndef RSYS_REPORT_LINE_H
#define RSYS_REPORT_LINE_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/*
 * Sends stdout and stderr to /dev/@tty. Returns 0 or -errno, the output
 * staying on the console.
 */
static inline int report_to(const char *tty)
{
	char path[64];
	int fd, err = 0;

	if (strchr(tty, '/') ||
	    snprintf(path, sizeof(path), "/dev/%s", tty) >= (int)sizeof(path))
		return -EINVAL;
	fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0)
		err = -errno;
	close(fd);
	return err;
}

#endif /* RSYS_REPORT_LINE_H */
