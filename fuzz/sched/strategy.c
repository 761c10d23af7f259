// SPDX-License-Identifier: GPL-2.0-only
/* Strategy lookup and helpers shared by the strategies. */
#include "strategy.h"

SCHED_NO_TSAN unsigned long sched_draw_eager(unsigned long bound)
{
	return bound ? bound - 1 : 0;
}

unsigned int sched_rr_from(unsigned long runnable, unsigned int from,
			   unsigned int nr_cpus)
{
	unsigned int i;

	for (i = 0; i < nr_cpus; i++) {
		unsigned int cpu = (from + i) % nr_cpus;

		if (runnable & (1UL << cpu))
			return cpu;
	}
	return from % nr_cpus;
}

const struct sched_strategy_ops *sched_strategy_for(enum sched_strategy s)
{
	if (s == SCHED_PCT)
		return &sched_strategy_pct;
	if (s == SCHED_DELAY_FLUSH)
		return &sched_strategy_delay_flush;
	if (s == SCHED_SEQUENTIAL)
		return &sched_strategy_sequential;
	return &sched_strategy_bytes;
}
