// SPDX-License-Identifier: GPL-2.0-only
/*
 * mm/memory.c's free_pgtables(), as extracted from the tree at build time
 * (scripts/lib/kextract.py, with #line), compiled against the real tlb.h
 * and tlbf/zap_shim.h: its unlink-before-free order is the tree's, its
 * unlink_anon_vmas()/unlink_file_vma() are the model's (the rmap the
 * model's walkers use), its free_pgd_range() the tree's (kernel/kpgfree.c).
 * The model's call site reaches it through kernel/kzap_model.c
 * (TLBFUZZ_KERNEL_FREE_PGTABLES).
 */
#include <asm/tlb.h>

#include "tlbf/zap_shim.h"

#define free_pgtables TLBF_KSYM(free_pgtables)

void TLBF_KSYM(kb_free_pgd_range)(void *kg, unsigned long addr,
				  unsigned long end, unsigned long floor,
				  unsigned long ceiling);

/*
 * free_pgd_range() and its hugetlb twin (x86 and arm64 use the generic
 * one) through kpgfree.c's entry, which sets up arm64's table batches,
 * traced as the model's call site traces it.
 */
static void kz_free_pgd_range(struct mmu_gather *tlb, unsigned long addr,
			      unsigned long end, unsigned long floor,
			      unsigned long ceiling)
{
	tlbf_kz_trace_func("free_pgd_range", addr);
	TLBF_KSYM(kb_free_pgd_range)(tlb, addr, end, floor, ceiling);
}
#undef free_pgd_range
#define free_pgd_range	       kz_free_pgd_range
#define hugetlb_free_pgd_range kz_free_pgd_range

#include TLBF_KFREE_PGTABLES_C

void TLBF_KSYM(kb_free_pgtables)(void *kg, void *vma, unsigned long floor,
				 unsigned long ceiling)
{
	struct vm_area_struct *k = kz_vmas(vma, ~0UL);

	/* 6.1 passes the tree; 6.12 a maple state. */
#if TLBF_KVER > 601
	{
		/* The caller's maple state stands after the first VMA. */
		MA_STATE(mas, k, k->vm_end, k->vm_end);

		/* No per-VMA locks: mm_wr_locked changes nothing here. */
		free_pgtables(kg, &mas, k, floor, ceiling, false);
	}
#else
	free_pgtables(kg, (struct maple_tree *)k, k, floor, ceiling);
#endif
	kz_vmas_free(k);
}
