/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Simulated CPUs: what one CPU caches of the page tables, and the per-CPU
 * state the sync layer needs (IRQ flag, preempt count, RCU nesting, the
 * pending-IPI queue).
 *
 * The TLB maps a virtual page of an mm to the frame it translated to when
 * it was filled. The walk cache ("paging-structure cache") remembers, for
 * a virtual address, which table a walk went through at each level, so a
 * later walk can start below the root. Both keep raw pointers: a stale
 * entry used after its frame or table was freed is a real use-after-free.
 *
 * Each CPU's arrays are guarded by a hw_lock: the owning CPU fills them, and
 * a remote CPU may invalidate them (broadcast TLBI, or an oracle scan).
 */
#ifndef TLBF_CPU_H
#define TLBF_CPU_H

#include <stdbool.h>
#include <stddef.h>

#include "geometry.h"
#include "sync.h"
#include "x86_tlbstate.h"

struct mm_struct;
struct page;

#define TLB_ENTRIES  16
#define WALK_ENTRIES 16

struct tlb_entry {
	struct mm_struct *mm; /* NULL: invalid */
	unsigned long va; /* aligned to the entry's span */
	enum pt_level level; /* PT_PTE, or PT_PMD/PT_PUD for huge leaves */
	struct page *page; /* frame it translates to */
	unsigned int page_id; /* ... in that incarnation of its struct page */
	unsigned long *frame; /* the frame's memory (hardware: the PFN) */
	bool writable;
	bool dirty; /* the hardware set the pte's dirty bit */
	/*
	 * Oracle bookkeeping: reclaim cleared this translation's pte and
	 * deferred the flush to its batch (try_to_unmap_flush()), which it
	 * owes before the page's I/O or free.
	 */
	bool unmap_deferred;
	unsigned long seq; /* fill number (tlbf_tlb_fill_seq): its identity */
};

struct walk_entry {
	struct mm_struct *mm; /* NULL: invalid */
	unsigned long va; /* page-aligned address whose walk filled it */
	enum pt_level level; /* level of @table (PT_PTE: a pte table) */
	struct page *table;
};

/*
 * The zap this CPU is running, as the zap oracle watches it (core/oracle.c):
 * every TLB entry of @mm in [start, end) that existed when the zap began or
 * when it passed that address under its lock, by CPU and fill number. Room
 * for every slot twice: recorded entries that died are pruned when it fills.
 */
struct zap_watch {
	struct mm_struct *mm; /* NULL: no zap watched */
	unsigned long start, end;
	unsigned int nr;
	struct {
		unsigned int cpu;
		unsigned long seq;
	} held[2 * TLBF_MAX_CPUS * TLB_ENTRIES];
};

struct ipi_request {
	smp_call_func_t func;
	void *info;
	int done; /* atomic: set with release by the target */
};

struct sim_cpu {
	unsigned int id;
	bool online;

	/* IRQs, preemption and RCU: read by other CPUs' IPI/RCU code. */
	int irqs_off; /* atomic */
	int preempt_count; /* atomic */
	int rcu_nesting; /* atomic */
	unsigned long rcu_qs_gp; /* atomic: last GP this CPU reported */

	/* IPIs waiting for this CPU: one slot per sender (atomic). */
	struct ipi_request *ipi_from[TLBF_MAX_CPUS];
	int ipi_count; /* atomic: filled slots */
	/*
	 * No program runs on this CPU (not started, or finished): it sits in
	 * the idle loop with IRQs on, so an IPI runs at once on its behalf.
	 */
	int idle; /* atomic */

	/* Memory context, as switch_mm() and lazy TLB leave it. */
	struct mm_struct *active_mm;
	bool lazy; /* running a kernel thread on active_mm */
	/*
	 * x86: a flush skipped this lazy CPU; its leaf entries cannot be used
	 * before switch_mm() flushes them, so oracles ignore them.
	 */
	bool lazy_flush_deferred;
	/*
	 * x86's cpu_tlbstate and cpu_tlbstate_shared, kept by
	 * cpu_switch_mm()/cpu_enter_lazy() under both x86 profiles
	 * (core/arch_x86.c), read by the flush code, the tree's or the
	 * model's.
	 */
	struct tlbf_x86_pcpu x86;

	hw_lock_t tlb_lock;
	unsigned int tlb_next;
	unsigned int walk_next;
	struct tlb_entry tlb[TLB_ENTRIES];
	struct walk_entry walk[WALK_ENTRIES];

	/*
	 * Tables a lockless walker on this CPU (gup_fast) holds a pointer
	 * into right now, one per level; checked when a table is freed.
	 */
	struct page *lockless_tables[PT_NR_LEVELS];
	/* ... the mm that walker walks (NULL when none) ... */
	struct mm_struct *lockless_mm;
	/* ... and its kernel function, for reports. */
	const char *lockless_who;
	/*
	 * The frame that walker found through the entry it read last and
	 * holds no reference on yet (NULL once its speculative get is
	 * done): the frame may be freed and reused under it meanwhile.
	 */
	struct page *lockless_frame;

	/*
	 * Tables a software walker on this CPU (zap, truncate's and
	 * reclaim's rmap walks) is inside right now, one per level: the
	 * PTE table from pte_offset_map_lock to pte_unmap_unlock, the upper
	 * ones for a zap_p?d_range loop. It read the entry above with no
	 * lock, trusting mmap_lock or the rmap locks to keep the table; a
	 * table freed now is an oracle report, as for gup_fast.
	 */
	struct page *walk_tables[PT_NR_LEVELS];

	struct zap_watch zap; /* oracle bookkeeping, not hardware */
};

extern struct sim_cpu tlbf_cpus[TLBF_MAX_CPUS];
/* Counts TLB fills in this run; each entry keeps its number (seq). */
extern unsigned long tlbf_tlb_fill_seq;
extern unsigned int tlbf_nr_cpus;

static inline struct sim_cpu *this_cpu(void)
{
	return &tlbf_cpus[smp_processor_id()];
}

static inline void sw_walk_enter(enum pt_level level, struct page *table)
{
	__atomic_store_n(&this_cpu()->walk_tables[level], table,
			 __ATOMIC_RELAXED);
}

static inline void sw_walk_leave(enum pt_level level)
{
	__atomic_store_n(&this_cpu()->walk_tables[level], NULL,
			 __ATOMIC_RELAXED);
}

/*
 * A lockless walker on this CPU (gup_fast; on 6.1, a hugetlb walk that
 * holds no lock keeping the table) enters or leaves the table at @level
 * it holds a pointer into, and the mm it walks (NULL: none) in the kernel
 * function @who.
 */
static inline void lockless_enter(enum pt_level level, struct page *table)
{
	__atomic_store_n(&this_cpu()->lockless_tables[level], table,
			 __ATOMIC_RELAXED);
}

static inline void lockless_leave(enum pt_level level)
{
	__atomic_store_n(&this_cpu()->lockless_tables[level], NULL,
			 __ATOMIC_RELAXED);
}

static inline void lockless_walk_of(struct mm_struct *mm, const char *who)
{
	__atomic_store_n(&this_cpu()->lockless_who, who, __ATOMIC_RELAXED);
	__atomic_store_n(&this_cpu()->lockless_mm, mm, __ATOMIC_RELAXED);
}

/* Who the lockless walker on @c is, for a report. */
static inline const char *lockless_walker_name(struct sim_cpu *c)
{
	const char *who = __atomic_load_n(&c->lockless_who, __ATOMIC_RELAXED);

	return who ? who : "a lockless walk";
}

/*
 * The frame this CPU's lockless walker found through an entry and holds
 * no reference on yet (NULL: none). Set before the speculative get, whose
 * scheduling point is where another CPU may free and reuse it; cleared
 * once the get is done, whether it took or not.
 */
static inline void lockless_frame_hold(struct page *page)
{
	__atomic_store_n(&this_cpu()->lockless_frame, page, __ATOMIC_RELAXED);
}

/*
 * How deep a lockless walker (gup_fast) on CPU @cpu is right now: the
 * tables it is inside, plus one while it holds a frame with no reference
 * yet; 0 when it walks none. The schedule's window heuristics read it
 * (fuzz/sched/strategy_fallback.c): a walker between its read of an
 * entry and its use of what the entry points to (the table below, or
 * the frame it takes a reference on) is where gup_fast races live.
 */
static inline unsigned int cpu_lockless_depth(unsigned int cpu)
{
	const struct sim_cpu *c = &tlbf_cpus[cpu];
	unsigned int level, depth = 0;

	for (level = 0; level < PT_NR_LEVELS; level++)
		depth += __atomic_load_n(&c->lockless_tables[level],
					 __ATOMIC_RELAXED) != NULL;
	return depth +
	       (__atomic_load_n(&c->lockless_frame, __ATOMIC_RELAXED) != NULL);
}

#define for_each_online_cpu(c) \
	for ((c) = &tlbf_cpus[0]; (c) < &tlbf_cpus[tlbf_nr_cpus]; (c)++)

/* Reset @nr CPUs: empty TLBs, IRQs on, no mm. */
void cpus_reset(unsigned int nr);

/* Fill (replacing round-robin when full). */
void tlb_fill(struct sim_cpu *cpu, const struct tlb_entry *e);
void walk_fill(struct sim_cpu *cpu, const struct walk_entry *e);
/*
 * The same with cpu->tlb_lock already held: the hardware walker fills
 * while holding it, so that a flush (which takes it to invalidate) cannot
 * slip between reading a table and caching what it read.
 */
void tlb_fill_locked(struct sim_cpu *cpu, const struct tlb_entry *e);
void walk_fill_locked(struct sim_cpu *cpu, const struct walk_entry *e);

/* Does @t translate @va (a 4K entry, or a huge one containing it)? */
static inline bool tlb_covers(const struct tlb_entry *t, unsigned long va)
{
	unsigned long span = 1UL << level_shift(t->level);

	return va >= t->va && va - t->va < span;
}

/* Find this CPU's translation for @va in @mm, or NULL. */
struct tlb_entry *tlb_lookup(struct sim_cpu *cpu, struct mm_struct *mm,
			     unsigned long va);
/* The deepest cached table for @va in @mm, or NULL. */
struct walk_entry *walk_lookup(struct sim_cpu *cpu, struct mm_struct *mm,
			       unsigned long va);
/*
 * Does the walk cache still lead to @table for @va (cpu->tlb_lock held)?
 * Keyed by the address: when one table is reachable from two spans (a
 * hugetlb PMD table shared within one mm), the entry of the other span
 * says nothing about this walk.
 */
bool walk_cached_for(const struct sim_cpu *cpu, const struct mm_struct *mm,
		     unsigned long va, const struct page *table);

/*
 * Invalidation: drop every entry for which @match returns true. The arch
 * flush code (core/arch_*.c) supplies the predicate that states its rule.
 */
typedef bool (*tlb_match_fn)(const struct tlb_entry *e, const void *ctx);
typedef bool (*walk_match_fn)(const struct walk_entry *e, const void *ctx);
unsigned int tlb_drop_if(struct sim_cpu *cpu, tlb_match_fn match,
			 const void *ctx);
unsigned int walk_drop_if(struct sim_cpu *cpu, walk_match_fn match,
			  const void *ctx);
/*
 * Reclaim is about to clear the pte of @va in @mm and batch its flush:
 * mark every CPU's entries that translate @va (tlb_entry.unmap_deferred).
 */
void tlb_note_unmap_deferred(struct mm_struct *mm, unsigned long va);
/* Drop everything this CPU caches for @mm (a full flush of the ASID). */
void cpu_flush_mm(struct sim_cpu *cpu, struct mm_struct *mm);

static inline bool cpu_lazy(const struct sim_cpu *cpu)
{
	return __atomic_load_n(&cpu->lazy, __ATOMIC_RELAXED);
}

static inline struct mm_struct *cpu_active_mm(const struct sim_cpu *cpu)
{
	return __atomic_load_n(&cpu->active_mm, __ATOMIC_RELAXED);
}

/* switch_mm(): make @mm current on @cpu (leaving lazy mode). */
void cpu_switch_mm(struct sim_cpu *cpu, struct mm_struct *mm);
/* enter_lazy_tlb(): a kernel thread runs, @cpu keeps the old mm loaded. */
void cpu_enter_lazy(struct sim_cpu *cpu);

#endif
