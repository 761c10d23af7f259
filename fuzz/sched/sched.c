// SPDX-License-Identifier: GPL-2.0-only
/*
 * The deterministic scheduler: each simulated CPU is a fiber of this OS
 * thread, made once per process and reused for every run (it loops: wait
 * to be switched to, run its CPU's program, mark itself done). A CPU runs
 * until its next scheduling point, where the strategy decides who runs
 * next, and switches straight to that fiber.
 *
 *   point  progress: count a step, maybe run RCU callbacks (the strategy
 *          decides when, only on a CPU outside read-side sections), ask
 *          the strategy, switch.
 *   wait   this CPU cannot progress: run another CPU, preferring one that
 *          has not failed a re-check since the last progress; if every
 *          live CPU waited with no progress since, that is a deadlock.
 *
 * Progress only happens at points (every unlock, IRQ enable, IPI handled,
 * rcu_read_unlock passes one), so "all live CPUs waited since the last
 * point" is exact. A step budget turns a livelock into a report.
 *
 * TSan sees each fiber as a thread and switches carry no happens-before.
 * The scheduler's shared words are relaxed atomics or hidden from TSan;
 * the only edges it makes are set-up -> every CPU (start_edge) and every
 * CPU -> teardown (end_edge), so that the model's own synchronisation is
 * all that orders one CPU against another.
 */
#define _GNU_SOURCE
#include "sched.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "cpu.h"
#include "fiber.h"
#include "interleave.h"
#include "oracle.h"
#include "sched_trace.h"
#include "strategy.h"

/* Deep model paths under ASan/TSan need room; untouched pages cost nothing. */
#define CPU_STACK_SIZE (1UL << 20)
#define MAIN_CPU       (-1)

#define RD(x)	 __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WR(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

enum cpu_phase {
	PHASE_READY, /* has not started its program this run */
	PHASE_RUNNING,
	PHASE_DONE,
};

struct fiber_sched {
	/* Made once per process, on the first run's thread. */
	bool made;
	pthread_t owner;
	struct fiber main;
	struct fiber cpu[TLBF_MAX_CPUS];
	bool must_restart[TLBF_MAX_CPUS]; /* left its stack for good */

	/* Per run: set by sched_run_fibers() before start_edge. */
	const struct sched_config *cfg;
	const struct sched_strategy_ops *strat;
	unsigned int nr_cpus;
	unsigned long budget;

	/* Per run, shared by the fibers: relaxed atomics. */
	int cur;
	unsigned long steps;
	unsigned long epoch; /* progress counter */
	unsigned long switches;
	int phase[TLBF_MAX_CPUS];
	unsigned long live; /* CPUs whose phase is not DONE */
	unsigned long waited_at[TLBF_MAX_CPUS]; /* epoch + 1 of last wait */
	int wait_site[TLBF_MAX_CPUS];
	int in_rcu[TLBF_MAX_CPUS];

	/* The two explicit edges. */
	unsigned long start_edge;
	unsigned long end_edge[TLBF_MAX_CPUS];
};

static struct fiber_sched fs;

SCHED_NO_TSAN static struct fiber *fiber_of(int cpu)
{
	return cpu == MAIN_CPU ? &fs.main : &fs.cpu[cpu];
}

static void switch_cpu(int from, int to, bool for_good)
{
	if (from != MAIN_CPU && to != MAIN_CPU)
		WR(fs.switches, RD(fs.switches) + 1);
	WR(fs.cur, to);
	fiber_switch(fiber_of(from), fiber_of(to), for_good);
}

static unsigned long live_mask(void)
{
	return RD(fs.live);
}

/* Leave this run for good: hand over to the scheduler's own context. */
static __attribute__((noreturn)) void leave_for_good(unsigned int cpu)
{
	WR(fs.must_restart[cpu], true);
	__atomic_store_n(&fs.end_edge[cpu], 1, __ATOMIC_RELEASE);
	switch_cpu((int)cpu, MAIN_CPU, true);
	abort();
}

static void check_aborted(unsigned int cpu)
{
	if (sched_aborted())
		leave_for_good(cpu);
}

static __attribute__((noreturn)) void
liveness(unsigned int cpu, const char *reason, const char *detail)
{
	report(ORACLE_LIVENESS, reason, "%s", detail);
	sched_abort();
	leave_for_good(cpu);
}

/* Out of line: its buffer would cost every step a fake-stack frame. */
static __attribute__((noinline, noreturn, cold)) void
over_budget(unsigned int cpu)
{
	char detail[96];

	snprintf(detail, sizeof(detail), "%lu scheduling steps, CPU%u running",
		 fs.budget, cpu);
	liveness(cpu, "step budget exceeded", detail);
}

static void count_step(unsigned int cpu)
{
	unsigned long steps = RD(fs.steps) + 1;

	WR(fs.steps, steps);
	if (steps > fs.budget)
		over_budget(cpu);
}

/* RCU callbacks run as softirq would: IRQs on, outside read sections. */
static void maybe_run_rcu(unsigned int cpu)
{
	if (!rcu_pending_callbacks() || RD(fs.in_rcu[cpu]) ||
	    !rcu_cpu_quiescent(cpu))
		return;
	if (fs.strat->draw(2) != 1)
		return;
	WR(fs.in_rcu[cpu], 1);
	rcu_process_callbacks();
	WR(fs.in_rcu[cpu], 0);
}

/*
 * Ask the strategy who runs. Its view is a static, not a local whose
 * address is taken: under ASan's detect_stack_use_after_return every
 * such local costs a fake-stack frame, and this runs at every
 * scheduling point. One fiber scheduler per process, and pick() never
 * switches, so no two picks overlap. Hidden from TSan like the
 * strategies that read it.
 */
SCHED_NO_TSAN static unsigned int
strategy_pick(unsigned int cur, bool cur_can_run, unsigned long runnable)
{
	static struct sched_view v;

	v.nr_cpus = fs.nr_cpus;
	v.cur = cur;
	v.runnable = runnable;
	v.cur_can_run = cur_can_run;
	return fs.strat->pick(&v);
}

static unsigned int fibers_cpu_id(void)
{
	int cur = RD(fs.cur);

	return cur < 0 ? 0 : (unsigned int)cur;
}

static void fibers_point(enum sched_site site)
{
	unsigned int cpu = fibers_cpu_id();
	unsigned int next;

	check_aborted(cpu);
	WR(fs.epoch, RD(fs.epoch) + 1);
	sched_trace_site(cpu, site, false);
	count_step(cpu);
	maybe_run_rcu(cpu);
	next = strategy_pick(cpu, true, live_mask());
	if (next != cpu) {
		ilv_cpu_left(cpu, true);
		switch_cpu((int)cpu, (int)next, false);
	}
	check_aborted(cpu);
}

static bool waited_since_progress(unsigned int cpu)
{
	return RD(fs.waited_at[cpu]) == RD(fs.epoch) + 1;
}

static __attribute__((noreturn)) void deadlock(unsigned int cpu)
{
	char detail[128];
	int n = 0;
	unsigned int i;

	for (i = 0; i < fs.nr_cpus && n < (int)sizeof(detail); i++)
		if (RD(fs.phase[i]) != PHASE_DONE)
			n += snprintf(detail + n, sizeof(detail) - n,
				      "CPU%u waits at %s; ", i,
				      sched_site_name(RD(fs.wait_site[i])));
	liveness(cpu, "deadlock: all CPUs blocked", detail);
}

static void fibers_wait(enum sched_site site)
{
	unsigned int cpu = fibers_cpu_id(), i;
	unsigned long live, others, fresh = 0;

	check_aborted(cpu);
	sched_trace_site(cpu, site, true);
	count_step(cpu);
	WR(fs.waited_at[cpu], RD(fs.epoch) + 1);
	WR(fs.wait_site[cpu], (int)site);
	live = live_mask();
	others = live & ~(1UL << cpu);
	for (i = 0; i < fs.nr_cpus; i++)
		if ((others & (1UL << i)) && !waited_since_progress(i))
			fresh |= 1UL << i;
	if (!fresh)
		deadlock(cpu);
	ilv_cpu_left(cpu, false);
	switch_cpu((int)cpu, (int)strategy_pick(cpu, false, fresh), false);
	check_aborted(cpu);
}

const struct sync_backend sync_backend_fibers = {
	.name = "fibers",
	.cpu_id = fibers_cpu_id,
	.cpu_now = &fs.cur,
	.point = fibers_point,
	.wait = fibers_wait,
};

/* A CPU's program ended: it goes idle and someone else runs. */
static void cpu_finish(unsigned int cpu)
{
	unsigned long runnable;
	int next = MAIN_CPU;

	/* Release: an IPI run on its behalf from now on follows its work. */
	__atomic_store_n(&tlbf_cpus[cpu].idle, 1, __ATOMIC_RELEASE);
	WR(fs.phase[cpu], PHASE_DONE);
	WR(fs.live, RD(fs.live) & ~(1UL << cpu));
	WR(fs.epoch, RD(fs.epoch) + 1);
	runnable = live_mask();
	if (runnable)
		next = (int)strategy_pick(cpu, false, runnable);
	/* The last thing this CPU does in the run: teardown may follow. */
	__atomic_store_n(&fs.end_edge[cpu], 1, __ATOMIC_RELEASE);
	switch_cpu((int)cpu, next, false);
}

static void cpu_fiber(void *arg)
{
	unsigned int cpu = (unsigned int)(uintptr_t)arg;

	for (;;) {
		__atomic_load_n(&fs.start_edge, __ATOMIC_ACQUIRE);
		ATOMIC_STORE(&tlbf_cpus[cpu].idle, 0);
		WR(fs.phase[cpu], PHASE_RUNNING);
		if (!sched_aborted())
			fs.cfg->cpu_main(cpu, fs.cfg->ctx);
		cpu_finish(cpu);
	}
}

/* Only from the scheduler's own context: no CPU fiber is running. */
static void release_fibers_at_exit(void)
{
	unsigned int i;

	if (RD(fs.cur) != MAIN_CPU || !pthread_equal(fs.owner, pthread_self()))
		return;
	for (i = 0; i < TLBF_MAX_CPUS; i++)
		fiber_release_tsan(&fs.cpu[i]);
}

static void make_fibers(void)
{
	unsigned int i;

	if (fs.made) {
		if (!pthread_equal(fs.owner, pthread_self())) {
			fprintf(stderr, "tlbfuzz: fiber runs must stay "
					"on one thread\n");
			abort();
		}
		return;
	}
	fs.owner = pthread_self();
	sched_sanitizer_init();
	fiber_init_thread(&fs.main);
	for (i = 0; i < TLBF_MAX_CPUS; i++)
		fiber_create(&fs.cpu[i], CPU_STACK_SIZE, cpu_fiber,
			     (void *)(uintptr_t)i);
	fs.made = true;
	atexit(release_fibers_at_exit);
}

static void reset_run(const struct sched_config *cfg)
{
	unsigned int i;

	fs.cfg = cfg;
	fs.nr_cpus = cfg->nr_cpus ? cfg->nr_cpus : 1;
	if (fs.nr_cpus > TLBF_MAX_CPUS)
		fs.nr_cpus = TLBF_MAX_CPUS;
	fs.budget =
		cfg->step_budget ? cfg->step_budget : SCHED_DEFAULT_STEP_BUDGET;
	fs.strat = sched_strategy_for(cfg->strategy);
	sched_fallback_clear();
	fs.strat->begin(cfg->schedule, cfg->schedule_len, fs.nr_cpus,
			cfg->seed);
	WR(fs.cur, MAIN_CPU);
	sched_abort_clear();
	WR(fs.steps, 0);
	WR(fs.epoch, 0);
	WR(fs.switches, 0);
	WR(fs.live, (1UL << fs.nr_cpus) - 1);
	for (i = 0; i < TLBF_MAX_CPUS; i++) {
		if (RD(fs.must_restart[i])) {
			fiber_restart(&fs.cpu[i]);
			WR(fs.must_restart[i], false);
		}
		WR(fs.phase[i], i < fs.nr_cpus ? PHASE_READY : PHASE_DONE);
		WR(fs.waited_at[i], 0);
		WR(fs.wait_site[i], 0);
		WR(fs.in_rcu[i], 0);
		WR(fs.end_edge[i], 0);
	}
}

/* After an abort: let every CPU still inside its program leave for good. */
static void collect_aborted(void)
{
	unsigned int i;

	for (i = 0; i < fs.nr_cpus; i++)
		if (RD(fs.phase[i]) == PHASE_RUNNING && !RD(fs.must_restart[i]))
			switch_cpu(MAIN_CPU, (int)i, false);
}

void sched_run_fibers(const struct sched_config *cfg, struct sched_stats *stats)
{
	const struct sync_backend *prev = tlbf_sync;
	unsigned int i;

	make_fibers();
	reset_run(cfg);
	sync_use(&sync_backend_fibers);
	__atomic_store_n(&fs.start_edge, fs.start_edge + 1, __ATOMIC_RELEASE);
	switch_cpu(MAIN_CPU,
		   (int)strategy_pick(fs.nr_cpus - 1, false, live_mask()),
		   false);
	if (sched_aborted())
		collect_aborted();
	for (i = 0; i < fs.nr_cpus; i++)
		__atomic_load_n(&fs.end_edge[i], __ATOMIC_ACQUIRE);
	sync_use(prev);
	if (stats) {
		stats->steps = RD(fs.steps);
		stats->switches = RD(fs.switches);
		stats->aborted = sched_aborted();
	}
}

/* Shared by both back ends; a run clears it when it starts. */
static int run_aborted;

void sched_abort(void)
{
	WR(run_aborted, 1);
}

bool sched_aborted(void)
{
	return RD(run_aborted);
}

void sched_abort_clear(void)
{
	WR(run_aborted, 0);
}

unsigned long sched_steps(void)
{
	return RD(fs.steps);
}
