// SPDX-License-Identifier: GPL-2.0-only
/*
 * The RCU model of core/sync.c on the direct back end: a grace period
 * cannot end while any CPU is in an IRQs-off section, and callbacks queued
 * while a grace period runs wait for the next one, which must then start
 * by itself (no later call_rcu needed to kick it).
 */
#include "core.h"
#include "cpu.h"
#include "harness.h"

static unsigned int ran;

static void count_cb(struct rcu_head *head)
{
	(void)head;
	ran++;
}

static void setup(void)
{
	struct core_config cfg = {.geometry = &geometry_fuzz, .nr_cpus = 2};

	core_reset(&cfg);
	ran = 0;
}

/* A CPU with IRQs off (gup_fast) holds every grace period off. */
static void test_rcu_irqs_off_holds_gp(void)
{
	struct rcu_head a;

	setup();
	ATOMIC_STORE(&tlbf_cpus[1].irqs_off, 1);
	call_rcu(&a, count_cb);
	rcu_process_callbacks();
	CHECK_EQ(ran, 0);
	ATOMIC_STORE(&tlbf_cpus[1].irqs_off, 0);
	rcu_process_callbacks();
	CHECK_EQ(ran, 1);
	CHECK_EQ(rcu_pending_callbacks(), 0);
}

/*
 * A callback queued while a grace period runs needs the next one; when
 * the first ends, the second must start without another call_rcu.
 */
static void test_rcu_second_gp_starts_itself(void)
{
	struct rcu_head a, b;

	setup();
	ATOMIC_STORE(&tlbf_cpus[1].irqs_off, 1);
	call_rcu(&a, count_cb);
	call_rcu(&b, count_cb);
	ATOMIC_STORE(&tlbf_cpus[1].irqs_off, 0);
	rcu_process_callbacks();
	CHECK_EQ(ran, 1);
	rcu_process_callbacks();
	CHECK_EQ(ran, 2);
	CHECK_EQ(rcu_pending_callbacks(), 0);
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_rcu_irqs_off_holds_gp),
		TEST_CASE(test_rcu_second_gp_starts_itself),
	};

	return harness_run("rcu", cases, ARRAY_SIZE(cases), argc, argv);
}
