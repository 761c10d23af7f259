/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The two comparison runners of bench_sched, beside the fiber scheduler:
 *   baton       one pthread per CPU per input, a mutex/condvar baton
 *               handed on by the same schedule-bytes strategy (what a
 *               harness written by hand looks like)
 *   sequential  the CPUs one after another on the calling thread, no
 *               switching at all: the ceiling for the model work
 */
#ifndef TLBF_BENCH_RUNNERS_H
#define TLBF_BENCH_RUNNERS_H

#include "sched/sched.h"

void bench_run_baton(const struct sched_config *cfg, struct sched_stats *stats);
void bench_run_sequential(const struct sched_config *cfg,
			  struct sched_stats *stats);

#endif
