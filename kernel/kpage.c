// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model-world side of tlbf/page_shim.h: page and folio accessors for
 * the tree's mm/ code compiled in kernel mode, on core/page.h's pages.
 */
#include "page.h"
#include "pgtable.h"
#include "tlbf/kapi.h"

/* Declared in tlbf/page_shim.h, which only the kernel world includes. */
bool tlbf_kp_anon(void *page);
bool tlbf_kp_large(void *page);
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
