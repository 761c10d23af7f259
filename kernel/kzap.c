// SPDX-License-Identifier: GPL-2.0-only
/*
 * mm/memory.c's zap, zap_pte_range() (with the helpers the tree has:
 * 6.12's zap_present_ptes()/zap_present_folio_ptes(), should_zap_*())
 * up to unmap_page_range(), unmap_single_vma() and unmap_vmas(), as
 * extracted from the tree at build time by scripts/lib/kextract.py (with
 * #line, so reports point at the tree's file), compiled against the real
 * tlb.h and the shims of tlbf/zap_shim.h. The model's call sites reach
 * it through kernel/kzap_model.c (TLBFUZZ_KERNEL_ZAP).
 */

/* Every "batch full" shows in the trace, as in kernel/kbridge.c. */
#undef __tlb_remove_page_size
#define __tlb_remove_page_size TLBF_KSYM(tlbf_counted_remove_page_size)

#include <asm/tlb.h>

#include "tlbf/zap_shim.h"

/* Exported names of mm/memory.c: one copy per profile in the binary. */
#define unmap_page_range TLBF_KSYM(unmap_page_range)
#define unmap_vmas	 TLBF_KSYM(unmap_vmas)

void unmap_page_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
		      unsigned long addr, unsigned long end,
		      struct zap_details *details);

#if TLBF_KVER >= 602
/* 6.12's zap queues folio pages: the same "batch full" count. */
static bool kz_remove_folio_pages(struct mmu_gather *tlb, struct page *page,
				  unsigned int nr_pages, bool delay_rmap)
{
	bool full = __tlb_remove_folio_pages(tlb, page, nr_pages, delay_rmap);

	if (full)
		tlbf_k_batch_full();
	return full;
}
#undef __tlb_remove_folio_pages
#define __tlb_remove_folio_pages kz_remove_folio_pages
#endif

/*
 * zap_huge_pmd() (mm/huge_memory.c, not compiled): the model's steps
 * (clear the pmd under its lock, drop rmap and rss), then the gather's,
 * in the tree's calls: the pmd's range, the THP queued at its size.
 */
static int zap_huge_pmd(struct mmu_gather *tlb, struct vm_area_struct *vma,
			pmd_t *pmd, unsigned long addr)
{
	struct page *page;

	tlb_change_page_size(tlb, HPAGE_PMD_SIZE);
	page = tlbf_kz_zap_huge_pmd(vma->tlbf_vma, pmd, addr);
	if (!page)
		return 0;
	tlb_remove_pmd_tlb_entry(tlb, pmd, addr);
	tlb_remove_page_size(tlb, page, HPAGE_PMD_SIZE);
	return 1;
}

/*
 * The model cannot split a THP mapping: a partial zap takes all of it,
 * as core/zap.c does (docs/model-map.md), with the gather this CPU's zap
 * runs with (tlbf_kz_zap_gather()).
 */
static void kz_split_huge_pmd(struct vm_area_struct *vma, pmd_t *pmd,
			      unsigned long addr)
{
	zap_huge_pmd(tlbf_kz_zap_gather(), vma, pmd, addr & PMD_MASK);
}
#define __split_huge_pmd(vma, pmd, addr, freeze, folio) \
	kz_split_huge_pmd((vma), (pmd), (addr))

#include TLBF_KZAP_C

static struct zap_details kz_details(unsigned int d)
{
	return (struct zap_details){
		.even_cows = d & TLBF_KZ_EVEN_COWS,
		.zap_flags = d & TLBF_KZ_UNMAP
				     ? ZAP_FLAG_UNMAP | ZAP_FLAG_DROP_MARKER
				     : 0,
	};
}

void TLBF_KSYM(kb_unmap_page_range)(void *kg, void *vma, unsigned long addr,
				    unsigned long end, unsigned int details)
{
	struct vm_area_struct *k = kz_vmas(vma, 0);
	struct zap_details d = kz_details(details);
	void *saved = tlbf_kz_set_zap_gather(kg);

	unmap_page_range(kg, k, addr, end, details ? &d : NULL);
	tlbf_kz_set_zap_gather(saved);
	kz_vmas_free(k);
}

void TLBF_KSYM(kb_unmap_vmas)(void *kg, void *vma, unsigned long start,
			      unsigned long end)
{
	struct vm_area_struct *k = kz_vmas(vma, end);
	void *saved = tlbf_kz_set_zap_gather(kg);

	/* 6.1 passes the tree; 6.12 a maple state and a tree_end. */
#if TLBF_KVER > 601
	{
		/* The caller's maple state stands after the first VMA. */
		MA_STATE(mas, k, k->vm_end, k->vm_end);

		/* tree_end = end; no per-VMA locks (mm_wr_locked unused). */
		unmap_vmas(kg, &mas, k, start, end, end, false);
	}
#else
	unmap_vmas(kg, (struct maple_tree *)k, k, start, end);
#endif
	tlbf_kz_set_zap_gather(saved);
	kz_vmas_free(k);
}
