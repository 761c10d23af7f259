/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Folio references for mm/gup.c's fast path (try_get_folio(),
 * try_grab_folio() or 6.12 try_grab_folio_fast(), gup_put_folio()), on
 * the model's struct page refcount: a folio is its head page, and a THP
 * is one model struct page, so a folio pointer is the model's page.
 * Included by kernel/kgup.c only, after env.h.
 *
 * The model's gup is FOLL_GET. FOLL_PIN (pincount, GUP_PIN_COUNTING_BIAS,
 * write_protect_seq), devmap and secretmem have no state in the model:
 * their calls are unmodelled stubs that report if ever reached, and their
 * arguments, which name fields a model page lacks, are not compiled.
 */
#ifndef TLBF_KFOLIO_REF_H
#define TLBF_KFOLIO_REF_H

#include "kapi_gupexec.h"

#define FOLL_WRITE	      0x01u
#define FOLL_GET	      0x04u
#define FOLL_LONGTERM	      0x100u
#define FOLL_PIN	      0x40000u
#define FOLL_PCI_P2PDMA	      0x100000u
#define GUP_PIN_COUNTING_BIAS (1U << 10)

/*
 * Only 6.12's gup_fast_folio_allowed() reads a folio field (->mapping),
 * and only for FOLL_PIN|FOLL_LONGTERM|FOLL_WRITE or CONFIG_SECRETMEM,
 * neither of which is built: folio_test_slab(), on that path first,
 * reports if it is ever reached.
 */
struct address_space;
struct folio {
	struct address_space *mapping;
};
#ifndef page_folio
#define page_folio(page) ((struct folio *)(page))
#endif

#define TLBF_KUNMODELLED(what) tlbf_k_unmodelled(__FILE__, __LINE__, what)

/* ---- the FOLL_GET refcount ---------------------------------------------- */
#define folio_ref_count(f)			 tlbf_k_folio_ref_count(f)
#define folio_ref_try_add_rcu(f, refs)		 tlbf_k_folio_ref_try_add((f), (refs))
#define folio_ref_try_add(f, refs)		 tlbf_k_folio_ref_try_add((f), (refs))
#define folio_ref_add(f, refs)			 tlbf_k_folio_ref_add((f), (refs))
#define folio_put_refs(f, refs)			 tlbf_k_folio_put_refs((f), (refs))
#define put_devmap_managed_page_refs(page, refs) ((void)(refs), false)
#define put_devmap_managed_folio_refs(f, refs)	 ((void)(refs), false)
/* gup keeps the folio: after every re-check, so the oracle judges here. */
#define folio_set_referenced(f) tlbf_k_folio_kept(f)

/* ---- single-page folios, nothing shared or special --------------------- */
#define folio_test_large(f)	 ((void)(f), false)
#define folio_test_hugetlb(f)	 ((void)(f), false)
#define folio_test_slab(f)	 (TLBF_KUNMODELLED("folio_test_slab"), true)
#define page_is_secretmem(page)	 ((void)(page), false)
#define is_pci_p2pdma_page(page) ((void)(page), false)
/* Anon-exclusive pages (COW unsharing) are not modelled. */
#define gup_must_unshare(...) false
#define PAGE_MAPPING_FLAGS    0x3ul
#define PAGE_MAPPING_ANON     0x1ul
#define secretmem_mapping(m)  ((void)(m), false)
#define shmem_mapping(m)      ((void)(m), false)

/* ---- FOLL_PIN and devmap: unmodelled ------------------------------------ */
#define is_zero_page(page) (TLBF_KUNMODELLED("is_zero_page"), false)
#define is_zero_folio(f)   (TLBF_KUNMODELLED("is_zero_folio"), false)
#define is_longterm_pinnable_page(page) \
	(TLBF_KUNMODELLED("is_longterm_pinnable_page"), true)
#define folio_is_longterm_pinnable(f) \
	(TLBF_KUNMODELLED("folio_is_longterm_pinnable"), true)
#define atomic_add(i, v)		    TLBF_KUNMODELLED("pincount")
#define atomic_sub(i, v)		    TLBF_KUNMODELLED("pincount")
#define node_stat_mod_folio(...)	    TLBF_KUNMODELLED("NR_FOLL_PIN")
#define smp_mb__after_atomic()		    __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define arch_make_page_accessible(page)	    (TLBF_KUNMODELLED("FOLL_PIN"), 0)
#define arch_make_folio_accessible(f)	    (TLBF_KUNMODELLED("FOLL_PIN"), 0)
#define unpin_user_pages_lockless(pages, n) TLBF_KUNMODELLED("FOLL_PIN")
#define gup_fast_unpin_user_pages(pages, n) TLBF_KUNMODELLED("FOLL_PIN")
#define sanity_check_pinned_pages(pages, n) TLBF_KUNMODELLED("FOLL_PIN")
struct dev_pagemap;
#define get_dev_pagemap(pfn, pgmap) \
	(TLBF_KUNMODELLED("devmap"), (struct dev_pagemap *)NULL)
#define put_dev_pagemap(pgmap)	       TLBF_KUNMODELLED("devmap")
#define undo_dev_pagemap(...)	       TLBF_KUNMODELLED("devmap")
#define gup_fast_undo_dev_pagemap(...) TLBF_KUNMODELLED("devmap")
#define __gup_device_huge_pmd(...)     (TLBF_KUNMODELLED("devmap"), 0)
#define gup_fast_devmap_pmd_leaf(...)  (TLBF_KUNMODELLED("devmap"), 0)

/* ---- leaves above the PMD and hugepd: the slow path takes them ---------- */
#define gup_huge_pud(...)      0
#define gup_huge_pgd(...)      0
#define gup_huge_pd(...)       0
#define gup_fast_pud_leaf(...) 0
#define gup_fast_pgd_leaf(...) 0

#endif
