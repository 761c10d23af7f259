// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model-world side of tlbf/exec_vma.h: the VMA lookups, the change of
 * extent and the page-table move that the tree's exec stack shift
 * (kernel/kexec.c) calls, done by the model's own functions.
 */
#include "memory.h"
#include "mm_internal.h"
#include "tlbf/kapi_gupexec.h"

unsigned long tlbf_k_exec_vma_changes;

void *tlbf_k_vma_find(void *mm, unsigned long addr)
{
	return find_vma(mm, addr);
}

void tlbf_k_vma_range(void *vma, unsigned long *start, unsigned long *end,
		      unsigned long *flags, unsigned long *pgoff)
{
	struct vm_area_struct *v = vma;

	*start = v->vm_start;
	*end = v->vm_end;
	*flags = v->vm_flags;
	*pgoff = v->vm_pgoff;
}

int tlbf_k_vma_set_range(void *vma, unsigned long start, unsigned long end)
{
	__atomic_add_fetch(&tlbf_k_exec_vma_changes, 1, __ATOMIC_RELAXED);
	vma_set_range(vma, start, end);
	return 0;
}

unsigned long tlbf_k_move_page_tables(void *vma, unsigned long old_addr,
				      void *new_vma, unsigned long new_addr,
				      unsigned long len, bool need_rmap_locks)
{
	return move_page_tables(vma, old_addr, new_vma, new_addr, len,
				need_rmap_locks);
}
