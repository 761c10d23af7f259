/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Oracles written as core checks. Each one states a rule of the kernel in
 * its own terms; when a rule breaks, report() names the oracle with a
 * one-line reason, then detail, and hands over to the installed report
 * handler (the fuzz layer prints the run and aborts; tests may catch it).
 *
 *   STALE_TLB        a frame is freed while a CPU's TLB still maps it
 *   STALE_WALK       a table is freed while a CPU's walk cache points at it
 *   WALKER_IN_TABLE  a table is freed while a lockless walker is inside it
 *   STALE_AFTER_ZAP  a zap returned but a CPU still translates an address
 *                    in the zapped range to a frame the tables no longer map
 *   TEARDOWN         exit_mmap left a table, a counter or a mapped frame
 *   REFCOUNT         refcount/mapcount underflow, free while mapped, a
 *                    speculative reference kept on a reused frame
 *   KERNEL_BUG       a BUG_ON/WARN_ON of the model (or of kernel code)
 *   LIVENESS         step budget exceeded or all CPUs blocked
 *
 * A dead mm's entries (after exit_mmap; its ASID is never reused
 * unflushed) and lazy CPUs' leaf entries after a skipped flush are
 * unreachable and never count.
 */
#ifndef TLBF_ORACLE_H
#define TLBF_ORACLE_H

#include <stdbool.h>

struct mm_struct;
struct page;

enum oracle {
	ORACLE_STALE_TLB,
	ORACLE_STALE_WALK,
	ORACLE_WALKER_IN_TABLE,
	ORACLE_STALE_AFTER_ZAP,
	ORACLE_TEARDOWN,
	ORACLE_REFCOUNT,
	ORACLE_KERNEL_BUG,
	ORACLE_LIVENESS,
	ORACLE_DIFFERENTIAL,
	ORACLE_NR,
};

const char *oracle_name(enum oracle o);

/*
 * The handler gets the oracle, the one-line reason and the detail. If it
 * returns, the core carries on (tests use that to count reports); the
 * default handler prints and aborts.
 */
typedef void (*report_fn)(enum oracle o, const char *reason, const char *detail,
			  void *ctx);
void report_set_handler(report_fn fn, void *ctx);
/* The handler now installed (a runner puts it back after its run). */
void report_get_handler(report_fn *fn, void **ctx);
void report(enum oracle o, const char *reason, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Reports made since the last reset (a handler that returns keeps going). */
extern unsigned int tlbf_reports;

#define BUG_ON(cond)                                                      \
	do {                                                              \
		if (__builtin_expect(!!(cond), 0))                        \
			report(ORACLE_KERNEL_BUG, "BUG_ON(" #cond ")",    \
			       "%s:%d %s", __FILE__, __LINE__, __func__); \
	} while (0)

#define WARN_ON(cond)                                                     \
	({                                                                \
		bool __w = !!(cond);                                      \
		if (__builtin_expect(__w, 0))                             \
			report(ORACLE_KERNEL_BUG, "WARN_ON(" #cond ")",   \
			       "%s:%d %s", __FILE__, __LINE__, __func__); \
		__w;                                                      \
	})

/* The checks themselves (core/oracle.c). */
void oracle_frame_free(struct page *page);
void oracle_table_free(struct page *table);
void oracle_zap_done(struct mm_struct *mm, unsigned long start,
		     unsigned long end);
/*
 * The same, counting only TLB entries filled before the zap began
 * (@since = oracle_zap_begin() at its start): an entry filled later maps
 * a page faulted in after the zap, which a concurrent zap, reclaim or
 * mremap may be removing with its flush still to come. Not this zap's.
 */
unsigned long oracle_zap_begin(void);
void oracle_zap_done_since(struct mm_struct *mm, unsigned long start,
			   unsigned long end, unsigned long since);
/*
 * A lockless lookup's speculative reference (get_page_unless_zero on a
 * page found through an entry read with no lock) is about to be kept. It
 * may be kept only on the frame the entry led to: if the struct page was
 * freed and given to a new frame since the lookup (@seen: its incarnation
 * read with the entry), the entry at @slot must map it now, or the holder
 * pins memory that belongs to someone else. Called with no scheduling
 * point since the caller's last look at @slot, if it had one.
 */
void oracle_speculative_ref(struct page *page, unsigned int seen,
			    const unsigned long *slot);
/*
 * @mm gave up @table (its entry for @va no longer leads there) and the
 * table lives on, now another owner's (hugetlb PMD unsharing; any table
 * handed over rather than freed). From here the owner may change it: no
 * CPU may still translate for @mm through it (a walk-cache entry of @mm
 * for an address where @mm no longer reaches @table, on a CPU that can
 * run @mm's user code: STALE_WALK), and if @exclusive (one owner left,
 * free to reuse it for anything) no lockless walker of @mm may still be
 * inside it (WALKER_IN_TABLE). Called where the path that unhooked the
 * table drops the lock that kept the other owners from changing it.
 */
void oracle_table_released(struct mm_struct *mm, struct page *table,
			   unsigned long va, bool exclusive);
/* check_mm(): after exit_mmap nothing may be left. */
void check_mm(struct mm_struct *mm);
/* After a run: every frame and table freed, no RCU callback pending. */
void oracle_run_end(void);

#endif
