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
#include "interleave.h"
#include "oracle.h"
#include "trace.h"

const struct sync_backend *tlbf_sync = &sync_backend_direct;

/*
 * While an IPI runs on behalf of an idle CPU, smp_processor_id() names the
 * target. -1: no override. Per OS thread (stress mode runs several senders
 * at once); accessed atomically because fibers share one OS thread.
 */
static __thread int cpu_override = -1;

static int override_get(void)
{
	return __atomic_load_n(&cpu_override, __ATOMIC_RELAXED);
}

static void override_set(int cpu)
{
	__atomic_store_n(&cpu_override, cpu, __ATOMIC_RELAXED);
}

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
	int cpu = override_get();

	if (cpu >= 0)
		return (unsigned int)cpu;
	return tlbf_sync->cpu_id();
}

unsigned int smp_processor_id(void)
{
	return current_cpu();
}

/* ---- hardware locks ------------------------------------------------ */

void hw_lock(hw_lock_t *lock)
{
	int me = (int)current_cpu() + 1;

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
static void rcu_note_qs(struct sim_cpu *c)
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

/* Take pending IPIs if IRQs are on; true when a handler ran. */
static bool cpu_service(struct sim_cpu *c)
{
	if (ATOMIC_LOAD(&c->irqs_off))
		return false;
	if (!__atomic_load_n(&c->ipi_count, __ATOMIC_ACQUIRE))
		return false;
	ipi_run_pending(c);
	return true;
}

/*
 * An idle CPU takes an IPI at once, and the sender runs the handler on its
 * behalf. The acquire here pairs with the release of the CPU going idle,
 * and idle_ipi_done() with the acquire in cpu_service(): the handler is
 * ordered after everything the CPU did, and before what it does next, as
 * if the CPU had run it itself.
 */
static bool cpu_takes_ipi_now(struct sim_cpu *c)
{
	return __atomic_load_n(&c->idle, __ATOMIC_ACQUIRE) &&
	       !ATOMIC_LOAD(&c->irqs_off);
}

static void idle_ipi_done(struct sim_cpu *c)
{
	__atomic_fetch_add(&c->ipi_count, 0, __ATOMIC_RELEASE);
}

void smp_call_function_many(unsigned long mask, smp_call_func_t func,
			    void *info, bool wait)
{
	struct ipi_request reqs[TLBF_MAX_CPUS];
	unsigned int self = current_cpu();
	struct sim_cpu *c;

	WARN_ON(wait && irqs_disabled());
	for_each_online_cpu (c) {
		struct ipi_request *req = &reqs[c->id];

		req->done = 1;
		if (c->id == self || !(mask & (1UL << c->id)))
			continue;
		req->func = func;
		req->info = info;
		if (cpu_takes_ipi_now(c)) {
			/* An idle CPU takes it at once; run it as that CPU. */
			int saved = override_get();

			override_set((int)c->id);
			func(info);
			override_set(saved);
			idle_ipi_done(c);
			continue;
		}
		req->done = 0;
		__atomic_store_n(&c->ipi_from[self], req, __ATOMIC_RELEASE);
		__atomic_add_fetch(&c->ipi_count, 1, __ATOMIC_RELEASE);
	}
	sync_point(SITE_IPI);
	for_each_online_cpu (c) {
		/* Requests live on this stack: always wait for them. */
		while (!__atomic_load_n(&reqs[c->id].done, __ATOMIC_ACQUIRE)) {
			if (cpu_takes_ipi_now(c) &&
			    __atomic_load_n(&c->ipi_from[self],
					    __ATOMIC_RELAXED)) {
				int saved = override_get();

				override_set((int)c->id);
				ipi_run_pending(c);
				override_set(saved);
				idle_ipi_done(c);
				continue;
			}
			sync_wait(SITE_IPI);
		}
	}
	ilv_sync(ILV_ORDER_IPI);
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
	rcu_note_qs(c);
	if (__atomic_load_n(&rcu.nr, __ATOMIC_RELAXED) &&
	    tlbf_sync == &sync_backend_direct)
		rcu_process_callbacks();
	if (override_get() < 0)
		tlbf_sync->point(site);
}

/*
 * A waiting CPU that ran an IPI handler made progress (its sender may now
 * go on): that is a scheduling point, not a wait, so the back end's
 * all-CPUs-blocked check never fires on it.
 */
void sync_wait(enum sched_site site)
{
	struct sim_cpu *c = &tlbf_cpus[current_cpu()];

	if (cpu_service(c)) {
		if (override_get() < 0)
			tlbf_sync->point(site);
		return;
	}
	rcu_note_qs(c);
	tlbf_sync->wait(site);
}

void sync_reset(unsigned int nr_cpus)
{
	cpus_reset(nr_cpus);
	override_set(-1);
	rcu.gp_seq = 0;
	rcu.gp_running = 0;
	rcu.qs_mask = 0;
	rcu.head = NULL;
	rcu.tail = &rcu.head;
	rcu.nr = 0;
	rcu.gp_needed = 0;
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

	__atomic_store_n(&c->irqs_off, 0, __ATOMIC_RELEASE);
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
			   __ATOMIC_RELEASE);
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
			   __ATOMIC_RELEASE);
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

bool down_write_trylock(struct rw_semaphore *sem)
{
	long free = 0;

	return __atomic_compare_exchange_n(&sem->count, &free, -1, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
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
