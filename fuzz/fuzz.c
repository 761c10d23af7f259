// SPDX-License-Identifier: GPL-2.0-only
/* Shared by the fuzz targets (see fuzz.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ilv_counters.h"
#include "inject_env.h"
#include "input/input.h"
#include "interleave.h"
#include "report.h"
#include "saved_target.h"

static struct run_options options;
static struct report_input current;
static int forced_strategy = -1; /* TLBFUZZ_STRATEGY */

static __attribute__((noreturn)) void bad_env(const char *what)
{
	fprintf(stderr, "tlbfuzz: %s\n", what);
	exit(2);
}

/* TLBFUZZ_ILV: 1 (or unset) interleaving feedback on, 0 off. */
static void ilv_from_env(void)
{
	const char *v = getenv("TLBFUZZ_ILV");

	if (!v || !*v || !strcmp(v, "1"))
		options.ilv = ILV_RECORD;
	else if (!strcmp(v, "0"))
		options.ilv = 0;
	else
		bad_env("TLBFUZZ_ILV must be 0 or 1");
}

/* TLBFUZZ_STRATEGY=bytes|pct|delay-flush: every input uses that one. */
static void strategy_from_env(void)
{
	const char *v = getenv("TLBFUZZ_STRATEGY");
	int i;

	if (!v || !*v)
		return;
	for (i = 0; i < SCHED_NR; i++)
		if (!strcmp(v, strategy_name((unsigned int)i)))
			forced_strategy = i;
	if (forced_strategy < 0)
		bad_env("TLBFUZZ_STRATEGY must be bytes, pct or delay-flush");
}

/* A sanitizer is about to end the process: the crash file's context. */
static void save_context(void)
{
	saved_target_crash(&current, forced_strategy);
}

void fuzz_init(void)
{
	char err[200];

	if (inject_from_env(&options.inject_or, err, sizeof(err))) {
		fprintf(stderr, "tlbfuzz: %s\n", err);
		exit(2);
	}
	ilv_from_env();
	strategy_from_env();
	saved_target_init(options.inject_or, forced_strategy);
	report_death_hook = save_context;
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
	if (forced_strategy >= 0)
		prog->strategy = (uint8_t)forced_strategy;
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
	save_context();
	abort();
}

int fuzz_run_one(const uint8_t *data, size_t size, const char *target)
{
	/* Static: a program is large, and a target runs one input at a time. */
	static struct program prog;
	static struct run_result res;

	fuzz_decode(data, size, target, &prog);
	run_program(&prog, fuzz_run_options(), &res);
	ilv_counters_publish();
	fuzz_check(&res);
	return 0;
}
