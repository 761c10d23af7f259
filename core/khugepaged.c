// SPDX-License-Identifier: GPL-2.0-only
/*
 * khugepaged's collapse of one PTE table into a huge pmd (Linux 6.1
 * mm/khugepaged.c collapse_huge_page(), simplified: no scan, no
 * max_ptes_none/max_ptes_shared tuning, anonymous VMAs only).
 *
 * Order, and why:
 *   mmap_lock for write        no fault or munmap in this range;
 *   anon_vma lock for write    no rmap walker (reclaim) on these tables;
 *   pmdp_collapse_flush()      clear the pmd and flush the range from the
 *                              TLBs and walk caches (hardware walkers);
 *   tlb_remove_table_sync_one  gup_fast may have read the old pmd before
 *                              it was cleared and still walk the PTE
 *                              table: wait for it (2ba99c5e0881);
 *   isolate, copy, free        the small pages and the PTE table go;
 *   set the huge pmd.
 *
 * Simplified: the kernel deposits the old PTE table for a later split
 * (pgtable_trans_huge_deposit); the model has no split and frees it here,
 * so a walker still inside it is an immediate use-after-free. The THP
 * frame is one struct page standing for the folio.
 */
#include <errno.h>

#include "arch.h"
#include "mm_internal.h"
#include "memory.h"
#include "mmu_gather.h"
#include "oracle.h"
#include "trace.h"

/*
 * pmdp_collapse_flush(). The kernel's x86 version flushes with
 * freed_tables false, skipping lazy CPUs: it can, because it keeps the PTE
 * table (deposited). The model frees it, so a lazy CPU's walk cache must
 * drop it too: on x86 profiles the flush says freed_tables, as a gather
 * freeing the table would.
 */
static pmd_t pmdp_collapse_flush(struct vm_area_struct *vma,
				 unsigned long haddr, pmd_t *pmd)
{
	pmd_t old = entry_xchg(pmd, 0);

	if (tlbf_arch->flush == FLUSH_X86)
		flush_tlb_mm_range(vma->vm_mm, haddr, haddr + PMD_SIZE,
				   PAGE_SHIFT, true);
	else
		flush_tlb_table_range(vma->vm_mm, haddr, haddr + PMD_SIZE);
	return old;
}

/*
 * __collapse_huge_page_isolate(): every present page must be an anonymous
 * page mapped once and referenced only by that mapping (no GUP pin).
 */
static bool collapse_isolate(struct page *table)
{
	unsigned long i;

	for (i = 0; i < PTRS_PER_PTE; i++) {
		pte_t pte = ptep_get(&table->words[i]);
		struct page *page;

		if (pte_none(pte))
			continue;
		page = pte_page(pte);
		if (!page_test(page, PG_anon) || page_mapcount(page) != 1 ||
		    page_ref_count(page) != 1)
			return false;
	}
	return true;
}

/* __collapse_huge_page_copy(): move the contents, drop the old pages. */
static void collapse_copy(struct vm_area_struct *vma, struct page *table,
			  struct page *thp)
{
	unsigned long i;

	for (i = 0; i < PTRS_PER_PTE; i++) {
		spinlock_t *ptl = &table->ptl;
		struct page *src;
		pte_t pte;

		spin_lock(ptl);
		pte = entry_xchg(&table->words[i], 0);
		if (!pte_none(pte))
			page_remove_rmap(pte_page(pte));
		spin_unlock(ptl);
		if (pte_none(pte)) {
			/* The huge mapping now covers this page too. */
			atomic_long_add(1, &vma->vm_mm->rss);
			continue;
		}
		src = pte_page(pte);
		page_address(thp)[i % FRAME_WORDS] += __atomic_load_n(
			&page_address(src)[i % FRAME_WORDS], __ATOMIC_RELAXED);
		put_page(src);
	}
}

static int collapse_locked(struct vm_area_struct *vma, unsigned long haddr)
{
	struct mm_struct *mm = vma->vm_mm;
	pmd_t *pmd = pt_lookup(mm, haddr, PT_PMD);
	struct page *thp, *table;
	spinlock_t *pmd_ptl;
	pmd_t orig;

	if (!pmd || pmd_none(entry_read(pmd)) ||
	    pmd_trans_huge(entry_read(pmd)))
		return -EINVAL;
	thp = alloc_thp();
	if (!thp)
		return -ENOMEM;

	down_write(&vma->anon_vma->rwsem);
	pmd_ptl = pmd_lock(mm, pmd);
	orig = pmdp_collapse_flush(vma, haddr, pmd);
	spin_unlock(pmd_ptl);
	tlb_remove_table_sync_one();

	table = pmd_pgtable(orig);
	spin_lock(&table->ptl);
	if (!collapse_isolate(table)) {
		spin_unlock(&table->ptl);
		/* Put the PTE table back, as the kernel does on failure. */
		pmd_ptl = pmd_lock(mm, pmd);
		entry_write(pmd, orig);
		spin_unlock(pmd_ptl);
		up_write(&vma->anon_vma->rwsem);
		put_page(thp);
		return -EAGAIN;
	}
	spin_unlock(&table->ptl);

	collapse_copy(vma, table, thp);
	thp->flags |= PG_anon;
	thp->anon_vma = vma->anon_vma;
	thp->index = linear_page_index(vma, haddr);
	page_add_rmap(thp);
	pt_account_free(mm, PT_PTE);
	free_pt_page(table, VIA_FREE);

	smp_wmb(); /* the THP's contents before the pmd that maps it */
	pmd_ptl = pmd_lock(mm, pmd);
	entry_write(pmd, mk_entry(thp, _PAGE_RW | _PAGE_DIRTY | _PAGE_PSE));
	spin_unlock(pmd_ptl);
	up_write(&vma->anon_vma->rwsem);
	return 0;
}

int collapse_pte_mapped_thp(struct mm_struct *mm, unsigned long addr)
{
	unsigned long haddr = addr & PMD_MASK;
	struct vm_area_struct *vma;
	int ret = -EINVAL;

	trace_func(__func__, haddr);
	down_write(&mm->mmap_lock);
	vma = vma_lookup(mm, haddr);
	/* hugepage_vma_revalidate(): the whole PMD inside one anon VMA. */
	if (vma && vma_is_anonymous(vma) && vma->anon_vma &&
	    (vma->vm_flags & VM_WRITE) && vma->vm_end - haddr >= PMD_SIZE)
		ret = collapse_locked(vma, haddr);
	mmap_write_unlock(mm);
	return ret;
}
