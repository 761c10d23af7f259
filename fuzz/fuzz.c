// SPDX-License-Identifier: GPL-2.0-only
/* Shared by the fuzz targets (see fuzz.h). */
#define _GNU_SOURCE /* program_invocation_short_name */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch_env.h"
#include "crash_state.h"
#include "fuzz.h"
#include "ilv_counters.h"
#include "inject_env.h"
#include "input/input.h"
#include "interleave.h"
#include "report.h"
#include "saved.h"
#include "sha1.h"
#include "sched/strategy.h"

static struct run_options options;
static struct report_input current;
static int forced_strategy = -1; /* TLBFUZZ_STRATEGY */
/*
 * Where libFuzzer saves this process's crash files: -artifact_prefix
 * (default ./) or -exact_artifact_path; a finding writes its context file
 * beside the crash file (saved.h). Empty: no libFuzzer here (the replay
 * runner; AFL++ gets a folder-wide context, afl_context()).
 */
static char artifact_prefix[1024];
static char artifact_exact[1024];

/* Present only when libFuzzer is linked in. */
int LLVMFuzzerRunDriver(int *argc, char ***argv,
			int (*cb)(const uint8_t *data, size_t size))
	__attribute__((weak));

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

/* TLBFUZZ_STRATEGY=bytes|pct|delay-flush|sequential: every input, that. */
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
 * libFuzzer's own flags, read from /proc/self/cmdline (the targets'
 * LLVMFuzzerInitialize need not pass argv on). libFuzzer writes a crash
 * file for every deadly signal, fuzzing or replaying.
 */
static void artifacts_from_cmdline(void)
{
	static char args[16384];
	size_t n, i;
	char *a;
	FILE *f;

	if (!LLVMFuzzerRunDriver)
		return;
	f = fopen("/proc/self/cmdline", "rb");
	if (!f)
		return;
	n = fread(args, 1, sizeof(args) - 1, f);
	fclose(f);
	args[n] = 0;
	snprintf(artifact_prefix, sizeof(artifact_prefix), "./");
	for (i = 0; i < n; i += strlen(a) + 1) {
		a = args + i;
		if (!strncmp(a, "-artifact_prefix=", 17))
			snprintf(artifact_prefix, sizeof(artifact_prefix), "%s",
				 a + 17);
		else if (!strncmp(a, "-exact_artifact_path=", 21))
			snprintf(artifact_exact, sizeof(artifact_exact), "%s",
				 a + 21);
	}
}

/* The context file of the crash file libFuzzer is about to write. */
static void save_context(void)
{
	char sha[SHA1_HEX_SIZE], crash[1200], side[1300];

	if ((!artifact_prefix[0] && !artifact_exact[0]) || !current.target)
		return;
	if (artifact_exact[0]) {
		snprintf(crash, sizeof(crash), "%s", artifact_exact);
	} else {
		sha1_hex(current.data, current.size, sha);
		snprintf(crash, sizeof(crash), "%scrash-%s", artifact_prefix,
			 sha);
	}
	saved_side_path(crash, side, sizeof(side));
	saved_ctx_write(side, current.target, options.inject_or,
			forced_strategy);
}

/*
 * afl-fuzz tells its target where its output goes (__AFL_OUT_DIR, the
 * instance's folder): the context file there covers every crash, hang
 * and queue entry below it. Written once, before the fork server starts.
 * The target's name is the program's: fuzz_<target>[_replay].
 */
static void afl_context(void)
{
	const char *dir = getenv("__AFL_OUT_DIR");
	const char *prog = program_invocation_short_name;
	static struct program probe;
	char name[32], path[1100];
	char *end;

	if (!dir || !*dir || strncmp(prog, "fuzz_", 5))
		return;
	snprintf(name, sizeof(name), "%s", prog + 5);
	end = strstr(name, "_replay");
	if (end)
		*end = 0;
	input_default(&probe);
	if (input_restrict(&probe, name))
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, SAVED_NAME);
	saved_ctx_write(path, name, options.inject_or, forced_strategy);
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

	if (inject_from_env(&options.inject_or, err, sizeof(err))) {
		fprintf(stderr, "tlbfuzz: %s\n", err);
		exit(2);
	}
	ilv_from_env();
	strategy_from_env();
	artifacts_from_cmdline();
	afl_context();
	report_death_hook = save_context;
	fallback_from_env();
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
