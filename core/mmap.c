// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmap, munmap and exit (Linux 6.1 mm/mmap.c): do_mmap() at a fixed free
 * range, do_munmap() (do_mas_align_munmap: split, detach, optionally
 * downgrade mmap_lock, unmap_region, free the VMAs) and exit_mmap().
 *
 * Detached VMAs: 6.1 moves the VMAs being unmapped into a private maple
 * tree (mt_detach) that unmap_vmas() and free_pgtables() walk. The model
 * cuts them out of mm->mmap as one vm_next chain, which those two walk in
 * the same order. Detached VMAs stay on their rmap lists until
 * free_pgtables() unlinks them.
 */
#include <errno.h>

#include "mm_internal.h"
#include "memory.h"
#include "mmu_gather.h"
#include "oracle.h"
#include "trace.h"

long do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len,
	     unsigned long vm_flags, struct address_space *file,
	     unsigned long pgoff)
{
	struct vm_area_struct *vma;
	unsigned long end;

	len = ALIGN_UP_TO(len, PAGE_SIZE);
	if (!len || (addr & ~PAGE_MASK))
		return -EINVAL;
	if (addr < FIRST_USER_ADDRESS || addr > TASK_SIZE ||
	    len > TASK_SIZE - addr)
		return -ENOMEM;
	if (vm_flags & VM_GROWSUP)
		return -EINVAL;
	/* hugetlbfs: whole huge pages of a file only. */
	if ((vm_flags & VM_HUGETLB) && (!file || ((addr | len) & ~PMD_MASK)))
		return -EINVAL;
	end = addr + len;

	down_write(&mm->mmap_lock);
	if (!range_is_free(mm, addr, end)) {
		mmap_write_unlock(mm);
		return -EINVAL;
	}
	vma = vm_area_alloc(mm);
	if (!vma) {
		mmap_write_unlock(mm);
		return -ENOMEM;
	}
	vma->vm_start = addr;
	vma->vm_end = end;
	vma->vm_flags = vm_flags;
	vma->vm_file = file;
	/* Anonymous VMAs index their pages by virtual page number. */
	vma->vm_pgoff = file ? pgoff : addr >> PAGE_SHIFT;
	init_rwsem(&vma->hugetlb_lock);
	vma->hugetlb_shareable = !!(vm_flags & VM_HUGETLB);
	vma_list_insert(mm, vma);
	if (file)
		vma_link_rmap(vma);
	mmap_write_unlock(mm);
	return (long)addr;
}

void unmap_region(struct mm_struct *mm, struct vm_area_struct *vma,
		  struct vm_area_struct *prev, unsigned long start,
		  unsigned long end)
{
	struct vm_area_struct *next = prev ? prev->vm_next : mm->mmap;
	struct mmu_gather tlb;

	trace_func(__func__, start);
	tlb_gather_mmu(&tlb, mm);
	unmap_vmas(&tlb, vma, start, end);
	free_pgtables(&tlb, vma, prev ? prev->vm_end : FIRST_USER_ADDRESS,
		      next ? next->vm_start : USER_PGTABLES_CEILING);
	tlb_finish_mmu(&tlb);
}

/* Split so that no VMA straddles @start or @end. */
static int split_edges(struct mm_struct *mm, unsigned long start,
		       unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);
	int err;

	if (vma && vma->vm_start < start && vma->vm_end > start) {
		err = __split_vma(mm, vma, start, 0);
		if (err)
			return err;
	}
	vma = find_vma(mm, end);
	if (vma && vma->vm_start < end && vma->vm_end > end)
		return __split_vma(mm, vma, end, 1);
	return 0;
}

/* Cut the VMAs inside [start, end) out of mm->mmap as one chain. */
static struct vm_area_struct *detach_vmas(struct mm_struct *mm,
					  unsigned long start,
					  unsigned long end,
					  struct vm_area_struct **prevp)
{
	struct vm_area_struct *first = find_vma(mm, start);
	struct vm_area_struct *last = first, *next;

	*prevp = first->vm_prev;
	while (last->vm_next && last->vm_next->vm_start < end) {
		last = last->vm_next;
		mm->map_count--;
	}
	mm->map_count--;
	next = last->vm_next;
	if (*prevp)
		(*prevp)->vm_next = next;
	else
		mm->mmap = next;
	if (next)
		next->vm_prev = *prevp;
	first->vm_prev = NULL;
	last->vm_next = NULL;
	return first;
}

/* remove_mt(): free the detached chain. */
static void remove_vma_chain(struct vm_area_struct *vma)
{
	while (vma) {
		struct vm_area_struct *next = vma->vm_next;

		remove_vma(vma);
		vma = next;
	}
}

/*
 * A stack next to the hole (growing down from above, or up from below)
 * may expand into it under mmap_lock held for read, colliding with the
 * tables being freed: munmap then keeps the write lock.
 */
static bool stack_may_grow_into(struct vm_area_struct *below,
				struct vm_area_struct *above)
{
	bool up = below && (below->vm_flags & VM_GROWSUP);
	bool down = above && (above->vm_flags & VM_GROWSDOWN);

	return up || down;
}

/*
 * Returns 1 when mmap_lock was downgraded (the caller then drops it for
 * read), 0 when still held for write, or a negative errno.
 */
int do_munmap_locked(struct mm_struct *mm, unsigned long start,
		     unsigned long len, bool downgrade)
{
	struct vm_area_struct *vma, *prev, *next;
	unsigned long end;
	int err;

	if ((start & ~PAGE_MASK) || start > TASK_SIZE ||
	    len > TASK_SIZE - start)
		return -EINVAL;
	end = start + ALIGN_UP_TO(len, PAGE_SIZE);
	if (end == start)
		return -EINVAL;
	vma = find_vma(mm, start);
	if (!vma || vma->vm_start >= end)
		return 0;

	err = split_edges(mm, start, end);
	if (err)
		return err;
	vma = detach_vmas(mm, start, end, &prev);
	next = prev ? prev->vm_next : mm->mmap;

	if (downgrade && stack_may_grow_into(prev, next))
		downgrade = false;
	if (downgrade)
		downgrade_write(&mm->mmap_lock);
	unmap_region(mm, vma, prev, start, end);
	remove_vma_chain(vma);
	return downgrade ? 1 : 0;
}

int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len,
	      bool downgrade)
{
	unsigned long end = start + ALIGN_UP_TO(len, PAGE_SIZE);
	int ret;

	oracle_zap_begin(mm, start, end);

	down_write(&mm->mmap_lock);
	ret = do_munmap_locked(mm, start, len, downgrade);
	if (ret == 1) {
		up_read(&mm->mmap_lock);
		ret = 0;
	} else {
		mmap_write_unlock(mm);
	}
	if (!ret)
		oracle_check(oracle_zap_done(mm, start, end));
	else
		oracle_zap_cancel();
	return ret;
}

/*
 * exit_mmap() as in 6.1: the zap runs under mmap_lock for read (the OOM
 * reaper may zap beside it), the table freeing under the write lock.
 */
void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	struct mmu_gather tlb;

	trace_func(__func__, 0);
	/* __mmput(): the last user is gone before exit_mmap() starts. */
	WRITE_ONCE(mm->exiting, true);
	down_read(&mm->mmap_lock);
	vma = mm->mmap;
	if (!vma) {
		up_read(&mm->mmap_lock);
		goto out;
	}
	tlb_gather_mmu_fullmm(&tlb, mm);
	unmap_vmas(&tlb, vma, 0, ~0UL);
	up_read(&mm->mmap_lock);

	down_write(&mm->mmap_lock);
	free_pgtables(&tlb, vma, FIRST_USER_ADDRESS, USER_PGTABLES_CEILING);
	tlb_finish_mmu(&tlb);
	mm->mmap = NULL;
	while (vma) {
		struct vm_area_struct *next = vma->vm_next;

		remove_vma(vma);
		mm->map_count--;
		vma = next;
		cond_resched();
	}
	mmap_write_unlock(mm);
out:
	WRITE_ONCE(mm->dead, true);
	check_mm(mm);
}
