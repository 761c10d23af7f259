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
 * (0..3), then two per change point (its step, little-endian). Missing
 * bytes read as zero. Invariants: prio[] values are distinct; a change
 * point sets a priority below PCT_BASE, lower for later points.
 */
#include "strategy.h"

#define PCT_BASE	16
#define PCT_MAX_CHANGES 3

struct pct_state {
	unsigned int nr_cpus;
	unsigned int prio[TLBF_MAX_CPUS];
	unsigned long change_at[PCT_MAX_CHANGES];
	unsigned int nr_changes;
	unsigned long step;
};

static struct pct_state pct;

SCHED_NO_TSAN static uint8_t byte_at(const uint8_t *b, size_t len, size_t i)
{
	return i < len ? b[i] : 0;
}

SCHED_NO_TSAN static void pct_begin(const uint8_t *bytes, size_t len,
				    unsigned int nr_cpus)
{
	unsigned int i, j, rank;
	size_t pos;

	pct = (struct pct_state){.nr_cpus = nr_cpus ? nr_cpus : 1};
	/* Rank by byte value; equal bytes: the lower CPU ranks higher. */
	for (i = 0; i < pct.nr_cpus; i++) {
		rank = 0;
		for (j = 0; j < pct.nr_cpus; j++) {
			uint8_t bi = byte_at(bytes, len, i);
			uint8_t bj = byte_at(bytes, len, j);

			if (bj < bi || (bj == bi && j > i))
				rank++;
		}
		pct.prio[i] = PCT_BASE + rank;
	}
	pos = pct.nr_cpus;
	pct.nr_changes = byte_at(bytes, len, pos++) % (PCT_MAX_CHANGES + 1);
	for (i = 0; i < pct.nr_changes; i++, pos += 2)
		pct.change_at[i] = byte_at(bytes, len, pos) |
				   (unsigned long)byte_at(bytes, len, pos + 1)
					   << 8;
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
			pct.prio[v->cur] = PCT_MAX_CHANGES - i;
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
