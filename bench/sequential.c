// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ceiling: every CPU's program to completion, one after another, on
 * the calling thread. The others are idle meanwhile, so an IPI to them
 * runs at once; RCU callbacks run at the first point they may. A wait can
 * never be satisfied here, so it reports, as the direct back end does.
 */
#include "runners.h"

#include <stdio.h>
#include <stdlib.h>

#include "cpu.h"

static unsigned int seq_cpu;
static unsigned long seq_steps;

static unsigned int seq_cpu_id(void)
{
	return seq_cpu;
}

static void seq_point(enum sched_site site)
{
	(void)site;
	seq_steps++;
	if (rcu_pending_callbacks() && rcu_cpu_quiescent(seq_cpu))
		rcu_process_callbacks();
}

/* Nothing else runs, so the wait would never end: stop the benchmark. */
static void seq_wait(enum sched_site site)
{
	fprintf(stderr, "bench: CPU%u waits (site %d) with nobody to run\n",
		seq_cpu, (int)site);
	abort();
}

static const struct sync_backend seq_backend = {
	.name = "sequential",
	.cpu_id = seq_cpu_id,
	.point = seq_point,
	.wait = seq_wait,
};

void bench_run_sequential(const struct sched_config *cfg,
			  struct sched_stats *stats)
{
	const struct sync_backend *prev = tlbf_sync;
	unsigned int i;

	sched_abort_clear();
	seq_steps = 0;
	sync_use(&seq_backend);
	for (i = 0; i < cfg->nr_cpus && !sched_aborted(); i++) {
		seq_cpu = i;
		ATOMIC_STORE(&tlbf_cpus[i].idle, 0);
		cfg->cpu_main(i, cfg->ctx);
		ATOMIC_STORE(&tlbf_cpus[i].idle, 1);
	}
	seq_cpu = 0;
	sync_use(prev);
	stats->steps = seq_steps;
	stats->switches = 0;
	stats->aborted = sched_aborted();
}
