// SPDX-License-Identifier: GPL-2.0-only
/*
 * Frames and page-table pages: allocation through the fault-injection
 * point, reference counting, and the one place each is really freed (after
 * the oracles have checked that nobody can still reach it).
 */
#include "page.h"

#include <stdlib.h>

#include "faultinj.h"
#include "memmap.h"
#include "interleave.h"
#include "oracle.h"
#include "registry.h"
#include "rules.h"
#include "trace.h"
#include "trace_names.h"

struct page_stats tlbf_page_stats;

static unsigned int next_page_id(void)
{
	return __atomic_fetch_add(&tlbf_page_stats.next_id, 1,
				  __ATOMIC_RELAXED);
}

/*
 * A frame: a struct page from the memmap (maybe a freed frame's, which a
 * lockless reader may still be looking at) and new contents. The count
 * is set last, with release: a speculative reference that succeeds on it
 * sees the rest of the new owner's set-up.
 */
static struct page *frame_new(unsigned int flags)
{
	unsigned long *mem = tlbf_zalloc(FRAME_WORDS * sizeof(unsigned long));
	struct page *page = memmap_get();

	if (!mem)
		abort();
	page->flags = flags;
	page->mapping = NULL;
	page->anon_vma = NULL;
	page->index = 0;
	atomic_set(&page->_mapcount, 0);
	__atomic_store_n(&page->virtual, mem, __ATOMIC_RELAXED);
	__atomic_store_n(&page->id, next_page_id(), __ATOMIC_RELAXED);
	__atomic_store_n(&page->_refcount.counter, 1, __ATOMIC_RELEASE);
	__atomic_add_fetch(&tlbf_page_stats.frames, 1, __ATOMIC_RELAXED);
	if (trace_names_on())
		objlog_frame_alloc(page);
	return page;
}

struct page *alloc_page(void)
{
	if (should_fail(ALLOC_FRAME))
		return NULL;
	return frame_new(0);
}

struct page *alloc_thp(void)
{
	if (should_fail(ALLOC_FRAME))
		return NULL;
	return frame_new(PG_head);
}

struct page *alloc_large_folio(unsigned int nr)
{
	struct page *folio;

	if (should_fail(ALLOC_FRAME))
		return NULL;
	folio = frame_new(PG_large);
	folio->folio_nr = nr;
	return folio;
}

struct page *alloc_pt_page(enum pt_level level)
{
	if (should_fail(ALLOC_PT_PAGE))
		return NULL;
	return alloc_pt_page_nofail(level);
}

struct page *alloc_pt_page_nofail(enum pt_level level)
{
	struct page *table;

	/* 16-byte alignment leaves four low bits for entry flags. */
	table = tlbf_zalloc(sizeof(*table) +
			    ptrs_per_table(level) * sizeof(unsigned long));
	if (!table)
		abort();
	__atomic_add_fetch(&tlbf_page_stats.tables, 1, __ATOMIC_RELAXED);
	table->flags = PG_table;
	atomic_set(&table->_refcount, 1);
	table->id = next_page_id();
	table->pt_level = level;
	spin_lock_init(&table->ptl);
	if (trace_names_on())
		objlog_table_alloc(table);
	return table;
}

void get_page(struct page *page)
{
	if (atomic_inc_return(&page->_refcount) <= 1)
		report(ORACLE_REFCOUNT, "get_page on a page with no reference",
		       "page #%u refcount now %d", page->id,
		       page_ref_count(page));
}

/*
 * Another CPU may free or reallocate the page around this atomic: it is a
 * scheduling point, as any access to shared state is.
 */
bool get_page_unless_zero(struct page *page)
{
	if (trace_names_on())
		trace_note_text("get_page_unless_zero(page #%u)",
				page_incarnation(page));
	sync_point(SITE_ATOMIC);
	return atomic_add_unless(&page->_refcount, 1, 0);
}

/*
 * The trace events are built out of line, only while tracing: an event on
 * the stack of the free path would cost every free a fake-stack frame
 * under ASan's detect_stack_use_after_return.
 */
static __attribute__((noinline)) void trace_free_table(struct page *table,
						       enum table_via via)
{
	struct trace_event ev = {
		.kind = EV_FREE_TABLE,
		.object = table,
		.level = table->pt_level,
		.addr = table->pt_base,
		.via = via,
	};

	trace_emit(&ev);
}

static __attribute__((noinline)) void trace_free_page(struct page *page)
{
	struct trace_event ev = {.kind = EV_FREE_PAGE, .object = page};

	trace_emit(&ev);
}

void free_pt_page(struct page *table, enum table_via via)
{
	oracle_check(oracle_table_free(table));
	ilv_free_table(table, table->words, ptrs_per_table(table->pt_level));
	if (trace_on())
		trace_free_table(table, via);
	if (trace_names_on())
		objlog_table_free(table, via);
	__atomic_sub_fetch(&tlbf_page_stats.tables, 1, __ATOMIC_RELAXED);
	tlbf_free(table);
}

static void free_frame(struct page *page)
{
	if (page_mapcount(page) > 0)
		report(ORACLE_REFCOUNT, "frame freed while still mapped",
		       "page #%u mapcount %d", page->id, page_mapcount(page));
	oracle_check(oracle_frame_free(page));
	ilv_access(ILV_FRAME, page, ILV_FREE);
	if (trace_on())
		trace_free_page(page);
	if (trace_names_on())
		objlog_frame_free(page);
	__atomic_sub_fetch(&tlbf_page_stats.frames, 1, __ATOMIC_RELAXED);
	/* The contents go; the struct page stays (its pointer dangles). */
	tlbf_free(page_address(page));
	memmap_put(page);
}

void put_page(struct page *page)
{
	int ref = atomic_dec_return(&page->_refcount);

	if (ref > 0)
		return;
	if (ref < 0) {
		report(ORACLE_REFCOUNT, "put_page underflow",
		       "page #%u refcount %d", page->id, ref);
		return;
	}
	/* x86-native sends tables through the page batch, hence put_page. */
	if (page->flags & PG_table)
		free_pt_page(page, VIA_PAGE_BATCH);
	else
		free_frame(page);
}

void page_add_rmap(struct page *page)
{
	atomic_inc(&page->_mapcount);
}

void page_remove_rmap(struct page *page)
{
	if (atomic_dec_return(&page->_mapcount) < 0)
		report(ORACLE_REFCOUNT, "mapcount underflow", "page #%u",
		       page->id);
}

void folio_remove_rmap_ptes(struct page *folio, unsigned int nr,
			    struct mm_struct *mm)
{
	while (nr--)
		page_remove_rmap(folio);
	if (rules_at_least(602) &&
	    !(__atomic_load_n(&folio->flags, __ATOMIC_RELAXED) & PG_anon) &&
	    page_mapcount(folio) == 0)
		oracle_check(oracle_rmap_gone(folio, mm));
}
