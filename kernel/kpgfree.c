// SPDX-License-Identifier: GPL-2.0-only
/*
 * mm/memory.c's free_pte_range() ... free_pgd_range(), as extracted from
 * the tree at build time by scripts/lib/kextract.py (with #line, so
 * reports point at the tree's file), compiled against the page-table
 * accessors of tlbf/pgtable.h and the real tlb.h.
 */

/*
 * As in kbridge.c, tlb.h's inlines reach __tlb_remove_page_size() through
 * the counting wrapper: on page-batch profiles pte_free_tlb() queues the
 * table as a page, and a "batch full" there must show in the trace too
 * (the differential oracle found it missing).
 */
#undef __tlb_remove_page_size
#define __tlb_remove_page_size TLBF_KSYM(tlbf_counted_remove_page_size)

#include <asm/tlb.h>

void free_pgd_range(struct mmu_gather *tlb, unsigned long addr,
		    unsigned long end, unsigned long floor,
		    unsigned long ceiling);

#include TLBF_KPGFREE_C

void TLBF_KSYM(kb_free_pgd_range)(void *kg, unsigned long addr,
				  unsigned long end, unsigned long floor,
				  unsigned long ceiling)
{
	/* The tree's arm64 __p?d_free_tlb() fill table batches only. */
	if (IS_ENABLED(TLBF_KARCH_ARM64))
		tlbf_k_alloc_table_batch(true);
	free_pgd_range(kg, addr, end, floor, ceiling);
	if (IS_ENABLED(TLBF_KARCH_ARM64))
		tlbf_k_alloc_table_batch(false);
}
