// SPDX-License-Identifier: GPL-2.0-only
/* Shared by the fuzz targets (see fuzz.h). */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "inject_env.h"
#include "input/input.h"
#include "report.h"

static struct run_options options;
static struct report_input current;

void fuzz_init(void)
{
	char err[200];

	if (inject_from_env(&options.inject_or, err, sizeof(err))) {
		fprintf(stderr, "tlbfuzz: %s\n", err);
		exit(2);
	}
}

const struct run_options *fuzz_run_options(void)
{
	return &options;
}

void fuzz_decode(const uint8_t *data, size_t size, const char *target,
		 struct program *prog)
{
	input_decode(data, size, prog);
	input_restrict(prog, target);
	prog->injected = 0;
	current = (struct report_input){prog, NULL,   data,
					size, target, options.inject_or};
	report_set_current(&current);
}

void fuzz_check(const struct run_result *res)
{
	if (!res->finding)
		return;
	report_print(stderr, &current, res);
	fflush(stderr);
	abort();
}

int fuzz_run_one(const uint8_t *data, size_t size, const char *target)
{
	/* Static: a program is large, and a target runs one input at a time. */
	static struct program prog;
	static struct run_result res;

	fuzz_decode(data, size, target, &prog);
	run_program(&prog, fuzz_run_options(), &res);
	fuzz_check(&res);
	return 0;
}
