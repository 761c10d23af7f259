// SPDX-License-Identifier: GPL-2.0-only
/*
 * madvise (Linux 6.1 mm/madvise.c): MADV_DONTNEED and MADV_FREE, both
 * under mmap_lock held for read, so faults, slow GUP and other zaps run
 * beside them (several gathers on one mm at once: tlb_flush_pending).
 *
 * MADV_DONTNEED zaps the range (zap_page_range); the next access faults in
 * a fresh zeroed page. MADV_FREE keeps the mappings but makes each pte
 * clean, so reclaim may discard the page unless it is written again: the
 * pte is cleared and set again (an atomic get-and-clear, so a dirty bit
 * set by another CPU meanwhile is not lost), and the old entry is flushed
 * at the end of the gather, since a CPU holding a dirty TLB entry would
 * write without setting the pte's dirty bit again.
 *
 * Simplified: MADV_FREE leaves huge pmds alone (the kernel may split or
 * clean them) and has no young bit (the model's ptes have none).
 */
#include <errno.h>

#include "mm_internal.h"
#include "memory.h"
#include "mmu_gather.h"
#include "oracle.h"
#include "trace.h"

static void mark_page_lazyfree(struct page *page)
{
	__atomic_or_fetch(&page->flags, PG_lazyfree, __ATOMIC_RELAXED);
	__atomic_and_fetch(&page->flags, ~PG_dirty, __ATOMIC_RELAXED);
}

static void madvise_free_pte_range(struct mmu_gather *tlb, pmd_t *pmd,
				   unsigned long addr, unsigned long end)
{
	struct mm_struct *mm = tlb->mm;
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	pte_t *start_pte = pte;

	trace_func(__func__, addr);
	if (!pte)
		return;
	flush_tlb_batched_pending(mm);
	for (; addr != end; pte++, addr += PAGE_SIZE) {
		pte_t ptent = ptep_get(pte);
		struct page *page;

		if (!pte_present(ptent))
			continue;
		page = pte_page(ptent);
		/* Shared with another mapping: not ours to discard. */
		if (page_mapcount(page) != 1)
			continue;
		if (pte_dirty(ptent)) {
			ptent = entry_xchg(pte, 0);
			entry_write(pte, ptent & ~_PAGE_DIRTY);
			tlb_remove_tlb_entry(tlb, pte, addr);
		}
		mark_page_lazyfree(page);
	}
	pte_unmap_unlock(start_pte, ptl);
}

static int madvise_free_single_vma(struct vm_area_struct *vma,
				   unsigned long start, unsigned long end)
{
	struct mmu_gather tlb;
	unsigned long next;

	if (!vma_is_anonymous(vma))
		return -EINVAL;
	if (start < vma->vm_start)
		start = vma->vm_start;
	if (end > vma->vm_end)
		end = vma->vm_end;
	tlb_gather_mmu(&tlb, vma->vm_mm);
	tlb_start_vma(&tlb, vma);
	for (; start < end; start = next) {
		pmd_t *pmd = pt_lookup(vma->vm_mm, start, PT_PMD);
		pmd_t pmdval;

		next = pmd_addr_end(start, end);
		if (!pmd)
			continue;
		pmdval = entry_read(pmd);
		if (pmd_none(pmdval) || pmd_trans_huge(pmdval))
			continue;
		madvise_free_pte_range(&tlb, pmd, start, next);
		cond_resched();
	}
	tlb_end_vma(&tlb, vma);
	tlb_finish_mmu(&tlb);
	return 0;
}

/*
 * The zap oracle checks what was zapped, VMA by VMA, once its gather is
 * finished: a part of the range with no VMA (another CPU's munmap may have
 * detached it and still be flushing) was not this call's to zap.
 */
static int madvise_vma(struct vm_area_struct *vma, unsigned long start,
		       unsigned long end, int advice)
{
	if (start < vma->vm_start)
		start = vma->vm_start;
	if (end > vma->vm_end)
		end = vma->vm_end;
	if (advice == MADV_FREE)
		return madvise_free_single_vma(vma, start, end);
	/* madvise_dontneed_free_valid_vma(): whole huge pages only. */
	if (is_vm_hugetlb_page(vma)) {
		if (start & ~PMD_MASK)
			return -EINVAL;
		end = ALIGN_DOWN_TO(end, PMD_SIZE);
		if (end <= start)
			return 0;
	}
	oracle_zap_begin(vma->vm_mm, start, end);
	zap_page_range(vma, start, end - start);
	oracle_check(oracle_zap_done(vma->vm_mm, start, end));
	return 0;
}

int do_madvise(struct mm_struct *mm, unsigned long start, unsigned long len,
	       int advice)
{
	unsigned long end;
	struct vm_area_struct *vma;
	int unmapped = 0, err = 0;

	if (advice != MADV_DONTNEED && advice != MADV_FREE)
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	len = ALIGN_UP_TO(len, PAGE_SIZE);
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;

	trace_func(__func__, start);
	down_read(&mm->mmap_lock);
	vma = find_vma(mm, start);
	if (vma && vma->vm_start > start)
		unmapped = 1;
	for (; vma && vma->vm_start < end && !err; vma = vma->vm_next) {
		struct vm_area_struct *next = vma->vm_next;

		err = madvise_vma(vma, start, end, advice);
		if (next && next->vm_start < end &&
		    next->vm_start > vma->vm_end)
			unmapped = 1;
		if (!next && vma->vm_end < end)
			unmapped = 1;
	}
	if (!vma && !unmapped && err == 0 && !find_vma(mm, start))
		unmapped = 1;
	up_read(&mm->mmap_lock);
	if (err)
		return err;
	return unmapped ? -ENOMEM : 0;
}
