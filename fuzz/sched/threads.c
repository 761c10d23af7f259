// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stress mode: one pthread per simulated CPU, unscheduled. Nothing here
 * orders the CPUs: a point is a sched_yield() now and then, a wait is a
 * sched_yield(). What TSan reports here is a real race in the core.
 *
 * A CPU whose program ended stays in an idle loop taking IPIs (IRQs on,
 * quiescent for RCU) until every CPU is done, as an idle CPU would; so no
 * other thread ever runs an IPI on its behalf. RCU callbacks run on
 * whichever CPU is at a point outside read-side sections.
 */
#define _GNU_SOURCE
#include "sched.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#include "cpu.h"
#include "oracle.h"

/* Consecutive waits with no point between: far more than any real wait. */
#define STRESS_WAIT_LIMIT  2000000UL
#define STRESS_YIELD_EVERY 64

struct thread_run {
	const struct sched_config *cfg;
	int live; /* atomic: CPUs still in their program */
	unsigned long steps; /* atomic */
	pthread_barrier_t start;
};

static struct thread_run tr;

static __thread unsigned int thread_cpu;
static __thread unsigned long thread_points;
static __thread unsigned long thread_waits;

static unsigned int threads_cpu_id(void)
{
	return thread_cpu;
}

static void leave_if_aborted(void)
{
	if (sched_aborted())
		pthread_exit(NULL);
}

static void threads_point(enum sched_site site)
{
	(void)site;
	leave_if_aborted();
	thread_waits = 0;
	__atomic_add_fetch(&tr.steps, 1, __ATOMIC_RELAXED);
	if (rcu_pending_callbacks() && rcu_cpu_quiescent(thread_cpu))
		rcu_process_callbacks();
	if (++thread_points % STRESS_YIELD_EVERY == 0)
		sched_yield();
}

static void threads_wait(enum sched_site site)
{
	leave_if_aborted();
	if (++thread_waits > STRESS_WAIT_LIMIT) {
		report(ORACLE_LIVENESS, "stress: a CPU waited without end",
		       "CPU%u, %lu waits in a row at site %d", thread_cpu,
		       thread_waits, (int)site);
		sched_abort();
		pthread_exit(NULL);
	}
	sched_yield();
}

const struct sync_backend sync_backend_threads = {
	.name = "threads",
	.cpu_id = threads_cpu_id,
	.point = threads_point,
	.wait = threads_wait,
};

static void *cpu_thread(void *arg)
{
	unsigned int cpu = (unsigned int)(uintptr_t)arg;

	thread_cpu = cpu;
	thread_points = 0;
	thread_waits = 0;
	pthread_barrier_wait(&tr.start);
	tr.cfg->cpu_main(cpu, tr.cfg->ctx);
	__atomic_sub_fetch(&tr.live, 1, __ATOMIC_RELAXED);
	while (__atomic_load_n(&tr.live, __ATOMIC_RELAXED) > 0) {
		sync_point(SITE_RESCHED);
		sched_yield();
	}
	return NULL;
}

void sched_run_threads(const struct sched_config *cfg,
		       struct sched_stats *stats)
{
	const struct sync_backend *prev = tlbf_sync;
	pthread_t tids[TLBF_MAX_CPUS];
	unsigned int nr = cfg->nr_cpus ? cfg->nr_cpus : 1, i;

	if (nr > TLBF_MAX_CPUS)
		nr = TLBF_MAX_CPUS;
	sched_sanitizer_init();
	tr.cfg = cfg;
	sched_abort_clear();
	tr.live = (int)nr;
	tr.steps = 0;
	if (pthread_barrier_init(&tr.start, NULL, nr))
		abort();
	for (i = 0; i < nr; i++)
		ATOMIC_STORE(&tlbf_cpus[i].idle, 0);
	sync_use(&sync_backend_threads);
	for (i = 0; i < nr; i++)
		if (pthread_create(&tids[i], NULL, cpu_thread,
				   (void *)(uintptr_t)i))
			abort();
	for (i = 0; i < nr; i++)
		pthread_join(tids[i], NULL);
	sync_use(prev);
	for (i = 0; i < nr; i++)
		ATOMIC_STORE(&tlbf_cpus[i].idle, 1);
	pthread_barrier_destroy(&tr.start);
	if (stats) {
		stats->steps = tr.steps;
		stats->switches = 0;
		stats->aborted = sched_aborted();
	}
}
