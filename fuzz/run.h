/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Running a struct program: the contract between the scheduler/runner
 * (fuzz/sched/, fuzz/run.c) and its users (fuzz targets, the CLI, tests,
 * benchmarks).
 *
 * A run: core_reset() with the program's header, mm_alloc(), the set-up ops
 * on CPU 0, then every CPU's ops concurrently (deterministic fibers, or
 * pthreads in stress mode), then exit_mmap() unless a program did it,
 * check_mm() and the end-of-run leak check. The first oracle report ends
 * the run and fills the result.
 */
#ifndef TLBF_RUN_H
#define TLBF_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "oracle.h"
#include "program.h"

struct run_result;

struct run_options {
	bool stress; /* pthreads, unscheduled */
	bool trace; /* keep the per-CPU trace for a report */
	unsigned long step_budget; /* 0: default */
	unsigned int inject_or; /* switches added to the program's */
	/*
	 * Interleaving coverage (core/interleave.h): ILV_RECORD and
	 * ILV_KEEP bits; never in stress mode. Read the pairs with
	 * ilv_run_hits()/ilv_run_pairs() after the run.
	 */
	unsigned int ilv;
	/*
	 * Called at the moment of the first report, inside the run (the
	 * result so far: oracle, object, step, trace if kept), before a
	 * fatal report ends the process from the place that fired.
	 */
	void (*on_finding)(const struct run_result *res);
};

/* One line of the per-CPU trace (kernel function names). */
struct run_trace_line {
	unsigned long step;
	unsigned int cpu;
	const char *what; /* function, or NULL: text says it all */
	unsigned long arg;
	/* A scheduling point's line, named ("spin_lock(ptl of ...)"). */
	char text[120];
};

struct run_result {
	bool finding;
	enum oracle oracle;
	char reason[160];
	char detail[512];
	unsigned int cpu; /* CPU that was running */
	unsigned long step; /* scheduling step of the report */
	uint64_t trace_hash; /* same input, same hash */
	unsigned long steps;
	unsigned long switches;
	/*
	 * The stack of the report: the oracle's function, then the kernel
	 * functions under the place that fired ("a <- b <- c"); empty in a
	 * build without a symbolizer (no sanitizer runtime).
	 */
	char stack[320];
	/* With run_options.trace: the last lines before the end. */
	unsigned int nr_trace;
	unsigned long trace_first; /* lines of the run before trace[0] */
	struct run_trace_line trace[256];
};

/* Returns 0 when clean, 1 on a finding. */
int run_program(const struct program *prog, const struct run_options *opt,
		struct run_result *res);

#endif
