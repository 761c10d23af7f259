// SPDX-License-Identifier: GPL-2.0-only
/*
 * The sync layer shared by every back end, on C11 atomics (core/sync.h has
 * the contract). This file: the back end, which CPU runs, hardware locks,
 * scheduling points, IRQ and preempt state. RCU is sync_rcu.c, IPIs
 * sync_ipi.c, spinlocks and rwsems sync_lock.c.
 *
 * Happens-before that the kernel really has is made with acquire/release:
 * lock release -> next acquire, the IPI target's acknowledgement -> the
 * sender's return, a grace period's end -> its callbacks. Nothing else here
 * orders one CPU against another.
 */
#include "sync.h"

#include <stddef.h>

#include "cpu.h"
#include "interleave.h"
#include "oracle.h"
#include "sync_internal.h"
#include "trace.h"
#include "trace_names.h"

const struct sync_backend *tlbf_sync = &sync_backend_direct;

/*
 * While an IPI runs on behalf of an idle CPU, smp_processor_id() names the
 * target. -1: no override. Per OS thread (stress mode runs several senders
 * at once); accessed atomically because fibers share one OS thread.
 */
static __thread int cpu_override = -1;

int sync_override_get(void)
{
	return __atomic_load_n(&cpu_override, __ATOMIC_RELAXED);
}

void sync_override_set(int cpu)
{
	__atomic_store_n(&cpu_override, cpu, __ATOMIC_RELAXED);
}

/* ---- back end ------------------------------------------------------ */

static unsigned int direct_cpu_id(void)
{
	return 0;
}

static void direct_point(enum sched_site site)
{
	(void)site;
}

/*
 * The direct back end has only CPU 0 running: if it must wait for another
 * CPU, that CPU will never move. That is a deadlock, and a report.
 */
static void direct_wait(enum sched_site site)
{
	report(ORACLE_LIVENESS, "deadlock: CPU 0 waits and no other CPU runs",
	       "wait site %d in direct mode", (int)site);
}

static const int direct_cpu_now;

const struct sync_backend sync_backend_direct = {
	.name = "direct",
	.cpu_id = direct_cpu_id,
	.cpu_now = &direct_cpu_now,
	.point = direct_point,
	.wait = direct_wait,
};

void sync_use(const struct sync_backend *backend)
{
	tlbf_sync = backend;
}

unsigned int num_online_cpus(void)
{
	return tlbf_nr_cpus;
}

unsigned long cpu_online_mask(void)
{
	return (1UL << tlbf_nr_cpus) - 1;
}

unsigned int sync_current_cpu(void)
{
	int cpu = sync_override_get();
	const int *now;

	if (cpu >= 0)
		return (unsigned int)cpu;
	now = tlbf_sync->cpu_now;
	if (now) {
		cpu = __atomic_load_n(now, __ATOMIC_RELAXED);
		return cpu < 0 ? 0 : (unsigned int)cpu;
	}
	return tlbf_sync->cpu_id();
}

unsigned int smp_processor_id(void)
{
	return sync_current_cpu();
}

/* ---- hardware locks ------------------------------------------------ */

void hw_lock(hw_lock_t *lock)
{
	int me = (int)sync_current_cpu() + 1;

	if (__atomic_load_n(&lock->owner, __ATOMIC_RELAXED) == me) {
		lock->depth++;
		return;
	}
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		;
	__atomic_store_n(&lock->owner, me, __ATOMIC_RELAXED);
	lock->depth = 1;
}

void hw_unlock(hw_lock_t *lock)
{
	if (--lock->depth)
		return;
	__atomic_store_n(&lock->owner, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

/* ---- scheduling points --------------------------------------------- */

void sync_point(enum sched_site site)
{
	struct sim_cpu *c = &tlbf_cpus[sync_current_cpu()];

	sync_cpu_service(c);
	rcu_note_qs(c);
	if (rcu_pending_callbacks() && tlbf_sync == &sync_backend_direct)
		rcu_process_callbacks();
	if (sync_override_get() >= 0)
		return;
	tlbf_sync->point(site);
	/*
	 * An IPI sent while this CPU was switched out is taken before its
	 * next step, as a CPU with IRQs on takes it at once; the handler's
	 * return is a scheduling point too. So the sender may finish its
	 * wait while this CPU is still where it was parked: inside a walk
	 * that holds no lock, say.
	 */
	if (sync_cpu_service(c)) {
		if (trace_names_on())
			trace_note_text("IPI handler ran on this CPU");
		tlbf_sync->point(SITE_IPI);
	}
}

/*
 * A waiting CPU that ran an IPI handler made progress (its sender may now
 * go on): that is a scheduling point, not a wait, so the back end's
 * all-CPUs-blocked check never fires on it.
 */
void sync_wait(enum sched_site site)
{
	struct sim_cpu *c = &tlbf_cpus[sync_current_cpu()];

	if (sync_cpu_service(c)) {
		if (sync_override_get() < 0)
			tlbf_sync->point(site);
		return;
	}
	rcu_note_qs(c);
	tlbf_sync->wait(site);
}

void sync_reset(unsigned int nr_cpus)
{
	cpus_reset(nr_cpus);
	sync_override_set(-1);
	rcu_reset();
}

/* ---- IRQs and preemption ------------------------------------------- */

void local_irq_disable(void)
{
	struct sim_cpu *c = &tlbf_cpus[sync_current_cpu()];

	if (trace_names_on())
		trace_note_text("local_irq_disable()");
	sync_point(SITE_IRQ);
	ATOMIC_STORE(&c->irqs_off, 1);
}

void local_irq_enable(void)
{
	struct sim_cpu *c = &tlbf_cpus[sync_current_cpu()];

	__atomic_store_n(&c->irqs_off, 0, __ATOMIC_RELEASE);
	if (trace_names_on())
		trace_note_text("local_irq_enable()");
	sync_point(SITE_IRQ);
}

bool irqs_disabled(void)
{
	return ATOMIC_LOAD(&tlbf_cpus[sync_current_cpu()].irqs_off);
}

void preempt_disable(void)
{
	__atomic_add_fetch(&tlbf_cpus[sync_current_cpu()].preempt_count, 1,
			   __ATOMIC_RELAXED);
}

void preempt_enable(void)
{
	__atomic_sub_fetch(&tlbf_cpus[sync_current_cpu()].preempt_count, 1,
			   __ATOMIC_RELEASE);
	sync_point(SITE_PREEMPT);
}

void cond_resched(void)
{
	sync_point(SITE_RESCHED);
}

void rcu_read_lock(void)
{
	__atomic_add_fetch(&tlbf_cpus[sync_current_cpu()].rcu_nesting, 1,
			   __ATOMIC_RELAXED);
	if (trace_names_on())
		trace_note_text("rcu_read_lock()");
	sync_point(SITE_RCU);
}

void rcu_read_unlock(void)
{
	__atomic_sub_fetch(&tlbf_cpus[sync_current_cpu()].rcu_nesting, 1,
			   __ATOMIC_RELEASE);
	if (trace_names_on())
		trace_note_text("rcu_read_unlock()");
	sync_point(SITE_RCU);
}
