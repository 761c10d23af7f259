/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The memmap: struct pages of data frames outlive the frames.
 *
 * In the kernel every frame's struct page sits in a fixed array; freeing a
 * frame returns its memory to the allocator, never its struct page. The
 * lockless readers depend on that: gup_fast may read a pte, lose the race
 * with an unmap that frees the frame, and still touch the struct page,
 * where get_page_unless_zero sees a zero count (the frame is free) or a new
 * owner's count (it was allocated again). The re-read of the entry after
 * the speculative reference exists for the second case.
 *
 * The model keeps that shape. A freed frame's struct page goes on a free
 * list and the next frame allocation takes it back (last in, first out,
 * as a hot page comes back from the per-CPU lists), with a new id. The
 * frame's contents are a separate heap block, freed at once: a late
 * access through a stale TLB entry (which caches the frame, as hardware
 * caches the physical address) is still an ASan use-after-free.
 * Page-table pages are not kept: a walker in a freed table is ASan's too.
 */
#ifndef TLBF_MEMMAP_H
#define TLBF_MEMMAP_H

struct page;

/* A struct page for a new frame: a free one, or a new zeroed one. */
struct page *memmap_get(void);
/* The frame of @page was freed: keep its struct page for reuse. */
void memmap_put(struct page *page);
/*
 * End of a run: every struct page goes back on the free list (they are
 * kept for the next run, not given back to the heap: each run would
 * otherwise allocate its struct pages again).
 */
void memmap_release(void);

#endif
