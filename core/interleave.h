/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interleaving coverage: which conflicting accesses of two CPUs met in a
 * run, by situation.
 *
 * Edge coverage says which code ran, not in which order the CPUs met. The
 * model calls the hooks below where a CPU writes, reads, fills, flushes
 * or frees a shared object (a pte, a page-table page, a frame, the mm's
 * TLB or walk-cache entries, the gather's range). The recorder keeps, per
 * object, the last write-like and the last read-like access (CPU, kernel
 * function, counts of flushes, IPIs and grace periods so far). When a CPU
 * meets another CPU's conflicting access (one of the two writes, frees or
 * flushes), the pair is hashed by its situation only:
 *
 *   object kind, first access and its function, second access and its
 *   function, and whether a flush, an IPI or a grace period came between
 *
 * never by address or by anything earlier, so one situation is one counter
 * however often and wherever it happens. The fuzz layer turns a run's
 * pairs into libFuzzer extra counters and AFL++ map bytes
 * (fuzz/ilv_counters.c).
 *
 * Off (the default; a run turns it on with ilv_begin_run()), each hook is
 * one test of tlbf_ilv_mode. Deterministic: objects are looked up by
 * pointer in a per-run table, but nothing hashed depends on a pointer,
 * and the table drops new objects by count, not by placement.
 *
 * Delay-the-flush (fuzz/sched/strategy_delay.c) reads one more thing from
 * here: which CPUs have cleared or changed an entry and not flushed since
 * (ilv_unflushed_mask()), tracked while ILV_TRACK_UNFLUSHED is on.
 */
#ifndef TLBF_INTERLEAVE_H
#define TLBF_INTERLEAVE_H

#include <stdbool.h>
#include <stdint.h>

enum ilv_kind {
	ILV_PTE, /* a page-table entry, any level */
	ILV_TABLE, /* a page-table page */
	ILV_FRAME, /* a data frame */
	ILV_TLB, /* the mm's TLB entries */
	ILV_WALK, /* the mm's walk-cache entries */
	ILV_RANGE, /* the mm's gathered, unflushed range */
	ILV_KIND_NR,
};

enum ilv_acc {
	ILV_READ, /* lockless read */
	ILV_FILL, /* a TLB or walk-cache fill (a hardware read) */
	ILV_WRITE, /* store, exchange, range update */
	ILV_FLUSH, /* TLB flush covering it */
	ILV_FREE,
	ILV_ACC_NR,
};

/* Order bits: what came between the two accesses of a pair. */
#define ILV_ORDER_FLUSH 1u
#define ILV_ORDER_IPI	2u
#define ILV_ORDER_GP	4u
/* ... and the pair straddles a preemption inside an operation. */
#define ILV_ORDER_WINDOW 8u

/* tlbf_ilv_mode bits. */
#define ILV_RECORD	    1u /* record pairs (interleaving feedback) */
#define ILV_KEEP	    2u /* also keep each pair's description (stats) */
#define ILV_TRACK_UNFLUSHED 4u /* per-CPU "updated, not flushed" flags */

/* Counter space: a pair's index is its hash modulo this. */
#define ILV_NR_COUNTERS 4096
#define ILV_MAX_HITS	1024 /* distinct pairs kept per run */

extern unsigned int tlbf_ilv_mode;
/*
 * tlbf_ilv_mode != 0, as a bool: the hooks' one test. A bool branches on
 * its load without a compare, so the coverage build's trace-cmp adds no
 * hook call to every entry access while recording is off.
 */
extern bool tlbf_ilv_on;

/* One distinct pair of a run, as stats prints it. */
struct ilv_pair {
	enum ilv_kind kind;
	enum ilv_acc acc[2];
	const char *fn[2];
	unsigned int order;
	uint32_t index;
};

void ilv_access_slow(enum ilv_kind kind, const void *obj, enum ilv_acc acc);
void ilv_sync_slow(unsigned int order_bit);
void ilv_flush_slow(const void *mm);
void ilv_free_table_slow(const void *table, const unsigned long *words,
			 unsigned int nr);
void ilv_entry_slow(const unsigned long *p, unsigned long old);

/* A CPU accessed @obj of @kind. */
static inline void ilv_access(enum ilv_kind kind, const void *obj,
			      enum ilv_acc acc)
{
	if (__builtin_expect(tlbf_ilv_on, 0))
		ilv_access_slow(kind, obj, acc);
}

/* This CPU is about to store to the entry at @p. */
static inline void ilv_entry_write(const unsigned long *p)
{
	if (__builtin_expect(tlbf_ilv_on, 0))
		ilv_entry_slow(p, __atomic_load_n(p, __ATOMIC_RELAXED));
}

/* This CPU exchanged the entry at @p, which held @old. */
static inline void ilv_entry_xchg(const unsigned long *p, unsigned long old)
{
	if (__builtin_expect(tlbf_ilv_on, 0))
		ilv_entry_slow(p, old);
}

void ilv_fill_slow(enum ilv_kind cache, const void *mm, enum ilv_kind kind,
		   const void *obj);

/*
 * This CPU filled a TLB (@cache ILV_TLB, @kind ILV_FRAME) or walk-cache
 * (ILV_WALK, ILV_TABLE) entry of @mm for @obj: a fill of the mm's cache,
 * a read of its gathered range, and a fill of the frame or table.
 */
static inline void ilv_fill(enum ilv_kind cache, const void *mm,
			    enum ilv_kind kind, const void *obj)
{
	if (__builtin_expect(tlbf_ilv_on, 0))
		ilv_fill_slow(cache, mm, kind, obj);
}

/* An IPI was sent or a grace period ended (ILV_ORDER_IPI/_GP). */
static inline void ilv_sync(unsigned int order_bit)
{
	if (__builtin_expect(tlbf_ilv_on, 0))
		ilv_sync_slow(order_bit);
}

/* This CPU flushed @mm's TLBs: an order event and a flush access. */
static inline void ilv_flush(const void *mm)
{
	if (__builtin_expect(tlbf_ilv_on, 0))
		ilv_flush_slow(mm);
}

/* A table is freed: its free is an access, and its entries are gone. */
static inline void ilv_free_table(const void *table, const unsigned long *words,
				  unsigned int nr)
{
	if (__builtin_expect(tlbf_ilv_on, 0))
		ilv_free_table_slow(table, words, nr);
}

void ilv_op_slow(unsigned int cpu, bool begin);
void ilv_cpu_left_slow(unsigned int cpu, bool preempted);

/*
 * Windows: @cpu begins or ends one operation of its program (the runner
 * calls these around each one). A pair whose first access was made in an
 * operation that has not ended yet, or whose second access comes from an
 * operation that had begun before the first access, is a window pair:
 * one CPU was away in the middle of its kernel path while the other
 * touched the same object (stats counts them).
 */
static inline void ilv_op(unsigned int cpu, bool begin)
{
	if (__builtin_expect(tlbf_ilv_on, 0))
		ilv_op_slow(cpu, begin);
}

/* The scheduler switched away from @cpu: @preempted, or it blocked. */
static inline void ilv_cpu_left(unsigned int cpu, bool preempted)
{
	if (__builtin_expect(tlbf_ilv_on, 0))
		ilv_cpu_left_slow(cpu, preempted);
}

/* This run's window pairs: all, and those where that CPU was preempted. */
struct ilv_windows {
	unsigned long pairs;
	unsigned long preempted;
};
void ilv_run_windows(struct ilv_windows *w);

/* Start a run with @mode (0: everything off, nothing recorded). */
void ilv_begin_run(unsigned int mode);
/* Hooks off again; the run's hits and pairs stay readable. */
void ilv_end_run(void);
/* The kernel function @cpu entered last; @hash is its name's hash. */
void ilv_set_func(unsigned int cpu, const char *fn, uint64_t hash);
/* This run's distinct counter indices; returns how many. */
unsigned int ilv_run_hits(const uint32_t **hits);
/* With ILV_KEEP: this run's distinct pairs, in first-seen order. */
unsigned int ilv_run_pairs(const struct ilv_pair **pairs);
/* CPUs that changed an entry and have not flushed since. */
unsigned long ilv_unflushed_mask(void);

/* The counter index of a situation (tests, and the recorder itself). */
uint32_t ilv_pair_index(enum ilv_kind kind, enum ilv_acc a0, uint64_t fn0,
			enum ilv_acc a1, uint64_t fn1, unsigned int order);
const char *ilv_kind_name(enum ilv_kind kind);
const char *ilv_acc_name(enum ilv_acc acc);

#endif
