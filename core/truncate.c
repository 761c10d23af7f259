// SPDX-License-Identifier: GPL-2.0-only
/*
 * Truncation (Linux 6.1 mm/truncate.c truncate_pagecache(), mm/memory.c
 * unmap_mapping_range()): shrink a file to @pgoff pages.
 *
 * The size shrinks first (truncate_setsize), so new faults past it get
 * SIGBUS. Then every VMA mapping the file is found through i_mmap, under
 * i_mmap_rwsem for read and without mmap_lock, and its part of the hole
 * is zapped with a gather of its own; then the page-cache pages go; then
 * the mappings are zapped once more, for a fault that raced with the
 * first pass. This is an rmap walker: it reaches the tables of VMAs it
 * finds on i_mmap, which is why free_pgtables() must unlink a VMA from
 * i_mmap before freeing its tables.
 *
 * Simplified: no page lock, so a fault that took its page reference
 * before the size changed may still map it after the second pass (the
 * kernel's page lock and i_size re-check forbid that); the page then lives
 * on, outside the cache, until it is unmapped. Safe, but not the kernel's
 * exact outcome.
 */
#include "mm_internal.h"
#include "memory.h"
#include "oracle.h"
#include "trace.h"

static unsigned long vma_pages(struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

/* unmap_mapping_range_tree(): zap pages [first, last] in each VMA. */
static void unmap_mapping_range_tree(struct address_space *mapping,
				     unsigned long first, unsigned long last,
				     struct zap_details *details)
{
	struct vm_area_struct *vma;

	for (vma = mapping->i_mmap; vma; vma = vma->file_next) {
		unsigned long vba = vma->vm_pgoff;
		unsigned long vea = vba + vma_pages(vma) - 1;
		unsigned long start = first > vba ? first : vba;
		unsigned long end = last < vea ? last : vea;
		unsigned long addr, len;

		if (start > end)
			continue;
		addr = vma->vm_start + ((start - vba) << PAGE_SHIFT);
		len = (end - start + 1) << PAGE_SHIFT;
		oracle_zap_begin(vma->vm_mm, addr, addr + len);
		zap_page_range_single(vma, addr, len, details);
		oracle_check(oracle_zap_done(vma->vm_mm, addr, addr + len));
	}
}

static void unmap_mapping_pages(struct address_space *mapping,
				unsigned long first)
{
	struct zap_details details = {.even_cows = true};

	trace_func(__func__, first);
	down_read(&mapping->i_mmap_rwsem);
	unmap_mapping_range_tree(mapping, first, ~0UL, &details);
	up_read(&mapping->i_mmap_rwsem);
}

/* truncate_inode_pages(): drop the cache's reference on each page. */
void truncate_inode_pages(struct address_space *mapping, unsigned long pgoff,
			  unsigned long old_size)
{
	unsigned long i;

	for (i = pgoff; i < old_size; i++) {
		struct page *page;

		spin_lock(&mapping->cache_lock);
		page = mapping->cache[i];
		mapping->cache[i] = NULL;
		spin_unlock(&mapping->cache_lock);
		if (!page)
			continue;
		__atomic_and_fetch(&page->flags, ~PG_pagecache,
				   __ATOMIC_RELAXED);
		put_page(page);
	}
}

unsigned long i_size_shrink(struct address_space *mapping, unsigned long size)
{
	unsigned long old_size;

	spin_lock(&mapping->cache_lock);
	old_size = mapping->nr_pages;
	if (size < old_size)
		WRITE_ONCE(mapping->nr_pages, size);
	spin_unlock(&mapping->cache_lock);
	return old_size;
}

void truncate_pagecache(struct address_space *mapping, unsigned long pgoff)
{
	unsigned long old_size;

	trace_func(__func__, pgoff);
	old_size = i_size_shrink(mapping, pgoff);
	if (pgoff >= old_size)
		return;
	unmap_mapping_pages(mapping, pgoff);
	truncate_inode_pages(mapping, pgoff, old_size);
	unmap_mapping_pages(mapping, pgoff);
}
