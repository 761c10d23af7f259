// SPDX-License-Identifier: GPL-2.0-only
/*
 * mincore(2) (Linux 6.1 mm/mincore.c, walked as mm/pagewalk.c walks):
 * which pages of a range are resident, read from the page tables under
 * mmap_lock held for read, one VMA at a time.
 *
 * An ordinary VMA is read under the table locks: a huge pmd under the
 * pmd lock, a PTE table under its PTE lock. mmap_lock keeps the tables
 * themselves, since freeing one takes it for write.
 *
 * A hugetlb VMA is read by walk_hugetlb_range(): for each huge page it
 * looks the entry up (huge_pte_offset()) and reads it, with no table lock.
 * mmap_lock does not keep a shared PMD table there: MADV_DONTNEED, under
 * mmap_lock for read too, may unshare it, and the process left owning it
 * may then free it. Since v6.2 (dd361e5033cf) the walk holds the hugetlb
 * VMA lock for read, which an unshare takes for write. 6.1 takes nothing,
 * so under `rules: 6.1` the walk is recorded as a walker in the table, as
 * gup_fast's is, and the oracles see a hand-over or free under it.
 *
 * Simplified: a page with no entry counts as not resident (the kernel
 * asks the page cache for file pages and the swap cache for swapped
 * ones), and the result is the number of resident pages, not a vector.
 */
#include <errno.h>

#include "mm_internal.h"
#include "memory.h"
#include "rules.h"
#include "trace.h"

/* Resident pages of [@addr, @end), one PMD span, of an ordinary VMA. */
static unsigned long mincore_pte_range(struct vm_area_struct *vma, pmd_t *pmd,
				       unsigned long addr, unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long resident = 0;
	spinlock_t *ptl;
	pte_t *pte;
	pmd_t pmdval = entry_read_once(pmd);

	if (pmd_none(pmdval))
		return 0;
	if (pmd_trans_huge(pmdval)) {
		ptl = pmd_lock(mm, pmd);
		if (pmd_trans_huge(entry_read(pmd)))
			resident = (end - addr) >> PAGE_SHIFT;
		spin_unlock(ptl);
		return resident;
	}
	pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	if (!pte)
		return 0;
	for (; addr != end; addr += PAGE_SIZE, pte++)
		resident += pte_present(ptep_get(pte));
	pte_unmap_unlock(pte - 1, ptl);
	return resident;
}

static unsigned long walk_pmd_spans(struct vm_area_struct *vma,
				    unsigned long addr, unsigned long end)
{
	unsigned long resident = 0, next;

	for (; addr < end; addr = next) {
		pmd_t *pmd = pt_lookup(vma->vm_mm, addr, PT_PMD);

		next = pmd_addr_end(addr, end);
		if (pmd)
			resident += mincore_pte_range(vma, pmd, addr, next);
	}
	return resident;
}

/* mincore_hugetlb(): the huge entry at @pmd, read with no table lock. */
static bool mincore_hugetlb(struct mm_struct *mm, pmd_t *pmd,
			    unsigned long addr, bool guarded)
{
	bool present;

	if (!guarded)
		hugetlb_walk_unguarded_begin(mm, pmd, addr,
					     "walk_hugetlb_range");
	present = entry_present(entry_read_once(pmd));
	if (!guarded)
		hugetlb_walk_unguarded_end();
	return present;
}

static unsigned long walk_hugetlb_range(struct vm_area_struct *vma,
					unsigned long addr, unsigned long end)
{
	bool guarded = hugetlb_walk_vma_locked(FIX_HUGETLB_WALK_VMA_LOCK);
	unsigned long resident = 0, next;

	if (guarded)
		hugetlb_vma_lock_read(vma);
	for (; addr < end; addr = next) {
		pmd_t *pmd = pt_lookup(vma->vm_mm, addr & PMD_MASK, PT_PMD);

		next = pmd_addr_end(addr, end); /* hugetlb_entry_end() */
		if (pmd && mincore_hugetlb(vma->vm_mm, pmd, addr, guarded))
			resident += (next - addr) >> PAGE_SHIFT;
	}
	if (guarded)
		hugetlb_vma_unlock_read(vma);
	return resident;
}

/* do_mincore(): the part of the range inside the VMA at @addr. */
static long do_mincore(struct mm_struct *mm, unsigned long addr,
		       unsigned long end, unsigned long *resident)
{
	struct vm_area_struct *vma;

	down_read(&mm->mmap_lock);
	vma = vma_lookup(mm, addr);
	if (!vma) {
		up_read(&mm->mmap_lock);
		return -ENOMEM;
	}
	if (end > vma->vm_end)
		end = vma->vm_end;
	if (is_vm_hugetlb_page(vma))
		*resident += walk_hugetlb_range(vma, addr, end);
	else
		*resident += walk_pmd_spans(vma, addr, end);
	up_read(&mm->mmap_lock);
	return (long)end;
}

long sys_mincore(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	unsigned long addr = start & PAGE_MASK, end = addr + len;
	unsigned long resident = 0;

	trace_func(__func__, start);
	if (end <= addr)
		return 0;
	while (addr < end) {
		long next = do_mincore(mm, addr, end, &resident);

		if (next < 0)
			return next;
		addr = (unsigned long)next;
		cond_resched();
	}
	return (long)resident;
}
