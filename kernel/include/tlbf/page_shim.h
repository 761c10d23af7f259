/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel world: the struct page / struct folio accessors that the tree's
 * mm/ code compiled in kernel mode reads, on the model's pages (model
 * world: kernel/kpage.c). For any extracted caller of the gather, not
 * only the zap: keep it free of zap specifics.
 *
 * The model's frames are single pages, each its own folio (a THP is one
 * struct page mapped by a pmd), so a folio pointer is its head page's.
 * Its _mapcount counts mappings from 0, which is what the kernel's
 * page_mapcount()/folio_mapcount() return, so "< 0" means the same.
 */
#ifndef TLBF_PAGE_SHIM_H
#define TLBF_PAGE_SHIM_H

#include "kapi.h"

/* ---- model-world services (kernel/kpage.c) ---------------------------- */
bool tlbf_kp_anon(void *page);
/* A PMD-sized THP frame. */
bool tlbf_kp_large(void *page);
/* A folio of more than one page: a THP or a PTE-mapped (m)THP. */
bool tlbf_kp_folio_large(void *page);
/* folio_pte_batch() on the model's VMA @vma (kernel/kpage.c). */
unsigned int tlbf_kp_pte_batch(void *vma, void *folio, unsigned long addr,
			       void *pte, unsigned long ptent,
			       unsigned int max_nr);
int tlbf_kp_mapcount(void *page);
void tlbf_kp_set_dirty(void *page);
/* The struct page a present entry maps. */
void *tlbf_kp_entry_page(unsigned long entry);

#ifndef page_folio
#define page_folio(page) ((struct folio *)(page))
#endif
#define PageAnon(page) tlbf_kp_anon(page)
#define folio_test_anon(folio) tlbf_kp_anon(folio)
#define folio_test_large(folio) tlbf_kp_folio_large(folio)
#define folio_test_pmd_mappable(folio) tlbf_kp_large(folio)
#define page_mapcount(page) tlbf_kp_mapcount(page)
#define folio_mapcount(folio) tlbf_kp_mapcount(folio)
#define set_page_dirty(page) tlbf_kp_set_dirty(page)
#define folio_mark_dirty(folio) tlbf_kp_set_dirty(folio)
/* No LRU: the accessed state feeds nothing the model decides. */
#define mark_page_accessed(page) ((void)(page))
#define folio_mark_accessed(folio) ((void)(folio))

/* rmap and references: core/page.c's counts, so the oracles see them. */
#define page_remove_rmap(page, vma, compound) \
	tlbf_k_remove_rmap((page), 1, (vma)->vm_mm)
#define folio_remove_rmap_pte(folio, page, vma) \
	tlbf_k_remove_rmap((page), 1, (vma)->vm_mm)
#define put_page(page) tlbf_k_put_page(page)
#define folio_put(folio) tlbf_k_put_page(folio)

/* RSS counters: the model keeps one (mm->rss); swap entries are none. */
enum {
	MM_FILEPAGES,
	MM_ANONPAGES,
	MM_SWAPENTS,
	MM_SHMEMPAGES,
	NR_MM_COUNTERS
};
#define mm_counter(p) (tlbf_kp_anon(p) ? MM_ANONPAGES : MM_FILEPAGES)

#endif
