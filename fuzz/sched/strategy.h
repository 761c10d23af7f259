/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scheduling strategies: one small interface, one strategy per file.
 *
 * At every scheduling point the scheduler asks pick() which CPU runs next,
 * showing it which CPUs may run; a strategy also answers draw() for the
 * scheduler's other choices (today: whether RCU callbacks run at this
 * point). begin() resets all of a strategy's state for one run.
 *
 * The scheduler calls these from whichever fiber is running; a strategy's
 * state is scheduler bookkeeping, kept out of TSan's sight (SCHED_NO_TSAN)
 * so that it never reads as a race or an edge between simulated CPUs.
 */
#ifndef TLBF_SCHED_STRATEGY_H
#define TLBF_SCHED_STRATEGY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "program.h"

#define SCHED_NO_TSAN __attribute__((no_sanitize("thread")))

struct sched_view {
	unsigned int nr_cpus;
	unsigned int cur; /* the CPU at this point */
	unsigned long runnable; /* CPUs that may be picked */
	/*
	 * false: cur blocked or finished (then runnable leaves it out), or
	 * the run is starting (cur is the last CPU, so that round-robin
	 * begins at CPU 0).
	 */
	bool cur_can_run;
};

struct sched_strategy_ops {
	const char *name;
	void (*begin)(const uint8_t *bytes, size_t len, unsigned int nr_cpus);
	/* A CPU in v->runnable, or v->cur when v->cur_can_run. */
	unsigned int (*pick)(const struct sched_view *v);
	/* A value in [0, bound); bound - 1 means "as soon as allowed". */
	unsigned long (*draw)(unsigned long bound);
};

extern const struct sched_strategy_ops sched_strategy_bytes;
extern const struct sched_strategy_ops sched_strategy_pct;
extern const struct sched_strategy_ops sched_strategy_delay_flush;

/* The strategy a program asks for. */
const struct sched_strategy_ops *sched_strategy_for(enum sched_strategy s);

/* A draw() for strategies that order CPUs only: RCU work runs at once. */
unsigned long sched_draw_eager(unsigned long bound);
/* Round-robin: the first CPU in @runnable at or after @from. */
unsigned int sched_rr_from(unsigned long runnable, unsigned int from,
			   unsigned int nr_cpus);

#endif
