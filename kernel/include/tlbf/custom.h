/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Deliberate changes, each with its reason.
 */
#ifndef TLBF_KCUSTOM_H
#define TLBF_KCUSTOM_H

/*
 * call_rcu(): in mm/mmu_gather.c its only use hands a table batch to RCU.
 * The trace's call_rcu event carries the batch's size, so the size is
 * read here, at the call site, where struct mmu_table_batch is complete.
 * The callback runs when the schedule ends the grace period
 * (core/sync.c), through a model-world rcu_head.
 */
#define call_rcu(head, func)                              \
	tlbf_k_call_rcu((head), (void (*)(void *))(func), \
			container_of((head), struct mmu_table_batch, rcu)->nr)

#if TLBF_KVER >= 602
/*
 * Encoded pages (6.2+): the gather stores a page pointer with flag bits
 * in its low bits (delay the rmap removal; the next slot holds a page
 * count instead of a page). The layout is the kernel's contract with
 * itself; these helpers only need to agree with each other, and they
 * are real: the gather's batches hold these values.
 */
struct encoded_page;
#define ENCODED_PAGE_BITS 3UL
#define ENCODED_PAGE_BIT_DELAY_RMAP 1UL
#define ENCODED_PAGE_BIT_NR_PAGES_NEXT 2UL
#define TLBF_ENC(v) ((struct encoded_page *)(uintptr_t)(v))
#define TLBF_DEC(p) ((unsigned long)(uintptr_t)(p))

static inline struct encoded_page *encode_page(struct page *page,
					       unsigned long flags)
{
	if (flags & ~ENCODED_PAGE_BITS)
		tlbf_k_bug(__FILE__, __LINE__, "encode_page flags", false);
	return TLBF_ENC(TLBF_DEC(page) | flags);
}

static inline unsigned long encoded_page_flags(struct encoded_page *p)
{
	return TLBF_DEC(p) & ENCODED_PAGE_BITS;
}

static inline struct page *encoded_page_ptr(struct encoded_page *p)
{
	return (struct page *)(TLBF_DEC(p) & ~ENCODED_PAGE_BITS);
}

/* A count, shifted clear of the flag bits so it never looks like one. */
static inline struct encoded_page *encode_nr_pages(unsigned long nr)
{
	return TLBF_ENC(nr << 2);
}

static inline unsigned long encoded_nr_pages(struct encoded_page *p)
{
	return TLBF_DEC(p) >> 2;
}

/*
 * Folios: the model's frames are single pages, each its own folio, so a
 * folio is its head page and folio_remove_rmap_ptes() drops @nr mapcounts
 * of it (delayed rmap removal, tlb_flush_rmaps()).
 */
#define page_folio(page) ((struct folio *)(page))
static inline void folio_remove_rmap_ptes(struct folio *folio,
					  struct page *page, int nr,
					  struct vm_area_struct *vma)
{
	tlbf_k_remove_rmap(page, nr, vma->vm_mm);
}

/*
 * free_pages_and_swap_cache(): release_pages() of the gather's entries;
 * each page (or page + count) drops the gather's references through
 * core/page.c, so the stale-TLB and table oracles run at that moment.
 */
static inline void free_pages_and_swap_cache(struct encoded_page **pages,
					     int nr)
{
	int i;

	for (i = 0; i < nr; i++) {
		struct page *page = encoded_page_ptr(pages[i]);
		unsigned long refs = 1;

		if (encoded_page_flags(pages[i]) &
		    ENCODED_PAGE_BIT_NR_PAGES_NEXT)
			refs = encoded_nr_pages(pages[++i]);
		while (refs--)
			tlbf_k_put_page(page);
	}
}

/* 6.6+ page-table descriptors: the model's table pages. */
struct ptdesc;
#define ptdesc_page(pt) ((struct page *)(pt))
#else
/*
 * free_pages_and_swap_cache(): release_pages() of the gather's pages; each
 * drops the gather's reference through core/page.c (so the stale-TLB and
 * table oracles run at the moment of the free).
 */
static inline void free_pages_and_swap_cache(struct page **pages, int nr)
{
	int i;

	for (i = 0; i < nr; i++)
		tlbf_k_put_page(pages[i]);
}
#endif

/*
 * hugetlb: the gather only asks a VMA's huge page size. The model's
 * callers pass the size itself, and kernel/kbridge.c hands it through as
 * this fake hstate's address.
 */
#define hstate_vma(vma) ((struct hstate *)0)
#define huge_page_size(h) ((unsigned long)(uintptr_t)(h))

#endif
