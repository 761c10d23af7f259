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
 * returns, the core carries on (tests use that to count reports), unless
 * report_set_fatal(true) asked for the process to end: then the place that
 * fired calls the oracle's own function (below), which aborts. With no
 * handler, report() prints and aborts the same way.
 */
typedef void (*report_fn)(enum oracle o, const char *reason, const char *detail,
			  void *ctx);
void report_set_handler(report_fn fn, void *ctx);
/* The handler now installed (a runner puts it back after its run). */
void report_get_handler(report_fn *fn, void **ctx);
/* Fuzz targets: a report ends the process (after the handler printed). */
void report_set_fatal(bool fatal);
/*
 * Hand the report to the handler; true when the process must end now.
 * Callers use report() or oracle_check(), which end it from their own
 * frame, so that a crash's top frames name the oracle and the place.
 */
bool report_fire(enum oracle o, const char *reason, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * The return addresses under the oracle's function of the report in
 * progress (innermost first), for a DEDUP_TOKEN; call from the handler.
 */
#define REPORT_MAX_PCS 32
unsigned int report_stack(void **pcs, unsigned int max);
/* Reports made since the last reset (a handler that returns keeps going). */
extern unsigned int tlbf_reports;

/*
 * One function per oracle ends the process (abort(), never a tail call):
 * the first frame of every crash state outside the C library, so that
 * ClusterFuzz-style deduplication (top three frames) tells oracles apart,
 * and the next frames are the kernel function where it fired.
 */
#define TLBF_ORACLE_DIE __attribute__((noinline, noreturn, cold))
TLBF_ORACLE_DIE void tlbf_oracle_stale_tlb_at_free(void);
TLBF_ORACLE_DIE void tlbf_oracle_stale_walk_cache_at_free(void);
TLBF_ORACLE_DIE void tlbf_oracle_walker_in_freed_table(void);
TLBF_ORACLE_DIE void tlbf_oracle_stale_tlb_after_zap(void);
TLBF_ORACLE_DIE void tlbf_oracle_teardown_left_over(void);
TLBF_ORACLE_DIE void tlbf_oracle_refcount(void);
TLBF_ORACLE_DIE void tlbf_oracle_kernel_bug(void);
TLBF_ORACLE_DIE void tlbf_oracle_liveness(void);
TLBF_ORACLE_DIE void tlbf_oracle_differential(void);
/* The oracle's function name ("tlbf_oracle_stale_tlb_at_free"). */
const char *oracle_die_name(enum oracle o);

/* A switch, not a function: no frame of its own between the two. */
#define oracle_die(o)                                           \
	do {                                                    \
		switch (o) {                                    \
		case ORACLE_STALE_TLB:                          \
			tlbf_oracle_stale_tlb_at_free();        \
		case ORACLE_STALE_WALK:                         \
			tlbf_oracle_stale_walk_cache_at_free(); \
		case ORACLE_WALKER_IN_TABLE:                    \
			tlbf_oracle_walker_in_freed_table();    \
		case ORACLE_STALE_AFTER_ZAP:                    \
			tlbf_oracle_stale_tlb_after_zap();      \
		case ORACLE_TEARDOWN:                           \
			tlbf_oracle_teardown_left_over();       \
		case ORACLE_REFCOUNT:                           \
			tlbf_oracle_refcount();                 \
		case ORACLE_KERNEL_BUG:                         \
			tlbf_oracle_kernel_bug();               \
		case ORACLE_LIVENESS:                           \
			tlbf_oracle_liveness();                 \
		default:                                        \
			tlbf_oracle_differential();             \
		}                                               \
	} while (0)

/* Report, and end the process from the caller's frame when fatal. */
#define report(o, ...)                             \
	do {                                       \
		if (report_fire((o), __VA_ARGS__)) \
			oracle_die(o);             \
	} while (0)

/*
 * The checks below return the oracle that fired fatally (ORACLE_NR: none,
 * or a handler that carries on); their caller, the kernel function that
 * frees or zaps, ends the process: oracle_check(oracle_frame_free(page)).
 */
#define oracle_check(call)               \
	do {                             \
		enum oracle o_ = (call); \
		if (o_ != ORACLE_NR)     \
			oracle_die(o_);  \
	} while (0)

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
enum oracle oracle_frame_free(struct page *page);
/*
 * A zap of @mm dropped the last rmap of a file page (6.2+ rules): no CPU
 * may still write it through a dirty TLB entry of @mm, since writeback's
 * page_mkclean no longer finds the mapping to wait for (STALE_TLB).
 * Entries of other processes are their unmappers' to flush: reclaim's
 * batched unmap drops the rmap first and flushes before writeback.
 */
enum oracle oracle_rmap_gone(struct page *page, struct mm_struct *mm);
enum oracle oracle_table_free(struct page *table);
/*
 * The zap-return rule. A zap (munmap, MADV_DONTNEED, truncate's
 * unmap_mapping_range, mremap's move of the old range) is watched from
 * oracle_zap_begin() to oracle_zap_done(), on the CPU that runs it. Every
 * TLB entry of the range that any CPU held when the zap began, or when the
 * zap passed its address (oracle_zap_pass(), called by the walk under the
 * lock that orders it against faults: the PTE lock, the pmd lock, or with
 * nothing below to lock), must be gone when the zap returns, unless the
 * tables map that same frame again. An entry filled after the zap passed
 * its address was made from a pte installed after the zap cleared it:
 * another operation's to flush, never counted. oracle_zap_cancel() ends a
 * watch with no check (the call failed before it zapped).
 */
void oracle_zap_begin(struct mm_struct *mm, unsigned long start,
		      unsigned long end);
void oracle_zap_pass(struct mm_struct *mm, unsigned long start,
		     unsigned long end);
enum oracle oracle_zap_done(struct mm_struct *mm, unsigned long start,
			    unsigned long end);
void oracle_zap_cancel(void);
/*
 * A lockless lookup's speculative reference (get_page_unless_zero on a
 * page found through an entry read with no lock) is about to be kept. It
 * may be kept only on the frame the entry led to: if the struct page was
 * freed and given to a new frame since the lookup (@seen: its incarnation
 * read with the entry), the entry at @slot must map it now, or the holder
 * pins memory that belongs to someone else. Called with no scheduling
 * point since the caller's last look at @slot, if it had one.
 */
enum oracle oracle_speculative_ref(struct page *page, unsigned int seen,
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
enum oracle oracle_table_released(struct mm_struct *mm, struct page *table,
				  unsigned long va, bool exclusive);
/* check_mm(): after exit_mmap nothing may be left. */
void check_mm(struct mm_struct *mm);
/* After a run: every frame and table freed, no RCU callback pending. */
void oracle_run_end(void);

#endif
