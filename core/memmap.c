// SPDX-License-Identifier: GPL-2.0-only
/* Struct pages of freed frames, kept for reuse (see memmap.h). */
#include "memmap.h"

#include <stdlib.h>

#include "page.h"
#include "registry.h"

/*
 * The free list. Not a model lock (no scheduling point): the page
 * allocator's own locking is not what tlbfuzz studies. A raw flag keeps
 * the threads back end safe.
 */
static struct page *free_head;
static int free_lock;

static void free_list_lock(void)
{
	while (__atomic_exchange_n(&free_lock, 1, __ATOMIC_ACQUIRE))
		;
}

static void free_list_unlock(void)
{
	__atomic_store_n(&free_lock, 0, __ATOMIC_RELEASE);
}

struct page *memmap_get(void)
{
	struct page *page;

	free_list_lock();
	page = free_head;
	if (page)
		free_head = page->memmap_next;
	free_list_unlock();
	if (page)
		return page;
	page = tlbf_zalloc(sizeof(*page));
	if (!page)
		abort();
	return page;
}

void memmap_put(struct page *page)
{
	free_list_lock();
	page->memmap_next = free_head;
	free_head = page;
	free_list_unlock();
}

void memmap_release(void)
{
	struct page *page, *next;

	free_list_lock();
	page = free_head;
	free_head = NULL;
	free_list_unlock();
	for (; page; page = next) {
		next = page->memmap_next;
		tlbf_free(page);
	}
}
