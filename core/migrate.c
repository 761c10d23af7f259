// SPDX-License-Identifier: GPL-2.0-only
/*
 * move_pages(2) with no target nodes (Linux 6.1 mm/migrate.c,
 * do_pages_stat()): which node each page of a list is on. Sixteen pages a
 * round, each round under mmap_lock for read, each page looked up with
 * follow_page(FOLL_DUMP) (core/gup.c follow_page_dump()).
 *
 * For a hugetlb VMA, 6.1.192's follow_page() reaches follow_huge_pmd_pte(),
 * which looks the huge entry up and only then takes the split lock inside
 * the PMD table: nothing between the two keeps a shared table, which
 * another thread's MADV_DONTNEED (under mmap_lock for read too) may
 * unshare and its last owner free. Since v6.2 the walk holds the hugetlb
 * VMA lock for read.
 *
 * Simplified: the pages are the consecutive pages of a range, not a user
 * array of addresses; the caller's own process (no pid lookup); the
 * result is how many pages were found (status >= 0), not a status array.
 * The model has one node.
 */
#include "mm_internal.h"
#include "memory.h"
#include "trace.h"

/* Pages per round: the kernel's DO_PAGES_STAT_CHUNK_NR. */
#define PAGES_STAT_CHUNK 16UL

/* do_pages_stat_array(): one round; the pages found. */
static long do_pages_stat_array(struct mm_struct *mm, unsigned long start,
				unsigned long nr_pages)
{
	long found = 0;
	unsigned long i;

	down_read(&mm->mmap_lock);
	for (i = 0; i < nr_pages; i++) {
		unsigned long addr = start + (i << PAGE_SHIFT);
		struct vm_area_struct *vma = vma_lookup(mm, addr);
		struct page *page;

		if (!vma)
			continue; /* status -EFAULT */
		page = follow_page_dump(vma, addr);
		if (!page)
			continue; /* status -ENOENT */
		found++;
		if (!is_vm_hugetlb_page(vma))
			put_page(page); /* the FOLL_GET reference */
	}
	up_read(&mm->mmap_lock);
	return found;
}

long do_pages_stat(struct mm_struct *mm, unsigned long start,
		   unsigned long nr_pages)
{
	long found = 0;

	trace_func(__func__, start);
	start &= PAGE_MASK;
	while (nr_pages) {
		unsigned long chunk = nr_pages < PAGES_STAT_CHUNK
					      ? nr_pages
					      : PAGES_STAT_CHUNK;

		found += do_pages_stat_array(mm, start, chunk);
		start += chunk << PAGE_SHIFT;
		nr_pages -= chunk;
	}
	return found;
}
