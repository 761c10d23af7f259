// SPDX-License-Identifier: GPL-2.0-only
/*
 * free_pgtables() (Linux 6.1 mm/memory.c): free the page tables under a
 * chain of VMAs that are being removed.
 *
 * @vma heads a chain (vm_next) of VMAs already taken off the mm's list:
 * munmap's detached VMAs, or every VMA at exit. Each VMA is first hidden
 * from rmap walkers (unlink_anon_vmas, unlink_file_vma): truncate and
 * reclaim walk tables without mmap_lock, reaching the pmd without any
 * lock, so a table may only be freed once no rmap walk can find a VMA
 * over it. Then free_pgd_range() hands the tables to the gather, which
 * frees them only after the TLB flush.
 *
 * floor stays the caller's (the end of the VMA below the removed ones);
 * ceiling is the next removed VMA's start, or the caller's ceiling after
 * the last. VMAs closer than PMD_SIZE share one free_pgd_range() call,
 * hugetlb ones never (the model has none: do_mmap refuses VM_HUGETLB).
 */
#include "arch.h"
#include "inject.h"
#include "mm_internal.h"
#include "memory.h"
#include "mmu_gather.h"
#include "rules.h"
#include "trace.h"
#ifdef TLBF_KERNEL_FREE_PGTABLES
#include "tlbf/kcallers.h" /* kernel mode: the tree's free_pgtables() */
#endif

/* The next removed VMA below @ceiling (ceiling 0: no limit), or NULL. */
static struct vm_area_struct *next_below(struct vm_area_struct *vma,
					 unsigned long ceiling)
{
	struct vm_area_struct *next = vma->vm_next;

	/* USER_PGTABLES_CEILING may be 0: ceiling - 1 wraps to the top. */
	if (next && next->vm_start > ceiling - 1)
		return NULL;
	return next;
}

static void unlink_from_rmap(struct vm_area_struct *vma)
{
	unlink_anon_vmas(vma);
	unlink_file_vma(vma);
}

/*
 * 6.10+ (rules 6.12): a group's file VMAs leave the file's i_mmap in
 * batches, after the anon_vma unlinks before them: a batch is emptied when
 * full, when a VMA of another file comes, and at the end of the group
 * (mm/mmap.c's unlink_file_vma_batch_*; one i_mmap lock round per VMA
 * here, as kernel mode's shim takes it).
 */
struct unlink_vma_file_batch {
	unsigned int count;
	struct vm_area_struct *vmas[8];
};

static void unlink_file_vma_batch_final(struct unlink_vma_file_batch *vb)
{
	unsigned int i;

	for (i = 0; i < vb->count; i++)
		unlink_file_vma(vb->vmas[i]);
	vb->count = 0;
}

static void unlink_file_vma_batch_add(struct unlink_vma_file_batch *vb,
				      struct vm_area_struct *vma)
{
	if (!vma->vm_file)
		return;
	if ((vb->count && vb->vmas[0]->vm_file != vma->vm_file) ||
	    vb->count == sizeof(vb->vmas) / sizeof(vb->vmas[0]))
		unlink_file_vma_batch_final(vb);
	vb->vmas[vb->count++] = vma;
}

/* Hide @vma from rmap now (6.1), or its file part with the batch (6.10+). */
static void unlink_early(struct vm_area_struct *vma,
			 struct unlink_vma_file_batch *vb)
{
	if (!rules_at_least(610)) {
		unlink_from_rmap(vma);
		return;
	}
	unlink_anon_vmas(vma);
	unlink_file_vma_batch_add(vb, vma);
}

/* Unlink @first .. @last (inclusive) from rmap. */
static void unlink_group(struct vm_area_struct *first,
			 struct vm_area_struct *last)
{
	struct vm_area_struct *vma = first;

	for (;;) {
		unlink_from_rmap(vma);
		if (vma == last)
			break;
		vma = vma->vm_next;
	}
}

/*
 * Seed 000's unlinking pass (2.6.15 with CONFIG_PREEMPT), which the
 * profiles with the range-only flush keep (range-only, ia64): theirs is
 * the flush that covers only the range tlb_finish_mmu() is given. With more than one VMA, finish the
 * gather (flushing and freeing what the zap queued), hide every VMA from
 * rmap with no gather open, and start a new gather for the tables.
 * regather-zero-range: the finish is given an empty range, as the
 * non-ia64 definitions did, so the zap's pending flush is dropped.
 * Returns true when every VMA is unlinked already.
 */
static bool unlink_pass(struct mmu_gather *tlb, struct vm_area_struct *vma)
{
	bool fullmm = tlb->fullmm;

	if (tlbf_arch->flush != FLUSH_RANGE_ONLY || !vma->vm_next)
		return false;
	if (injected(BUG_REGATHER_ZERO_RANGE))
		tlb->start = tlb->end = 0;
	tlb_finish_mmu(tlb);
	for (; vma; vma = vma->vm_next)
		unlink_from_rmap(vma);
	if (fullmm)
		tlb_gather_mmu_fullmm(tlb, tlb->mm);
	else
		tlb_gather_mmu(tlb, tlb->mm);
	return true;
}

void free_pgtables(struct mmu_gather *tlb, struct vm_area_struct *vma,
		   unsigned long floor, unsigned long ceiling)
{
	bool unlinked;

	trace_func(__func__, vma->vm_start);
#ifdef TLBF_KERNEL_FREE_PGTABLES
	if (kcallers_free_pgtables(tlb, vma, floor, ceiling))
		return;
#endif
	unlinked = unlink_pass(tlb, vma);
	do {
		struct vm_area_struct *first = vma;
		unsigned long addr = vma->vm_start;
		struct vm_area_struct *next = next_below(vma, ceiling);
		bool late_unlink = unlinked || injected(BUG_FREE_BEFORE_UNLINK);
		struct unlink_vma_file_batch vb = {.count = 0};

		if (!late_unlink)
			unlink_early(vma, &vb);
		/* Merge neighbours closer than a PMD into one call. */
		while (next && next->vm_start <= vma->vm_end + PMD_SIZE &&
		       !is_vm_hugetlb_page(next) && !is_vm_hugetlb_page(vma)) {
			vma = next;
			next = next_below(vma, ceiling);
			if (!late_unlink)
				unlink_early(vma, &vb);
		}
		unlink_file_vma_batch_final(&vb);
		free_pgd_range(tlb, addr, vma->vm_end, floor,
			       next ? next->vm_start : ceiling);
		/* BUG_FREE_BEFORE_UNLINK: rmap can still reach the tables. */
		if (late_unlink && !unlinked)
			unlink_group(first, vma);
		vma = next;
	} while (vma);
}
