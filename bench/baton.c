// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hand-written alternative: one pthread per CPU, created for every
 * input; a mutex and a condition variable pass a baton, and only its
 * holder runs. At each point the holder asks the same schedule-bytes
 * strategy who runs next and hands the baton over. (Ordering everything
 * through one mutex also hides the very races TSan should see: another
 * reason not to build the fuzzer this way.)
 */
#define _GNU_SOURCE
#include "runners.h"

#include <pthread.h>
#include <stdlib.h>

#include "cpu.h"
#include "oracle.h"
#include "sched/strategy.h"

struct baton {
	const struct sched_config *cfg;
	const struct sched_strategy_ops *strat;
	pthread_mutex_t lock;
	pthread_cond_t turn_changed;
	int turn; /* CPU holding the baton, -1: none */
	unsigned long live; /* CPUs not finished */
	unsigned long steps, switches;
};

static struct baton bt;
static __thread unsigned int baton_cpu;

static unsigned int baton_cpu_id(void)
{
	return baton_cpu;
}

/* Caller holds bt.lock: give the baton to @next, wait to get it back. */
static void hand_over(unsigned int next)
{
	unsigned int me = baton_cpu;

	if (next == me)
		return;
	bt.switches++;
	bt.turn = (int)next;
	pthread_cond_broadcast(&bt.turn_changed);
	while (bt.turn != (int)me)
		pthread_cond_wait(&bt.turn_changed, &bt.lock);
}

static void baton_point(enum sched_site site)
{
	struct sched_view v = {.cur = baton_cpu, .cur_can_run = true};

	(void)site;
	pthread_mutex_lock(&bt.lock);
	bt.steps++;
	if (rcu_pending_callbacks() && rcu_cpu_quiescent(baton_cpu) &&
	    bt.strat->draw(2) == 1) {
		pthread_mutex_unlock(&bt.lock);
		rcu_process_callbacks();
		pthread_mutex_lock(&bt.lock);
	}
	v.nr_cpus = bt.cfg->nr_cpus;
	v.runnable = bt.live;
	hand_over(bt.strat->pick(&v));
	pthread_mutex_unlock(&bt.lock);
}

static void baton_wait(enum sched_site site)
{
	struct sched_view v = {.cur = baton_cpu};

	(void)site;
	pthread_mutex_lock(&bt.lock);
	bt.steps++;
	v.nr_cpus = bt.cfg->nr_cpus;
	v.runnable = bt.live & ~(1UL << baton_cpu);
	if (v.runnable)
		hand_over(bt.strat->pick(&v));
	pthread_mutex_unlock(&bt.lock);
}

static const struct sync_backend baton_backend = {
	.name = "baton",
	.cpu_id = baton_cpu_id,
	.point = baton_point,
	.wait = baton_wait,
};

static void *baton_thread(void *arg)
{
	unsigned int cpu = (unsigned int)(uintptr_t)arg;
	struct sched_view v = {.cur = cpu};

	baton_cpu = cpu;
	pthread_mutex_lock(&bt.lock);
	while (bt.turn != (int)cpu)
		pthread_cond_wait(&bt.turn_changed, &bt.lock);
	ATOMIC_STORE(&tlbf_cpus[cpu].idle, 0);
	pthread_mutex_unlock(&bt.lock);

	bt.cfg->cpu_main(cpu, bt.cfg->ctx);

	pthread_mutex_lock(&bt.lock);
	ATOMIC_STORE(&tlbf_cpus[cpu].idle, 1);
	bt.live &= ~(1UL << cpu);
	v.nr_cpus = bt.cfg->nr_cpus;
	v.runnable = bt.live;
	bt.turn = bt.live ? (int)bt.strat->pick(&v) : -1;
	pthread_cond_broadcast(&bt.turn_changed);
	pthread_mutex_unlock(&bt.lock);
	return NULL;
}

void bench_run_baton(const struct sched_config *cfg, struct sched_stats *stats)
{
	const struct sync_backend *prev = tlbf_sync;
	pthread_t tids[TLBF_MAX_CPUS];
	unsigned int i;

	sched_abort_clear();
	bt.cfg = cfg;
	bt.strat = sched_strategy_for(cfg->strategy);
	bt.strat->begin(cfg->schedule, cfg->schedule_len, cfg->nr_cpus,
			cfg->seed);
	bt.live = (1UL << cfg->nr_cpus) - 1;
	bt.steps = 0;
	bt.switches = 0;
	pthread_mutex_init(&bt.lock, NULL);
	pthread_cond_init(&bt.turn_changed, NULL);
	bt.turn = 0;
	sync_use(&baton_backend);
	for (i = 0; i < cfg->nr_cpus; i++)
		if (pthread_create(&tids[i], NULL, baton_thread,
				   (void *)(uintptr_t)i))
			abort();
	for (i = 0; i < cfg->nr_cpus; i++)
		pthread_join(tids[i], NULL);
	sync_use(prev);
	pthread_cond_destroy(&bt.turn_changed);
	pthread_mutex_destroy(&bt.lock);
	stats->steps = bt.steps;
	stats->switches = bt.switches;
	stats->aborted = sched_aborted();
}
