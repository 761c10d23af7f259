// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fiber scheduler on synthetic programs written against the sync
 * layer only: determinism, IPIs held off by IRQs-off sections, grace
 * periods held off by them, deadlock and step-budget reports, and reuse
 * of the fibers after an aborted run.
 */
#include <stdlib.h>

#include "core.h"
#include "cpu.h"
#include "harness.h"
#include "sched/sched.h"
#include "sched/sched_trace.h"
#include "sched/strategy.h"

/* ---- a small world for synthetic programs ------------------------------ */

struct world {
	spinlock_t a, b;
	int shared; /* under @a */
	int flag; /* READ_ONCE/WRITE_ONCE */
	int ipi_ran; /* set by the IPI handler */
	int seen_in_window; /* what the IRQs-off CPU saw inside */
	int window_done;
	int cb_ran; /* set by the RCU callback */
	int sender_saw_window_done;
	struct rcu_head head;
};

static struct world w;

static void world_reset(unsigned int nr_cpus)
{
	struct core_config cfg = {.nr_cpus = nr_cpus};

	core_reset(&cfg);
	memset(&w, 0, sizeof(w));
	spin_lock_init(&w.a);
	spin_lock_init(&w.b);
}

/* The strategy the next run_fibers() calls use. */
static enum sched_strategy strategy;

static void run_fibers(void (*fn)(unsigned int, void *), unsigned int nr,
		       const uint8_t *sched, size_t len, unsigned long budget,
		       struct sched_stats *st)
{
	struct sched_config cfg = {
		.nr_cpus = nr,
		.cpu_main = fn,
		.strategy = strategy,
		.schedule = sched,
		.schedule_len = len,
		.step_budget = budget,
	};

	sched_run_fibers(&cfg, st);
}

/* Busy-wait the kernel way: re-check, giving way while it fails. */
static void wait_for(int *word)
{
	while (!READ_ONCE(*word))
		sync_wait(SITE_RESCHED);
}

/* ---- determinism ------------------------------------------------------- */

static void prog_counter(unsigned int cpu, void *ctx)
{
	int i;

	(void)ctx;
	for (i = 0; i < 5; i++) {
		spin_lock(&w.a);
		w.shared = w.shared * 3 + (int)cpu + 1;
		spin_unlock(&w.a);
		WRITE_ONCE(w.flag, (int)cpu);
	}
}

static uint64_t counter_hash(const uint8_t *s, size_t len, int *result)
{
	struct sched_stats st;

	world_reset(3);
	sched_trace_begin(false);
	run_fibers(prog_counter, 3, s, len, 0, &st);
	*result = w.shared;
	return sched_trace_hash();
}

/*
 * The same program and schedule give the same trace hash and the same
 * result, run after run; a different schedule gives another hash (and
 * here another interleaving of the lock holders, so another result).
 */
static void test_sched_determinism(void)
{
	static const uint8_t s1[] = {0x09, 0x12, 0x0a, 0x21, 0x02};
	static const uint8_t s2[] = {0x01, 0x02, 0x09, 0x0a, 0x11};
	int r1, r1b, r2, r0;
	uint64_t h1 = counter_hash(s1, sizeof(s1), &r1);
	uint64_t h1b = counter_hash(s1, sizeof(s1), &r1b);
	uint64_t h2 = counter_hash(s2, sizeof(s2), &r2);
	uint64_t h0 = counter_hash(NULL, 0, &r0);

	CHECK_EQ(h1, h1b);
	CHECK_EQ(r1, r1b);
	CHECK(h1 != h2);
	CHECK(h0 != h1);
	CHECK(r1 != r2 || r0 != r1);
	CHECK_EQ(report_total(), 0);
}

/*
 * Sequential, with no schedule bytes: each CPU runs to completion in
 * turn, so no CPU-to-CPU switch happens inside a program.
 */
static void test_sched_empty_schedule_runs_in_turn(void)
{
	struct sched_stats st;

	strategy = SCHED_SEQUENTIAL;
	world_reset(3);
	run_fibers(prog_counter, 3, NULL, 0, 0, &st);
	strategy = SCHED_BYTES;
	/* Only the hand-overs at the end of CPU 0's and CPU 1's program. */
	CHECK_EQ(st.switches, 2);
	CHECK(!st.aborted);
	CHECK_EQ(report_total(), 0);
}

/* One run of prog_counter on 3 CPUs under @s with no bytes and @seed. */
static unsigned long fallback_switches(enum sched_strategy s, uint64_t seed,
				       uint64_t *hash)
{
	struct sched_config cfg = {
		.nr_cpus = 3,
		.cpu_main = prog_counter,
		.strategy = s,
		.seed = seed,
	};
	struct sched_stats st;

	world_reset(3);
	sched_trace_begin(false);
	sched_run_fibers(&cfg, &st);
	CHECK(!st.aborted);
	*hash = sched_trace_hash();
	return st.switches;
}

/*
 * Bytes and PCT with no schedule bytes: the seeded fallback preempts
 * (most seeds switch inside a program, not only at its end: 21 and 22
 * of 32 when this was written), each seed
 * gives the same run twice, and the seeds do not all give one run.
 */
static void test_sched_fallback_preempts(void)
{
	static const enum sched_strategy ss[] = {SCHED_BYTES, SCHED_PCT};
	unsigned int i, seed, preempting;
	uint64_t h, h2, first;

	for (i = 0; i < ARRAY_SIZE(ss); i++) {
		preempting = 0;
		for (seed = 0; seed < 32; seed++) {
			unsigned long sw = fallback_switches(ss[i], seed, &h);

			CHECK_EQ(fallback_switches(ss[i], seed, &h2), sw);
			CHECK_EQ(h, h2);
			if (seed == 0)
				first = h;
			preempting += sw > 2;
		}
		CHECK(h != first);
		/* 45 points in all: the longest mean gap often misses. */
		CHECK(preempting >= 16);
	}
	/* Off (ablation): bytes and short PCT run the CPUs in turn again. */
	sched_fallback_off = true;
	for (i = 0; i < ARRAY_SIZE(ss); i++)
		for (seed = 0; seed < 8; seed++)
			CHECK_EQ(fallback_switches(ss[i], seed, &h), 2);
	sched_fallback_off = false;
	CHECK_EQ(report_total(), 0);
}

/*
 * PCT: with no change point the CPUs run by priority, highest first (bytes
 * 1, 2, 3: CPU 2, then 1, then 0), two hand-overs in all; a change point
 * at CPU 2's third step lets CPU 1 in early. Each schedule gives the same
 * hash every time, and the two differ.
 */
static void test_sched_pct_priorities(void)
{
	static const uint8_t plain[] = {1, 2, 3, 0};
	static const uint8_t change[] = {1, 2, 3, 1, 3, 0};
	struct sched_config cfg = {
		.nr_cpus = 3,
		.cpu_main = prog_counter,
		.strategy = SCHED_PCT,
	};
	struct sched_stats st;
	uint64_t h[3];
	unsigned long sw[3];
	int i;

	for (i = 0; i < 3; i++) {
		cfg.schedule = i == 1 ? change : plain;
		cfg.schedule_len = i == 1 ? sizeof(change) : sizeof(plain);
		world_reset(3);
		sched_trace_begin(false);
		sched_run_fibers(&cfg, &st);
		h[i] = sched_trace_hash();
		sw[i] = st.switches;
		CHECK(!st.aborted);
	}
	CHECK_EQ(sw[0], 2);
	CHECK(sw[1] > 2);
	CHECK_EQ(h[0], h[2]);
	CHECK(h[0] != h[1]);
	CHECK_EQ(report_total(), 0);
}

/* ---- IPIs and IRQs-off sections ---------------------------------------- */

static void ipi_handler(void *info)
{
	(void)info;
	WRITE_ONCE(w.ipi_ran, 1);
}

/*
 * CPU 1 (gup_fast-like): IRQs off, a few points, IRQs on. CPU 0 waits
 * until CPU 1 is inside, then IPIs it and must not return before CPU 1
 * left its window; CPU 1 must not run the handler inside it.
 */
static void prog_ipi(unsigned int cpu, void *ctx)
{
	int i;

	(void)ctx;
	if (cpu == 1) {
		local_irq_disable();
		WRITE_ONCE(w.flag, 1);
		for (i = 0; i < 4; i++)
			w.seen_in_window |= READ_ONCE(w.ipi_ran);
		WRITE_ONCE(w.window_done, 1);
		local_irq_enable();
		return;
	}
	wait_for(&w.flag);
	smp_call_function_many(1UL << 1, ipi_handler, NULL, true);
	w.sender_saw_window_done = READ_ONCE(w.window_done);
}

/*
 * An IPI cannot complete while its target has IRQs off, in any schedule
 * (schedule bytes, then the same bytes read as PCT).
 */
static void test_sched_ipi_waits_for_irqs_on(void)
{
	unsigned int b;

	for (b = 0; b < 512; b++) {
		uint8_t s[5] = {(uint8_t)b, (uint8_t)(b * 7), 1,
				(uint8_t)(b % 11), 0};
		struct sched_stats st;

		strategy = b < 256 ? SCHED_BYTES : SCHED_PCT;
		world_reset(2);
		run_fibers(prog_ipi, 2, s, sizeof(s), 0, &st);
		CHECK(!st.aborted);
		CHECK_EQ(w.ipi_ran, 1);
		CHECK_EQ(w.seen_in_window, 0);
		CHECK_EQ(w.sender_saw_window_done, 1);
	}
	strategy = SCHED_BYTES;
	CHECK_EQ(report_total(), 0);
}

/* ---- RCU --------------------------------------------------------------- */

static void rcu_cb(struct rcu_head *head)
{
	(void)head;
	WRITE_ONCE(w.cb_ran, 1);
}

/*
 * CPU 1 sits in an IRQs-off section (as gup_fast does on RCU table
 * freeing); CPU 0 queues a callback and waits for a grace period. Neither
 * the callback nor synchronize_rcu() may finish while CPU 1 is inside
 * (schedule bytes, then the same kind of bytes read as PCT).
 */
static void prog_rcu(unsigned int cpu, void *ctx)
{
	int i;

	(void)ctx;
	if (cpu == 1) {
		local_irq_disable();
		WRITE_ONCE(w.flag, 1);
		for (i = 0; i < 6; i++)
			w.seen_in_window |= READ_ONCE(w.cb_ran);
		WRITE_ONCE(w.window_done, 1);
		local_irq_enable();
		return;
	}
	wait_for(&w.flag);
	call_rcu(&w.head, rcu_cb);
	synchronize_rcu();
	w.sender_saw_window_done = READ_ONCE(w.window_done);
}

static void test_sched_gp_waits_for_irqs_off_section(void)
{
	unsigned int b;

	for (b = 0; b < 512; b++) {
		uint8_t s[6] = {(uint8_t)b,	   (uint8_t)(b ^ 0x5a),
				(uint8_t)(b * 13), 2,
				(uint8_t)(b % 9),  0};
		struct sched_stats st;

		strategy = b < 256 ? SCHED_BYTES : SCHED_PCT;
		world_reset(2);
		run_fibers(prog_rcu, 2, s, sizeof(s), 0, &st);
		CHECK(!st.aborted);
		CHECK_EQ(w.seen_in_window, 0);
		CHECK_EQ(w.sender_saw_window_done, 1);
		CHECK_EQ(w.cb_ran, 1);
		CHECK_EQ(rcu_pending_callbacks(), 0);
	}
	strategy = SCHED_BYTES;
	CHECK_EQ(report_total(), 0);
}

/* ---- liveness ---------------------------------------------------------- */

/* ABBA: each CPU takes one lock, waits for the other to do the same. */
static void prog_abba(unsigned int cpu, void *ctx)
{
	spinlock_t *first = cpu ? &w.b : &w.a;
	spinlock_t *second = cpu ? &w.a : &w.b;

	(void)ctx;
	spin_lock(first);
	__atomic_add_fetch(&w.flag, 1, __ATOMIC_RELAXED);
	while (READ_ONCE(w.flag) < 2)
		sync_wait(SITE_RESCHED);
	spin_lock(second);
	spin_unlock(second);
	spin_unlock(first);
}

/* All CPUs blocked is a liveness report that ends the run, not a hang. */
static void test_sched_deadlock_reported(void)
{
	struct sched_stats st;

	report_expect(ORACLE_LIVENESS);
	world_reset(2);
	run_fibers(prog_abba, 2, NULL, 0, 0, &st);
	CHECK(st.aborted);
	CHECK_EQ(report_count(ORACLE_LIVENESS), 1);
	CHECK(strstr(report_last_reason(), "deadlock: all CPUs blocked"));
	CHECK(st.steps < 100);
}

static void prog_spin_forever(unsigned int cpu, void *ctx)
{
	(void)ctx;
	if (cpu == 0)
		for (;;)
			cond_resched();
}

/* A livelock runs into the step budget: a report, at the budget. */
static void test_sched_step_budget(void)
{
	struct sched_stats st;

	report_expect(ORACLE_LIVENESS);
	world_reset(2);
	run_fibers(prog_spin_forever, 2, NULL, 0, 500, &st);
	CHECK(st.aborted);
	CHECK_EQ(report_count(ORACLE_LIVENESS), 1);
	CHECK(strstr(report_last_reason(), "step budget exceeded"));
	CHECK_EQ(st.steps, 501);
}

/*
 * Fibers abandoned by an aborted run start afresh: the next runs give the
 * hash they gave before any abort.
 */
static void test_sched_reuse_after_abort(void)
{
	static const uint8_t s[] = {0x11, 0x0a, 0x19};
	struct sched_stats st;
	uint64_t before, after;
	int r, i;

	report_expect(ORACLE_LIVENESS);
	before = counter_hash(s, sizeof(s), &r);
	for (i = 0; i < 3; i++) {
		world_reset(2);
		run_fibers(prog_abba, 2, s, sizeof(s), 0, &st);
		CHECK(st.aborted);
	}
	after = counter_hash(s, sizeof(s), &r);
	CHECK_EQ(before, after);
}

/* ---- stress mode -------------------------------------------------------- */

/*
 * Stress mode on synthetic programs (locks, marked accesses, IPIs, RCU):
 * a fixed number of iterations, no report; under TSan no race either.
 */
static void prog_stress(unsigned int cpu, void *ctx)
{
	int i;

	(void)ctx;
	for (i = 0; i < 20; i++) {
		spin_lock(&w.a);
		w.shared++;
		spin_unlock(&w.a);
		if (cpu == 0 && i % 5 == 0)
			smp_call_function(ipi_handler, NULL, true);
		if (cpu == 1 && i % 7 == 0) {
			local_irq_disable();
			READ_ONCE(w.ipi_ran);
			local_irq_enable();
		}
		if (cpu == 2 && i % 10 == 0)
			synchronize_rcu();
	}
}

static void test_sched_stress_synthetic(void)
{
	struct sched_config cfg = {.nr_cpus = 3, .cpu_main = prog_stress};
	struct sched_stats st;
	int iter;

	for (iter = 0; iter < 50; iter++) {
		world_reset(3);
		sched_run_threads(&cfg, &st);
		CHECK(!st.aborted);
		CHECK_EQ(w.shared, 60);
	}
	CHECK_EQ(report_total(), 0);
}

/* Whether sched_window_change() drew a coin (the generator moved). */
static bool window_coin(unsigned int cpu, bool can_run,
			struct sched_windows_seen *seen, uint64_t *rng)
{
	uint64_t before = *rng;

	sched_window_change(cpu, can_run, seen, rng);
	return *rng != before;
}

/*
 * A lockless walker gets one coin per table it steps into, and per frame
 * it holds before its reference: a deeper table draws, the same depth
 * again does not, and after it left a table the next one at that depth
 * draws again. No walk, no coin.
 */
static void test_sched_walker_window_coin(void)
{
	static struct page tables[3];
	struct sched_windows_seen seen = {0};
	struct sim_cpu *c;
	uint64_t rng = 42;

	world_reset(2);
	c = &tlbf_cpus[1];
	CHECK(!window_coin(1, true, &seen, &rng));
	c->lockless_tables[PT_PGD] = &tables[0];
	CHECK(!window_coin(1, false, &seen, &rng)); /* not running */
	CHECK(window_coin(1, true, &seen, &rng));
	CHECK(!window_coin(1, true, &seen, &rng));
	c->lockless_tables[PT_PUD] = &tables[1];
	CHECK(window_coin(1, true, &seen, &rng));
	CHECK(!window_coin(0, true, &seen, &rng)); /* another CPU */
	c->lockless_tables[PT_PUD] = NULL;
	CHECK(!window_coin(1, true, &seen, &rng));
	c->lockless_tables[PT_PUD] = &tables[2];
	CHECK(window_coin(1, true, &seen, &rng));
	/* A frame found and not yet referenced is one step deeper. */
	c->lockless_frame = &tables[0];
	CHECK(window_coin(1, true, &seen, &rng));
	CHECK(!window_coin(1, true, &seen, &rng));
	c->lockless_frame = NULL;
	CHECK(!window_coin(1, true, &seen, &rng));
	c->lockless_frame = &tables[1]; /* the next page of the walk */
	CHECK(window_coin(1, true, &seen, &rng));
	c->lockless_frame = NULL;
	c->lockless_tables[PT_PUD] = NULL;
	c->lockless_tables[PT_PGD] = NULL;
	CHECK(!window_coin(1, true, &seen, &rng));
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_sched_determinism),
		TEST_CASE(test_sched_empty_schedule_runs_in_turn),
		TEST_CASE(test_sched_fallback_preempts),
		TEST_CASE(test_sched_walker_window_coin),
		TEST_CASE(test_sched_pct_priorities),
		TEST_CASE(test_sched_ipi_waits_for_irqs_on),
		TEST_CASE(test_sched_gp_waits_for_irqs_off_section),
		TEST_CASE(test_sched_deadlock_reported),
		TEST_CASE(test_sched_step_budget),
		TEST_CASE(test_sched_reuse_after_abort),
		TEST_CASE(test_sched_stress_synthetic),
	};

	return harness_run("sched", cases, ARRAY_SIZE(cases), argc, argv);
}
