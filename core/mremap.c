// SPDX-License-Identifier: GPL-2.0-only
/*
 * mremap (Linux 6.1 mm/mremap.c): do_mremap() -> move_vma() ->
 * move_page_tables() -> move_ptes().
 *
 * The rule this file pins (eb66ae030829, CVE-2018-18281): move_ptes()
 * flushes the old range from every TLB *before* it drops the old PTE
 * lock. Once the lock is gone, an rmap walker (truncate, reclaim) can find
 * the page at its new address, unmap it there and free it; a CPU still
 * translating the old address would then write to a freed page.
 *
 * need_rmap_locks: copy_vma() asks for the rmap locks only when the new
 * VMA could come before the old one in an rmap walk; the model never
 * merges, so the new VMA is appended and the flag is false, as in the
 * kernel's non-merge case. Without them, an rmap walk may run between two
 * extents: the old-to-new order of the rmap list makes it see each page.
 *
 * Simplified: no whole-PMD/PUD table moves (HAVE_MOVE_PMD/PUD): every
 * extent goes through move_ptes(). A huge pmd moves whole when the extent
 * covers it; otherwise the move stops (the kernel splits the THP) and
 * move_vma() takes its failure path: move back, unmap the new range.
 */
#include <errno.h>

#include "arch.h"
#include "mm_internal.h"
#include "memory.h"
#include "oracle.h"
#include "trace.h"

static void take_rmap_locks(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		down_write(&vma->vm_file->i_mmap_rwsem);
	if (vma->anon_vma)
		down_write(&vma->anon_vma->rwsem);
}

static void drop_rmap_locks(struct vm_area_struct *vma)
{
	if (vma->anon_vma)
		up_write(&vma->anon_vma->rwsem);
	if (vma->vm_file)
		up_write(&vma->vm_file->i_mmap_rwsem);
}

static void move_ptes(struct vm_area_struct *vma, pmd_t *old_pmd,
		      unsigned long old_addr, unsigned long old_end,
		      pmd_t *new_pmd, unsigned long new_addr,
		      bool need_rmap_locks)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long len = old_end - old_addr;
	spinlock_t *old_ptl, *new_ptl;
	pte_t *old_pte, *new_pte;
	bool force_flush = false;

	trace_func(__func__, old_addr);
	if (need_rmap_locks)
		take_rmap_locks(vma);
	old_pte = pte_offset_map_lock(mm, old_pmd, old_addr, &old_ptl);
	if (!old_pte)
		goto out;
	new_pte = pte_offset_map(new_pmd, new_addr);
	new_ptl = pte_lockptr(mm, new_pmd);
	if (new_ptl != old_ptl)
		spin_lock(new_ptl);
	flush_tlb_batched_pending(mm);

	for (; old_addr < old_end; old_pte++, old_addr += PAGE_SIZE, new_pte++,
				   new_addr += PAGE_SIZE) {
		pte_t pte;

		if (pte_none(ptep_get(old_pte)))
			continue;
		pte = entry_xchg(old_pte, 0);
		/* A present pte may sit in some CPU's TLB: flush below. */
		if (pte_present(pte))
			force_flush = true;
		entry_write(new_pte, pte);
	}
	/* eb66ae030829: before the old PTL goes, not after. */
	if (force_flush)
		flush_tlb_range(vma, old_end - len, old_end);
	oracle_zap_pass(mm, old_end - len, old_end);
	if (new_ptl != old_ptl)
		spin_unlock(new_ptl);
	pte_unmap_unlock(old_pte, old_ptl);
out:
	if (need_rmap_locks)
		drop_rmap_locks(vma);
}

/* move_huge_pmd(): the THP mapping moves as one entry. */
static bool move_huge_pmd(struct vm_area_struct *vma, unsigned long old_addr,
			  pmd_t *old_pmd, pmd_t *new_pmd)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *ptl;
	pmd_t pmd;

	if (!pmd_none(entry_read(new_pmd)))
		return false;
	/* Both pmds share page_table_lock in the model. */
	ptl = pmd_lock(mm, old_pmd);
	pmd = entry_xchg(old_pmd, 0);
	entry_write(new_pmd, pmd);
	if (entry_present(pmd))
		flush_tlb_range(vma, old_addr, old_addr + PMD_SIZE);
	oracle_zap_pass(mm, old_addr, old_addr + PMD_SIZE);
	spin_unlock(ptl);
	return true;
}

/* get_extent(NORMAL_PMD): stay inside one pmd on both sides. */
static unsigned long get_extent(unsigned long old_addr, unsigned long old_end,
				unsigned long new_addr)
{
	unsigned long extent = pmd_addr_end(old_addr, old_end) - old_addr;
	unsigned long new_room = ((new_addr + PMD_SIZE) & PMD_MASK) - new_addr;

	return extent < new_room ? extent : new_room;
}

static pmd_t *get_old_pmd(struct mm_struct *mm, unsigned long addr)
{
	pmd_t *pmd = pt_lookup(mm, addr, PT_PMD);

	if (!pmd || pmd_none(entry_read(pmd)))
		return NULL;
	return pmd;
}

unsigned long move_page_tables(struct vm_area_struct *vma,
			       unsigned long old_addr,
			       struct vm_area_struct *new_vma,
			       unsigned long new_addr, unsigned long len,
			       bool need_rmap_locks)
{
	unsigned long old_end = old_addr + len, extent;
	pmd_t *old_pmd, *new_pmd;

	trace_func(__func__, old_addr);
	for (; old_addr < old_end; old_addr += extent, new_addr += extent) {
		cond_resched();
		extent = get_extent(old_addr, old_end, new_addr);
		old_pmd = get_old_pmd(vma->vm_mm, old_addr);
		if (!old_pmd)
			continue;
		new_pmd = pt_alloc_walk(new_vma->vm_mm, new_addr, PT_PMD);
		if (!new_pmd)
			break;
		if (pmd_trans_huge(entry_read(old_pmd))) {
			if (extent == PMD_SIZE &&
			    move_huge_pmd(vma, old_addr, old_pmd, new_pmd))
				continue;
			break; /* no split_huge_pmd in the model */
		}
		if (!pt_alloc_walk(new_vma->vm_mm, new_addr, PT_PTE))
			break;
		move_ptes(vma, old_pmd, old_addr, old_addr + extent, new_pmd,
			  new_addr, need_rmap_locks);
	}
	return len + old_addr - old_end;
}

/* copy_vma() without merging: a new VMA, linked after the old in rmap. */
static struct vm_area_struct *copy_vma(struct vm_area_struct *vma,
				       unsigned long addr, unsigned long len,
				       unsigned long pgoff)
{
	struct vm_area_struct *new_vma;

	/* Never faulted: index by the new address, as copy_vma() does. */
	if (vma_is_anonymous(vma) && !vma->anon_vma)
		pgoff = addr >> PAGE_SHIFT;
	new_vma = vm_area_dup(vma);
	if (!new_vma)
		return NULL;
	new_vma->vm_start = addr;
	new_vma->vm_end = addr + len;
	new_vma->vm_pgoff = pgoff;
	vma_list_insert(vma->vm_mm, new_vma);
	if (vma->rmap_linked)
		vma_link_rmap(new_vma);
	return new_vma;
}

static long move_vma(struct vm_area_struct *vma, unsigned long old_addr,
		     unsigned long len, unsigned long new_addr)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long pgoff =
		vma->vm_pgoff + ((old_addr - vma->vm_start) >> PAGE_SHIFT);
	struct vm_area_struct *new_vma;
	unsigned long moved;
	long ret = (long)new_addr;
	int err;

	new_vma = copy_vma(vma, new_addr, len, pgoff);
	if (!new_vma)
		return -ENOMEM;
	moved = move_page_tables(vma, old_addr, new_vma, new_addr, len, false);
	if (moved < len) {
		/* Put back what moved, then unmap the new range instead. */
		move_page_tables(new_vma, new_addr, vma, old_addr, moved, true);
		old_addr = new_addr;
		ret = -ENOMEM;
	}
	err = do_munmap_locked(mm, old_addr, len, false);
	if (err < 0 && ret >= 0)
		ret = err;
	return ret;
}

long do_mremap(struct mm_struct *mm, unsigned long old_addr, unsigned long len,
	       unsigned long new_addr)
{
	struct vm_area_struct *vma;
	long ret;

	len = ALIGN_UP_TO(len, PAGE_SIZE);
	if (!len || (old_addr & ~PAGE_MASK) || (new_addr & ~PAGE_MASK))
		return -EINVAL;
	if (new_addr > TASK_SIZE || len > TASK_SIZE - new_addr ||
	    old_addr > TASK_SIZE || len > TASK_SIZE - old_addr)
		return -EINVAL;
	/* mremap_to(): the ranges may not overlap. */
	if (old_addr < new_addr + len && new_addr < old_addr + len)
		return -EINVAL;

	oracle_zap_begin(mm, old_addr, old_addr + len);
	down_write(&mm->mmap_lock);
	ret = do_munmap_locked(mm, new_addr, len, false);
	if (ret < 0)
		goto out;
	vma = vma_lookup(mm, old_addr);
	if (!vma || old_addr + len > vma->vm_end) {
		ret = -EFAULT;
		goto out;
	}
	/* Moving hugetlb tables (move_hugetlb_page_tables) is not modelled. */
	if (is_vm_hugetlb_page(vma)) {
		ret = -EINVAL;
		goto out;
	}
	ret = move_vma(vma, old_addr, len, new_addr);
out:
	mmap_write_unlock(mm);
	if (ret >= 0)
		oracle_check(oracle_zap_done(mm, old_addr, old_addr + len));
	else
		oracle_zap_cancel();
	return ret;
}
