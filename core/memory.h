/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a simulated CPU can do to an address space: the system calls and
 * kernel paths the model implements, under their kernel names. CPU
 * programs (fuzz/) and tests call only these; each takes the locks the
 * kernel takes. Return values follow the kernel: 0 or a count on success,
 * a negative errno on failure (-ENOMEM when fail_nth hit an allocation).
 */
#ifndef TLBF_MEMORY_H
#define TLBF_MEMORY_H

#include <stdbool.h>

#include "mm.h"

struct mmu_gather;

#define MADV_DONTNEED 4
#define MADV_FREE     8

/* ---- address space operations (mm/mmap.c, mm/madvise.c, ...) ----- */

/* mmap at a fixed, free range; @file NULL for anonymous memory. */
long do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len,
	     unsigned long vm_flags, struct address_space *file,
	     unsigned long pgoff);
/* munmap; with @downgrade the zap runs under mmap_lock held for read. */
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len,
	      bool downgrade);
int do_madvise(struct mm_struct *mm, unsigned long start, unsigned long len,
	       int advice);
/* mremap(MREMAP_MAYMOVE|MREMAP_FIXED) of a whole VMA range. */
long do_mremap(struct mm_struct *mm, unsigned long old_addr, unsigned long len,
	       unsigned long new_addr);
/* exec's stack move: shift the stack VMA down by @shift bytes. */
int shift_arg_pages(struct vm_area_struct *vma, unsigned long shift);
/* The same for the stack VMA starting at @start, looked up under the lock. */
int shift_arg_pages_at(struct mm_struct *mm, unsigned long start,
		       unsigned long shift);
/* Tear the whole address space down (fullmm gather); then check_mm. */
void exit_mmap(struct mm_struct *mm);

/* ---- rmap-driven paths ------------------------------------------ */

/* truncate_pagecache(): unmap and drop file pages from @pgoff on. */
void truncate_pagecache(struct address_space *mapping, unsigned long pgoff);
/* mprotect of whole huge pages of one hugetlb VMA: flips VM_WRITE. */
int hugetlb_mprotect(struct mm_struct *mm, unsigned long start,
		     unsigned long end);
/* hugetlbfs truncate: drop huge pages from @hpgoff (huge-page units) on. */
void hugetlb_vmtruncate(struct address_space *mapping, unsigned long hpgoff);
/* Reclaim one page: the anon page at @addr in @mm, via try_to_unmap. */
bool reclaim_anon_page(struct mm_struct *mm, unsigned long addr);
/* Reclaim one file page by index, via try_to_unmap. */
bool reclaim_file_page(struct address_space *mapping, unsigned long pgoff);
/* khugepaged: collapse the PTE table mapping @addr into a huge pmd. */
int collapse_pte_mapped_thp(struct mm_struct *mm, unsigned long addr);

/* ---- accesses --------------------------------------------------- */

/*
 * A user load or store by the current CPU: TLB hit, or a hardware walk
 * (from the walk cache when it can) that fills the walk cache and the TLB,
 * or a page fault (handle_mm_fault under mmap_lock read), then retry.
 * Returns 0, or -EFAULT outside any VMA, -ENOMEM.
 */
int user_access(struct mm_struct *mm, unsigned long addr, bool write);
/*
 * mincore(2): the resident pages of [@start, @start + @len), read from the
 * tables under mmap_lock read; -ENOMEM where no VMA is.
 */
long sys_mincore(struct mm_struct *mm, unsigned long start, unsigned long len);
/*
 * move_pages(2) with no nodes, over @nr_pages pages from @start: how many
 * are mapped (follow_page() under mmap_lock read, 16 pages a round).
 */
long do_pages_stat(struct mm_struct *mm, unsigned long start,
		   unsigned long nr_pages);
/* A speculative hardware walk: fills the walk cache only, never faults. */
void hw_walk(struct mm_struct *mm, unsigned long addr);
/* Lockless fast GUP (IRQs off); pins pages, caller puts them. */
long get_user_pages_fast(unsigned long start, int nr_pages, bool write,
			 struct page **pages);
/* Slow GUP under mmap_lock read; faults pages in. */
long get_user_pages(struct mm_struct *mm, unsigned long start, int nr_pages,
		    bool write, struct page **pages);
/* handle_mm_fault(): make @addr present (caller holds mmap_lock). */
int handle_mm_fault(struct vm_area_struct *vma, unsigned long addr, bool write);

/* ---- page-table freeing (mm/memory.c) ---------------------------- */

void free_pgd_range(struct mmu_gather *tlb, unsigned long addr,
		    unsigned long end, unsigned long floor,
		    unsigned long ceiling);
void free_pgtables(struct mmu_gather *tlb, struct vm_area_struct *vma,
		   unsigned long floor, unsigned long ceiling);
void unmap_vmas(struct mmu_gather *tlb, struct vm_area_struct *vma,
		unsigned long start, unsigned long end);

/* VMA lookup (find_vma): first VMA with vm_end > @addr, or NULL. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);

#endif
