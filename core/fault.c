// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page faults (Linux 6.1 mm/memory.c handle_mm_fault(), do_anonymous_page(),
 * do_read_fault()/do_shared_fault() via filemap_fault()).
 *
 * The caller holds mmap_lock for read. Missing tables are allocated on the
 * way down (__pmd_alloc, __pte_alloc: pt_alloc_walk), the new page is
 * prepared outside the PTE lock, and the pte is installed under it only if
 * still empty (another CPU may have won the race; its page stays).
 *
 * Simplified (docs/model-map.md): no zero page (a read fault on anonymous
 * memory gets its own zeroed page), no COW (MAP_PRIVATE file mappings
 * write to the page-cache page), no swap; a huge pmd (khugepaged's result)
 * is already a complete mapping.
 */
#include <errno.h>

#include "mm_internal.h"
#include "memory.h"
#include "oracle.h"
#include "rules.h"
#include "trace.h"

/*
 * find_or_create_page(): the page cache owns one reference; the caller
 * gets another. Pages past the end of the file are a SIGBUS (NULL).
 */
struct page *filemap_get_page_with(struct address_space *mapping,
				   unsigned long index,
				   struct page *(*alloc)(void))
{
	struct page *page = NULL;

	spin_lock(&mapping->cache_lock);
	/* Re-checked under the lock: truncate shrinks nr_pages first. */
	if (index < mapping->nr_pages)
		page = mapping->cache[index];
	if (!page && index < mapping->nr_pages) {
		page = alloc();
		if (page) {
			page->flags |= PG_pagecache;
			page->mapping = mapping;
			page->index = index;
			mapping->cache[index] = page;
		}
	}
	if (page)
		get_page(page);
	spin_unlock(&mapping->cache_lock);
	return page;
}

struct page *filemap_get_page(struct address_space *mapping,
			      unsigned long index)
{
	return filemap_get_page_with(mapping, index, alloc_page);
}

static unsigned long fault_pte_flags(struct vm_area_struct *vma, bool write)
{
	unsigned long flags = 0;

	if (vma->vm_flags & VM_WRITE)
		flags |= _PAGE_RW;
	/* The kernel maps a written page dirty right away. */
	if (write)
		flags |= _PAGE_DIRTY;
	return flags;
}

/* Install @page at @addr unless someone else did first; consumes @page's
 * reference either way. */
static int finish_fault(struct vm_area_struct *vma, pmd_t *pmd,
			unsigned long addr, struct page *page, bool write)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl);

	if (!pte) {
		/* The pte table went (collapse): retry from the start. */
		put_page(page);
		return 0;
	}
	if (!pte_none(ptep_get(pte))) {
		pte_unmap_unlock(pte, ptl);
		put_page(page);
		return 0;
	}
	page_add_rmap(page);
	atomic_long_add(1, &mm->rss);
	entry_write(pte, mk_entry(page, fault_pte_flags(vma, write)));
	pte_unmap_unlock(pte, ptl);
	return 0;
}

static bool pte_range_none(pte_t *pte, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (!pte_none(ptep_get(pte + i)))
			return false;
	return true;
}

/*
 * The folio is installed whole, or not at all (another CPU mapped one of
 * its PTEs first: the retry takes a small page or finds it mapped).
 */
static int finish_large_fault(struct vm_area_struct *vma, pmd_t *pmd,
			      unsigned long base, struct page *folio,
			      bool write)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned int i, nr = folio->folio_nr;
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, base, &ptl);

	if (!pte) {
		put_page(folio);
		return 0;
	}
	if (!pte_range_none(pte, nr)) {
		pte_unmap_unlock(pte, ptl);
		put_page(folio);
		return 0;
	}
	/* folio_ref_add(nr - 1), then a mapcount and a pte per page. */
	for (i = 1; i < nr; i++)
		get_page(folio);
	atomic_long_add(nr, &mm->rss);
	for (i = 0; i < nr; i++) {
		page_add_rmap(folio);
		entry_write(pte + i,
			    mk_entry(folio, fault_pte_flags(vma, write)));
	}
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/*
 * alloc_anon_folio() (6.8+ mTHP, when the run has large folios): the
 * aligned RULES_LARGE_FOLIO_PAGES around @addr if the VMA covers them and
 * none is mapped yet; NULL: a small page will do.
 */
static struct page *alloc_anon_folio(struct vm_area_struct *vma, pmd_t *pmd,
				     unsigned long addr, unsigned long *base)
{
	unsigned long size = RULES_LARGE_FOLIO_PAGES * PAGE_SIZE;
	struct page *folio;
	pte_t *pte;

	if (!tlbf_rules.large_folios)
		return NULL;
	*base = addr & ~(size - 1);
	if (*base < vma->vm_start || *base + size > vma->vm_end)
		return NULL;
	pte = pte_offset_map(pmd, *base);
	if (!pte || !pte_range_none(pte, RULES_LARGE_FOLIO_PAGES))
		return NULL;
	folio = alloc_large_folio(RULES_LARGE_FOLIO_PAGES);
	if (!folio)
		return NULL;
	folio->flags |= PG_anon;
	folio->anon_vma = READ_ONCE(vma->anon_vma);
	folio->index = linear_page_index(vma, *base);
	return folio;
}

static int do_anonymous_page(struct vm_area_struct *vma, pmd_t *pmd,
			     unsigned long addr, bool write)
{
	struct page *page;
	unsigned long base;

	if (anon_vma_prepare(vma))
		return -ENOMEM;
	page = alloc_anon_folio(vma, pmd, addr, &base);
	if (page)
		return finish_large_fault(vma, pmd, base, page, write);
	page = alloc_page();
	if (!page)
		return -ENOMEM;
	page->flags |= PG_anon;
	page->anon_vma = READ_ONCE(vma->anon_vma);
	page->index = linear_page_index(vma, addr);
	return finish_fault(vma, pmd, addr, page, write);
}

static int do_file_fault(struct vm_area_struct *vma, pmd_t *pmd,
			 unsigned long addr, bool write)
{
	unsigned long index = linear_page_index(vma, addr);
	struct page *page;

	page = filemap_get_page(vma->vm_file, index);
	if (!page) {
		/* SIGBUS past the end of the file; else allocation failed */
		if (index >= READ_ONCE(vma->vm_file->nr_pages))
			return -EFAULT;
		return -ENOMEM;
	}
	return finish_fault(vma, pmd, addr, page, write);
}

int handle_mm_fault(struct vm_area_struct *vma, unsigned long addr, bool write)
{
	struct mm_struct *mm = vma->vm_mm;
	pmd_t *pmd;
	pte_t *pte;

	trace_func(__func__, addr);
	if (write && !(vma->vm_flags & VM_WRITE))
		return -EFAULT;
	if (is_vm_hugetlb_page(vma))
		return hugetlb_fault(vma, addr, write);
	pmd = pt_alloc_walk(mm, addr, PT_PMD);
	if (!pmd)
		return -ENOMEM;
	/* A huge pmd maps the whole extent already. */
	if (pmd_trans_huge(entry_read(pmd)))
		return 0;
	pte = pt_alloc_walk(mm, addr, PT_PTE);
	if (!pte)
		return pmd_trans_huge(entry_read(pmd)) ? 0 : -ENOMEM;
	/* Spurious: another CPU mapped it; the retry will find it. */
	if (!pte_none(ptep_get_lockless(pte)))
		return 0;
	if (vma_is_anonymous(vma))
		return do_anonymous_page(vma, pmd, addr, write);
	return do_file_fault(vma, pmd, addr, write);
}
