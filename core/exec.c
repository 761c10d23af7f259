// SPDX-License-Identifier: GPL-2.0-only
/*
 * exec's stack move (Linux 6.1 fs/exec.c shift_arg_pages(), called by
 * setup_arg_pages() with mmap_lock held for write).
 *
 * exec builds the argument pages high, then moves the stack VMA down by
 * @shift: grow the VMA down to cover both ranges, move the page tables,
 * free the tables the old range no longer needs, shrink the VMA. The
 * freeing zaps no pte (move_page_tables already moved and flushed them),
 * so the only thing telling tlb_finish_mmu() to flush the walk caches is
 * what free_pgd_range() recorded: the tables' range and freed_tables.
 * Seed 004 (2011): ARM, ia64 and sh flushed only ranges seen zapped, so
 * these tables were freed with no flush at all (BUG_SHIFT_NOFLUSH).
 *
 * The new mm has no other threads yet; the caller guarantees @vma stays.
 */
#include <errno.h>

#include "inject.h"
#include "mm_internal.h"
#include "memory.h"
#include "mmu_gather.h"
#include "oracle.h"
#include "trace.h"

/* vma_adjust(): change the VMA's extent under its rmap locks. */
void vma_set_range(struct vm_area_struct *vma, unsigned long start,
		   unsigned long end)
{
	struct rw_semaphore *lock = NULL;

	if (vma->anon_vma && vma->rmap_linked)
		lock = &vma->anon_vma->rwsem;
	else if (vma->vm_file && vma->rmap_linked)
		lock = &vma->vm_file->i_mmap_rwsem;
	if (lock)
		down_write(lock);
	vma->vm_start = start;
	vma->vm_end = end;
	if (lock)
		up_write(lock);
}

/*
 * BUG_SHIFT_NOFLUSH: the 2011 gather, whose finish flushed only what zap
 * reported; freeing tables told it nothing. Forget what free_pgd_range()
 * recorded so that tlb_finish_mmu() sees nothing to flush.
 */
static void shift_noflush_forget(struct mmu_gather *tlb)
{
	/* An empty range, no level cleared, no table freed. */
	tlb->start = TASK_SIZE;
	tlb->end = 0;
	tlb->need_flush_all = tlb->freed_tables = 0;
	tlb->cleared_ptes = tlb->cleared_pmds = 0;
	tlb->cleared_puds = tlb->cleared_p4ds = 0;
}

static int shift_locked(struct vm_area_struct *vma, unsigned long shift)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long old_start = vma->vm_start, old_end = vma->vm_end;
	unsigned long length = old_end - old_start;
	unsigned long new_start = old_start - shift;
	unsigned long new_end = old_end - shift;
	struct vm_area_struct *next;
	struct mmu_gather tlb;
	unsigned long ceiling;

	if (shift > old_start || (shift & ~PAGE_MASK))
		return -EINVAL;
#ifdef TLBF_KERNEL_EXEC
	/* Kernel mode: the tree's own (kernel/kgupexec.c). */
	return tlbf_kernel_shift_arg_pages(vma, shift);
#endif
	/* Nothing may sit in [new_start, old_start). */
	if (find_vma(mm, new_start) != vma)
		return -EFAULT;
	vma_set_range(vma, new_start, old_end);
	if (move_page_tables(vma, old_start, vma, new_start, length, false) !=
	    length)
		return -ENOMEM;

	tlb_gather_mmu(&tlb, mm);
	next = vma->vm_next;
	ceiling = next ? next->vm_start : USER_PGTABLES_CEILING;
	if (new_end > old_start) /* overlapping ranges */
		free_pgd_range(&tlb, new_end, old_end, new_end, ceiling);
	else /* disjoint ranges */
		free_pgd_range(&tlb, old_start, old_end, new_end, ceiling);
	if (injected(BUG_SHIFT_NOFLUSH))
		shift_noflush_forget(&tlb);
	tlb_finish_mmu(&tlb);

	vma_set_range(vma, new_start, new_end);
	return 0;
}

int shift_arg_pages(struct vm_area_struct *vma, unsigned long shift)
{
	struct mm_struct *mm = vma->vm_mm;
	int ret;

	trace_func(__func__, vma->vm_start);
	down_write(&mm->mmap_lock);
	ret = shift_locked(vma, shift);
	mmap_write_unlock(mm);
	return ret;
}

/*
 * The same, for a caller that names the stack by address: the lookup and
 * the move happen under one hold of mmap_lock, so no other CPU can unmap
 * the VMA in between (in the kernel, exec owns its new mm outright).
 */
int shift_arg_pages_at(struct mm_struct *mm, unsigned long start,
		       unsigned long shift)
{
	struct vm_area_struct *vma;
	int ret = -EFAULT;

	trace_func(__func__, start);
	down_write(&mm->mmap_lock);
	vma = find_vma(mm, start);
	if (vma && vma->vm_start == start && (vma->vm_flags & VM_GROWSDOWN))
		ret = shift_locked(vma, shift);
	mmap_write_unlock(mm);
	return ret;
}
