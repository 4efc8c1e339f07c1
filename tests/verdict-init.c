// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for sysc-test that misbehaves on purpose, to check that the
 * host side (scripts/build/run-vm.sh) fails every run it must fail. The kernel
 * command line chooses the misbehaviour, through init's environment:
 *
 *   rsys_verdict=panic       report success, then exit (init dies: panic)
 *   rsys_verdict=hang        report one case, then wait forever
 *   rsys_verdict=no-summary  report one case and power off with success
 *   rsys_verdict=mismatch    report success, power off with failure
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/io.h>

#define DEBUG_EXIT_PORT 0xf4

static void power_off(int value)
{
	fflush(stdout);
	if (ioperm(DEBUG_EXIT_PORT, 1, 1) == 0)
		outb(value, DEBUG_EXIT_PORT);
	for (;;)
		pause();
}

int main(void)
{
	const char *mode = getenv("rsys_verdict");

	if (!mode)
		mode = "";
	printf("KTAP version 1\n1..1\nok 1 verdict_%s\n", mode);
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
