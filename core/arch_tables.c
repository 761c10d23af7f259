// SPDX-License-Identifier: GPL-2.0-only
/*
 * The arch table path: what __p?d_free_tlb does with a page-table page
 * once the generic p?d_free_tlb has marked the gather, and how
 * __tlb_remove_table finally frees it.
 *
 *   x86-native   the table is an ordinary page to the gather
 *                (native paravirt_tlb_remove_table = tlb_remove_page):
 *                freed by put_page after the flush IPI, VIA_PAGE_BATCH.
 *   x86-rcu,     MMU_GATHER_TABLE_FREE + RCU_TABLE_FREE: tlb_remove_table,
 *   arm64        a table batch freed from an RCU callback (VIA_RCU), or
 *                alone after an IPI sync when no batch page (VIA_DIRECT).
 *   range-only   page batch like x86-native, but the flush only covers
 *                addresses it was given, so __p?d_free_tlb widens the
 *                range over the table's whole span (the 2011 fix).
 *   no-range     page batch; every flush is of the whole mm.
 */
#include "arch.h"

#include "inject.h"
#include "mmu_gather.h"
#include "page.h"

/*
 * range-only: the flush drops only walk entries filled from an address it
 * names, so name every address the freed table served (the 2011 fix).
 * pte-free-range-one-page leaves a PTE table at pte_free_tlb's one page;
 * end-vma-loses-flush is the gather from before that fix, which marked
 * nothing for a freed table (see p?d_free_tlb in mmu_gather.c).
 */
static void range_only_cover_table(struct mmu_gather *tlb, struct page *table)
{
	unsigned long span = 1UL << table_span_shift(table->pt_level);
	unsigned long base = table->pt_base & ~(span - 1);

	if (tlbf_arch->flush != FLUSH_RANGE_ONLY ||
	    injected(BUG_END_VMA_LOSES_FLUSH))
		return;
	/*
	 * Name the span by its first and last page: the gather's range_size
	 * is an unsigned int, and a PUD table's span (512 GiB) would wrap it
	 * to nothing, leaving the walk entries of the rest of the span.
	 */
	switch (table->pt_level) {
	case PT_PTE:
		if (injected(BUG_PTE_FREE_RANGE_ONE_PAGE))
			return;
		tlb_flush_pmd_range(tlb, base, PAGE_SIZE);
		tlb_flush_pmd_range(tlb, base + span - PAGE_SIZE, PAGE_SIZE);
		break;
	case PT_PMD:
		tlb_flush_pud_range(tlb, base, PAGE_SIZE);
		tlb_flush_pud_range(tlb, base + span - PAGE_SIZE, PAGE_SIZE);
		break;
	default:
		tlb_flush_p4d_range(tlb, base, PAGE_SIZE);
		tlb_flush_p4d_range(tlb, base + span - PAGE_SIZE, PAGE_SIZE);
		break;
	}
}

static void free_table_tlb(struct mmu_gather *tlb, struct page *table)
{
	range_only_cover_table(tlb, table);
	tlb_remove_table(tlb, table);
}

void __pte_free_tlb(struct mmu_gather *tlb, struct page *pte,
		    unsigned long address)
{
	(void)address;
	free_table_tlb(tlb, pte);
}

void __pmd_free_tlb(struct mmu_gather *tlb, struct page *pmd,
		    unsigned long address)
{
	(void)address;
	free_table_tlb(tlb, pmd);
}

void __pud_free_tlb(struct mmu_gather *tlb, struct page *pud,
		    unsigned long address)
{
	(void)address;
	if (level_folded(PT_PUD))
		return;
	free_table_tlb(tlb, pud);
}

void __p4d_free_tlb(struct mmu_gather *tlb, struct page *p4d,
		    unsigned long address)
{
	(void)address;
	if (level_folded(PT_P4D))
		return;
	free_table_tlb(tlb, p4d);
}

void __tlb_remove_table_via(void *table, enum table_via via)
{
	free_pt_page(table, via);
}

void __tlb_remove_table(void *table)
{
	__tlb_remove_table_via(table, VIA_DIRECT);
}

/*
 * Every profile with RCU table freeing walks its tables in hardware, so
 * tables leaving the gather always need a TLB (walk-cache) invalidate
 * first, the generic default.
 */
bool tlb_needs_table_invalidate(void)
{
	return true;
}

/* The model's gather runs every geometry as asked. */
const struct pt_geometry *geometry_for_gather(const struct pt_geometry *g)
{
	return g;
}
