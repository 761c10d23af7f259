/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Running simulated CPUs concurrently: the deterministic fiber scheduler
 * and the pthread stress back end, behind one call each. The caller gives
 * one function that runs a CPU's program; the back end runs it once per
 * CPU, concurrently, and returns when every CPU finished or the run was
 * aborted (the first oracle report: see sched_abort()).
 *
 * While a run is on, tlbf_sync is the back end's struct sync_backend; the
 * previous one is restored at the end.
 */
#ifndef TLBF_SCHED_H
#define TLBF_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "program.h"
#include "sync.h"

/* Far below a second even under TSan; a real program needs a few hundred. */
#define SCHED_DEFAULT_STEP_BUDGET 100000UL

struct sched_config {
	unsigned int nr_cpus;
	void (*cpu_main)(unsigned int cpu, void *ctx);
	void *ctx;
	enum sched_strategy strategy;
	const uint8_t *schedule;
	size_t schedule_len;
	/* Seeds the fallback once the schedule bytes run out (strategy.h). */
	uint64_t seed;
	unsigned long step_budget; /* 0: SCHED_DEFAULT_STEP_BUDGET */
};

struct sched_stats {
	unsigned long steps; /* scheduling points and waits */
	unsigned long switches; /* CPU-to-CPU switches */
	bool aborted;
};

/* Deterministic: fibers in this OS thread, interleaved by the strategy. */
void sched_run_fibers(const struct sched_config *cfg,
		      struct sched_stats *stats);
/* Stress: one pthread per CPU, unscheduled. */
void sched_run_threads(const struct sched_config *cfg,
		       struct sched_stats *stats);

/*
 * End the run: every CPU leaves for good at its next scheduling point
 * (fibers: their stacks are abandoned, never unwound; threads: they
 * exit). Callable from a report handler on any CPU. A new run clears it.
 */
void sched_abort(void);
bool sched_aborted(void);
/* Scheduling steps so far in this run (fiber mode: deterministic). */
unsigned long sched_steps(void);

/* Tell TSan about the fuzzer's own counters (once; later calls return). */
void sched_sanitizer_init(void);

/* For the back ends: a run starts un-aborted. */
void sched_abort_clear(void);

extern const struct sync_backend sync_backend_fibers;
extern const struct sync_backend sync_backend_threads;

#endif
