// SPDX-License-Identifier: GPL-2.0-only
/*
 * PCT, probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi,
 * Nagarakatte, ASPLOS 2010), with the input's schedule bytes in place of
 * the random choices, so a run is still a function of the input.
 *
 * Every CPU gets a distinct priority; the scheduler always runs the
 * highest-priority CPU that can run. At each of d-1 change points (step
 * numbers), the running CPU drops to a priority below all initial ones.
 * A bug of depth d (d ordering constraints) is found with probability at
 * least 1/(n k^(d-1)) for n CPUs and k steps when the choices are random.
 *
 * Bytes: one per CPU for the initial order (higher byte, higher priority;
 * ties to the lower CPU), then one for the number of change points
 * (0..3), then two per change point (its step, little-endian).
 *
 * Too few bytes for all that (none at all, say): missing priority bytes
 * come from the seeded generator (strategy_fallback.c), a change point
 * whose step is missing is dropped, and the run gets change points from
 * the seed besides, as the fallback does (one every 1..2G steps, G drawn
 * per run, and a coin at each window: update-to-flush, or a lockless
 * walker's next table), each lower than every one before. So only an
 * input that spells its whole PCT schedule runs with just the change
 * points it names. Invariants: prio[] values are distinct; a change
 * point sets a priority below PCT_BASE, lower for later points.
 */
#include "strategy.h"

#define PCT_BASE	0x40000000u
#define PCT_LOW		0x20000000u /* given change points: just above */
#define PCT_MAX_CHANGES 3

struct pct_state {
	unsigned int nr_cpus;
	unsigned int prio[TLBF_MAX_CPUS];
	unsigned long change_at[PCT_MAX_CHANGES];
	unsigned int nr_changes;
	unsigned long step;
	/* Short of bytes: seeded change points besides. */
	bool seeded;
	uint64_t rng;
	unsigned int gap, low;
	unsigned long next_change;
	struct sched_windows_seen seen;
};

static struct pct_state pct;

SCHED_NO_TSAN static void plan_seeded_change(void)
{
	pct.next_change =
		pct.step + 1 + sched_rng_next(&pct.rng) % (2 * pct.gap);
}

SCHED_NO_TSAN static void pct_begin(const uint8_t *bytes, size_t len,
				    unsigned int nr_cpus, uint64_t seed)
{
	uint8_t prio_byte[TLBF_MAX_CPUS];
	unsigned int i, j, rank;
	size_t pos;

	pct = (struct pct_state){.nr_cpus = nr_cpus ? nr_cpus : 1, .rng = seed};
	for (i = 0; i < pct.nr_cpus; i++)
		prio_byte[i] = i < len ? bytes[i]
			       : sched_fallback_off
				       ? 0
				       : (uint8_t)sched_rng_next(&pct.rng);
	/* Rank by byte value; equal bytes: the lower CPU ranks higher. */
	for (i = 0; i < pct.nr_cpus; i++) {
		rank = 0;
		for (j = 0; j < pct.nr_cpus; j++) {
			uint8_t bi = prio_byte[i], bj = prio_byte[j];

			if (bj < bi || (bj == bi && j > i))
				rank++;
		}
		pct.prio[i] = PCT_BASE + rank;
	}
	pos = pct.nr_cpus;
	if (pos < len)
		pct.nr_changes = bytes[pos] % (PCT_MAX_CHANGES + 1);
	pos++;
	pct.seeded = len < pos + 2 * pct.nr_changes && !sched_fallback_off;
	for (i = 0; i < pct.nr_changes; i++, pos += 2) {
		if (pct.seeded && pos + 1 >= len)
			break; /* its step is missing: dropped */
		pct.change_at[i] =
			(pos < len ? bytes[pos] : 0) |
			(unsigned long)(pos + 1 < len ? bytes[pos + 1] : 0)
				<< 8;
	}
	pct.nr_changes = i;
	if (!pct.seeded)
		return;
	pct.gap = sched_fallback_gap(&pct.rng);
	pct.low = PCT_LOW - 1;
	plan_seeded_change();
}

SCHED_NO_TSAN static unsigned int highest(unsigned long mask)
{
	unsigned int cpu, best = 0;
	bool found = false;

	for (cpu = 0; cpu < pct.nr_cpus; cpu++) {
		if (!(mask & (1UL << cpu)))
			continue;
		if (!found || pct.prio[cpu] > pct.prio[best])
			best = cpu;
		found = true;
	}
	return best;
}

SCHED_NO_TSAN static unsigned int pct_pick(const struct sched_view *v)
{
	unsigned long mask = v->runnable;
	unsigned int i;

	pct.step++;
	for (i = 0; i < pct.nr_changes; i++)
		if (pct.change_at[i] == pct.step)
			pct.prio[v->cur] = PCT_LOW + PCT_MAX_CHANGES - i;
	if (pct.seeded) {
		bool change;

		sched_fallback_note();
		change = sched_window_change(v->cur, v->cur_can_run, &pct.seen,
					     &pct.rng);

		if (pct.step == pct.next_change) {
			change = true;
			plan_seeded_change();
		}
		if (change && v->cur < pct.nr_cpus && pct.low)
			pct.prio[v->cur] = pct.low--;
	}
	if (v->cur_can_run)
		mask |= 1UL << v->cur;
	if (!mask)
		return v->cur;
	return highest(mask);
}

const struct sched_strategy_ops sched_strategy_pct = {
	.name = "pct",
	.begin = pct_begin,
	.pick = pct_pick,
	.draw = sched_draw_eager, /* RCU work runs at once */
};
