// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model's own oracles: the one invariant (nothing reachable is reused
 * before every CPU's TLB and walk cache dropped it and every lockless
 * walker left it), the zap-return rule, check_mm() and the end-of-run
 * leak check. See core/oracle.h for the list.
 */
#include "oracle.h"

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

void report(enum oracle o, const char *reason, const char *fmt, ...)
{
	char detail[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	__atomic_add_fetch(&tlbf_reports, 1, __ATOMIC_RELAXED); /* any CPU */
	if (report_handler) {
		report_handler(o, reason, detail, report_ctx);
		return;
	}
	fprintf(stderr, "tlbfuzz: %s: %s\n  %s\n", oracle_name(o), reason,
		detail);
	abort();
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

void oracle_frame_free(struct page *page)
{
	struct sim_cpu *c;
	unsigned int i;

	for_each_online_cpu (c) {
		hw_lock(&c->tlb_lock);
		for (i = 0; i < TLB_ENTRIES; i++) {
			const struct tlb_entry *t = &c->tlb[i];

			if (t->mm && t->page == page &&
			    t->page_id == page->id && leaf_reachable(c, t)) {
				hw_unlock(&c->tlb_lock);
				report(ORACLE_STALE_TLB,
				       "frame freed while a CPU's TLB maps it",
				       "page #%u: CPU%u TLB maps mm%u va %#lx",
				       page->id, c->id, t->mm->id, t->va);
				return;
			}
		}
		hw_unlock(&c->tlb_lock);
	}
}

void oracle_table_free(struct page *table)
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
				report(ORACLE_STALE_WALK,
				       "page table freed while a CPU's walk cache points at it",
				       "%s table #%u (va %#lx): CPU%u walk cache, mm%u va %#lx",
				       level_name(table->pt_level), table->id,
				       table->pt_base, c->id, w->mm->id, w->va);
				return;
			}
		}
		hw_unlock(&c->tlb_lock);
		for (i = 0; i < PT_NR_LEVELS; i++) {
			if (__atomic_load_n(&c->lockless_tables[i],
					    __ATOMIC_RELAXED) == table) {
				report(ORACLE_WALKER_IN_TABLE,
				       "page table freed while a lockless walker is inside it",
				       "%s table #%u (va %#lx): CPU%u gup_fast",
				       level_name(table->pt_level), table->id,
				       table->pt_base, c->id);
				return;
			}
		}
		for (i = 0; i < PT_NR_LEVELS; i++) {
			if (__atomic_load_n(&c->walk_tables[i],
					    __ATOMIC_RELAXED) == table) {
				report(ORACLE_WALKER_IN_TABLE,
				       "page table freed while a software walker is inside it",
				       "%s table #%u (va %#lx): CPU%u zap/rmap walk",
				       level_name(table->pt_level), table->id,
				       table->pt_base, c->id);
				return;
			}
		}
	}
}

void oracle_speculative_ref(struct page *page, unsigned int seen,
			    const unsigned long *slot)
{
	unsigned long e;

	if (page_incarnation(page) == seen)
		return;
	e = entry_read(slot);
	if (entry_present(e) && entry_page(e) == page)
		return; /* reused for the same address: the lookup holds */
	report(ORACLE_REFCOUNT,
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

unsigned long oracle_zap_begin(void)
{
	return __atomic_load_n(&tlbf_tlb_fill_seq, __ATOMIC_RELAXED);
}

void oracle_zap_done(struct mm_struct *mm, unsigned long start,
		     unsigned long end)
{
	oracle_zap_done_since(mm, start, end, ~0UL);
}

/*
 * Each CPU's TLB is read under one hold of its lock (the entries that
 * could be stale in the range), then checked outside it: report() may
 * not run under a hw_lock, and nothing here is a scheduling point, so
 * the snapshot is what a lock per entry saw too.
 */
void oracle_zap_done_since(struct mm_struct *mm, unsigned long start,
			   unsigned long end, unsigned long since)
{
	struct tlb_entry cand[TLB_ENTRIES];
	struct sim_cpu *c;
	unsigned int i, n;

	for_each_online_cpu (c) {
		n = 0;
		hw_lock(&c->tlb_lock);
		for (i = 0; i < TLB_ENTRIES; i++) {
			const struct tlb_entry *t = &c->tlb[i];

			if (t->mm != mm || t->seq > since)
				continue;
			if (t->va + (1UL << level_shift(t->level)) <= start ||
			    t->va >= end)
				continue;
			cand[n++] = *t;
		}
		hw_unlock(&c->tlb_lock);
		for (i = 0; i < n; i++) {
			const struct tlb_entry *t = &cand[i];

			if (!leaf_reachable(c, t) ||
			    (mapped_frame(mm, t->va, t->level) == t->page &&
			     page_incarnation(t->page) == t->page_id))
				continue;
			report(ORACLE_STALE_AFTER_ZAP,
			       "zap returned while a CPU still translates the zapped range",
			       "mm%u [%#lx, %#lx): CPU%u TLB va %#lx -> page #%u, tables no longer map it",
			       mm->id, start, end, c->id, t->va, t->page->id);
			return;
		}
	}
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
	       slot < table->words + PTRS_PER_TABLE;
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
 * it, as in oracle_zap_done_since(): report() may not run under a
 * hw_lock, and pt_lookup() is no scheduling point.
 */
void oracle_table_released(struct mm_struct *mm, struct page *table,
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
			report(ORACLE_STALE_WALK,
			       "page table handed to another owner while a CPU's walk cache still reaches it",
			       "%s table #%u (va %#lx): mm%u gave it up, CPU%u walk cache for va %#lx",
			       level_name(table->pt_level), table->id, va,
			       mm->id, c->id, cand[i].va);
			return;
		}
	}
	c = exclusive ? walker_of_mm_in(mm, table) : NULL;
	if (c)
		report(ORACLE_WALKER_IN_TABLE,
		       "page table handed to its last owner while a lockless walker of the mm that gave it up is inside",
		       "%s table #%u (va %#lx): mm%u gave it up, CPU%u gup_fast",
		       level_name(table->pt_level), table->id, va, mm->id,
		       c->id);
}

static bool table_empty(struct page *table)
{
	unsigned long i;

	for (i = 0; i < PTRS_PER_TABLE; i++)
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
