// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fallback: what runs once an input's schedule bytes are spent (or
 * when it has none), so that no input runs its CPUs one after another by
 * accident. It is PCT (see strategy_pct.c) with its random choices drawn
 * from a generator seeded by a hash of the program itself (the runner
 * computes it, fuzz/run.c), so a run is still a function of the input:
 *
 *   - initial priorities: a random order of the CPUs;
 *   - change points: not a fixed few, but one every G steps on average
 *     (the gap drawn uniformly from 1..2G), where G itself is drawn per
 *     run from FALLBACK_GAPS: some inputs switch every few points, some
 *     run long stretches. At a change point the running CPU drops below
 *     every priority given so far, as in PCT;
 *   - besides, the first time the running CPU is seen inside a window,
 *     a coin decides whether that point is a change point too: an
 *     update-to-flush window (it changed a present entry and has not
 *     flushed: ilv_unflushed_mask(), as delay-flush uses), or a step
 *     deeper by its lockless walker (cpu_lockless_depth()): into a
 *     table, or onto a frame it has found but not yet taken a reference
 *     on. So most windows where stale TLB entries and lockless walkers
 *     live see another CPU run.
 *
 * Strategies call it when their bytes run out: fallback_begin() with the
 * run's seed at begin(), fallback_pick() from then on. The last CPU a
 * strategy ran keeps its priority order: the fallback only reorders
 * from the first pick it answers.
 */
#include "strategy.h"

#include "cpu.h"
#include "interleave.h"
#include "sched.h"

#define FALLBACK_TOP   0x40000000u
#define FALLBACK_RETRY 8

/* Mean steps between change points; one is drawn per run. */
static const unsigned int fallback_gaps[] = {3, 8, 24, 96};

struct fallback_state {
	uint64_t rng;
	unsigned int nr_cpus;
	unsigned int prio[TLBF_MAX_CPUS];
	unsigned int low; /* next priority a change point gives */
	unsigned int gap;
	unsigned long step, next_change;
	struct sched_windows_seen seen;
	unsigned long blocked; /* CPUs whose last pick was at a wait */
	unsigned long memo_mask; /* 0: none; else highest(memo_mask) is */
	unsigned int memo_best;
};

static struct fallback_state fb;
/* Ablation only (TLBFUZZ_FALLBACK=0): strategies behave as before it. */
bool sched_fallback_off;
/* The scheduling step the fallback first decided at; -1: not yet. */
static long fallback_from = -1;

SCHED_NO_TSAN long sched_fallback_from(void)
{
	return fallback_from;
}

SCHED_NO_TSAN void sched_fallback_clear(void)
{
	fallback_from = -1;
}

SCHED_NO_TSAN void sched_fallback_note(void)
{
	if (fallback_from < 0)
		fallback_from = (long)sched_steps();
}

/* splitmix64: a full-period generator that takes any seed, 0 included. */
SCHED_NO_TSAN uint64_t sched_rng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

SCHED_NO_TSAN static unsigned int draw(unsigned int bound)
{
	return (unsigned int)(sched_rng_next(&fb.rng) % bound);
}

SCHED_NO_TSAN unsigned int sched_fallback_gap(uint64_t *rng)
{
	return fallback_gaps[sched_rng_next(rng) % (sizeof(fallback_gaps) /
						    sizeof(fallback_gaps[0]))];
}

SCHED_NO_TSAN static void plan_next_change(void)
{
	fb.next_change = fb.step + 1 + draw(2 * fb.gap);
}

SCHED_NO_TSAN void fallback_begin(uint64_t seed, unsigned int nr_cpus)
{
	unsigned int order[TLBF_MAX_CPUS], i, j, t;

	fb = (struct fallback_state){
		.rng = seed,
		.nr_cpus = nr_cpus ? nr_cpus : 1,
		.low = FALLBACK_TOP - TLBF_MAX_CPUS - 1,
	};
	for (i = 0; i < fb.nr_cpus; i++)
		order[i] = i;
	for (i = fb.nr_cpus - 1; i > 0; i--) { /* Fisher-Yates */
		j = draw(i + 1);
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (i = 0; i < fb.nr_cpus; i++)
		fb.prio[order[i]] = FALLBACK_TOP - i;
	fb.gap = sched_fallback_gap(&fb.rng);
	plan_next_change();
}

SCHED_NO_TSAN static unsigned int highest(unsigned long mask)
{
	unsigned int cpu, best = 0;
	bool found = false;

	for (cpu = 0; cpu < fb.nr_cpus; cpu++) {
		if (!(mask & (1UL << cpu)))
			continue;
		if (!found || fb.prio[cpu] > fb.prio[best])
			best = cpu;
		found = true;
	}
	return best;
}

/* @cur entered an update-to-flush window it was not seen in before. */
SCHED_NO_TSAN static bool new_unflushed_window(unsigned int cur,
					       bool cur_can_run,
					       struct sched_windows_seen *seen)
{
	unsigned long unflushed = ilv_unflushed_mask();

	seen->unflushed &= unflushed; /* a flush closed those windows */
	if (!cur_can_run || !(unflushed & (1UL << cur)) ||
	    (seen->unflushed & (1UL << cur)))
		return false;
	seen->unflushed |= 1UL << cur;
	return true;
}

/*
 * @cur's lockless walker went deeper than at its last coin: into a
 * table, or onto a frame it holds no reference on yet. Leaving lowers
 * the mark, so the next table entered at the same depth (the walk's
 * next PMD entry, say), or the next page of a PTE table, gets a coin
 * again.
 */
SCHED_NO_TSAN static bool new_walker_table(unsigned int cur,
					   struct sched_windows_seen *seen)
{
	unsigned int depth = cpu_lockless_depth(cur);
	bool deeper = depth > seen->walk_depth[cur];

	seen->walk_depth[cur] = (uint8_t)depth;
	return deeper;
}

/*
 * Whether @cur is seen inside a new window and the coin says preempt:
 * the window part of a seeded change point (@seen and @rng are the
 * caller's). Shared with PCT's seeded mode.
 */
SCHED_NO_TSAN bool sched_window_change(unsigned int cur, bool cur_can_run,
				       struct sched_windows_seen *seen,
				       uint64_t *rng)
{
	bool unflushed = new_unflushed_window(cur, cur_can_run, seen);
	bool walker = cur_can_run && cur < TLBF_MAX_CPUS &&
		      new_walker_table(cur, seen);

	if (!unflushed && !walker)
		return false;
	return sched_rng_next(rng) & 1;
}

SCHED_NO_TSAN unsigned int fallback_pick(const struct sched_view *v)
{
	unsigned long mask = v->runnable;
	bool change =
		sched_window_change(v->cur, v->cur_can_run, &fb.seen, &fb.rng);

	sched_fallback_note();
	fb.step++;
	if (fb.step == fb.next_change) {
		change = true;
		plan_next_change();
	}
	if (change && v->cur < fb.nr_cpus && fb.low) {
		fb.prio[v->cur] = fb.low--;
		fb.memo_mask = 0;
	}
	if (v->cur_can_run) {
		mask |= 1UL << v->cur;
		fb.blocked &= ~(1UL << v->cur);
	} else {
		fb.blocked |= 1UL << v->cur;
	}
	if (!mask)
		return v->cur;
	/*
	 * A CPU that blocked (a lock, an IPI) waits for the others' progress:
	 * give it the CPU back only every FALLBACK_RETRY steps, not at every
	 * point of the CPU it waits for (each a wasted pair of switches).
	 */
	if ((mask & ~fb.blocked) && fb.step % FALLBACK_RETRY)
		mask &= ~fb.blocked;
	/* Priorities change only at change points: most picks repeat. */
	if (mask != fb.memo_mask) {
		fb.memo_mask = mask;
		fb.memo_best = highest(mask);
	}
	return fb.memo_best;
}
