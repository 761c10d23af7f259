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
#define call_rcu(head, func)						\
	tlbf_k_call_rcu((head), (void (*)(void *))(func),		\
			container_of((head), struct mmu_table_batch,	\
				     rcu)->nr)

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

/*
 * hugetlb: the gather only asks a VMA's huge page size. The model's
 * callers pass the size itself, and kernel/kbridge.c hands it through as
 * this fake hstate's address.
 */
#define hstate_vma(vma)		((struct hstate *)0)
#define huge_page_size(h)	((unsigned long)(uintptr_t)(h))

#endif
