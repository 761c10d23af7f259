// SPDX-License-Identifier: GPL-2.0-only
/*
 * RCU of the sync layer: grace periods driven by the CPUs' quiescent
 * states at scheduling points, and the callback list. A grace period's
 * end happens-before its callbacks (acquire/release).
 */
#include "sync.h"

#include <stddef.h>

#include "cpu.h"
#include "interleave.h"
#include "oracle.h"
#include "sync_internal.h"
#include "trace.h"
#include "trace_names.h"

/* RCU: grace periods and the callback list. */
struct rcu_state {
	hw_lock_t lock;
	unsigned long gp_seq; /* grace periods completed */
	int gp_running; /* atomic: one is in progress */
	unsigned long qs_mask; /* CPUs that passed a QS in it */
	struct rcu_head *head, **tail;
	unsigned long gp_needed; /* newest callback's grace period */
	unsigned int nr; /* atomic: callbacks queued */
};

static struct rcu_state rcu;

/* ---- RCU ----------------------------------------------------------- */

/*
 * Sampled by other CPUs: the acquire loads pair with the release stores
 * that leave a read-side section (IRQs on, preempt_enable,
 * rcu_read_unlock), so a grace period that ends on this observation is
 * ordered after everything the reader did inside, as in the kernel.
 */
static bool cpu_quiescent(struct sim_cpu *c)
{
	return !__atomic_load_n(&c->irqs_off, __ATOMIC_ACQUIRE) &&
	       !__atomic_load_n(&c->preempt_count, __ATOMIC_ACQUIRE) &&
	       !__atomic_load_n(&c->rcu_nesting, __ATOMIC_ACQUIRE);
}

bool rcu_cpu_quiescent(unsigned int cpu)
{
	return cpu_quiescent(&tlbf_cpus[cpu]);
}

static void gp_start(void)
{
	ATOMIC_STORE(&rcu.gp_running, 1);
	rcu.qs_mask = 0;
}

/*
 * A scheduling point of a CPU outside any read-side section is a
 * quiescent state (a context switch or tick in the kernel): note it for
 * the running grace period.
 */
void rcu_note_qs(struct sim_cpu *c)
{
	if (!ATOMIC_LOAD(&rcu.gp_running) || !cpu_quiescent(c))
		return;
	hw_lock(&rcu.lock);
	if (rcu.gp_running)
		rcu.qs_mask |= 1UL << c->id;
	hw_unlock(&rcu.lock);
}

/*
 * End the running grace period if every CPU has passed a quiescent state
 * since it began, counting CPUs that are quiescent right now. Caller holds
 * rcu.lock.
 */
static void rcu_try_end_gp(void)
{
	struct sim_cpu *c;

	if (!rcu.gp_running)
		return;
	for_each_online_cpu (c) {
		if (cpu_quiescent(c))
			rcu.qs_mask |= 1UL << c->id;
	}
	if (rcu.qs_mask != cpu_online_mask())
		return;
	rcu.gp_seq++;
	ilv_sync(ILV_ORDER_GP);
	ATOMIC_STORE(&rcu.gp_running, 0);
	rcu.qs_mask = 0;
	/* Before any callback of this GP runs: traces show GP, then frees. */
	if (trace_on())
		trace_emit(&(struct trace_event){.kind = EV_RCU_GP});
	if (trace_names_on())
		trace_text("RCU grace period %lu ends", rcu.gp_seq);
	/*
	 * Callbacks queued while this GP ran need the next one; the oldest
	 * may be ready now, so ask the newest.
	 */
	if (rcu.head && rcu.gp_needed > rcu.gp_seq)
		gp_start();
}

static struct rcu_head *rcu_take_ready(void)
{
	struct rcu_head *ready = NULL, **rtail = &ready;

	while (rcu.head && rcu.head->gp <= rcu.gp_seq) {
		struct rcu_head *h = rcu.head;

		rcu.head = h->next;
		h->next = NULL;
		*rtail = h;
		rtail = &h->next;
		__atomic_sub_fetch(&rcu.nr, 1, __ATOMIC_RELAXED);
	}
	if (!rcu.head)
		rcu.tail = &rcu.head;
	return ready;
}

void rcu_process_callbacks(void)
{
	struct rcu_head *ready;

	if (!__atomic_load_n(&rcu.nr, __ATOMIC_ACQUIRE))
		return;
	hw_lock(&rcu.lock);
	rcu_try_end_gp();
	ready = rcu_take_ready();
	hw_unlock(&rcu.lock);

	while (ready) {
		struct rcu_head *next = ready->next;

		ready->func(ready);
		ready = next;
	}
}

void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head))
{
	head->func = func;
	head->next = NULL;
	hw_lock(&rcu.lock);
	/* A GP already running may have seen readers this one missed. */
	head->gp = rcu.gp_seq + (rcu.gp_running ? 2 : 1);
	rcu.gp_needed = head->gp;
	if (!rcu.gp_running)
		gp_start();
	*rcu.tail = head;
	rcu.tail = &head->next;
	__atomic_add_fetch(&rcu.nr, 1, __ATOMIC_RELEASE);
	hw_unlock(&rcu.lock);
	if (tlbf_sync == &sync_backend_direct)
		rcu_process_callbacks();
}

void synchronize_rcu(void)
{
	unsigned long target;

	hw_lock(&rcu.lock);
	target = rcu.gp_seq + (rcu.gp_running ? 2 : 1);
	if (!rcu.gp_running)
		gp_start();
	hw_unlock(&rcu.lock);
	for (;;) {
		unsigned long before;
		bool done, started = false;

		hw_lock(&rcu.lock);
		before = rcu.gp_seq;
		rcu_try_end_gp();
		done = rcu.gp_seq >= target;
		if (!done && !rcu.gp_running) {
			gp_start();
			started = true;
		}
		if (done || started || rcu.gp_seq != before) {
			/* A GP ended or began here: re-check first. */
			hw_unlock(&rcu.lock);
			if (done)
				break;
			continue;
		}
		hw_unlock(&rcu.lock);
		sync_wait(SITE_RCU);
	}
	rcu_process_callbacks();
}

unsigned int rcu_pending_callbacks(void)
{
	return __atomic_load_n(&rcu.nr, __ATOMIC_RELAXED);
}

void rcu_reset(void)
{
	rcu.gp_seq = 0;
	rcu.gp_running = 0;
	rcu.qs_mask = 0;
	rcu.head = NULL;
	rcu.tail = &rcu.head;
	rcu.nr = 0;
	rcu.gp_needed = 0;
	rcu.lock.locked = 0;
}
