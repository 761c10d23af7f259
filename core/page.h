/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * struct page: frames and page-table pages.
 *
 * As in the kernel, a page-table page is a struct page (6.1's ptdesc
 * overlay): it carries PG_table, its level, and its split PTE lock, and its
 * words[] are the table's entries. A table is its own heap allocation,
 * freed with free() the moment it goes, so any later access by a walker is
 * an ASan use-after-free with the allocation and free stacks.
 *
 * A data frame's contents are a separate block, page_address(): a few
 * words that user access reads and writes, freed when the frame is. The
 * frame's struct page stays, as the kernel's memmap does, and is reused by
 * a later frame with a new id (core/memmap.h).
 *
 * Counting follows the kernel with one simplification: _mapcount starts at
 * 0 (the kernel starts it at -1), so it reads as "number of mappings".
 */
#ifndef TLBF_PAGE_H
#define TLBF_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "geometry.h"
#include "sync.h"
#include "trace.h"

#define FRAME_WORDS 4

enum pageflags {
	PG_table = 1u << 0, /* a page-table page */
	PG_anon = 1u << 1, /* anonymous (mapping is an anon_vma) */
	PG_dirty = 1u << 2,
	PG_head = 1u << 3, /* a PMD-sized THP frame */
	PG_lazyfree = 1u << 4, /* MADV_FREE: may be discarded if clean */
	PG_pagecache = 1u << 5, /* held by a file's page cache */
	PG_large = 1u << 6, /* a large folio that PTEs map (mTHP) */
};

struct address_space;
struct anon_vma;

struct page {
	unsigned int flags; /* enum pageflags; atomic where shared */
	atomic_t _refcount;
	atomic_t _mapcount;
	unsigned int id; /* allocation serial of this run: the incarnation */
	unsigned long *virtual; /* a frame's contents (page_address) */
	struct page *memmap_next; /* on the memmap's free list */
	struct page *memmap_all; /* every struct page the memmap made */

	/* Data frames: reverse map. */
	struct address_space *mapping; /* file pages */
	struct anon_vma *anon_vma; /* anonymous pages */
	unsigned long index; /* page offset in file / anon VA page */
	unsigned int folio_nr; /* PG_large: pages in the folio */

	/* Page-table pages. */
	enum pt_level pt_level;
	unsigned long pt_base; /* first VA the table maps */
	struct mm_struct *pt_mm;
	spinlock_t ptl; /* split PTE lock (pte tables) */
	atomic_t pt_share_count; /* hugetlb PMD sharing: other sharers */

	struct rcu_head rcu; /* per-table RCU free (PT_RECLAIM style) */

	unsigned long words[]; /* a table's entries */
};

/* The frame's memory: what a TLB entry caches, as hardware caches a PFN. */
static inline unsigned long *page_address(struct page *page)
{
	return __atomic_load_n(&page->virtual, __ATOMIC_RELAXED);
}

/*
 * Which allocation of this struct page it is: a lockless reader takes it
 * with the entry it read, to know later whether the frame it looked up is
 * still the one it holds.
 */
static inline unsigned int page_incarnation(struct page *page)
{
	return __atomic_load_n(&page->id, __ATOMIC_RELAXED);
}

/* Allocation through fail_nth; NULL when the injection point says so. */
struct page *alloc_page(void);
/* A PMD-sized THP frame (one struct page standing for the folio). */
struct page *alloc_thp(void);
/*
 * A large folio of @nr pages that PTEs map (mTHP). Like the THP, one
 * struct page stands for the whole folio: each PTE mapping one of its
 * pages holds one reference and one mapcount of it, as the kernel's
 * folio counts do, and its contents are shared by all its pages. Which
 * page of the folio a PTE maps follows from its address, as the rmap
 * finds it: linear_page_index() - index.
 */
struct page *alloc_large_folio(unsigned int nr);

static inline bool folio_test_large(struct page *page)
{
	/* Other flag bits change under us (reclaim's atomic PG_dirty clear). */
	return __atomic_load_n(&page->flags, __ATOMIC_RELAXED) & PG_large;
}

static inline unsigned int folio_nr_pages(struct page *page)
{
	return folio_test_large(page) ? page->folio_nr : 1;
}
/* A page-table page for @level; entries all zero. */
struct page *alloc_pt_page(enum pt_level level);
/* The same, outside fault injection (the pgd of a new mm). */
struct page *alloc_pt_page_nofail(enum pt_level level);

static inline int page_ref_count(struct page *page)
{
	return atomic_read(&page->_refcount);
}

static inline int page_mapcount(struct page *page)
{
	return atomic_read(&page->_mapcount);
}

void get_page(struct page *page);
/*
 * Speculative reference (gup_fast, rmap): fails when the count is zero,
 * i.e. the page is being freed. Requires that @page is still allocated,
 * which is exactly what gup_fast's IRQs-off / RCU protocol guarantees.
 */
bool get_page_unless_zero(struct page *page);
/* Drop a reference; the last one frees the page (oracles first). */
void put_page(struct page *page);

void page_add_rmap(struct page *page);
void page_remove_rmap(struct page *page);
/*
 * A zap's rmap removal of @nr pages of @folio (folio_remove_rmap_ptes),
 * mapped in @mm. From 6.2's rules a file page that leaves the rmap must
 * no longer be writable through a TLB entry of the zapped mapping
 * (oracle_rmap_gone): that is what delaying the rmap until after the
 * flush guarantees. 6.1 drops it before the flush.
 */
void folio_remove_rmap_ptes(struct page *folio, unsigned int nr,
			    struct mm_struct *mm);

/*
 * Release a page-table page for good: the stale-walk-cache and lockless-
 * walker oracles run, then the memory goes. Used by every table-freeing
 * path (page batch, table batch, RCU callback, direct).
 */
void free_pt_page(struct page *table, enum table_via via);

/* Live-object accounting for the teardown oracle. */
struct page_stats {
	long frames;
	long tables;
	unsigned int next_id;
};
extern struct page_stats tlbf_page_stats;

#endif
