/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * run_program() with the concurrent phase handed to a caller's runner:
 * for benchmarks that compare the fiber scheduler with other ways of
 * running the same CPU programs. Everything else about the run (reset,
 * set-up, teardown, oracles, result) is run_program()'s.
 */
#ifndef TLBF_RUN_WITH_H
#define TLBF_RUN_WITH_H

#include "run.h"
#include "sched/sched.h"

typedef void (*sched_runner_fn)(const struct sched_config *cfg,
				struct sched_stats *stats);

int run_program_with(const struct program *prog, const struct run_options *opt,
		     struct run_result *res, sched_runner_fn runner);

#endif
