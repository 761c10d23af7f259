// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model's own oracles: the one invariant (nothing reachable is reused
 * before every CPU's TLB and walk cache dropped it and every lockless
 * walker left it), the zap-return rule, check_mm() and the end-of-run
 * leak check. See core/oracle.h for the list.
 */
#include "oracle.h"

#include <execinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cpu.h"
#include "mm.h"
#include "page.h"
#include "pgtable.h"

unsigned int tlbf_reports;

static report_fn report_handler;
static void *report_ctx;
static bool report_fatal;

static const char *const oracle_names[ORACLE_NR] = {
	[ORACLE_STALE_TLB] = "stale-tlb",
	[ORACLE_STALE_WALK] = "stale-walk-cache",
	[ORACLE_WALKER_IN_TABLE] = "lockless-walker-in-freed-table",
	[ORACLE_STALE_AFTER_ZAP] = "stale-tlb-after-zap",
	[ORACLE_TEARDOWN] = "teardown",
	[ORACLE_REFCOUNT] = "refcount",
	[ORACLE_KERNEL_BUG] = "kernel-bug",
	[ORACLE_LIVENESS] = "liveness",
	[ORACLE_DIFFERENTIAL] = "differential",
};

const char *oracle_name(enum oracle o)
{
	return o < ORACLE_NR ? oracle_names[o] : "?";
}

void report_set_handler(report_fn fn, void *ctx)
{
	report_handler = fn;
	report_ctx = ctx;
}

void report_get_handler(report_fn *fn, void **ctx)
{
	*fn = report_handler;
	*ctx = report_ctx;
}

void report_set_fatal(bool fatal)
{
	report_fatal = fatal;
}

/*
 * The stack of the report in progress, for DEDUP_TOKEN: what lies below
 * report_fire() (and below the check function when a check fired), i.e.
 * the frames under the oracle's function when the process ends.
 */
static void *fire_pcs[REPORT_MAX_PCS];
static unsigned int fire_nr_pcs;
static unsigned int fire_in_check; /* a check in this file is the caller */
static void *fire_return; /* report_fire's return address */

unsigned int report_stack(void **pcs, unsigned int max)
{
	unsigned int i, n = 0, first = fire_nr_pcs;

	/* backtrace() may show frames of its own: start at the caller. */
	for (i = 0; i < fire_nr_pcs; i++) {
		if (fire_pcs[i] == fire_return) {
			first = i + fire_in_check;
			break;
		}
	}
	for (i = first; i < fire_nr_pcs && n < max; i++)
		pcs[n++] = fire_pcs[i];
	return n;
}

__attribute__((noinline)) bool report_fire(enum oracle o, const char *reason,
					   const char *fmt, ...)
{
	char detail[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	__atomic_add_fetch(&tlbf_reports, 1, __ATOMIC_RELAXED); /* any CPU */
	fire_return = __builtin_return_address(0);
	fire_nr_pcs = (unsigned int)backtrace(fire_pcs, REPORT_MAX_PCS);
	if (report_handler) {
		report_handler(o, reason, detail, report_ctx);
		return report_fatal;
	}
	fprintf(stderr, "tlbfuzz: %s: %s\n  %s\n", oracle_name(o), reason,
		detail);
	return true;
}

/* A check of this file reports; its caller ends the process. */
#define check_report(o, ...)                            \
	do {                                            \
		bool fatal_;                            \
		fire_in_check = 1;                      \
		fatal_ = report_fire((o), __VA_ARGS__); \
		fire_in_check = 0;                      \
		return fatal_ ? (o) : ORACLE_NR;        \
	} while (0)

/*
 * Each ends the process with abort(); disable_tail_calls keeps the frame
 * on the stack (a tail call would leave only the caller's).
 */
#define DIE_FN(name)                                        \
	__attribute__((disable_tail_calls)) void name(void) \
	{                                                   \
		fflush(stderr);                             \
		abort();                                    \
	}
DIE_FN(tlbf_oracle_stale_tlb_at_free)
DIE_FN(tlbf_oracle_stale_walk_cache_at_free)
DIE_FN(tlbf_oracle_walker_in_freed_table)
DIE_FN(tlbf_oracle_stale_tlb_after_zap)
DIE_FN(tlbf_oracle_teardown_left_over)
DIE_FN(tlbf_oracle_refcount)
DIE_FN(tlbf_oracle_kernel_bug)
DIE_FN(tlbf_oracle_liveness)
DIE_FN(tlbf_oracle_differential)

const char *oracle_die_name(enum oracle o)
{
	static const char *const names[ORACLE_NR] = {
		[ORACLE_STALE_TLB] = "tlbf_oracle_stale_tlb_at_free",
		[ORACLE_STALE_WALK] = "tlbf_oracle_stale_walk_cache_at_free",
		[ORACLE_WALKER_IN_TABLE] = "tlbf_oracle_walker_in_freed_table",
		[ORACLE_STALE_AFTER_ZAP] = "tlbf_oracle_stale_tlb_after_zap",
		[ORACLE_TEARDOWN] = "tlbf_oracle_teardown_left_over",
		[ORACLE_REFCOUNT] = "tlbf_oracle_refcount",
		[ORACLE_KERNEL_BUG] = "tlbf_oracle_kernel_bug",
		[ORACLE_LIVENESS] = "tlbf_oracle_liveness",
		[ORACLE_DIFFERENTIAL] = "tlbf_oracle_differential",
	};

	return o < ORACLE_NR ? names[o] : "tlbf_oracle_differential";
}

/*
 * Leaf entries a CPU can still use. An exiting mm runs no user code any
 * more (arm64's fullmm gather relies on that and sends no leaf TLBI), a
 * dead mm's ASID is never reused without a flush, and a lazy CPU that a
 * flush skipped flushes before it can run user code of that mm again:
 * none of these can reach anything.
 */
static bool translations_usable(const struct sim_cpu *c, struct mm_struct *mm)
{
	if (__atomic_load_n(&mm->dead, __ATOMIC_RELAXED) ||
	    __atomic_load_n(&mm->exiting, __ATOMIC_RELAXED))
		return false;
	if (cpu_lazy(c) &&
	    __atomic_load_n(&c->lazy_flush_deferred, __ATOMIC_RELAXED) &&
	    cpu_active_mm(c) == mm)
		return false;
	return true;
}

static bool leaf_reachable(const struct sim_cpu *c, const struct tlb_entry *t)
{
	return translations_usable(c, t->mm);
}

/*
 * A reachable leaf TLB entry of any CPU for @page (its current
 * incarnation), copied to @hit with its CPU's number; with @dirty_writable
 * only one the CPU can still write through without a fault and whose
 * flush no batched reclaim unmap owes.
 */
static bool tlb_maps_page(const struct page *page, bool dirty_writable,
			  const struct mm_struct *only_mm,
			  struct tlb_entry *hit, unsigned int *cpu)
{
	struct sim_cpu *c;
	unsigned int i;

	for_each_online_cpu (c) {
		hw_lock(&c->tlb_lock);
		for (i = 0; i < TLB_ENTRIES; i++) {
			const struct tlb_entry *t = &c->tlb[i];

			if (!t->mm || t->page != page ||
			    t->page_id != page->id || !leaf_reachable(c, t) ||
			    (only_mm && t->mm != only_mm))
				continue;
			/*
			 * For the rmap check, an entry whose pte reclaim
			 * cleared with its flush batched is reclaim's to
			 * flush (under the folio lock, before I/O or free),
			 * whoever drops the last rmap.
			 */
			if (dirty_writable &&
			    (!(t->writable && t->dirty) || t->unmap_deferred))
				continue;
			*hit = *t;
			*cpu = c->id;
			hw_unlock(&c->tlb_lock);
			return true;
		}
		hw_unlock(&c->tlb_lock);
	}
	return false;
}

enum oracle oracle_frame_free(struct page *page)
{
	struct tlb_entry t;
	unsigned int cpu;

	if (tlb_maps_page(page, false, NULL, &t, &cpu))
		check_report(ORACLE_STALE_TLB,
			     "frame freed while a CPU's TLB maps it",
			     "page #%u: CPU%u TLB maps mm%u va %#lx", page->id,
			     cpu, t.mm->id, t.va);
	return ORACLE_NR;
}

enum oracle oracle_rmap_gone(struct page *page, struct mm_struct *mm)
{
	struct tlb_entry t;
	unsigned int cpu;

	if (tlb_maps_page(page, true, mm, &t, &cpu))
		check_report(
			ORACLE_STALE_TLB,
			"file page left the rmap while a CPU's TLB can still write it",
			"page #%u: CPU%u TLB maps mm%u va %#lx dirty", page->id,
			cpu, t.mm->id, t.va);
	return ORACLE_NR;
}

enum oracle oracle_table_free(struct page *table)
{
	struct sim_cpu *c;
	unsigned int i;

	for_each_online_cpu (c) {
		hw_lock(&c->tlb_lock);
		for (i = 0; i < WALK_ENTRIES; i++) {
			const struct walk_entry *w = &c->walk[i];

			if (w->mm && w->table == table &&
			    !__atomic_load_n(&w->mm->dead, __ATOMIC_RELAXED)) {
				hw_unlock(&c->tlb_lock);
				check_report(
					ORACLE_STALE_WALK,
					"page table freed while a CPU's walk cache points at it",
					"%s table #%u (va %#lx): CPU%u walk cache, mm%u va %#lx",
					level_name(table->pt_level), table->id,
					table->pt_base, c->id, w->mm->id,
					w->va);
			}
		}
		hw_unlock(&c->tlb_lock);
		for (i = 0; i < PT_NR_LEVELS; i++) {
			if (__atomic_load_n(&c->lockless_tables[i],
					    __ATOMIC_RELAXED) == table) {
				check_report(
					ORACLE_WALKER_IN_TABLE,
					"page table freed while a lockless walker is inside it",
					"%s table #%u (va %#lx): CPU%u walks it with no lock in %s",
					level_name(table->pt_level), table->id,
					table->pt_base, c->id,
					lockless_walker_name(c));
			}
		}
		for (i = 0; i < PT_NR_LEVELS; i++) {
			if (__atomic_load_n(&c->walk_tables[i],
					    __ATOMIC_RELAXED) == table) {
				check_report(
					ORACLE_WALKER_IN_TABLE,
					"page table freed while a software walker is inside it",
					"%s table #%u (va %#lx): CPU%u zap/rmap walk",
					level_name(table->pt_level), table->id,
					table->pt_base, c->id);
			}
		}
	}
	return ORACLE_NR;
}

enum oracle oracle_speculative_ref(struct page *page, unsigned int seen,
				   const unsigned long *slot)
{
	unsigned long e;

	if (page_incarnation(page) == seen)
		return ORACLE_NR;
	e = entry_read(slot);
	if (entry_present(e) && entry_page(e) == page)
		return ORACLE_NR; /* reused for the same address: the lookup holds */
	check_report(
		ORACLE_REFCOUNT,
		"speculative reference kept on a frame freed and reused since its lookup",
		"page #%u was looked up as #%u; the entry it came from now %s",
		page_incarnation(page), seen,
		entry_present(e) ? "maps another page" : "is empty");
}

/* What the tables map at @va now: the frame, or NULL. */
static struct page *mapped_frame(struct mm_struct *mm, unsigned long va,
				 enum pt_level level)
{
	unsigned long *slot = pt_lookup(mm, va, level);
	unsigned long e;

	if (!slot)
		return NULL;
	e = entry_read(slot);
	if (!entry_present(e))
		return NULL;
	if (level != PT_PTE && !entry_leaf(e))
		return NULL;
	return entry_page(e);
}

#define WATCH_ROOM                               \
	(sizeof(((struct zap_watch *)0)->held) / \
	 sizeof(((struct zap_watch *)0)->held[0]))

static bool tlb_overlaps(const struct tlb_entry *t, struct mm_struct *mm,
			 unsigned long start, unsigned long end)
{
	return t->mm == mm && t->va < end &&
	       t->va + (1UL << level_shift(t->level)) > start;
}

static bool watch_holds(const struct zap_watch *w, unsigned int cpu,
			unsigned long seq)
{
	unsigned int i;

	for (i = 0; i < w->nr; i++)
		if (w->held[i].cpu == cpu && w->held[i].seq == seq)
			return true;
	return false;
}

/* The entry filled as @seq, if @c still holds it (copied under its lock). */
static bool tlb_find_seq(struct sim_cpu *c, unsigned long seq,
			 struct tlb_entry *out)
{
	bool found = false;
	unsigned int i;

	hw_lock(&c->tlb_lock);
	for (i = 0; i < TLB_ENTRIES && !found; i++) {
		if (c->tlb[i].mm && c->tlb[i].seq == seq) {
			*out = c->tlb[i];
			found = true;
		}
	}
	hw_unlock(&c->tlb_lock);
	return found;
}

/* Forget recorded entries no CPU holds any more (filled over since). */
static void watch_prune(struct zap_watch *w)
{
	struct tlb_entry t;
	unsigned int i, n = 0;

	for (i = 0; i < w->nr; i++)
		if (tlb_find_seq(&tlbf_cpus[w->held[i].cpu], w->held[i].seq,
				 &t))
			w->held[n++] = w->held[i];
	w->nr = n;
}

/*
 * Record what every CPU holds of [start, end) now. Entries are gathered
 * under each CPU's TLB lock, then merged: live entries never outnumber
 * the slots, so after a prune the room (twice the slots) suffices.
 */
static void watch_record(struct zap_watch *w, unsigned long start,
			 unsigned long end)
{
	struct {
		unsigned int cpu;
		unsigned long seq;
	} cand[TLB_ENTRIES];
	struct sim_cpu *c;
	unsigned int i, n;

	if (start < w->start)
		start = w->start;
	if (end > w->end)
		end = w->end;
	if (start >= end)
		return;
	for_each_online_cpu (c) {
		n = 0;
		hw_lock(&c->tlb_lock);
		for (i = 0; i < TLB_ENTRIES; i++) {
			if (tlb_overlaps(&c->tlb[i], w->mm, start, end)) {
				cand[n].cpu = c->id;
				cand[n++].seq = c->tlb[i].seq;
			}
		}
		hw_unlock(&c->tlb_lock);
		if (w->nr + n > WATCH_ROOM)
			watch_prune(w);
		for (i = 0; i < n; i++) {
			if (watch_holds(w, cand[i].cpu, cand[i].seq))
				continue;
			if (w->nr == WATCH_ROOM)
				return; /* cannot happen: see above */
			w->held[w->nr].cpu = cand[i].cpu;
			w->held[w->nr++].seq = cand[i].seq;
		}
	}
}

void oracle_zap_begin(struct mm_struct *mm, unsigned long start,
		      unsigned long end)
{
	struct zap_watch *w = &this_cpu()->zap;

	w->mm = mm;
	w->start = start;
	w->end = end;
	w->nr = 0;
	watch_record(w, start, end);
}

void oracle_zap_pass(struct mm_struct *mm, unsigned long start,
		     unsigned long end)
{
	struct zap_watch *w = &this_cpu()->zap;

	if (w->mm == mm)
		watch_record(w, start, end);
}

void oracle_zap_cancel(void)
{
	this_cpu()->zap.mm = NULL;
}

/*
 * Each recorded entry still held is read under one hold of its CPU's
 * lock, then checked outside it (report() may not run under a hw_lock;
 * nothing here is a scheduling point).
 */
enum oracle oracle_zap_done(struct mm_struct *mm, unsigned long start,
			    unsigned long end)
{
	struct zap_watch *w = &this_cpu()->zap;
	struct tlb_entry t;
	unsigned int i, nr = w->nr;

	if (w->mm != mm)
		return ORACLE_NR;
	w->mm = NULL;
	for (i = 0; i < nr; i++) {
		struct sim_cpu *c = &tlbf_cpus[w->held[i].cpu];

		if (!tlb_find_seq(c, w->held[i].seq, &t) ||
		    !leaf_reachable(c, &t) ||
		    (mapped_frame(mm, t.va, t.level) == t.page &&
		     page_incarnation(t.page) == t.page_id))
			continue;
		check_report(
			ORACLE_STALE_AFTER_ZAP,
			"zap returned while a CPU still translates the zapped range",
			"mm%u [%#lx, %#lx): CPU%u TLB va %#lx -> page #%u, tables no longer map it",
			mm->id, start, end, c->id, t.va, t.page->id);
	}
	return ORACLE_NR;
}

/* Does @mm's walk for @va still lead through @table? */
static bool mm_reaches(struct mm_struct *mm, struct page *table,
		       unsigned long va)
{
	unsigned long *slot;

	if (table->pt_level == PT_PGD)
		return mm->pgd == table;
	slot = pt_lookup(mm, va, table->pt_level);
	return slot && slot >= table->words &&
	       slot < table->words + ptrs_per_table(table->pt_level);
}

/* A lockless walker of @mm inside @table on some CPU, or NULL. */
static struct sim_cpu *walker_of_mm_in(struct mm_struct *mm, struct page *table)
{
	struct sim_cpu *c;
	unsigned int i;

	for_each_online_cpu (c) {
		if (__atomic_load_n(&c->lockless_mm, __ATOMIC_RELAXED) != mm)
			continue;
		for (i = 0; i < PT_NR_LEVELS; i++)
			if (__atomic_load_n(&c->lockless_tables[i],
					    __ATOMIC_RELAXED) == table)
				return c;
	}
	return NULL;
}

/*
 * Walk-cache entries are copied under the CPU's lock and judged outside
 * it, as in oracle_zap_done(): report() may not run under a
 * hw_lock, and pt_lookup() is no scheduling point.
 */
enum oracle oracle_table_released(struct mm_struct *mm, struct page *table,
				  unsigned long va, bool exclusive)
{
	struct walk_entry cand[WALK_ENTRIES];
	struct sim_cpu *c;
	unsigned int i, n;

	for_each_online_cpu (c) {
		n = 0;
		hw_lock(&c->tlb_lock);
		for (i = 0; i < WALK_ENTRIES; i++)
			if (c->walk[i].mm == mm && c->walk[i].table == table)
				cand[n++] = c->walk[i];
		hw_unlock(&c->tlb_lock);
		for (i = 0; i < n; i++) {
			if (!translations_usable(c, mm) ||
			    mm_reaches(mm, table, cand[i].va))
				continue;
			check_report(
				ORACLE_STALE_WALK,
				"page table handed to another owner while a CPU's walk cache still reaches it",
				"%s table #%u (va %#lx): mm%u gave it up, CPU%u walk cache for va %#lx",
				level_name(table->pt_level), table->id, va,
				mm->id, c->id, cand[i].va);
		}
	}
	c = exclusive ? walker_of_mm_in(mm, table) : NULL;
	if (c)
		check_report(
			ORACLE_WALKER_IN_TABLE,
			"page table handed to its last owner while a lockless walker of the mm that gave it up is inside",
			"%s table #%u (va %#lx): mm%u gave it up, CPU%u walks it with no lock in %s",
			level_name(table->pt_level), table->id, va, mm->id,
			c->id, lockless_walker_name(c));
	return ORACLE_NR;
}

static bool table_empty(struct page *table)
{
	unsigned long i;

	for (i = 0; i < ptrs_per_table(table->pt_level); i++)
		if (entry_read(&table->words[i]))
			return false;
	return true;
}

void check_mm(struct mm_struct *mm)
{
	long bytes = atomic_long_read(&mm->pgtables_bytes);

	if (bytes || atomic_long_read(&mm->nr_ptes) ||
	    atomic_long_read(&mm->nr_pmds) || atomic_long_read(&mm->nr_puds))
		report(ORACLE_TEARDOWN,
		       "page-table counters not zero after exit_mmap",
		       "mm%u pgtables_bytes %ld ptes %ld pmds %ld puds %ld",
		       mm->id, bytes, atomic_long_read(&mm->nr_ptes),
		       atomic_long_read(&mm->nr_pmds),
		       atomic_long_read(&mm->nr_puds));
	else if (atomic_long_read(&mm->rss))
		report(ORACLE_TEARDOWN, "rss not zero after exit_mmap",
		       "mm%u rss %ld", mm->id, atomic_long_read(&mm->rss));
	else if (mm->mmap || mm->map_count)
		report(ORACLE_TEARDOWN, "VMAs left after exit_mmap",
		       "mm%u map_count %u", mm->id, mm->map_count);
	else if (!table_empty(mm->pgd))
		report(ORACLE_TEARDOWN, "pgd not empty after exit_mmap", "mm%u",
		       mm->id);
}

void oracle_run_end(void)
{
	if (rcu_pending_callbacks())
		report(ORACLE_TEARDOWN,
		       "RCU callbacks still queued at end of run",
		       "%u callbacks", rcu_pending_callbacks());
	else if (tlbf_page_stats.frames || tlbf_page_stats.tables)
		report(ORACLE_TEARDOWN, "frames or tables leaked at end of run",
		       "%ld frames, %ld tables still allocated",
		       tlbf_page_stats.frames, tlbf_page_stats.tables);
}
