// SPDX-License-Identifier: GPL-2.0-only
/*
 * Zapping user mappings (Linux 6.1 mm/memory.c: zap_pte_range() up to
 * unmap_vmas() and zap_page_range()).
 *
 * Order of a zap, per PTE table: under the PTE lock, first honour a flush
 * that reclaim deferred (flush_tlb_batched_pending), then clear each pte
 * with one atomic get-and-clear (a CPU setting the dirty bit at the same
 * moment cannot be lost), tell the gather the address (range tracking),
 * drop the rmap and rss, and queue the page on the gather: it is freed
 * only after the TLB flush. Two cases flush before the PTE lock is
 * dropped: a dirty file page (writeback must not start while another CPU
 * can still write through a stale entry) and a full page batch.
 *
 * Later rules (core/rules.h), taken when the run follows them: from 6.2
 * a dirty file page keeps its rmap until the flush under the PTE lock
 * (tlb_flush_rmaps), so writeback's page_mkclean still finds the mapping
 * and waits on the PTE lock while some CPU may write through a stale
 * entry; from 6.9 the PTEs of one large folio are zapped and queued
 * together (zap_present_ptes, folio_pte_batch).
 *
 * Simplified: no swap, migration or device entries (the model has only
 * present ptes); a partial zap of a huge pmd zaps the whole THP mapping
 * (the kernel splits it first, see docs/model-map.md).
 */
#include "cpu.h"
#include "mm_internal.h"
#include "mmu_gather.h"
#include "arch.h"
#include "inject.h"
#include "oracle.h"
#include "rules.h"
#include "trace.h"
#ifdef TLBF_KERNEL_ZAP
#include "tlbf/kcallers.h" /* kernel mode: the tree's zap */
#endif

/*
 * 6.1 packs two counters into mm->tlb_flush_batched: how many deferred
 * flushes reclaim announced (low bits) and up to which announcement a
 * flush is known done (high bits). A zap that finds them different must
 * flush the whole mm before it trusts the ptes it reads.
 */
#define TLB_FLUSH_BATCH_FLUSHED_SHIFT 16
#define TLB_FLUSH_BATCH_PENDING_MASK  ((1 << TLB_FLUSH_BATCH_FLUSHED_SHIFT) - 1)

void flush_tlb_batched_pending(struct mm_struct *mm)
{
	int batch = __atomic_load_n(&mm->tlb_flush_batched, __ATOMIC_ACQUIRE);
	int pending = batch & TLB_FLUSH_BATCH_PENDING_MASK;
	int flushed = batch >> TLB_FLUSH_BATCH_FLUSHED_SHIFT;

	if (pending == flushed)
		return;
	flush_tlb_mm(mm);
	/* A newer deferral raced with us: leave it pending for the next. */
	__atomic_compare_exchange_n(
		&mm->tlb_flush_batched, &batch,
		pending | (pending << TLB_FLUSH_BATCH_FLUSHED_SHIFT), false,
		__ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
}

static bool should_zap_page(struct zap_details *details, struct page *page)
{
	/* Only unmap_mapping_range without even_cows spares COW copies. */
	if (!details || details->even_cows)
		return true;
	return !page_test(page, PG_anon);
}

static void set_page_dirty(struct page *page)
{
	__atomic_or_fetch(&page->flags, PG_dirty, __ATOMIC_RELAXED);
}

/*
 * Clear the present ptes of [addr, end) in one PTE table. Returns the
 * address reached: less than @end when the page batch filled up and the
 * caller must come back after the flush.
 */
static unsigned long zap_pte_batch(struct mmu_gather *tlb,
				   struct vm_area_struct *vma, pte_t *pte,
				   unsigned long addr, unsigned long end,
				   struct zap_details *details,
				   bool *force_flush)
{
	long rss = 0;

	for (; addr != end; pte++, addr += PAGE_SIZE) {
		pte_t ptent = ptep_get(pte);
		struct page *page;

		if (pte_none(ptent))
			continue;
		page = pte_page(ptent);
		if (!should_zap_page(details, page))
			continue;
		ptent = zap_pte_get_and_clear(pte, addr);
		tlb_remove_tlb_entry(tlb, pte, addr);
		if (!page_test(page, PG_anon) && pte_dirty(ptent)) {
			*force_flush = true;
			set_page_dirty(page);
		}
		rss--;
		page_remove_rmap(page);
		if (__tlb_remove_page(tlb, page)) {
			*force_flush = true;
			addr += PAGE_SIZE;
			break;
		}
	}
	atomic_long_add(rss, &vma->vm_mm->rss);
	return addr;
}

/* A clean, writable file PTE: the exchange's dirty bit decides its rmap. */
static bool zap_pte_dirty_bit_decides(pte_t e)
{
	return pte_present(e) && pte_write(e) && !pte_dirty(e) &&
	       !page_test(pte_page(e), PG_anon);
}

/*
 * From 6.2 the zap reads a file PTE's dirty bit to choose when its rmap
 * goes (delayed until the flush when dirty), so the bit that counts is the
 * one the exchange returns: another CPU's hardware walk may set it for a
 * store at any moment before, after the zap's own ptep_get(). A clean,
 * writable file PTE therefore gets a scheduling point before the exchange
 * as well as after, where such a walk can run. Other PTEs keep the one
 * point after, so no other schedule moves.
 */
unsigned long zap_pte_get_and_clear(pte_t *pte, unsigned long addr)
{
	if (rules_at_least(602) && zap_pte_dirty_bit_decides(ptep_get(pte))) {
		if (trace_names_on())
			trace_note_text(
				"ptep_get_and_clear_full(pte %#lx, clean)",
				addr);
		sync_point(SITE_WRITE_ONCE);
	}
	return entry_xchg(pte, 0);
}

/*
 * folio_pte_batch(): how many PTEs from @pte on map the next pages of
 * @folio the same way (dirty bits aside), up to @max_nr and the folio's
 * end. Within one VMA the page a PTE maps follows from its address.
 */
unsigned int folio_pte_batch(struct vm_area_struct *vma, struct page *folio,
			     unsigned long addr, pte_t *pte, pte_t ptent,
			     unsigned int max_nr)
{
	unsigned long idx = linear_page_index(vma, addr) - folio->index;
	unsigned int nr = 1;

	if (idx >= folio_nr_pages(folio))
		return 1;
	if (max_nr > folio_nr_pages(folio) - idx)
		max_nr = folio_nr_pages(folio) - (unsigned int)idx;
	while (nr < max_nr &&
	       (ptep_get(pte + nr) & ~_PAGE_DIRTY) == (ptent & ~_PAGE_DIRTY))
		nr++;
	return nr;
}

/*
 * zap_present_folio_ptes(): clear @nr PTEs of one folio (their dirty bits
 * gathered), note the range, drop the rmap now or, for a dirty file page
 * under 6.2+ rules, after the flush; queue the pages.
 */
static void zap_present_folio_ptes(struct mmu_gather *tlb,
				   struct vm_area_struct *vma,
				   struct page *folio, pte_t *pte,
				   unsigned int nr, unsigned long addr,
				   long *rss, bool *force_flush,
				   bool *force_break)
{
	bool delay_rmap = false;
	pte_t ptent = 0;
	unsigned int i;

	(void)vma;
	/* get_and_clear_full_ptes(); anon clears the same way, unread. */
	for (i = 0; i < nr; i++)
		ptent |= zap_pte_get_and_clear(pte + i, addr + i * PAGE_SIZE);
	if (!page_test(folio, PG_anon) && pte_dirty(ptent)) {
		set_page_dirty(folio);
		if (tlb_delay_rmap(tlb)) {
			delay_rmap = true;
			*force_flush = true;
		}
	}
	*rss -= nr;
	/* tlb_remove_tlb_entries() */
	tlb_flush_pte_range(tlb, addr, nr * PAGE_SIZE);
	if (!delay_rmap)
		folio_remove_rmap_ptes(folio, nr, vma->vm_mm);
	if (__tlb_remove_folio_pages(tlb, folio, nr, delay_rmap)) {
		*force_flush = true;
		*force_break = true;
	}
}

/* zap_present_ptes(): one PTE, or a large folio's run of them. */
static unsigned int zap_present_ptes(struct mmu_gather *tlb,
				     struct vm_area_struct *vma, pte_t *pte,
				     pte_t ptent, unsigned int max_nr,
				     unsigned long addr,
				     struct zap_details *details, long *rss,
				     bool *force_flush, bool *force_break)
{
	struct page *folio = pte_page(ptent);
	unsigned int nr = 1;

	if (!should_zap_page(details, folio))
		return 1;
	if (rules_at_least(609) && folio_test_large(folio) && max_nr != 1)
		nr = folio_pte_batch(vma, folio, addr, pte, ptent, max_nr);
	zap_present_folio_ptes(tlb, vma, folio, pte, nr, addr, rss, force_flush,
			       force_break);
	return nr;
}

/* The 6.2+ loop of zap_pte_range() over one PTE table. */
static unsigned long
zap_pte_batch_folios(struct mmu_gather *tlb, struct vm_area_struct *vma,
		     pte_t *pte, unsigned long addr, unsigned long end,
		     struct zap_details *details, bool *force_flush)
{
	bool force_break = false;
	unsigned int nr;
	long rss = 0;

	for (; addr != end; pte += nr, addr += nr * PAGE_SIZE) {
		pte_t ptent = ptep_get(pte);

		nr = 1;
		if (pte_none(ptent))
			continue;
		nr = zap_present_ptes(tlb, vma, pte, ptent,
				      (unsigned int)((end - addr) / PAGE_SIZE),
				      addr, details, &rss, force_flush,
				      &force_break);
		if (force_break) {
			addr += nr * PAGE_SIZE;
			break;
		}
	}
	atomic_long_add(rss, &vma->vm_mm->rss);
	return addr;
}

/*
 * Before the PTE lock goes: flush, then (6.2+) the delayed rmaps.
 * rmap-before-flush swaps the two, as before 5df397dec7c4.
 */
static void zap_flush_under_ptl(struct mmu_gather *tlb,
				struct vm_area_struct *vma)
{
	if (injected(BUG_RMAP_BEFORE_FLUSH)) {
		tlb_flush_rmaps(tlb, vma);
		tlb_flush_mmu_tlbonly(tlb);
		return;
	}
	tlb_flush_mmu_tlbonly(tlb);
	tlb_flush_rmaps(tlb, vma);
}

static void zap_pte_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
			  pmd_t *pmd, unsigned long addr, unsigned long end,
			  struct zap_details *details)
{
	struct mm_struct *mm = tlb->mm;

	trace_func(__func__, addr);
	while (addr != end) {
		bool force_flush = false;
		unsigned long from = addr;
		spinlock_t *ptl;
		pte_t *start_pte;

		start_pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
		if (!start_pte) {
			oracle_zap_pass(mm, addr, end);
			return; /* the pmd changed (collapse) */
		}
		flush_tlb_batched_pending(mm);
		if (rules_at_least(602))
			addr = zap_pte_batch_folios(tlb, vma, start_pte, addr,
						    end, details, &force_flush);
		else
			addr = zap_pte_batch(tlb, vma, start_pte, addr, end,
					     details, &force_flush);
		/* Dirty file pages: no stale writable entry may outlive ptl. */
		if (force_flush)
			zap_flush_under_ptl(tlb, vma);
		oracle_zap_pass(mm, from, addr);
		pte_unmap_unlock(start_pte, ptl);
		/* Pages go only now that the flush is done. */
		if (force_flush)
			tlb_flush_mmu(tlb);
		if (addr != end)
			cond_resched();
	}
}

/* zap_huge_pmd(): the pmd maps a THP; clear it under the pmd lock. */
static void zap_huge_pmd(struct mmu_gather *tlb, struct vm_area_struct *vma,
			 pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(tlb->mm, pmd);
	pmd_t orig = entry_read(pmd);
	struct page *page;

	oracle_zap_pass(tlb->mm, addr, addr + PMD_SIZE);
	if (!pmd_trans_huge(orig)) {
		spin_unlock(ptl);
		return;
	}
	orig = entry_xchg(pmd, 0);
	tlb_remove_pmd_tlb_entry(tlb, pmd, addr);
	page = pmd_page(orig);
	page_remove_rmap(page);
	atomic_long_sub((long)PTRS_PER_PTE, &vma->vm_mm->rss);
	spin_unlock(ptl);
	tlb_remove_page_size(tlb, page, (int)PMD_SIZE);
}

static void zap_pmd_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
			  pud_t *pud, unsigned long addr, unsigned long end,
			  struct zap_details *details)
{
	pmd_t *pmd = pmd_offset(pud, addr);
	unsigned long next;

	do {
		pmd_t pmdval = entry_read(pmd);

		next = pmd_addr_end(addr, end);
		if (pmd_trans_huge(pmdval)) {
			/* No split_huge_pmd: a partial zap takes the THP. */
			zap_huge_pmd(tlb, vma, pmd, addr & PMD_MASK);
		} else if (pmd_none(pmdval)) {
			oracle_zap_pass(tlb->mm, addr, next);
		} else {
			zap_pte_range(tlb, vma, pmd, addr, next, details);
		}
		cond_resched();
	} while (pmd++, addr = next, addr != end);
}

static void zap_pud_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
			  p4d_t *p4d, unsigned long addr, unsigned long end,
			  struct zap_details *details)
{
	pud_t *pud;
	unsigned long next;

	/*
	 * Three levels: the p4d entry (the pgd's) points at the PMD table.
	 * The kernel's loop over the folded level still runs once and ends
	 * in its cond_resched().
	 */
	if (level_folded(PT_PUD)) {
		zap_pmd_range(tlb, vma, p4d, addr, end, details);
		cond_resched();
		return;
	}
	pud = pud_offset(p4d, addr);
	do {
		pud_t pudval = entry_read(pud);

		next = pud_addr_end(addr, end);
		if (pud_none(pudval)) {
			oracle_zap_pass(tlb->mm, addr, next);
			continue;
		}
		sw_walk_enter(PT_PMD, entry_table(pudval));
		zap_pmd_range(tlb, vma, pud, addr, next, details);
		sw_walk_leave(PT_PMD);
		cond_resched();
	} while (pud++, addr = next, addr != end);
}

static void zap_p4d_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
			  pgd_t *pgd, unsigned long addr, unsigned long end,
			  struct zap_details *details)
{
	p4d_t *p4d;
	unsigned long next;

	if (level_folded(PT_P4D)) {
		zap_pud_range(tlb, vma, pgd, addr, end, details);
		return;
	}
	p4d = p4d_offset(pgd, addr);
	do {
		p4d_t p4dval = entry_read(p4d);

		next = p4d_addr_end(addr, end);
		if (p4d_none(p4dval)) {
			oracle_zap_pass(tlb->mm, addr, next);
			continue;
		}
		sw_walk_enter(PT_PUD, entry_table(p4dval));
		zap_pud_range(tlb, vma, p4d, addr, next, details);
		sw_walk_leave(PT_PUD);
	} while (p4d++, addr = next, addr != end);
}

void unmap_page_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
		      unsigned long addr, unsigned long end,
		      struct zap_details *details)
{
	pgd_t *pgd = pgd_offset(vma->vm_mm, addr);
	unsigned long next;

	trace_func(__func__, addr);
#ifdef TLBF_KERNEL_ZAP
	if (kcallers_unmap_page_range(tlb, vma, addr, end, details))
		return;
#endif
	tlb_start_vma(tlb, vma);
	do {
		pgd_t pgdval = entry_read(pgd);
		/* The p4d table, or the pud table when p4d is folded. */
		struct page *table;

		next = pgd_addr_end(addr, end);
		if (pgd_none(pgdval)) {
			oracle_zap_pass(vma->vm_mm, addr, next);
			continue;
		}
		table = entry_table(pgdval);
		sw_walk_enter(table->pt_level, table);
		zap_p4d_range(tlb, vma, pgd, addr, next, details);
		sw_walk_leave(table->pt_level);
	} while (pgd++, addr = next, addr != end);
	tlb_end_vma(tlb, vma);
}

static void unmap_single_vma(struct mmu_gather *tlb, struct vm_area_struct *vma,
			     unsigned long start, unsigned long end,
			     struct zap_details *details)
{
	if (start < vma->vm_start)
		start = vma->vm_start;
	if (end > vma->vm_end)
		end = vma->vm_end;
	if (start >= end)
		return;
	if (is_vm_hugetlb_page(vma)) {
		__unmap_hugepage_range_final(tlb, vma, start, end,
					     details && details->unmap);
		return;
	}
	unmap_page_range(tlb, vma, start, end, details);
}

void unmap_vmas(struct mmu_gather *tlb, struct vm_area_struct *vma,
		unsigned long start, unsigned long end)
{
	struct zap_details details = {.even_cows = true, .unmap = true};

	trace_func(__func__, start);
#ifdef TLBF_KERNEL_ZAP
	if (kcallers_unmap_vmas(tlb, vma, start, end))
		return;
#endif
	for (; vma && vma->vm_start < end; vma = vma->vm_next)
		unmap_single_vma(tlb, vma, start, end, &details);
}

void zap_page_range(struct vm_area_struct *vma, unsigned long start,
		    unsigned long size)
{
	unsigned long end = start + size;
	struct mmu_gather tlb;

	trace_func(__func__, start);
	tlb_gather_mmu(&tlb, vma->vm_mm);
	for (; vma && vma->vm_start < end; vma = vma->vm_next)
		unmap_single_vma(&tlb, vma, start, end, NULL);
	tlb_finish_mmu(&tlb);
}

void zap_page_range_single(struct vm_area_struct *vma, unsigned long addr,
			   unsigned long size, struct zap_details *details)
{
	struct mmu_gather tlb;

	trace_func(__func__, addr);
	tlb_gather_mmu(&tlb, vma->vm_mm);
	unmap_single_vma(&tlb, vma, addr, addr + size, details);
	tlb_finish_mmu(&tlb);
}
