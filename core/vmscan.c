// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim of one page (Linux 6.1 mm/vmscan.c shrink_folio_list(), mm/rmap.c
 * try_to_unmap() and try_to_unmap_one()).
 *
 * Reclaim holds its own reference (taken as isolate_lru_page would), finds
 * every mapping of the page through rmap (anon_vma list or i_mmap, under
 * that rwsem, without mmap_lock), reaches the pmd with no lock and the pte
 * under the PTE lock, and clears it. The TLB flush is batched as in 6.1 on
 * x86 (ARCH_WANT_BATCHED_UNMAP_TLB_FLUSH): when another CPU may cache the
 * mm, the pte is cleared without a flush, the mm is remembered in this
 * reclaim's tlbflush_unmap_batch and its tlb_flush_batched count is bumped
 * (so a zap or mremap on that mm flushes first: flush_tlb_batched_pending),
 * and try_to_unmap_flush() flushes every remembered mm before the page can
 * be freed. Other profiles, or an mm only this CPU runs, use
 * ptep_clear_flush() at once.
 *
 * Then the page goes if nothing else holds it: an anonymous page is
 * dropped as if written to swap (the model has no swap entries: the next
 * access faults in a zeroed page); a file page is written back if dirty
 * (synchronously, in the model) and removed from the page cache. A
 * MADV_FREE page that is still clean is discarded; one written since goes
 * back to normal anonymous memory and stays.
 */
#include "arch.h"
#include "cpu.h"
#include "mm_internal.h"
#include "memory.h"
#include "oracle.h"
#include "trace.h"

#define UBC_MAX_MMS		      4
#define TLB_FLUSH_BATCH_PENDING_LARGE ((1 << 16) / 2)

/* current->tlb_ubc: lives for one reclaim call, so no state survives. */
struct tlbflush_unmap_batch {
	struct mm_struct *mms[UBC_MAX_MMS];
	unsigned int nr;
	bool flush_required;
};

static void try_to_unmap_flush(struct tlbflush_unmap_batch *ubc)
{
	unsigned int i;

	if (!ubc->flush_required)
		return;
	trace_func(__func__, ubc->nr);
	for (i = 0; i < ubc->nr; i++)
		flush_tlb_mm(ubc->mms[i]);
	ubc->nr = 0;
	ubc->flush_required = false;
}

/* x86's arch_tlbbatch_should_defer(): another CPU may cache this mm. */
static bool should_defer_flush(struct mm_struct *mm)
{
	unsigned long others;

	if (tlbf_arch->flush != FLUSH_X86)
		return false;
	others = __atomic_load_n(&mm->cpumask, __ATOMIC_RELAXED) &
		 ~(1UL << smp_processor_id());
	return others != 0;
}

static void set_tlb_ubc_flush_pending(struct tlbflush_unmap_batch *ubc,
				      struct mm_struct *mm)
{
	unsigned int i;
	int batch;

	for (i = 0; i < ubc->nr && ubc->mms[i] != mm; i++)
		;
	if (i == ubc->nr) {
		/* The model's batch is small: flush when it is full. */
		if (ubc->nr == UBC_MAX_MMS)
			try_to_unmap_flush(ubc);
		ubc->mms[ubc->nr++] = mm;
	}
	ubc->flush_required = true;
	/* pending++; reset both halves before pending could wrap. */
	batch = __atomic_load_n(&mm->tlb_flush_batched, __ATOMIC_RELAXED);
	for (;;) {
		int nbatch = (batch & 0xffff) > TLB_FLUSH_BATCH_PENDING_LARGE
				     ? 1
				     : batch + 1;

		if (__atomic_compare_exchange_n(&mm->tlb_flush_batched, &batch,
						nbatch, false, __ATOMIC_SEQ_CST,
						__ATOMIC_RELAXED))
			break;
	}
}

static void set_page_dirty(struct page *page)
{
	__atomic_or_fetch(&page->flags, PG_dirty, __ATOMIC_RELAXED);
}

/*
 * Unmap @page from @vma at @address. Returns false to stop the rmap walk
 * (a dirty MADV_FREE page: reclaim gives up on it).
 */
static bool try_to_unmap_one(struct page *page, struct vm_area_struct *vma,
			     unsigned long address,
			     struct tlbflush_unmap_batch *ubc)
{
	struct mm_struct *mm = vma->vm_mm;
	pmd_t *pmd = pt_lookup(mm, address, PT_PMD);
	spinlock_t *ptl;
	pte_t *pte, pteval;
	pmd_t pmde;

	trace_func(__func__, address);
	if (!pmd)
		return true;
	/* page_vma_mapped_walk(): the pmd is read with no lock held. */
	pmde = pmdp_get_lockless(pmd);
	if (!entry_present(pmde) || pmd_trans_huge(pmde))
		return true;
	pte = pte_offset_map_lock(mm, pmd, address, &ptl);
	if (!pte)
		return true;
	pteval = ptep_get(pte);
	if (!pte_present(pteval) || pte_page(pteval) != page) {
		pte_unmap_unlock(pte, ptl);
		return true;
	}
	if (should_defer_flush(mm)) {
		/* Marked first: the exchange is a scheduling point. */
		tlb_note_unmap_deferred(mm, address);
		pteval = entry_xchg(pte, 0);
		set_tlb_ubc_flush_pending(ubc, mm);
	} else {
		/* ptep_clear_flush() */
		pteval = entry_xchg(pte, 0);
		flush_tlb_page(vma, address);
	}
	if (pte_dirty(pteval))
		set_page_dirty(page);
	if (page_test(page, PG_lazyfree) && page_test(page, PG_dirty)) {
		/* Written since MADV_FREE: keep it, as normal anon memory. */
		entry_write(pte, pteval);
		__atomic_and_fetch(&page->flags, ~PG_lazyfree,
				   __ATOMIC_RELAXED);
		pte_unmap_unlock(pte, ptl);
		return false;
	}
	atomic_long_sub(1, &mm->rss);
	page_remove_rmap(page);
	pte_unmap_unlock(pte, ptl);
	put_page(page); /* the mapping's reference */
	return true;
}

static void rmap_walk_anon(struct page *page, struct anon_vma *anon_vma,
			   struct tlbflush_unmap_batch *ubc)
{
	struct vm_area_struct *vma;

	down_read(&anon_vma->rwsem);
	for (vma = anon_vma->head; vma; vma = vma->anon_next) {
		unsigned long address = vma_address(page, vma);

		if (address == -1UL)
			continue;
		if (!try_to_unmap_one(page, vma, address, ubc))
			break;
	}
	up_read(&anon_vma->rwsem);
}

static void rmap_walk_file(struct page *page, struct address_space *mapping,
			   struct tlbflush_unmap_batch *ubc)
{
	struct vm_area_struct *vma;

	down_read(&mapping->i_mmap_rwsem);
	for (vma = mapping->i_mmap; vma; vma = vma->file_next) {
		unsigned long address = vma_address(page, vma);

		if (address == -1UL)
			continue;
		if (!try_to_unmap_one(page, vma, address, ubc))
			break;
	}
	up_read(&mapping->i_mmap_rwsem);
}

bool reclaim_anon_page(struct mm_struct *mm, unsigned long addr)
{
	struct tlbflush_unmap_batch ubc = {.nr = 0};
	struct anon_vma *anon_vma = NULL;
	struct vm_area_struct *vma;
	struct page *page = NULL;
	bool freed = false;

	trace_func(__func__, addr);
	/* Pick the page as the LRU would hand it over: with a reference. */
	down_read(&mm->mmap_lock);
	vma = vma_lookup(mm, addr);
	if (vma && vma_is_anonymous(vma) && READ_ONCE(vma->anon_vma))
		page = follow_page(vma, addr, false);
	if (page && !page_test(page, PG_head) && page->anon_vma) {
		anon_vma = page->anon_vma;
		get_anon_vma(anon_vma); /* folio_get_anon_vma() */
	}
	up_read(&mm->mmap_lock);
	if (!page)
		return false;
	if (anon_vma) {
		rmap_walk_anon(page, anon_vma, &ubc);
		try_to_unmap_flush(&ubc);
		put_anon_vma(anon_vma);
		freed = page_mapcount(page) == 0 && page_ref_count(page) == 1;
	}
	put_page(page);
	return freed;
}

/*
 * __remove_mapping(): the cache may drop the page only when reclaim and
 * the cache hold the only references (the kernel freezes the count at 2).
 */
static bool remove_from_cache(struct address_space *mapping, struct page *page,
			      unsigned long pgoff)
{
	bool removed = false;

	spin_lock(&mapping->cache_lock);
	if (pgoff < mapping->nr_pages && mapping->cache[pgoff] == page &&
	    page_mapcount(page) == 0 && page_ref_count(page) == 2) {
		mapping->cache[pgoff] = NULL;
		__atomic_and_fetch(&page->flags, ~PG_pagecache,
				   __ATOMIC_RELAXED);
		removed = true;
	}
	spin_unlock(&mapping->cache_lock);
	if (removed)
		put_page(page); /* the cache's reference */
	return removed;
}

bool reclaim_file_page(struct address_space *mapping, unsigned long pgoff)
{
	struct tlbflush_unmap_batch ubc = {.nr = 0};
	struct page *page = NULL;
	bool freed;

	trace_func(__func__, pgoff);
	spin_lock(&mapping->cache_lock);
	if (pgoff < mapping->nr_pages)
		page = mapping->cache[pgoff];
	if (page)
		get_page(page);
	spin_unlock(&mapping->cache_lock);
	if (!page)
		return false;
	rmap_walk_file(page, mapping, &ubc);
	/* Before writeback or freeing, no CPU may still write it. */
	try_to_unmap_flush(&ubc);
	/* pageout(): written back at once in the model. */
	__atomic_and_fetch(&page->flags, ~PG_dirty, __ATOMIC_RELAXED);
	freed = remove_from_cache(mapping, page, pgoff);
	put_page(page);
	return freed;
}
