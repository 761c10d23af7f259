/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The address space: mm_struct, VMAs, and the two reverse maps (anon_vma
 * for anonymous memory, the file's i_mmap for file memory).
 *
 * Simplifications against 6.1 (see docs/model-map.md): the VMA tree is a
 * sorted doubly linked list (the kernel's maple tree answers the same
 * queries); each anonymous VMA hangs on exactly one anon_vma (no fork, so
 * no anon_vma_chain fan-out); i_mmap is a list, not an interval tree; the
 * PMD and PUD levels share mm->page_table_lock (!USE_SPLIT_PMD_PTLOCKS),
 * PTE tables have split locks.
 */
#ifndef TLBF_MM_H
#define TLBF_MM_H

#include <stdbool.h>

#include "geometry.h"
#include "page.h"
#include "sync.h"
#include "x86_tlbstate.h"

/* vm_flags */
#define VM_READ	     0x00000001UL
#define VM_WRITE     0x00000002UL
#define VM_EXEC	     0x00000004UL
#define VM_SHARED    0x00000008UL
#define VM_MAYSHARE  0x00000080UL
#define VM_GROWSDOWN 0x00000100UL
#define VM_GROWSUP   0x00000200UL
#define VM_PFNMAP    0x00000400UL
#define VM_MIXEDMAP  0x10000000UL
#define VM_HUGETLB   0x00400000UL
#define VM_HUGEPAGE  0x20000000UL /* khugepaged may collapse it */
#define VM_STACK     VM_GROWSDOWN

struct vm_area_struct;

struct anon_vma {
	struct rw_semaphore rwsem;
	struct vm_area_struct *head; /* VMAs, via vma->anon_next */
	int refcount;
};

/* hugetlb_fault_mutex_table[], per file: a huge page's index picks one. */
#define HUGETLB_FAULT_MUTEXES 8

/* A file: its page cache and the VMAs that map it. */
struct address_space {
	struct rw_semaphore i_mmap_rwsem;
	struct vm_area_struct *i_mmap; /* via vma->file_next */
	/*
	 * hugetlbfs: faults on one huge page run one at a time (the kernel's
	 * hash of mapping and index into a global table; taken for write).
	 */
	struct rw_semaphore fault_mutex[HUGETLB_FAULT_MUTEXES];
	spinlock_t cache_lock;
	unsigned long nr_pages; /* size in pages */
	struct page **cache; /* [nr_pages], NULL: not cached */
};

struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	unsigned long vm_flags;
	unsigned long vm_pgoff; /* file offset in pages */
	struct mm_struct *vm_mm;
	struct vm_area_struct *vm_next, *vm_prev;

	struct anon_vma *anon_vma;
	struct vm_area_struct *anon_next;
	struct address_space *vm_file;
	struct vm_area_struct *file_next;
	bool rmap_linked; /* visible to rmap walkers */

	/*
	 * hugetlb: the VMA lock (the kernel's vm_private_data), taken for
	 * read by faults and for write by unsharing; and whether it still
	 * exists, which is what lets other processes share this VMA's PMD
	 * tables (the final unmap frees it).
	 */
	bool hugetlb_shareable;
	/* Last: vm_area_dup() copies everything before it, never the lock. */
	struct rw_semaphore hugetlb_lock;
};

struct mm_struct {
	/*
	 * First, so that the kernel world's struct mm_struct (tlbf/x86tlb.h),
	 * which has only this member, reads it: x86's ctx_id and tlb_gen.
	 */
	struct tlbf_x86_mm_context context;
	struct page *pgd;
	struct vm_area_struct *mmap; /* sorted by vm_start */
	unsigned int map_count;

	struct rw_semaphore mmap_lock;
	spinlock_t page_table_lock; /* pmd/pud/p4d/pgd levels */

	/* Gathers in flight on this mm (inc/dec_tlb_flush_pending). */
	atomic_t tlb_flush_pending;
	/* Reclaim deferred a flush (flush_tlb_batched_pending). */
	int tlb_flush_batched; /* atomic */

	atomic_long_t pgtables_bytes;
	atomic_long_t nr_ptes, nr_pmds, nr_puds, nr_p4ds;
	atomic_long_t rss;

	unsigned long cpumask; /* atomic: mm_cpumask */
	unsigned int id; /* ASID-like name for reports */
	/*
	 * mm_users reached zero and exit_mmap() runs: no thread can execute
	 * user code in this mm any more, so no CPU can use its leaf TLB
	 * entries (walk caches can still be walked speculatively).
	 */
	bool exiting;
	bool dead; /* exit_mmap done: ASID never reused */
};

/* An anonymous or file-backed page cache for one run. */
struct address_space *file_create(unsigned long nr_pages);
void file_destroy(struct address_space *mapping);

struct mm_struct *mm_alloc(void);
/* Free the mm itself (after exit_mmap and check_mm). */
void mm_free(struct mm_struct *mm);
/* Number mms from 0 again (per run). */
void mm_ids_reset(void);

static inline bool mm_tlb_flush_pending(struct mm_struct *mm)
{
	return atomic_read(&mm->tlb_flush_pending) > 0;
}

static inline bool mm_tlb_flush_nested(struct mm_struct *mm)
{
	return atomic_read(&mm->tlb_flush_pending) > 1;
}

static inline void inc_tlb_flush_pending(struct mm_struct *mm)
{
	atomic_inc(&mm->tlb_flush_pending);
}

static inline void dec_tlb_flush_pending(struct mm_struct *mm)
{
	atomic_dec(&mm->tlb_flush_pending);
}

/*
 * vm_flags for a reader that may not hold this mm's mmap_lock: an rmap
 * walk (truncate, reclaim) over another process's VMA while that process
 * mprotects it. The kernel tolerates the race (the bits such readers test
 * never change under them); here it is a relaxed load, not a scheduling
 * point, so interleavings stay as they were.
 */
static inline unsigned long vma_flags_racy(const struct vm_area_struct *vma)
{
	return __atomic_load_n(&vma->vm_flags, __ATOMIC_RELAXED);
}

static inline bool is_vm_hugetlb_page(struct vm_area_struct *vma)
{
	return vma_flags_racy(vma) & VM_HUGETLB;
}

/* How huge_pmd_unshare() syncs with walkers (core/hugetlb.c). */
enum hugetlb_unshare_rule {
	UNSHARE_GATHER, /* tlb_unshare_pmd_ptdesc + tlb_flush_unshared_tables */
	UNSHARE_SYNC_EACH, /* IPI in huge_pmd_unshare, caller flushes */
};

/* Model builds: which form runs (default UNSHARE_GATHER, 6.1.19x/6.12). */
void hugetlb_unshare_rules(enum hugetlb_unshare_rule rule);

static inline bool vma_is_anonymous(struct vm_area_struct *vma)
{
	return !vma->vm_file;
}

#endif
