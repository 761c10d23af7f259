/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scheduling strategies: one small interface, one strategy per file.
 *
 * At every scheduling point the scheduler asks pick() which CPU runs next,
 * showing it which CPUs may run; a strategy also answers draw() for the
 * scheduler's other choices (today: whether RCU callbacks run at this
 * point). begin() resets all of a strategy's state for one run; @seed
 * (a hash of the program) seeds the fallback that takes over when the
 * schedule bytes run out (strategy_fallback.c); every strategy but
 * sequential uses it.
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
	void (*begin)(const uint8_t *bytes, size_t len, unsigned int nr_cpus,
		      uint64_t seed);
	/* A CPU in v->runnable, or v->cur when v->cur_can_run. */
	unsigned int (*pick)(const struct sched_view *v);
	/* A value in [0, bound); bound - 1 means "as soon as allowed". */
	unsigned long (*draw)(unsigned long bound);
};

extern const struct sched_strategy_ops sched_strategy_bytes;
extern const struct sched_strategy_ops sched_strategy_pct;
extern const struct sched_strategy_ops sched_strategy_delay_flush;
extern const struct sched_strategy_ops sched_strategy_sequential;

/* The strategy a program asks for. */
const struct sched_strategy_ops *sched_strategy_for(enum sched_strategy s);

/* A draw() for strategies that order CPUs only: RCU work runs at once. */
unsigned long sched_draw_eager(unsigned long bound);
/* Round-robin: the first CPU in @runnable at or after @from. */
unsigned int sched_rr_from(unsigned long runnable, unsigned int from,
			   unsigned int nr_cpus);

/* The seeded fallback (strategy_fallback.c). */
void fallback_begin(uint64_t seed, unsigned int nr_cpus);
unsigned int fallback_pick(const struct sched_view *v);
/*
 * The step the seeded fallback first decided at in this run (-1: never:
 * the bytes decided it all, or the strategy has no fallback);
 * sched_fallback_note() marks it (once per run).
 */
long sched_fallback_from(void);
void sched_fallback_note(void);
void sched_fallback_clear(void); /* at the start of every run */
/*
 * Set once per process, before any run (fuzz targets: TLBFUZZ_FALLBACK=0),
 * to measure what the fallback is worth: bytes runs as sequential, short
 * pct reads missing bytes as 0, delay-flush runs on outside its delays.
 */
extern bool sched_fallback_off;
/* One step of the generator behind it (splitmix64). */
uint64_t sched_rng_next(uint64_t *state);
/* A mean gap between seeded change points, drawn from @rng. */
unsigned int sched_fallback_gap(uint64_t *rng);
/*
 * The windows a CPU was already seen in (one coin per window): CPUs
 * inside their current update-to-flush window, and per CPU how many
 * tables deep its lockless walker was at its last coin.
 */
struct sched_windows_seen {
	unsigned long unflushed;
	uint8_t walk_depth[TLBF_MAX_CPUS];
};

/*
 * A seeded change point for entering a window: an update-to-flush
 * window, or a table a lockless walker has just stepped into?
 */
bool sched_window_change(unsigned int cur, bool cur_can_run,
			 struct sched_windows_seen *seen, uint64_t *rng);

#endif
