// SPDX-License-Identifier: GPL-2.0-only
/* Shared by the fuzz targets (see fuzz.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch_env.h"
#include "crash_state.h"
#include "fuzz.h"
#include "ilv_counters.h"
#include "inject_env.h"
#include "keep.h"
#include "input/input.h"
#include "interleave.h"
#include "report.h"
#include "saved_target.h"
#include "sched/strategy.h"

static struct run_options options;
static struct report_input current;
static int forced_strategy = -1; /* TLBFUZZ_STRATEGY */
static bool ilv_published; /* TLBFUZZ_ILV: the engine sees pairs */

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
		ilv_published = true;
	else if (strcmp(v, "0"))
		bad_env("TLBFUZZ_ILV must be 0 or 1");
	/* TLBFUZZ_KEEP=window reads the run's windows: record, unpublished. */
	options.ilv = ilv_published || keep_wants_windows() ? ILV_RECORD : 0;
}

/* TLBFUZZ_STRATEGY=bytes|pct|delay-flush|sequential: every input uses it. */
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
		bad_env("TLBFUZZ_STRATEGY must be bytes, pct, delay-flush or "
			"sequential");
}

/* TLBFUZZ_FALLBACK: 1 (or unset) the seeded fallback on, 0 off (ablation). */
static void fallback_from_env(void)
{
	const char *v = getenv("TLBFUZZ_FALLBACK");

	if (!v || !*v || !strcmp(v, "1"))
		return;
	if (strcmp(v, "0"))
		bad_env("TLBFUZZ_FALLBACK must be 0 or 1");
	sched_fallback_off = true;
}

/*
 * TLBFUZZ_STRESS=1: every input runs on one pthread per CPU, free running,
 * with no choice of interleaving (bench/time-to-bug --stress: what a
 * hand-written stress harness of the same programs would find). Not
 * deterministic: a crash file replays under fibers, which may not fire.
 */
static void stress_from_env(void)
{
	const char *v = getenv("TLBFUZZ_STRESS");

	if (!v || !*v || !strcmp(v, "0"))
		return;
	if (strcmp(v, "1"))
		bad_env("TLBFUZZ_STRESS must be 0 or 1");
	options.stress = true;
}

/* A sanitizer is about to end the process: the crash file's context. */
static void save_context(void)
{
	saved_target_crash(&current, forced_strategy);
}

/*
 * At the moment an oracle fires, inside the run: the report, then the
 * SUMMARY and DEDUP_TOKEN lines; the place that fired then ends the
 * process from the oracle's own function (core/oracle.h).
 */
static void fuzz_on_finding(const struct run_result *res)
{
	report_print(stderr, &current, res);
	crash_state_print(stderr, res);
	fflush(stderr);
	/* The crash file libFuzzer saves next gets its context file now. */
	save_context();
	/* The sanitizer's own summary needs no second copy of the program. */
	report_set_current(NULL);
}

void fuzz_init(void)
{
	char err[200];

	if (inject_from_env(&options.inject_or, err, sizeof(err)) ||
	    fixes_from_env(err, sizeof(err))) {
		fprintf(stderr, "tlbfuzz: %s\n", err);
		exit(2);
	}
	keep_from_env();
	ilv_from_env();
	strategy_from_env();
	saved_target_init(options.inject_or, forced_strategy);
	report_death_hook = save_context;
	fallback_from_env();
	stress_from_env();
	options.on_finding = fuzz_on_finding;
	report_set_fatal(true);
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
	arch_fold_from_env(prog);
	prog->injected = 0;
	if (forced_strategy >= 0)
		prog->strategy = (uint8_t)forced_strategy;
	current = (struct report_input){prog, NULL,   data,
					size, target, options.inject_or};
	report_set_current(&current);
}

/* A finding whose report did not end the process (none should). */
void fuzz_check(const struct run_result *res)
{
	if (!res->finding)
		return;
	report_print(stderr, &current, res);
	fflush(stderr);
	save_context();
	abort();
}

/*
 * Not instrumented for coverage, as the target's entry point is not: with
 * TLBFUZZ_KEEP=window, keep_this_run() clears the run's edge counters,
 * and no edge may be counted after that on the way back to libFuzzer
 * (libFuzzer would see those alone and could swap the input in for a
 * larger one that covers no more).
 */
__attribute__((no_sanitize("coverage"))) int
fuzz_run_one(const uint8_t *data, size_t size, const char *target)
{
	/* Static: a program is large, and a target runs one input at a time. */
	static struct program prog;
	static struct run_result res;

	fuzz_decode(data, size, target, &prog);
	run_program(&prog, fuzz_run_options(), &res);
	fuzz_check(&res);
	/*
	 * Last: keep_this_run() may clear this run's edge counters. A stress
	 * run records no windows, so it is never filtered.
	 */
	if ((options.stress || keep_this_run()) && ilv_published)
		ilv_counters_publish();
	return 0;
}
