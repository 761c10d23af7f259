// SPDX-License-Identifier: GPL-2.0-only
/*
 * mm/gup.c's fast path, as extracted from the tree at build time by
 * scripts/lib/kextract.py (kernel/kernel.cmake, TLBFUZZ_KERNEL_GUP):
 * lockless_pages_from_mm() (6.12: gup_fast()) with its IRQ-off section,
 * the walk gup_pgd_range() ... gup_pte_range() and gup_huge_pmd() (6.12:
 * gup_fast_*), and the reference taking try_get_folio(), try_grab_folio()
 * (6.12: try_grab_folio_fast()) and gup_put_folio(), compiled against
 * tlbf/lockless.h and tlbf/folio_ref.h on the model's tables and pages.
 */
#include <linux/mm.h>

#include "tlbf/folio_ref.h"
#include "tlbf/lockless.h"

/* 6.1 exports try_grab_folio(): one per (tree, profile) build here. */
#define try_grab_folio TLBF_KSYM(try_grab_folio)
struct folio *try_grab_folio(struct page *page, int refs, unsigned int flags);

#include TLBF_KGUP_C

/*
 * The model's get_user_pages_fast() asks the fast path for [start, end)
 * of the current mm, FOLL_GET, and takes what it could not get from the
 * slow path, as internal_get_user_pages_fast() (6.12:
 * gup_fast_fallback()) does.
 */
int TLBF_KSYM(kb_gup_fast)(unsigned long start, unsigned long end, bool write,
			   void **pages)
{
	unsigned int flags = FOLL_GET | (write ? FOLL_WRITE : 0);

#ifdef TLBF_KGUP_612_NAMES
	return (int)gup_fast(start, end, flags, (struct page **)pages);
#else
	return (int)lockless_pages_from_mm(start, end, flags,
					   (struct page **)pages);
#endif
}
