// SPDX-License-Identifier: GPL-2.0-only
/*
 * The sync layer shared by every back end: locks, IRQ and preempt state,
 * IPIs and RCU, on C11 atomics. See core/sync.h for the contract.
 *
 * Happens-before that the kernel really has is made with acquire/release:
 * lock release -> next acquire, the IPI target's acknowledgement -> the
 * sender's return, a grace period's end -> its callbacks. Nothing else here
 * orders one CPU against another.
 */
#include "sync.h"

#include <stddef.h>

#include "cpu.h"
#include "oracle.h"
#include "trace.h"

const struct sync_backend *tlbf_sync = &sync_backend_direct;

/*
 * While an IPI runs on behalf of an idle CPU (fiber and direct modes, one
 * OS thread), smp_processor_id() names the target. -1: no override.
 */
static int cpu_override = -1;

/* RCU: grace periods and the callback list. */
struct rcu_state {
	hw_lock_t lock;
	unsigned long gp_seq;		/* grace periods completed */
	bool gp_running;		/* one is in progress */
	unsigned long qs_mask;		/* CPUs that passed a QS in it */
	struct rcu_head *head, **tail;
	unsigned int nr;		/* atomic: callbacks queued */
};

static struct rcu_state rcu;

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

const struct sync_backend sync_backend_direct = {
	.name = "direct",
	.cpu_id = direct_cpu_id,
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

static unsigned int current_cpu(void)
{
	if (cpu_override >= 0)
		return (unsigned int)cpu_override;
	return tlbf_sync->cpu_id();
}

unsigned int smp_processor_id(void)
{
	return current_cpu();
}

/* ---- hardware locks ------------------------------------------------ */

void hw_lock(hw_lock_t *lock)
{
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		;
}

void hw_unlock(hw_lock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

/* ---- RCU ----------------------------------------------------------- */

static bool cpu_quiescent(struct sim_cpu *c)
{
	return !ATOMIC_LOAD(&c->irqs_off) && !ATOMIC_LOAD(&c->preempt_count) &&
	       !ATOMIC_LOAD(&c->rcu_nesting);
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
	for_each_online_cpu(c) {
		if (cpu_quiescent(c))
			rcu.qs_mask |= 1UL << c->id;
	}
	if (rcu.qs_mask != cpu_online_mask())
		return;
	rcu.gp_seq++;
	rcu.gp_running = false;
	rcu.qs_mask = 0;
	/* Before any callback of this GP runs: traces show GP, then frees. */
	if (trace_on())
		trace_emit(&(struct trace_event){ .kind = EV_RCU_GP });
	/* Callbacks queued during this GP need the next one. */
	if (rcu.head && rcu.head->gp > rcu.gp_seq)
		rcu.gp_running = true;
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
	if (!rcu.gp_running) {
		rcu.gp_running = true;
		rcu.qs_mask = 0;
	}
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
	if (!rcu.gp_running) {
		rcu.gp_running = true;
		rcu.qs_mask = 0;
	}
	hw_unlock(&rcu.lock);
	for (;;) {
		hw_lock(&rcu.lock);
		rcu_try_end_gp();
		if (rcu.gp_seq >= target) {
			hw_unlock(&rcu.lock);
			break;
		}
		if (!rcu.gp_running) {
			rcu.gp_running = true;
			rcu.qs_mask = 0;
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

/* ---- IPIs ---------------------------------------------------------- */

static void ipi_run_pending(struct sim_cpu *c)
{
	unsigned int from;

	for (from = 0; from < TLBF_MAX_CPUS; from++) {
		struct ipi_request *req =
			__atomic_load_n(&c->ipi_from[from], __ATOMIC_ACQUIRE);

		if (!req)
			continue;
		__atomic_store_n(&c->ipi_from[from], NULL, __ATOMIC_RELAXED);
		__atomic_sub_fetch(&c->ipi_count, 1, __ATOMIC_RELAXED);
		req->func(req->info);
		__atomic_store_n(&req->done, 1, __ATOMIC_RELEASE);
	}
}

/* Take IPIs and report a quiescent state if this CPU may. */
static void cpu_service(struct sim_cpu *c)
{
	if (ATOMIC_LOAD(&c->irqs_off))
		return;
	if (__atomic_load_n(&c->ipi_count, __ATOMIC_ACQUIRE))
		ipi_run_pending(c);
}

static bool cpu_takes_ipi_now(struct sim_cpu *c)
{
	return ATOMIC_LOAD(&c->idle) && !ATOMIC_LOAD(&c->irqs_off);
}

void smp_call_function_many(unsigned long mask, smp_call_func_t func,
			    void *info, bool wait)
{
	struct ipi_request reqs[TLBF_MAX_CPUS];
	unsigned int self = current_cpu();
	struct sim_cpu *c;

	WARN_ON(wait && irqs_disabled());
	for_each_online_cpu(c) {
		struct ipi_request *req = &reqs[c->id];

		req->done = 1;
		if (c->id == self || !(mask & (1UL << c->id)))
			continue;
		req->func = func;
		req->info = info;
		if (cpu_takes_ipi_now(c)) {
			/* An idle CPU takes it at once; run it as that CPU. */
			int saved = cpu_override;

			cpu_override = (int)c->id;
			func(info);
			cpu_override = saved;
			continue;
		}
		req->done = 0;
		__atomic_store_n(&c->ipi_from[self], req, __ATOMIC_RELEASE);
		__atomic_add_fetch(&c->ipi_count, 1, __ATOMIC_RELEASE);
	}
	sync_point(SITE_IPI);
	for_each_online_cpu(c) {
		/* Requests live on this stack: always wait for them. */
		while (!__atomic_load_n(&reqs[c->id].done, __ATOMIC_ACQUIRE)) {
			if (cpu_takes_ipi_now(c) &&
			    __atomic_load_n(&c->ipi_from[self],
					    __ATOMIC_RELAXED)) {
				int saved = cpu_override;

				cpu_override = (int)c->id;
				ipi_run_pending(c);
				cpu_override = saved;
				continue;
			}
			sync_wait(SITE_IPI);
		}
	}
	(void)wait;
}

void smp_call_function(smp_call_func_t func, void *info, bool wait)
{
	smp_call_function_many(cpu_online_mask(), func, info, wait);
}

/* ---- scheduling points --------------------------------------------- */

void sync_point(enum sched_site site)
{
	struct sim_cpu *c = &tlbf_cpus[current_cpu()];

	cpu_service(c);
	if (__atomic_load_n(&rcu.nr, __ATOMIC_RELAXED) &&
	    tlbf_sync == &sync_backend_direct)
		rcu_process_callbacks();
	if (cpu_override < 0)
		tlbf_sync->point(site);
}

void sync_wait(enum sched_site site)
{
	cpu_service(&tlbf_cpus[current_cpu()]);
	tlbf_sync->wait(site);
}

void sync_reset(unsigned int nr_cpus)
{
	cpus_reset(nr_cpus);
	cpu_override = -1;
	rcu.gp_seq = 0;
	rcu.gp_running = false;
	rcu.qs_mask = 0;
	rcu.head = NULL;
	rcu.tail = &rcu.head;
	rcu.nr = 0;
	rcu.lock.locked = 0;
}

/* ---- IRQs and preemption ------------------------------------------- */

void local_irq_disable(void)
{
	struct sim_cpu *c = &tlbf_cpus[current_cpu()];

	sync_point(SITE_IRQ);
	ATOMIC_STORE(&c->irqs_off, 1);
}

void local_irq_enable(void)
{
	struct sim_cpu *c = &tlbf_cpus[current_cpu()];

	ATOMIC_STORE(&c->irqs_off, 0);
	sync_point(SITE_IRQ);
}

bool irqs_disabled(void)
{
	return ATOMIC_LOAD(&tlbf_cpus[current_cpu()].irqs_off);
}

void preempt_disable(void)
{
	__atomic_add_fetch(&tlbf_cpus[current_cpu()].preempt_count, 1,
			   __ATOMIC_RELAXED);
}

void preempt_enable(void)
{
	__atomic_sub_fetch(&tlbf_cpus[current_cpu()].preempt_count, 1,
			   __ATOMIC_RELAXED);
	sync_point(SITE_PREEMPT);
}

void cond_resched(void)
{
	sync_point(SITE_RESCHED);
}

void rcu_read_lock(void)
{
	__atomic_add_fetch(&tlbf_cpus[current_cpu()].rcu_nesting, 1,
			   __ATOMIC_RELAXED);
	sync_point(SITE_RCU);
}

void rcu_read_unlock(void)
{
	__atomic_sub_fetch(&tlbf_cpus[current_cpu()].rcu_nesting, 1,
			   __ATOMIC_RELAXED);
	sync_point(SITE_RCU);
}

/* ---- spinlocks ----------------------------------------------------- */

void spin_lock_init(spinlock_t *lock)
{
	lock->locked = 0;
	lock->owner = 0;
}

bool spin_trylock(spinlock_t *lock)
{
	if (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		return false;
	preempt_disable();
	ATOMIC_STORE(&lock->owner, (int)current_cpu() + 1);
	return true;
}

void spin_lock(spinlock_t *lock)
{
	sync_point(SITE_LOCK);
	while (!spin_trylock(lock))
		sync_wait(SITE_LOCK);
}

void spin_unlock(spinlock_t *lock)
{
	ATOMIC_STORE(&lock->owner, 0);
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
	preempt_enable();
}

bool spin_is_locked(spinlock_t *lock)
{
	return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED);
}

/* ---- rw_semaphore -------------------------------------------------- */

void init_rwsem(struct rw_semaphore *sem)
{
	sem->count = 0;
}

bool down_read_trylock(struct rw_semaphore *sem)
{
	long c = __atomic_load_n(&sem->count, __ATOMIC_RELAXED);

	while (c >= 0) {
		if (__atomic_compare_exchange_n(&sem->count, &c, c + 1, false,
						__ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return true;
	}
	return false;
}

void down_read(struct rw_semaphore *sem)
{
	sync_point(SITE_LOCK);
	while (!down_read_trylock(sem))
		sync_wait(SITE_LOCK);
}

void up_read(struct rw_semaphore *sem)
{
	__atomic_sub_fetch(&sem->count, 1, __ATOMIC_RELEASE);
	sync_point(SITE_UNLOCK);
}

void down_write(struct rw_semaphore *sem)
{
	long free = 0;

	sync_point(SITE_LOCK);
	while (!__atomic_compare_exchange_n(&sem->count, &free, -1, false,
					    __ATOMIC_ACQUIRE,
					    __ATOMIC_RELAXED)) {
		free = 0;
		sync_wait(SITE_LOCK);
	}
}

void up_write(struct rw_semaphore *sem)
{
	__atomic_store_n(&sem->count, 0, __ATOMIC_RELEASE);
	sync_point(SITE_UNLOCK);
}

void downgrade_write(struct rw_semaphore *sem)
{
	__atomic_store_n(&sem->count, 1, __ATOMIC_RELEASE);
	sync_point(SITE_UNLOCK);
}

bool rwsem_is_locked(struct rw_semaphore *sem)
{
	return __atomic_load_n(&sem->count, __ATOMIC_RELAXED) != 0;
}

bool rwsem_is_write_locked(struct rw_semaphore *sem)
{
	return __atomic_load_n(&sem->count, __ATOMIC_RELAXED) < 0;
}
