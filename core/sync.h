/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The sync layer: every access one simulated CPU makes to state another CPU
 * can see goes through here, under the kernel's names (spin_lock, down_read,
 * READ_ONCE, local_irq_disable, rcu_read_lock, call_rcu,
 * smp_call_function_many, cond_resched).
 *
 * Locks, IRQ state, IPIs and RCU are implemented once, in core/sync.c, on
 * real C11 atomics with acquire/release where the kernel has a real
 * happens-before (lock release -> acquire, IPI acknowledgement, grace
 * period end), so ThreadSanitizer sees exactly the kernel's ordering and
 * nothing more. What differs between back ends is only how a CPU gives way:
 *
 *   - direct:  one OS thread runs CPU 0; the other CPUs sit still in the
 *              state a test left them in. Waiting on them is a deadlock.
 *   - fibers:  deterministic; every sync call is a scheduling point whose
 *              outcome the input's schedule bytes decide (fuzz/sched/).
 *   - threads: stress mode; one pthread per CPU, unscheduled.
 *
 * A back end supplies struct sync_backend; everything else is shared.
 */
#ifndef TLBF_SYNC_H
#define TLBF_SYNC_H

#include <stdbool.h>
#include <stdint.h>

#define TLBF_MAX_CPUS 4

/* Why a CPU reached a scheduling point: for traces and coverage. */
enum sched_site {
	SITE_LOCK,
	SITE_UNLOCK,
	SITE_READ_ONCE,
	SITE_WRITE_ONCE,
	SITE_ATOMIC,
	SITE_IRQ,
	SITE_PREEMPT,
	SITE_RCU,
	SITE_IPI,
	SITE_RESCHED,
	SITE_OP,
	SITE_NR,
};

struct sync_backend {
	const char *name;
	/* The simulated CPU this code runs on (smp_processor_id()). */
	unsigned int (*cpu_id)(void);
	/*
	 * Or, where the back end keeps it in one place for every caller
	 * (the fibers: one OS thread), that place (a negative value: CPU
	 * 0): read with no call, as smp_processor_id() runs many times per
	 * scheduling point. NULL: cpu_id() answers.
	 */
	const int *cpu_now;
	/* A scheduling point: the back end may run other CPUs here. */
	void (*point)(enum sched_site site);
	/*
	 * The caller cannot progress until another CPU acts (a held lock, an
	 * unacknowledged IPI). The back end must run someone else, or report
	 * a deadlock when no one can run. It returns to re-check.
	 */
	void (*wait)(enum sched_site site);
};

extern const struct sync_backend *tlbf_sync;
extern const struct sync_backend sync_backend_direct;

void sync_use(const struct sync_backend *backend);

/* The simulated CPU this code runs on. */
unsigned int smp_processor_id(void);

/* Names for a report's trace (core/trace_names.h, core/objlog.h). */
extern bool tlbf_trace_names;
void trace_note_expr(const char *verb, const char *expr);

/* A scheduling point; also where pending IPIs and RCU work are taken. */
void sync_point(enum sched_site site);
void sync_wait(enum sched_site site);

/* ---- atomics and marked accesses ----------------------------------- */

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	long counter;
} atomic_long_t;

#define ATOMIC_LOAD(p)	   __atomic_load_n((p), __ATOMIC_RELAXED)
#define ATOMIC_STORE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)

static inline int atomic_read(const atomic_t *v)
{
	return ATOMIC_LOAD(&v->counter);
}

static inline void atomic_set(atomic_t *v, int i)
{
	ATOMIC_STORE(&v->counter, i);
}

/* Value-returning atomics are fully ordered, as in the kernel. */
static inline int atomic_add_return(int i, atomic_t *v)
{
	return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);
}

static inline int atomic_inc_return(atomic_t *v)
{
	return atomic_add_return(1, v);
}

static inline int atomic_dec_return(atomic_t *v)
{
	return atomic_add_return(-1, v);
}

static inline void atomic_inc(atomic_t *v)
{
	__atomic_add_fetch(&v->counter, 1, __ATOMIC_RELAXED);
}

static inline void atomic_dec(atomic_t *v)
{
	__atomic_sub_fetch(&v->counter, 1, __ATOMIC_RELAXED);
}

/* Add @a unless the counter is @u; true when it added. */
static inline bool atomic_add_unless(atomic_t *v, int a, int u)
{
	int c = atomic_read(v);

	do {
		if (c == u)
			return false;
	} while (!__atomic_compare_exchange_n(&v->counter, &c, c + a, false,
					      __ATOMIC_SEQ_CST,
					      __ATOMIC_RELAXED));
	return true;
}

static inline long atomic_long_read(const atomic_long_t *v)
{
	return ATOMIC_LOAD(&v->counter);
}

static inline void atomic_long_set(atomic_long_t *v, long i)
{
	ATOMIC_STORE(&v->counter, i);
}

static inline void atomic_long_add(long i, atomic_long_t *v)
{
	__atomic_add_fetch(&v->counter, i, __ATOMIC_RELAXED);
}

static inline void atomic_long_sub(long i, atomic_long_t *v)
{
	__atomic_sub_fetch(&v->counter, i, __ATOMIC_RELAXED);
}

/*
 * READ_ONCE/WRITE_ONCE are atomic accesses (so TSan does not call the
 * kernel's marked accesses races) and scheduling points (so another CPU
 * can act between two of them). Use them exactly where the kernel does:
 * lockless walkers and state read outside its lock.
 *
 * They are acquire/release, not relaxed: the kernel publishes objects
 * with smp_wmb() + WRITE_ONCE and reads them through the pointer (an
 * address dependency), and TSan models neither fences nor dependencies.
 * Relaxed accesses would make every such publication a false race; the
 * price is that a missing smp_rmb/smp_wmb between two marked accesses is
 * not reported (the model checks TSO-like ordering, as on x86).
 */
#define READ_ONCE(x)                                       \
	({                                                 \
		if (__builtin_expect(tlbf_trace_names, 0)) \
			trace_note_expr("READ_ONCE", #x);  \
		sync_point(SITE_READ_ONCE);                \
		__atomic_load_n(&(x), __ATOMIC_ACQUIRE);   \
	})

#define WRITE_ONCE(x, v)                                       \
	do {                                                   \
		__atomic_store_n(&(x), (v), __ATOMIC_RELEASE); \
		if (__builtin_expect(tlbf_trace_names, 0))     \
			trace_note_expr("WRITE_ONCE", #x);     \
		sync_point(SITE_WRITE_ONCE);                   \
	} while (0)

#define smp_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)

/* ---- locks --------------------------------------------------------- */

typedef struct {
	int locked; /* atomic: 0 free, 1 held */
	int owner; /* CPU id + 1 of the holder, for reports */
} spinlock_t;

void spin_lock_init(spinlock_t *lock);
void spin_lock(spinlock_t *lock);
bool spin_trylock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
bool spin_is_locked(spinlock_t *lock);

/* count: 0 free, > 0 that many readers, -1 a writer. */
struct rw_semaphore {
	long count;
};

void init_rwsem(struct rw_semaphore *sem);
void down_read(struct rw_semaphore *sem);
bool down_read_trylock(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
bool down_write_trylock(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
/* Writer becomes one reader without letting another writer in. */
void downgrade_write(struct rw_semaphore *sem);
bool rwsem_is_locked(struct rw_semaphore *sem);
bool rwsem_is_write_locked(struct rw_semaphore *sem);

/*
 * A lock for the model's own "hardware" state (a CPU's TLB arrays): real
 * mutual exclusion under threads, never a scheduling point. It nests on
 * the simulated CPU that holds it, so that a hardware access can hold its
 * CPU's TLB lock from walk to fill to load (remote invalidations wait for
 * it, as a TLBI or an IPI waits for an instruction) while the fill and
 * lookup helpers take the same lock inside.
 */
typedef struct {
	int locked;
	int owner; /* simulated CPU + 1 */
	int depth;
} hw_lock_t;

void hw_lock(hw_lock_t *lock);
void hw_unlock(hw_lock_t *lock);

/* ---- IRQs, preemption, RCU ----------------------------------------- */

void local_irq_disable(void);
void local_irq_enable(void);
bool irqs_disabled(void);
void preempt_disable(void);
void preempt_enable(void);
void cond_resched(void);

void rcu_read_lock(void);
void rcu_read_unlock(void);

struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
	unsigned long gp; /* grace period that must end first */
};

/* Queue @func(@head) to run once a grace period has ended. */
void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head));
/* Wait for a full grace period, then run every ready callback. */
void synchronize_rcu(void);
/* Run every queued callback whose grace period has ended. */
void rcu_process_callbacks(void);
/* How many callbacks are queued: teardown checks it is zero. */
unsigned int rcu_pending_callbacks(void);
/*
 * True when @cpu is outside every read-side section (IRQs on, preemption
 * on, no rcu_read_lock): a back end runs callbacks only on such a CPU,
 * as softirq would.
 */
bool rcu_cpu_quiescent(unsigned int cpu);

/* ---- IPIs ---------------------------------------------------------- */

typedef void (*smp_call_func_t)(void *info);

/*
 * Send @func to every CPU in @mask except this one and spin (giving way)
 * until each target has run it; the model always waits, since every
 * caller that matters here (TLB shootdown, tlb_remove_table_sync_one)
 * does. A target runs it only with
 * IRQs enabled, so a CPU inside local_irq_disable() holds the sender off:
 * gup_fast relies on exactly that.
 */
void smp_call_function_many(unsigned long mask, smp_call_func_t func,
			    void *info, bool wait);
/* Every other online CPU. */
void smp_call_function(smp_call_func_t func, void *info, bool wait);

unsigned int num_online_cpus(void);
unsigned long cpu_online_mask(void);

/* Reset per-run sync state (IPI queues, RCU lists) for @nr_cpus CPUs. */
void sync_reset(unsigned int nr_cpus);

#endif
