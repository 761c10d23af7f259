/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The mmu_gather API, with the kernel's names, types and fields (Linux 6.1,
 * include/asm-generic/tlb.h and mm/mmu_gather.c). Callers (zap, free_pgd_range,
 * shift_arg_pages, mremap) reach the gather only through this header, so
 * that a kernel-source build can link the kernel's own mm/mmu_gather.c in
 * place of core/mmu_gather.c with everything else shared.
 *
 * The arch side (tlb_flush and the flush rules, __p?d_free_tlb,
 * __tlb_remove_table, IPIs, RCU) lives in core/arch.h and core/arch_*.c.
 *
 * See core/mmu_gather.c for the ordering invariant and the API in call
 * order.
 */
#ifndef TLBF_MMU_GATHER_H
#define TLBF_MMU_GATHER_H

#include <stdbool.h>

#include "mm.h"
#include "page.h"
#include "pgtable.h"
#include "sync.h"

/* The largest bundle any geometry uses (the kernel's is 8). */
#define MMU_GATHER_BUNDLE_MAX 8

/*
 * The kernel ends this with a flexible pages[] and overlays the bundle
 * (tlb->local followed by tlb->__pages); strict C forbids a flexible
 * member in the middle of struct mmu_gather, so here @pages points at the
 * slots: tlb->__pages for the bundle, the rest of the batch page for a
 * batch.
 */
struct mmu_gather_batch {
	struct mmu_gather_batch *next;
	unsigned int nr;
	unsigned int max;
	struct encoded_page **encoded_pages;
};

/*
 * A batch slot (6.2+ encoded pages): a page pointer with flag bits in its
 * low bits, or, in the slot after a page flagged NR_PAGES_NEXT, a page
 * count shifted clear of those bits. 6.1's rules store plain pages, which
 * encode with no flags.
 */
struct encoded_page;
#define ENCODED_PAGE_BITS	       3UL
#define ENCODED_PAGE_BIT_DELAY_RMAP    1UL
#define ENCODED_PAGE_BIT_NR_PAGES_NEXT 2UL

struct mmu_table_batch {
	struct rcu_head rcu;
	unsigned int nr;
	void *tables[];
};

struct mmu_gather {
	struct mm_struct *mm;
	struct mmu_table_batch *batch; /* MMU_GATHER_TABLE_FREE profiles */

	/* The range to flush; see __tlb_reset_range() for "empty". */
	unsigned long start;
	unsigned long end;

	unsigned int fullmm : 1; /* the whole mm dies (exit) */
	unsigned int need_flush_all : 1; /* arch wants a full flush */
	unsigned int freed_tables : 1; /* walk caches must go too */
	/* Levels whose entries were cleared: they set the flush stride. */
	unsigned int cleared_ptes : 1; /* leaf ptes */
	unsigned int cleared_pmds : 1; /* THP/hugetlb pmds, or pte tables */
	unsigned int cleared_puds : 1; /* huge puds, or pmd tables */
	unsigned int cleared_p4ds : 1; /* pud tables */
	/* The VMA being zapped (tlb_start_vma), for flush_tlb_range(). */
	unsigned int vma_exec : 1; /* VM_EXEC: the I-TLB too */
	unsigned int vma_huge : 1; /* VM_HUGETLB */
	unsigned int vma_pfn : 1; /* VM_PFNMAP/VM_MIXEDMAP: end_vma flushes */
	/* hugetlb PMD-table unsharing (tlb_unshare_pmd_ptdesc) */
	unsigned int unshared_tables : 1; /* a shared table was unmapped */
	unsigned int fully_unshared_tables : 1; /* ... and is now private */

	unsigned int batch_count; /* page batches allocated */

	struct mmu_gather_batch *active; /* where the next page goes */
	struct mmu_gather_batch local; /* the on-stack bundle */
	unsigned int delayed_rmap : 1; /* a slot waits for tlb_flush_rmaps */
	struct encoded_page *__encoded_pages[MMU_GATHER_BUNDLE_MAX];
};

/*
 * Model builds only: take a later kernel's zap and gather rules for every
 * run from now on (tlbf-events --like), so kernel/diff can compare the
 * model with that tree's code. @kver is major * 100 + minor; 0 gives the
 * choice back to each input's header (core/rules.h lists the rules).
 */
void tlb_gather_rules(unsigned int kver);
/* The linked tree's version (kernel builds), or 0 (the model's gather). */
unsigned int tlb_gather_tree_kver(void);

void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm);
void tlb_gather_mmu_fullmm(struct mmu_gather *tlb, struct mm_struct *mm);
void tlb_gather_mmu_vma(struct mmu_gather *tlb, struct vm_area_struct *vma);
void tlb_finish_mmu(struct mmu_gather *tlb);

void tlb_start_vma(struct mmu_gather *tlb, struct vm_area_struct *vma);
void tlb_end_vma(struct mmu_gather *tlb, struct vm_area_struct *vma);

void tlb_flush_mmu(struct mmu_gather *tlb);
void tlb_flush_mmu_tlbonly(struct mmu_gather *tlb);

/* Queue @page; true means "full: the caller must tlb_flush_mmu() now". */
bool __tlb_remove_page_size(struct mmu_gather *tlb, struct page *page,
			    int page_size);
bool __tlb_remove_page(struct mmu_gather *tlb, struct page *page);
void tlb_remove_page_size(struct mmu_gather *tlb, struct page *page,
			  int page_size);
void tlb_remove_page(struct mmu_gather *tlb, struct page *page);

/*
 * 6.2+: whether a dirty file page's rmap may wait for the TLB flush
 * (always, on the SMP kernels modelled, once the rules have it).
 */
bool tlb_delay_rmap(struct mmu_gather *tlb);
/*
 * 6.9+: queue @nr_pages consecutive pages of one folio, starting at @page
 * (the model's large folio is one struct page: @nr_pages references of
 * it), with the rmap still to drop after the flush if @delay_rmap. Under
 * older rules @nr_pages is 1. true: full, flush now.
 */
bool __tlb_remove_folio_pages(struct mmu_gather *tlb, struct page *page,
			      unsigned int nr_pages, bool delay_rmap);
/* 6.2+: after tlb_flush_mmu_tlbonly(), drop the delayed rmaps. */
void tlb_flush_rmaps(struct mmu_gather *tlb, struct vm_area_struct *vma);

/* Table freeing through a table batch (MMU_GATHER_TABLE_FREE). */
void tlb_remove_table(struct mmu_gather *tlb, void *table);
void tlb_remove_table_sync_one(void);

/* Range tracking: widen [start, end) and note the level cleared. */
void tlb_flush_pte_range(struct mmu_gather *tlb, unsigned long address,
			 unsigned long size);
void tlb_flush_pmd_range(struct mmu_gather *tlb, unsigned long address,
			 unsigned long size);
void tlb_flush_pud_range(struct mmu_gather *tlb, unsigned long address,
			 unsigned long size);
void tlb_flush_p4d_range(struct mmu_gather *tlb, unsigned long address,
			 unsigned long size);

void tlb_remove_tlb_entry(struct mmu_gather *tlb, pte_t *ptep,
			  unsigned long address);
void tlb_remove_huge_tlb_entry(struct mmu_gather *tlb, unsigned long size,
			       unsigned long address);
void tlb_remove_pmd_tlb_entry(struct mmu_gather *tlb, pmd_t *pmdp,
			      unsigned long address);
void tlb_remove_pud_tlb_entry(struct mmu_gather *tlb, pud_t *pudp,
			      unsigned long address);

/* Hand a table page to the gather (generic p?d_free_tlb macros). */
void pte_free_tlb(struct mmu_gather *tlb, pgtable_t pte, unsigned long address);
void pmd_free_tlb(struct mmu_gather *tlb, struct page *pmd,
		  unsigned long address);
void pud_free_tlb(struct mmu_gather *tlb, struct page *pud,
		  unsigned long address);
void p4d_free_tlb(struct mmu_gather *tlb, struct page *p4d,
		  unsigned long address);

unsigned int tlb_get_unmap_shift(struct mmu_gather *tlb);
unsigned long tlb_get_unmap_size(struct mmu_gather *tlb);

/*
 * Whether the linked gather has the unshare API below: the model's does;
 * a kernel-mode build's tree is built without CONFIG_HUGETLB_PAGE, so
 * hugetlb PMD sharing is compiled out there, as without
 * CONFIG_ARCH_WANT_HUGE_PMD_SHARE (core/hugetlb.c asks).
 */
bool tlb_gather_has_unshare(void);

/* hugetlb PMD sharing (late 6.1 stable): unshare, then flush + sync. */
void tlb_unshare_pmd_ptdesc(struct mmu_gather *tlb, struct page *pt,
			    unsigned long addr);
void tlb_flush_unshared_tables(struct mmu_gather *tlb);

#endif
