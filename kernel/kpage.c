// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model-world side of tlbf/page_shim.h: page and folio accessors for
 * the tree's mm/ code compiled in kernel mode, on core/page.h's pages.
 */
#include "mm_internal.h"
#include "page.h"
#include "pgtable.h"
#include "tlbf/kapi.h"

/* Declared in tlbf/page_shim.h, which only the kernel world includes. */
bool tlbf_kp_anon(void *page);
bool tlbf_kp_large(void *page);
bool tlbf_kp_folio_large(void *page);
unsigned int tlbf_kp_pte_batch(void *vma, void *folio, unsigned long addr,
			       void *pte, unsigned long ptent,
			       unsigned int max_nr);
int tlbf_kp_mapcount(void *page);
void tlbf_kp_set_dirty(void *page);
void *tlbf_kp_entry_page(unsigned long entry);

static bool flag(void *page, unsigned int bit)
{
	return __atomic_load_n(&((struct page *)page)->flags,
			       __ATOMIC_RELAXED) &
	       bit;
}

bool tlbf_kp_anon(void *page)
{
	return flag(page, PG_anon);
}

bool tlbf_kp_large(void *page)
{
	return flag(page, PG_head);
}

/* Any folio of more than one page: a THP or a PTE-mapped mTHP. */
bool tlbf_kp_folio_large(void *page)
{
	return flag(page, PG_head | PG_large);
}

/*
 * The tree's folio_pte_batch() compares PTEs against the pages that follow
 * in the memmap; the model's large folio is one struct page for all its
 * PTEs, so the model's own batch rule (core/zap.c) answers for the same
 * PTEs and the differential sees the same batches on both sides.
 */
unsigned int tlbf_kp_pte_batch(void *vma, void *folio, unsigned long addr,
			       void *pte, unsigned long ptent,
			       unsigned int max_nr)
{
	return folio_pte_batch(vma, folio, addr, pte, (pte_t)ptent, max_nr);
}

int tlbf_kp_mapcount(void *page)
{
	return page_mapcount(page);
}

/* folio_mark_dirty(): what core/zap.c's set_page_dirty() does. */
void tlbf_kp_set_dirty(void *page)
{
	__atomic_or_fetch(&((struct page *)page)->flags, PG_dirty,
			  __ATOMIC_RELAXED);
}

void *tlbf_kp_entry_page(unsigned long entry)
{
	return entry_page(entry);
}
