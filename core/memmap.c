// SPDX-License-Identifier: GPL-2.0-only
/* Struct pages of freed frames, kept for reuse (see memmap.h). */
#include "memmap.h"

#include <stdlib.h>

#include "page.h"

/*
 * The free list, and every struct page ever made (plain heap blocks, not
 * the registry's: they outlive the run that made them). Not a model lock
 * (no scheduling point): the page allocator's own locking is not what
 * tlbfuzz studies. A raw flag keeps the threads back end safe.
 */
static struct page *free_head;
static struct page *all_head;
static unsigned long nr_free, nr_all;
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
	if (page) {
		free_head = page->memmap_next;
		nr_free--;
	}
	free_list_unlock();
	if (page)
		return page;
	page = calloc(1, sizeof(*page));
	if (!page)
		abort();
	free_list_lock();
	page->memmap_all = all_head;
	all_head = page;
	nr_all++;
	free_list_unlock();
	return page;
}

void memmap_put(struct page *page)
{
	free_list_lock();
	page->memmap_next = free_head;
	free_head = page;
	nr_free++;
	free_list_unlock();
}

/*
 * Every struct page is free again, whatever the run left: after a report
 * ends a run with frames still in use, the list is rebuilt from all of
 * them (a clean run has put every one back already).
 */
void memmap_release(void)
{
	struct page *page;

	free_list_lock();
	if (nr_free != nr_all) {
		free_head = NULL;
		for (page = all_head; page; page = page->memmap_all) {
			page->memmap_next = free_head;
			free_head = page;
		}
		nr_free = nr_all;
	}
	free_list_unlock();
}
