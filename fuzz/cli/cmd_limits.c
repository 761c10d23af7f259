// SPDX-License-Identifier: GPL-2.0-only
/*
 * tlbfuzz limits [NAME]: the input format's size limits, from the
 * constants that define them (fuzz/input/input.h, fuzz/program.h), one
 * "name value what" a line; with NAME, only the value. Scripts and the build
 * take libFuzzer's -max_len from `tlbfuzz limits max_len` rather than
 * keeping a copy of the number.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "input/input.h"

static const struct {
	const char *name;
	unsigned long value;
	const char *what;
} limits[] = {
	{"max_len", INPUT_MAX_SIZE, "bytes in the largest input"},
	{"cpus", TLBF_MAX_CPUS, "simulated CPUs"},
	{"setup_ops", PROGRAM_MAX_SETUP, "operations in the set-up program"},
	{"cpu_ops", PROGRAM_MAX_OPS, "operations per CPU"},
	{"schedule", INPUT_MAX_SCHEDULE, "schedule bytes"},
	{"strategies", SCHED_NR, "schedule strategies (the header folds)"},
};

#define NR_LIMITS (sizeof(limits) / sizeof(limits[0]))

int cmd_limits(int argc, char **argv)
{
	unsigned int i;

	if (argc > 2)
		return cli_usage_error("limits: unexpected argument '%s'",
				       argv[2]);
	for (i = 0; i < NR_LIMITS; i++) {
		if (argc == 2 && strcmp(argv[1], limits[i].name))
			continue;
		if (argc == 2) {
			printf("%lu\n", limits[i].value);
			return 0;
		}
		printf("%-10s %6lu  %s\n", limits[i].name, limits[i].value,
		       limits[i].what);
	}
	if (argc == 2)
		return cli_usage_error(
			"limits: no limit '%s' (tlbfuzz limits lists them)",
			argv[1]);
	return 0;
}
