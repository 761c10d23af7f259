/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the address-space operations (Linux 6.1 mm/internal.h,
 * mm/mmap.c, mm/rmap.c, mm/memory.c): VMA list and rmap linkage, the zap
 * walk, page-cache lookup. Not part of the operations API (core/memory.h).
 */
#ifndef TLBF_MM_INTERNAL_H
#define TLBF_MM_INTERNAL_H

#include <stdbool.h>

#include "mm.h"
#include "pgtable.h"
#include "rules.h"

struct mmu_gather;

/* Page flags other CPUs may change (atomically): read them atomically. */
static inline bool page_test(struct page *page, unsigned int flag)
{
	return __atomic_load_n(&page->flags, __ATOMIC_RELAXED) & flag;
}

/* ---- VMAs (core/vma.c) ------------------------------------------- */

/* vm_area_alloc(): through fail_nth (ALLOC_VMA); NULL on failure. */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
/* vm_area_dup(): a copy not yet on any list or rmap. */
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig);
void vm_area_free(struct vm_area_struct *vma);

/* Drop mmap_lock held for write, checking the VMA set first. */
void mmap_write_unlock(struct mm_struct *mm);
/* No present entry of @mm's tables outside every VMA (validate_tables.c). */
void validate_mm_tables(struct mm_struct *mm);
/* Insert into the sorted list (caller holds mmap_lock for write). */
void vma_list_insert(struct mm_struct *mm, struct vm_area_struct *vma);
/* The VMA containing @addr, or NULL. */
struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr);
/* No VMA intersects [start, end). */
bool range_is_free(struct mm_struct *mm, unsigned long start,
		   unsigned long end);

/* anon_vma_prepare(): give an anonymous VMA its anon_vma (may fail). */
int anon_vma_prepare(struct vm_area_struct *vma);
void get_anon_vma(struct anon_vma *anon_vma);
void put_anon_vma(struct anon_vma *anon_vma);
/* Make @vma visible to rmap walkers (anon_vma list, or file i_mmap). */
void vma_link_rmap(struct vm_area_struct *vma);
/* Hide @vma from rmap walkers (unlink_anon_vmas / unlink_file_vma). */
void unlink_anon_vmas(struct vm_area_struct *vma);
void unlink_file_vma(struct vm_area_struct *vma);
/* __split_vma(): cut @vma at @addr; the new VMA takes the lower part when
 * @new_below. 0 or -ENOMEM. */
int __split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		unsigned long addr, int new_below);
/* remove_vma(): free a VMA already off the list and rmap. */
void remove_vma(struct vm_area_struct *vma);

/* Where @page (index) sits in @vma, or -1UL if outside it. */
unsigned long vma_address(struct page *page, struct vm_area_struct *vma);
/* linear_page_index(): the page offset @addr has in @vma's object. */
static inline unsigned long linear_page_index(struct vm_area_struct *vma,
					      unsigned long addr)
{
	return ((addr - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
}

/* ---- zap (core/zap.c) -------------------------------------------- */

struct zap_details {
	/* false: spare anonymous (COW) pages of a file VMA */
	bool even_cows;
	/* munmap/exit (ZAP_FLAG_UNMAP): the VMA goes for good */
	bool unmap;
};

void unmap_page_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
		      unsigned long addr, unsigned long end,
		      struct zap_details *details);
/* zap_page_range(): MADV_DONTNEED's zap, a gather of its own. */
void zap_page_range(struct vm_area_struct *vma, unsigned long start,
		    unsigned long size);
/* zap_page_range_single(): one VMA, for unmap_mapping_range. */
void zap_page_range_single(struct vm_area_struct *vma, unsigned long addr,
			   unsigned long size, struct zap_details *details);
/* Reclaim deferred a flush for this mm: do it before touching ptes. */
void flush_tlb_batched_pending(struct mm_struct *mm);
/*
 * ptep_get_and_clear_full() of the zap (core/zap.c): the model's zap and
 * the tree's (kernel mode) clear a PTE through it.
 */
unsigned long zap_pte_get_and_clear(pte_t *pte, unsigned long addr);
/* PTEs from @pte on that map the rest of one large folio (core/zap.c). */
unsigned int folio_pte_batch(struct vm_area_struct *vma, struct page *folio,
			     unsigned long addr, pte_t *pte, pte_t ptent,
			     unsigned int max_nr);

/* ---- mmap (core/mmap.c) ------------------------------------------ */

void unmap_region(struct mm_struct *mm, struct vm_area_struct *vma,
		  struct vm_area_struct *prev, unsigned long start,
		  unsigned long end);
/* do_munmap with mmap_lock already held for write (mremap, mmap). */
int do_munmap_locked(struct mm_struct *mm, unsigned long start,
		     unsigned long len, bool downgrade);

/* ---- move_page_tables (core/mremap.c) ---------------------------- */

unsigned long move_page_tables(struct vm_area_struct *vma,
			       unsigned long old_addr,
			       struct vm_area_struct *new_vma,
			       unsigned long new_addr, unsigned long len,
			       bool need_rmap_locks);

/* ---- gup (core/gup.c) -------------------------------------------- */

/* follow_page(): the page mapped at @addr with a reference, or NULL. */
struct page *follow_page(struct vm_area_struct *vma, unsigned long addr,
			 bool write);
/*
 * follow_page(FOLL_DUMP), move_pages(2)'s status query: the page mapped at
 * @addr, or NULL; with a reference (the caller drops it) unless @vma is
 * hugetlb.
 */
struct page *follow_page_dump(struct vm_area_struct *vma, unsigned long addr);

/* ---- hugetlb (core/hugetlb.c) ------------------------------------ */

/* hugetlb_fault(): make @addr present (caller holds mmap_lock). */
int hugetlb_fault(struct vm_area_struct *vma, unsigned long addr, bool write);
/* The zap of a hugetlb VMA; @final for munmap and exit (not DONTNEED). */
void __unmap_hugepage_range_final(struct mmu_gather *tlb,
				  struct vm_area_struct *vma,
				  unsigned long start, unsigned long end,
				  bool final);
/* may_split: -EINVAL unless @addr is huge-page aligned. */
int hugetlb_split_check(struct vm_area_struct *vma, unsigned long addr);
/* A split at @addr: unshare the PUD span around it (i_mmap held). */
void hugetlb_split(struct vm_area_struct *vma, unsigned long addr);
/*
 * The file's rmap lock for write. Every path that may unshare a PMD table
 * under it drops it through i_mmap_unlock_write(), where the tables it
 * unshared pass to their other owners and oracle_table_released() checks
 * the hand-over.
 */
void i_mmap_lock_write(struct address_space *mapping);
void i_mmap_unlock_write(struct address_space *mapping);
/*
 * PMD-table sharing, as mm/hugetlb.c names it: the model's in
 * core/hugetlb_share.c (the gather library), the tree's own in kernel mode
 * (kernel/khugetlb.c). huge_pte_alloc(): the PMD slot for a huge page at
 * @addr, sharing another process's table where it can; NULL when out of
 * memory. __huge_pmd_unshare(): 1 if the table holding @pmd was shared
 * and this process's PUD entry for it is gone (caller holds the table's
 * lock and i_mmap_rwsem for write; @check_locks: the hugetlb VMA lock
 * too). huge_pmd_unshare_flush(): before i_mmap_rwsem drops.
 */
pmd_t *huge_pte_alloc(struct mm_struct *mm, struct vm_area_struct *vma,
		      unsigned long addr);
int __huge_pmd_unshare(struct mmu_gather *tlb, struct vm_area_struct *vma,
		       unsigned long addr, pmd_t *pmd, bool check_locks);
void huge_pmd_unshare_flush(struct mmu_gather *tlb, struct vm_area_struct *vma);
/* core/hugetlb.c helpers for both */
struct page *huge_pmd_slot_table(pmd_t *pmd, unsigned long addr);
/*
 * 6.1's walks of a hugetlb VMA that hold nothing keeping the PMD table
 * (the slow gup's, the page walk's): from the lookup of @pmd on, this CPU
 * counts as a lockless walker of @mm in that table, as gup_fast does, so
 * the hand-over and free-time oracles see it there (@who names the walk
 * in their reports).
 */
void hugetlb_walk_unguarded_begin(struct mm_struct *mm, pmd_t *pmd,
				  unsigned long addr, const char *who);
/*
 * Whether such a walk holds the hugetlb VMA lock for read instead: from
 * v6.2 on (one series made each of them take it), or under 6.1 with that
 * walk's own patch of the series applied (@fix, TLBFUZZ_FIXES).
 */
bool hugetlb_walk_vma_locked(enum rules_fix fix);
void hugetlb_walk_unguarded_end(void);
spinlock_t *huge_pte_lock(struct page *table);
/* The PMD table under @addr's PUD entry in @mm, or NULL. */
struct page *huge_pmd_table(struct mm_struct *mm, unsigned long addr);
enum hugetlb_unshare_rule hugetlb_unshare_rule(void);
void hugetlb_vma_lock_read(struct vm_area_struct *vma);
void hugetlb_vma_unlock_read(struct vm_area_struct *vma);

/* ---- page cache (core/fault.c) ----------------------------------- */

/*
 * find_or_create_page(): a referenced cache page for @index, or NULL;
 * _with: @alloc makes a missing page (hugetlbfs: a huge one).
 */
struct page *filemap_get_page_with(struct address_space *mapping,
				   unsigned long index,
				   struct page *(*alloc)(void));
struct page *filemap_get_page(struct address_space *mapping,
			      unsigned long index);
/*
 * i_size_write() for a shrink (core/truncate.c): the file ends at @size
 * pages (huge pages for hugetlbfs) from now on; returns the old size.
 */
unsigned long i_size_shrink(struct address_space *mapping, unsigned long size);
/* truncate_inode_pages() (core/truncate.c): the cache's references go. */
void truncate_inode_pages(struct address_space *mapping, unsigned long pgoff,
			  unsigned long old_size);

/* vma_adjust()'s change of extent, under the rmap locks (core/exec.c). */
void vma_set_range(struct vm_area_struct *vma, unsigned long start,
		   unsigned long end);
/*
 * Kernel mode (kernel/kgupexec.c, TLBFUZZ_KERNEL_GUP/EXEC): the tree's
 * gup_fast walk of the current mm and exec stack shift, called from the
 * model's call sites in core/gup.c and core/exec.c.
 */
int tlbf_kernel_gup_fast(unsigned long start, unsigned long end, bool write,
			 struct page **pages);
int tlbf_kernel_shift_arg_pages(struct vm_area_struct *vma,
				unsigned long shift);

#endif
