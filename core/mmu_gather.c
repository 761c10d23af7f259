// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmu_gather: the TLB-shootdown batcher of Linux 6.1.192 (mm/mmu_gather.c
 * and the inline half of include/asm-generic/tlb.h), in the model's words.
 *
 * The ordering it exists for
 * --------------------------
 * A page, or a page-table page, that some CPU could reach through the page
 * tables may be reused only after three steps, in this order:
 *
 *   1. unhook: the entry pointing at it is cleared (zap_pte_range,
 *      free_pte_range, ...), so no new walk can find it;
 *   2. invalidate: every CPU's TLB and walk ("paging-structure") cache has
 *      dropped what it cached of it (tlb_flush, arch side);
 *   3. free: only then the memory goes, and for page tables only after the
 *      lockless walkers (gup_fast, IRQs off) that might have read the old
 *      entry have left: the flush IPI waits for them on x86-native, an RCU
 *      grace period or an explicit IPI (tlb_remove_table_sync_one) on the
 *      others.
 *
 * Oracles (core/oracle.c) check each step where it can go wrong:
 * ORACLE_STALE_TLB when a frame is freed while a TLB maps it,
 * ORACLE_STALE_WALK when a table is freed while a walk cache points at it,
 * ORACLE_WALKER_IN_TABLE when a table is freed under a gup_fast walk,
 * ORACLE_STALE_AFTER_ZAP when a zap returns with a stale translation (the
 * nested-gather rule); all run from page.c's single free points.
 *
 * The API in call order
 * ---------------------
 * tlb_gather_mmu() / tlb_gather_mmu_fullmm() / tlb_gather_mmu_vma()
 *	start a gather and raise mm->tlb_flush_pending, which tells other
 *	gathers of the same mm that a flush is owed (see tlb_finish_mmu()).
 * tlb_start_vma() / tlb_end_vma()
 *	bracket one VMA: record its VM_EXEC/VM_HUGETLB/VM_PFNMAP bits, and
 *	at the end flush what was gathered unless the arch merges VMAs.
 * tlb_remove_tlb_entry() and friends, tlb_flush_p?d_range()
 *	note that an entry was cleared: widen [start, end), set cleared_*.
 * tlb_remove_page() / __tlb_remove_page_size()
 *	queue a frame whose entry was cleared; it is freed after the flush.
 * p?d_free_tlb()
 *	queue a table whose upper entry was cleared (freed_tables).
 * tlb_flush_mmu_tlbonly() / tlb_flush_mmu()
 *	flush now (only if anything was cleared), then free tables, then
 *	pages.
 * tlb_finish_mmu()
 *	last flush (forced to everything if another gather ran alongside),
 *	free the batch pages, drop tlb_flush_pending.
 */
#include "mmu_gather.h"

#include <stdlib.h>

#include "arch.h"
#include "faultinj.h"
#include "inject.h"
#include "interleave.h"
#include "oracle.h"
#include "trace_names.h"
#include "registry.h"
#include "rules.h"
#include "trace.h"

/* ---- events ------------------------------------------------------- */

static void emit_simple(enum trace_kind kind)
{
	struct trace_event ev = {.kind = kind};

	if (trace_on())
		trace_emit(&ev);
}

static void emit_free_batch(enum alloc_kind kind)
{
	struct trace_event ev = {.kind = EV_FREE_BATCH, .alloc = kind};

	if (trace_on())
		trace_emit(&ev);
}

/*
 * __get_free_page(GFP_NOWAIT) for a batch page: it may fail (fail_nth
 * decides), and every attempt is an EV_ALLOC event whose n is the running
 * count of batch-page attempts.
 */
static void *get_batch_page(enum alloc_kind kind, size_t size)
{
	struct trace_event ev = {.kind = EV_ALLOC, .alloc = kind};
	void *page = NULL;

	if (!should_fail(kind)) {
		page = tlbf_zalloc(size);
		if (!page)
			abort();
	}
	ev.ok = page != NULL;
	ev.n = __atomic_load_n(&tlbf_faultinj.per_kind[ALLOC_PAGE_BATCH],
			       __ATOMIC_RELAXED) +
	       __atomic_load_n(&tlbf_faultinj.per_kind[ALLOC_TABLE_BATCH],
			       __ATOMIC_RELAXED);
	if (trace_on())
		trace_emit(&ev);
	return page;
}

/* ---- range tracking ----------------------------------------------- */

/*
 * @range_size is an unsigned int, as in the kernel: a size of 4 GiB or
 * more (a p4d-sized hugetlb page) would wrap; no caller passes one.
 */
static void __tlb_adjust_range(struct mmu_gather *tlb, unsigned long address,
			       unsigned int range_size)
{
	ilv_access(ILV_RANGE, tlb->mm, ILV_WRITE);
	if (address < tlb->start)
		tlb->start = address;
	if (address + range_size > tlb->end)
		tlb->end = address + range_size;
}

/*
 * Back to "nothing gathered". A fullmm gather keeps the impossible range
 * ~0..~0 (the arch flushes everything anyway); otherwise start above any
 * user address so that the first __tlb_adjust_range() sets both ends. The
 * vma_* bits stay: tlb_start_vma() is not called again after a flush in
 * the middle of a VMA.
 */
static void __tlb_reset_range(struct mmu_gather *tlb)
{
	tlb->start = tlb->fullmm ? ~0UL : TASK_SIZE;
	tlb->end = tlb->fullmm ? ~0UL : 0;
	/* Nothing cleared, nothing freed, nothing unshared since. */
	tlb->cleared_ptes = tlb->cleared_pmds = 0;
	tlb->cleared_puds = tlb->cleared_p4ds = 0;
	tlb->freed_tables = tlb->unshared_tables = 0;
}

void tlb_flush_pte_range(struct mmu_gather *tlb, unsigned long address,
			 unsigned long size)
{
	__tlb_adjust_range(tlb, address, size);
	tlb->cleared_ptes = 1;
}

void tlb_flush_pmd_range(struct mmu_gather *tlb, unsigned long address,
			 unsigned long size)
{
	__tlb_adjust_range(tlb, address, size);
	tlb->cleared_pmds = 1;
}

void tlb_flush_pud_range(struct mmu_gather *tlb, unsigned long address,
			 unsigned long size)
{
	__tlb_adjust_range(tlb, address, size);
	tlb->cleared_puds = 1;
}

void tlb_flush_p4d_range(struct mmu_gather *tlb, unsigned long address,
			 unsigned long size)
{
	__tlb_adjust_range(tlb, address, size);
	tlb->cleared_p4ds = 1;
}

/* No arch of ours needs the per-entry hooks (__tlb_remove_tlb_entry). */
void tlb_remove_tlb_entry(struct mmu_gather *tlb, pte_t *ptep,
			  unsigned long address)
{
	(void)ptep;
	tlb_flush_pte_range(tlb, address, PAGE_SIZE);
}

/* A hugetlb leaf: the level is the one whose entry size it has. */
void tlb_remove_huge_tlb_entry(struct mmu_gather *tlb, unsigned long size,
			       unsigned long address)
{
	if (size >= P4D_SIZE)
		tlb_flush_p4d_range(tlb, address, size);
	else if (size >= PUD_SIZE)
		tlb_flush_pud_range(tlb, address, size);
	else if (size >= PMD_SIZE)
		tlb_flush_pmd_range(tlb, address, size);
	else
		tlb_flush_pte_range(tlb, address, size);
}

void tlb_remove_pmd_tlb_entry(struct mmu_gather *tlb, pmd_t *pmdp,
			      unsigned long address)
{
	(void)pmdp;
	tlb_flush_pmd_range(tlb, address, PMD_SIZE);
}

void tlb_remove_pud_tlb_entry(struct mmu_gather *tlb, pud_t *pudp,
			      unsigned long address)
{
	(void)pudp;
	tlb_flush_pud_range(tlb, address, PUD_SIZE);
}

/*
 * The flush stride: the span of one entry at the finest level that had
 * an entry cleared (a page when none had).
 */
unsigned int tlb_get_unmap_shift(struct mmu_gather *tlb)
{
	const bool cleared[] = {
		[PT_PTE] = tlb->cleared_ptes,
		[PT_PMD] = tlb->cleared_pmds,
		[PT_PUD] = tlb->cleared_puds,
		[PT_P4D] = tlb->cleared_p4ds,
	};
	enum pt_level level;

	for (level = PT_PTE; level <= PT_P4D; level++)
		if (cleared[level])
			return level_shift(level);
	return PAGE_SHIFT;
}

unsigned long tlb_get_unmap_size(struct mmu_gather *tlb)
{
	return 1UL << tlb_get_unmap_shift(tlb);
}

/* ---- page batches ------------------------------------------------- */

static void tlb_batch_pages_flush(struct mmu_gather *tlb);

void tlb_gather_rules(unsigned int kver)
{
	rules_like(kver);
	tlbf_rules.kver = kver ? kver : 601;
}

unsigned int tlb_gather_tree_kver(void)
{
	return 0;
}

/* ---- encoded pages (6.2+) ------------------------------------------ */

static struct encoded_page *encode_page(struct page *page, unsigned long flags)
{
	return (struct encoded_page *)((unsigned long)page | flags);
}

static unsigned long encoded_page_flags(struct encoded_page *enc)
{
	return (unsigned long)enc & ENCODED_PAGE_BITS;
}

static struct page *encoded_page_ptr(struct encoded_page *enc)
{
	return (struct page *)((unsigned long)enc & ~ENCODED_PAGE_BITS);
}

/* Shifted clear of the flag bits, so a count never reads as a page. */
static struct encoded_page *encode_nr_pages(unsigned long nr)
{
	return (struct encoded_page *)(nr << 2);
}

static unsigned long encoded_nr_pages(struct encoded_page *enc)
{
	return (unsigned long)enc >> 2;
}

/*
 * Move on to the next batch: one kept from before a flush if there is
 * one, else a new page, unless the cap (MAX_GATHER_BATCH_COUNT) is reached
 * or the allocation fails. false: the caller must flush first. From 6.2,
 * pending delayed rmaps keep the gather to the bundle and one batch, so
 * that tlb_flush_rmaps() has only those two to look at.
 */
static bool tlb_next_batch(struct mmu_gather *tlb)
{
	struct mmu_gather_batch *batch = tlb->active;
	unsigned int max = tlbf_geom.gather_batch_max;

	if (tlb->delayed_rmap && tlb->active != &tlb->local)
		return false;
	if (batch->next) {
		tlb->active = batch->next;
		return true;
	}
	if (tlb->batch_count == tlbf_geom.gather_batch_count_max)
		return false;
	batch = get_batch_page(ALLOC_PAGE_BATCH,
			       sizeof(*batch) +
				       max * sizeof(struct encoded_page *));
	if (!batch)
		return false;
	tlb->batch_count++;
	batch->next = NULL;
	batch->nr = 0;
	batch->max = max;
	batch->encoded_pages = (struct encoded_page **)(batch + 1);
	tlb->active->next = batch;
	tlb->active = batch;
	return true;
}

/*
 * 6.9+: a page and a count take two slots, and every batch must keep room
 * for one more such pair: full one slot earlier than 6.1's.
 */
static unsigned int batch_reserve(void)
{
	return rules_at_least(609);
}

static bool __tlb_remove_folio_pages_size(struct mmu_gather *tlb,
					  struct page *page,
					  unsigned int nr_pages,
					  bool delay_rmap, int page_size)
{
	unsigned long flags = delay_rmap ? ENCODED_PAGE_BIT_DELAY_RMAP : 0;
	struct mmu_gather_batch *batch = tlb->active;

	(void)page_size; /* no profile has MMU_GATHER_PAGE_SIZE */
	BUG_ON(!tlb->end);
	if (nr_pages == 1) {
		batch->encoded_pages[batch->nr++] = encode_page(page, flags);
	} else {
		flags |= ENCODED_PAGE_BIT_NR_PAGES_NEXT;
		batch->encoded_pages[batch->nr++] = encode_page(page, flags);
		batch->encoded_pages[batch->nr++] = encode_nr_pages(nr_pages);
	}
	if (batch->nr + batch_reserve() < batch->max)
		return false;
	if (tlb_next_batch(tlb))
		return false;
	emit_simple(EV_BATCH_FULL);
	return true;
}

bool __tlb_remove_page_size(struct mmu_gather *tlb, struct page *page,
			    int page_size)
{
	return __tlb_remove_folio_pages_size(tlb, page, 1, false, page_size);
}

bool __tlb_remove_folio_pages(struct mmu_gather *tlb, struct page *page,
			      unsigned int nr_pages, bool delay_rmap)
{
	return __tlb_remove_folio_pages_size(tlb, page, nr_pages, delay_rmap,
					     PAGE_SIZE);
}

bool __tlb_remove_page(struct mmu_gather *tlb, struct page *page)
{
	return __tlb_remove_page_size(tlb, page, PAGE_SIZE);
}

void tlb_remove_page_size(struct mmu_gather *tlb, struct page *page,
			  int page_size)
{
	if (!__tlb_remove_page_size(tlb, page, page_size))
		return;
	/* batch-fail-noflush: free what is queued without the flush. */
	if (injected(BUG_BATCH_FAIL_NOFLUSH)) {
		tlb_batch_pages_flush(tlb);
		return;
	}
	tlb_flush_mmu(tlb);
}

void tlb_remove_page(struct mmu_gather *tlb, struct page *page)
{
	tlb_remove_page_size(tlb, page, PAGE_SIZE);
}

/* ---- delayed rmap (6.2+) ------------------------------------------- */

/* Asking is announcing: the gather then holds a delayed rmap. */
bool tlb_delay_rmap(struct mmu_gather *tlb)
{
	if (!rules_at_least(602))
		return false;
	tlb->delayed_rmap = 1;
	return true;
}

static void tlb_flush_rmap_batch(struct mmu_gather_batch *batch,
				 struct vm_area_struct *vma)
{
	struct encoded_page **pages = batch->encoded_pages;
	unsigned int i;

	for (i = 0; i < batch->nr; i++) {
		struct encoded_page *enc = pages[i];
		unsigned long nr_pages = 1;

		if (!(encoded_page_flags(enc) & ENCODED_PAGE_BIT_DELAY_RMAP))
			continue;
		if (encoded_page_flags(enc) & ENCODED_PAGE_BIT_NR_PAGES_NEXT)
			nr_pages = encoded_nr_pages(pages[++i]);
		folio_remove_rmap_ptes(encoded_page_ptr(enc), nr_pages,
				       vma->vm_mm);
	}
}

/*
 * Only the bundle and the active batch can hold delayed rmaps (see
 * tlb_next_batch()). Called under the PTE lock, after the TLB flush:
 * from here on rmap walkers (writeback's page_mkclean) no longer see
 * the mapping, and no CPU can still write through it either.
 */
void tlb_flush_rmaps(struct mmu_gather *tlb, struct vm_area_struct *vma)
{
	struct mmu_gather_batch *holders[2] = {&tlb->local, tlb->active};
	unsigned int i, nr = holders[1] == holders[0] ? 1 : 2;

	if (!tlb->delayed_rmap)
		return;
	for (i = 0; i < nr; i++)
		tlb_flush_rmap_batch(holders[i], vma);
	tlb->delayed_rmap = 0;
}

/*
 * free_pages_and_swap_cache(): drop the gather's references of @nr slots
 * (a page with a count drops that many); the last reference frees.
 */
static void free_pages_and_swap_cache(struct encoded_page **pages,
				      unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		struct page *page = encoded_page_ptr(pages[i]);
		unsigned long refs = 1;

		if (encoded_page_flags(pages[i]) &
		    ENCODED_PAGE_BIT_NR_PAGES_NEXT)
			refs = encoded_nr_pages(pages[++i]);
		while (refs--)
			put_page(page);
	}
}

/*
 * 6.10+ frees at most MAX_NR_FOLIOS_PER_FREE slots between reschedule
 * points, never leaving a count behind its page; earlier rules free the
 * whole batch, then reschedule.
 */
#define MAX_NR_FOLIOS_PER_FREE 512

/* How many of the @left slots from @pages the next round frees. */
static unsigned int free_round(struct encoded_page **pages, unsigned int left)
{
	unsigned int cut = MAX_NR_FOLIOS_PER_FREE;

	if (!rules_at_least(610) || left <= cut)
		return left;
	/* A page's count travels with it into the same round. */
	if (encoded_page_flags(pages[cut - 1]) & ENCODED_PAGE_BIT_NR_PAGES_NEXT)
		cut++;
	return cut;
}

static void __tlb_batch_free_encoded_pages(struct mmu_gather_batch *batch)
{
	struct encoded_page **next = batch->encoded_pages;

	while (batch->nr) {
		unsigned int round = free_round(next, batch->nr);

		free_pages_and_swap_cache(next, round);
		next += round;
		batch->nr -= round;
		/* a scheduling point after every round, the last one too */
		cond_resched();
	}
}

/*
 * Drop the gather's reference on every queued page (release_pages): the
 * last reference frees it. The batches stay chained for reuse; the next
 * gather starts filling the local one again.
 */
static void tlb_batch_pages_flush(struct mmu_gather *tlb)
{
	struct mmu_gather_batch *b = &tlb->local;

	while (b && b->nr) {
		__tlb_batch_free_encoded_pages(b);
		b = b->next;
	}
	tlb->active = &tlb->local;
}

/* tlb_finish_mmu(): give the batch pages back. */
static void tlb_batch_list_free(struct mmu_gather *tlb)
{
	struct mmu_gather_batch *batch, *next;

	for (batch = tlb->local.next; batch; batch = next) {
		next = batch->next;
		tlbf_free(batch);
		emit_free_batch(ALLOC_PAGE_BATCH);
	}
	tlb->local.next = NULL;
}

/* ---- table batches (MMU_GATHER_TABLE_FREE) ------------------------ */

/*
 * tlb_remove_table_sync_one(): an IPI to every other CPU, waiting for
 * each to take it. A CPU inside gup_fast has IRQs off and holds it off,
 * so when this returns no lockless walk that began before is still
 * running. Only RCU_TABLE_FREE configs need it; elsewhere the flush IPI
 * already did this and the function is empty, as in 6.1.
 */
static void tlb_remove_table_smp_sync(void *arg)
{
	(void)arg; /* taking the interrupt is the whole point */
}

void tlb_remove_table_sync_one(void)
{
	if (!tlbf_arch->rcu_table_free)
		return;
	emit_simple(EV_IPI_SYNC);
	if (trace_names_on())
		trace_note_ipi_purpose("tlb_remove_table_sync_one", 0, 0);
	smp_call_function(tlb_remove_table_smp_sync, NULL, true);
}

static void __tlb_remove_table_free(struct mmu_table_batch *batch,
				    enum table_via via)
{
	unsigned int i;

	for (i = 0; i < batch->nr; i++)
		__tlb_remove_table_via(batch->tables[i], via);
	tlbf_free(batch);
	emit_free_batch(ALLOC_TABLE_BATCH);
}

static void tlb_remove_table_rcu(struct rcu_head *head)
{
	struct mmu_table_batch *batch =
		(struct mmu_table_batch *)((char *)head -
					   __builtin_offsetof(
						   struct mmu_table_batch,
						   rcu));

	__tlb_remove_table_free(batch, VIA_RCU);
}

static void tlb_remove_table_free(struct mmu_table_batch *batch)
{
	struct trace_event ev = {.kind = EV_CALL_RCU, .n = batch->nr};

	if (!tlbf_arch->rcu_table_free) {
		__tlb_remove_table_free(batch, VIA_DIRECT);
		return;
	}
	if (trace_on())
		trace_emit(&ev);
	if (trace_names_on())
		trace_text(
			"call_rcu(tlb_remove_table_rcu: %u table(s) in a batch)",
			batch->nr);
	call_rcu(&batch->rcu, tlb_remove_table_rcu);
}

/*
 * Tables about to be freed must first leave the hardware walkers' caches:
 * flush now (tlb_needs_table_invalidate), then software walkers are dealt
 * with by RCU or the sync IPI.
 */
static void tlb_table_invalidate(struct mmu_gather *tlb)
{
	if (tlb_needs_table_invalidate())
		tlb_flush_mmu_tlbonly(tlb);
}

static void tlb_remove_table_one_rcu(struct rcu_head *head)
{
	struct page *table =
		(struct page *)((char *)head -
				__builtin_offsetof(struct page, rcu));

	__tlb_remove_table_via(table, VIA_RCU);
}

/*
 * No batch page: free this one table alone. 6.1 syncs with gup_fast by
 * IPI and frees at once; with PT_RECLAIM (718b13861d22, 6.14) the table's
 * own rcu_head carries it through a grace period instead.
 */
static void tlb_remove_table_one(void *table)
{
	struct page *pt = table;
	struct trace_event ev = {.kind = EV_CALL_RCU, .n = 1};

	if (tlbf_arch->pt_reclaim_rcu) {
		if (trace_on())
			trace_emit(&ev);
		if (trace_names_on())
			trace_text(
				"call_rcu(tlb_remove_table_one_rcu: %s table #%u)",
				level_name(pt->pt_level), pt->id);
		call_rcu(&pt->rcu, tlb_remove_table_one_rcu);
		return;
	}
	if (!injected(BUG_TABLE_FAIL_NOSYNC))
		tlb_remove_table_sync_one();
	__tlb_remove_table_via(table, VIA_DIRECT);
}

static void tlb_table_flush(struct mmu_gather *tlb)
{
	if (!tlb->batch)
		return;
	tlb_table_invalidate(tlb);
	tlb_remove_table_free(tlb->batch);
	tlb->batch = NULL;
}

static void tlb_remove_table_batched(struct mmu_gather *tlb, void *table)
{
	unsigned int max = tlbf_geom.table_batch_max;

	if (!tlb->batch) {
		tlb->batch = get_batch_page(ALLOC_TABLE_BATCH,
					    sizeof(*tlb->batch) +
						    max * sizeof(void *));
		if (!tlb->batch) {
			tlb_table_invalidate(tlb);
			tlb_remove_table_one(table);
			return;
		}
		tlb->batch->nr = 0;
	}
	tlb->batch->tables[tlb->batch->nr++] = table;
	if (tlb->batch->nr == max)
		tlb_table_flush(tlb);
}

/*
 * Without MMU_GATHER_TABLE_FREE a table is an ordinary page to the
 * gather: it rides the page batches and is freed by put_page().
 */
void tlb_remove_table(struct mmu_gather *tlb, void *table)
{
	if (tlbf_arch->table_free)
		tlb_remove_table_batched(tlb, table);
	else
		tlb_remove_page(tlb, table);
}

/* ---- flushing ----------------------------------------------------- */

void tlb_flush_mmu_tlbonly(struct mmu_gather *tlb)
{
	/* Every __tlb_adjust_range() caller sets one of these bits. */
	if (!(tlb->freed_tables || tlb->cleared_ptes || tlb->cleared_pmds ||
	      tlb->cleared_puds || tlb->cleared_p4ds || tlb->unshared_tables))
		return;
	tlb_flush(tlb);
	__tlb_reset_range(tlb);
}

/* Tables first, then pages: both only after the flush. */
static void tlb_flush_mmu_free(struct mmu_gather *tlb)
{
	tlb_table_flush(tlb);
	tlb_batch_pages_flush(tlb);
}

void tlb_flush_mmu(struct mmu_gather *tlb)
{
	trace_func(__func__, tlb->start);
	/* free-before-flush: the frees overtake the flush. */
	if (injected(BUG_FREE_BEFORE_FLUSH)) {
		tlb_flush_mmu_free(tlb);
		tlb_flush_mmu_tlbonly(tlb);
		return;
	}
	tlb_flush_mmu_tlbonly(tlb);
	tlb_flush_mmu_free(tlb);
}

/* ---- VMA brackets ------------------------------------------------- */

static void tlb_update_vma_flags(struct mmu_gather *tlb,
				 struct vm_area_struct *vma)
{
	unsigned long flags = vma_flags_racy(vma); /* truncate: an rmap walk */

	tlb->vma_huge = !!(flags & VM_HUGETLB);
	tlb->vma_exec = !!(flags & VM_EXEC);
	tlb->vma_pfn = !!(flags & (VM_PFNMAP | VM_MIXEDMAP));
}

/* A fullmm gather flushes everything at the end: nothing per VMA. */
void tlb_start_vma(struct mmu_gather *tlb, struct vm_area_struct *vma)
{
	if (tlb->fullmm)
		return;
	tlb_update_vma_flags(tlb, vma);
}

/*
 * Flush at the VMA's end so the range does not grow over the gap to the
 * next VMA, unless the arch prefers one merged flush (MERGE_VMAS). PFN
 * maps always flush: no struct page holds their frames, so a racing
 * unmap_mapping_range() cannot rely on the gather's pages.
 */
void tlb_end_vma(struct mmu_gather *tlb, struct vm_area_struct *vma)
{
	(void)vma;
	if (tlb->fullmm)
		return;
	if (!tlb->vma_pfn && tlbf_arch->merge_vmas)
		return;
	tlb_flush_mmu_tlbonly(tlb);
}

/* ---- start and finish --------------------------------------------- */

static void __tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm,
			     bool fullmm)
{
	tlb->mm = mm;
	tlb->fullmm = fullmm;
	tlb->need_flush_all = 0;
	tlb->local.next = NULL;
	tlb->local.nr = 0;
	tlb->local.encoded_pages = tlb->__encoded_pages;
	tlb->delayed_rmap = 0;
	tlb->local.max = tlbf_geom.gather_bundle;
	if (tlb->local.max > MMU_GATHER_BUNDLE_MAX)
		tlb->local.max = MMU_GATHER_BUNDLE_MAX;
	tlb->active = &tlb->local;
	tlb->batch_count = 0;
	tlb->batch = NULL;
	tlb->vma_exec = 0;
	tlb->vma_huge = 0;
	tlb->vma_pfn = 0;
	tlb->fully_unshared_tables = 0;
	__tlb_reset_range(tlb);
	inc_tlb_flush_pending(mm);
}

void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm)
{
	trace_func(__func__, 0);
	__tlb_gather_mmu(tlb, mm, false);
}

void tlb_gather_mmu_fullmm(struct mmu_gather *tlb, struct mm_struct *mm)
{
	trace_func(__func__, 0);
	__tlb_gather_mmu(tlb, mm, true);
}

/* No tlb_start_vma() needed after this; no page-size change either. */
void tlb_gather_mmu_vma(struct mmu_gather *tlb, struct vm_area_struct *vma)
{
	tlb_gather_mmu(tlb, vma->vm_mm);
	tlb_update_vma_flags(tlb, vma);
}

/*
 * Another gather of this mm is in flight (tlb_flush_pending > 1): it may
 * have cleared entries this one found already clear and not flushed them
 * yet, so a CPU may still write through them. Returning now would let the
 * caller believe the range is gone; flush the whole mm, walk caches too.
 */
static void tlb_force_nested_flush(struct mmu_gather *tlb)
{
	if (injected(BUG_NESTED_GATHER_NOFORCE))
		return;
	tlb->fullmm = 1;
	__tlb_reset_range(tlb);
	tlb->freed_tables = 1;
}

void tlb_finish_mmu(struct mmu_gather *tlb)
{
	trace_func(__func__, tlb->start);
	/* huge_pmd_unshare_flush() must have run tlb_flush_unshared_tables. */
	WARN_ON(tlb->fully_unshared_tables);
	if (mm_tlb_flush_nested(tlb->mm))
		tlb_force_nested_flush(tlb);
	tlb_flush_mmu(tlb);
	tlb_batch_list_free(tlb);
	dec_tlb_flush_pending(tlb->mm);
}

/* ---- page-table pages ------------------------------------------------ */

/*
 * The generic p?d_free_tlb: widen the range by one page at @address, mark
 * the level whose entry was cleared (the one above the freed table) and
 * freed_tables, then hand the table to the arch. One page is enough where
 * freed_tables makes the arch drop walk caches; an arch that does not
 * (range-only) widens further in its __p?d_free_tlb.
 *
 * end-vma-loses-flush re-creates the 2011 gathers that only knew the
 * ranges zap had seen: the table is queued but nothing is marked, so a
 * range already flushed and reset by tlb_end_vma() stays empty.
 */
static bool free_tlb_forgets(void)
{
	return injected(BUG_END_VMA_LOSES_FLUSH);
}

void pte_free_tlb(struct mmu_gather *tlb, pgtable_t pte, unsigned long address)
{
	trace_func(__func__, address);
	if (!free_tlb_forgets()) {
		tlb_flush_pmd_range(tlb, address, PAGE_SIZE);
		tlb->freed_tables = 1;
	}
	__pte_free_tlb(tlb, pte, address);
}

void pmd_free_tlb(struct mmu_gather *tlb, struct page *pmd,
		  unsigned long address)
{
	trace_func(__func__, address);
	if (!free_tlb_forgets()) {
		tlb_flush_pud_range(tlb, address, PAGE_SIZE);
		tlb->freed_tables = 1;
	}
	__pmd_free_tlb(tlb, pmd, address);
}

/* With three levels the pud is folded: nothing to free (nopud.h). */
void pud_free_tlb(struct mmu_gather *tlb, struct page *pud,
		  unsigned long address)
{
	if (level_folded(PT_PUD))
		return;
	trace_func(__func__, address);
	if (!free_tlb_forgets()) {
		tlb_flush_p4d_range(tlb, address, PAGE_SIZE);
		tlb->freed_tables = 1;
	}
	__pud_free_tlb(tlb, pud, address);
}

/* With four levels or fewer the p4d is folded: nothing to free. */
void p4d_free_tlb(struct mmu_gather *tlb, struct page *p4d,
		  unsigned long address)
{
	if (level_folded(PT_P4D))
		return;
	trace_func(__func__, address);
	if (!free_tlb_forgets()) {
		__tlb_adjust_range(tlb, address, PAGE_SIZE);
		tlb->freed_tables = 1;
	}
	__p4d_free_tlb(tlb, p4d, address);
}

/* ---- hugetlb PMD-table unsharing (late 6.1 stable) ------------------ */

/*
 * Drop one sharer of a hugetlb PMD table: the PUD entry that pointed at
 * it was cleared, so its whole PUD span of leaves needs flushing. When
 * this was the last other sharer the table is now one process's own and
 * may be changed at once: tlb_flush_unshared_tables() must also wait out
 * gup_fast.
 */
bool tlb_gather_has_unshare(void)
{
	return true;
}

void tlb_unshare_pmd_ptdesc(struct mmu_gather *tlb, struct page *pt,
			    unsigned long addr)
{
	WARN_ON(!atomic_read(&pt->pt_share_count));
	atomic_dec(&pt->pt_share_count);
	tlb_flush_pmd_range(tlb, addr & PUD_MASK, PUD_SIZE);
	if (!atomic_read(&pt->pt_share_count))
		tlb->fully_unshared_tables = 1;
	tlb->unshared_tables = 1;
}

void tlb_flush_unshared_tables(struct mmu_gather *tlb)
{
	if (tlb->unshared_tables)
		tlb_flush_mmu_tlbonly(tlb);
	/* unshare-nosync: the IPI 1013af4f585f added is left out. */
	if (tlb->fully_unshared_tables) {
		if (!injected(BUG_UNSHARE_NOSYNC))
			tlb_remove_table_sync_one();
		tlb->fully_unshared_tables = 0;
	}
}
