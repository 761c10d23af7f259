/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The differential oracle's one canonical form of a run: every gather
 * decision the trace records, one line each, then an "end" line. A model
 * build and a kernel build print the same text for the same program
 * exactly when both gathers decided the same, in the same order.
 * Shared by tlbf-events (one input, or --serve) and fuzz_diff.
 */
#ifndef TLBF_EVENTS_PRINT_H
#define TLBF_EVENTS_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#include "program.h"
#include "run.h"

/*
 * Run @prog with @opt (NULL: defaults; the program's own switches are
 * cleared, @opt's inject_or stays) and print its decisions and the end line to @out. Scheduling
 * steps are not decisions: they are left in @res. Returns res->finding.
 */
int events_run(struct program *prog, const struct run_options *opt, FILE *out,
	       struct run_result *res);

/* Run at the x86-64 geometry unless la57 (the kernel's batches are
 * PAGE_SIZE-sized; the fuzzing geometry shrinks only the model's). */
void events_x86_64(struct program *prog);
/* Run at its own geometry, folded to this build's as a kernel build folds. */
void events_own_geometry(struct program *prog);
/*
 * TLBFUZZ_DIFF_SMALL_TABLES=1 (fuzz_diff and its peer): inputs keep their
 * own geometry and the model sizes its batches as the kernel does
 * (geometry_kernel_batches), so the two sides compare at small tables.
 */
bool small_tables_from_env(void);

/* This process's CPU time so far (user + system), in seconds. */
double events_cpu_seconds(void);

#endif
