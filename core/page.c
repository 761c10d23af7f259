// SPDX-License-Identifier: GPL-2.0-only
/*
 * Frames and page-table pages: allocation through the fault-injection
 * point, reference counting, and the one place each is really freed (after
 * the oracles have checked that nobody can still reach it).
 */
#include "page.h"

#include <stdlib.h>

#include "faultinj.h"
#include "interleave.h"
#include "oracle.h"
#include "registry.h"
#include "trace.h"

struct page_stats tlbf_page_stats;

static struct page *page_new(unsigned long words, unsigned int flags)
{
	size_t size = sizeof(struct page) + words * sizeof(unsigned long);
	struct page *page;

	/* 16-byte alignment leaves four low bits for entry flags. */
	size = (size + 15) & ~(size_t)15;
	page = tlbf_zalloc(size); /* zeroed */
	if (!page)
		abort();
	page->flags = flags;
	atomic_set(&page->_refcount, 1);
	page->id = __atomic_fetch_add(&tlbf_page_stats.next_id, 1,
				      __ATOMIC_RELAXED);
	return page;
}

struct page *alloc_page(void)
{
	if (should_fail(ALLOC_FRAME))
		return NULL;
	__atomic_add_fetch(&tlbf_page_stats.frames, 1, __ATOMIC_RELAXED);
	return page_new(FRAME_WORDS, 0);
}

struct page *alloc_thp(void)
{
	if (should_fail(ALLOC_FRAME))
		return NULL;
	__atomic_add_fetch(&tlbf_page_stats.frames, 1, __ATOMIC_RELAXED);
	return page_new(FRAME_WORDS, PG_head);
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

	__atomic_add_fetch(&tlbf_page_stats.tables, 1, __ATOMIC_RELAXED);
	table = page_new(PTRS_PER_TABLE, PG_table);
	table->pt_level = level;
	spin_lock_init(&table->ptl);
	return table;
}

void get_page(struct page *page)
{
	if (atomic_inc_return(&page->_refcount) <= 1)
		report(ORACLE_REFCOUNT, "get_page on a page with no reference",
		       "page #%u refcount now %d", page->id,
		       page_ref_count(page));
}

bool get_page_unless_zero(struct page *page)
{
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
	oracle_table_free(table);
	ilv_free_table(table, table->words, PTRS_PER_TABLE);
	if (trace_on())
		trace_free_table(table, via);
	__atomic_sub_fetch(&tlbf_page_stats.tables, 1, __ATOMIC_RELAXED);
	tlbf_free(table);
}

static void free_frame(struct page *page)
{
	if (page_mapcount(page) > 0)
		report(ORACLE_REFCOUNT, "frame freed while still mapped",
		       "page #%u mapcount %d", page->id, page_mapcount(page));
	oracle_frame_free(page);
	ilv_access(ILV_FRAME, page, ILV_FREE);
	if (trace_on())
		trace_free_page(page);
	__atomic_sub_fetch(&tlbf_page_stats.frames, 1, __ATOMIC_RELAXED);
	tlbf_free(page);
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
