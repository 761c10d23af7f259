/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel world: what mm/memory.c's zap (zap_pte_range() up to unmap_vmas())
 * and free_pgtables() need besides the gather, for kernel/kzap.c and
 * kernel/kfree_pgtables.c, which compile those functions as extracted from
 * the tree. Page and folio accessors are in tlbf/page_shim.h.
 *
 * Three kinds, as in tlbf/env.h:
 *   on the model   page tables, PTE and pmd locks, rss, rmap unlinking,
 *                  reclaim's deferred flush: the model's own functions
 *                  (kernel/kzap_model.c), so its scheduler, oracles and
 *                  other CPUs see the tree's code as they see the model's;
 *   no-ops         what the model has none of: swap, migration, device and
 *                  uffd-wp entries, mmu notifiers (no secondary MMU),
 *                  uprobes, PAT, lazy MMU mode, per-VMA locks; each below
 *                  with its reason (docs/kernel-mode.md lists them);
 *   model steps    the THP and hugetlb zaps (mm/huge_memory.c,
 *                  mm/hugetlb.c), not compiled: the model's own.
 * Entries are the model's words (core/pgtable.h); an entry pointer points
 * into a model table page.
 */
#ifndef TLBF_ZAP_SHIM_H
#define TLBF_ZAP_SHIM_H

#include "kapi.h"
#include "page_shim.h"

/* ---- model-world services (kernel/kzap_model.c) ------------------------ */
typedef struct tlbf_kz_lock spinlock_t;
/* pte_offset_map_lock(): NULL when the pmd has no PTE table (any more). */
void *tlbf_kz_pte_lock(void *mm, void *pmd, unsigned long addr,
		       spinlock_t **ptlp);
void tlbf_kz_pte_unlock(spinlock_t *ptl);
spinlock_t *tlbf_kz_pmd_lock(void *mm, void *pmd);
void tlbf_kz_spin_unlock(spinlock_t *ptl);
unsigned long tlbf_kz_entry_read(const void *entry);
/* Get and clear, atomically, the pte for @addr (under its PTL). */
unsigned long tlbf_kz_pte_clear(void *pte, unsigned long addr);
bool tlbf_kz_present(unsigned long entry);
bool tlbf_kz_dirty(unsigned long entry);
unsigned long tlbf_kz_mkdirty(unsigned long entry);
bool tlbf_kz_huge(unsigned long entry);
void tlbf_kz_flush_batched_pending(void *mm);
void tlbf_kz_add_rss(void *mm, long nr);
/*
 * The model's zap of a huge pmd, up to the unlock: the THP's page, or
 * NULL when the pmd no longer maps one.
 */
void *tlbf_kz_zap_huge_pmd(void *vma, void *pmd, unsigned long addr);
/* The model's hugetlb zap, on the model gather that @kg shadows. */
void tlbf_kz_unmap_huge(void *kg, void *vma, unsigned long start,
			unsigned long end, bool final);
void tlbf_kz_unlink_anon_vmas(void *vma);
void tlbf_kz_unlink_file_vma(void *vma);
void tlbf_kz_trace_func(const char *fn, unsigned long arg);
/* The gather this CPU's zap runs with; returns the previous one. */
void *tlbf_kz_set_zap_gather(void *kg);
void *tlbf_kz_zap_gather(void);

/* A model VMA's fields, and the next one in its chain (vm_next). */
struct tlbf_kz_vma {
	unsigned long start, end, flags;
	void *mm, *file, *next;
};
void tlbf_kz_vma_read(void *vma, struct tlbf_kz_vma *out);
void *tlbf_kz_alloc(unsigned long size);
void tlbf_kz_free(void *p);

/* ---- VMAs ---------------------------------------------------------------- */
#define VM_SEQ_READ 0x00008000UL
#define VM_PFNMAP_OR_MIXED (VM_PFNMAP | VM_MIXEDMAP)
/* The model's anonymous VMAs are those without a file. */
#define vma_is_anonymous(vma) (!(vma)->vm_file)
/* No MADV_RANDOM/SEQUENTIAL: every VMA keeps its recency. */
#define vma_has_recency(vma) true
/* Per-VMA locks are not modelled (faults take mmap_lock). */
#define vma_start_write(vma) ((void)(vma))
#define mmap_assert_locked(mm) ((void)(mm))
/* No uprobes, no PAT memtype tracking of PFN maps. */
#define uprobe_munmap(vma, start, end) ((void)(vma))
#define untrack_pfn(vma, ...) ((void)(vma))

/*
 * The maple tree, as the model keeps its VMAs: a chain in address order
 * (the detached VMAs of a munmap, or all of them at exit). The bridge
 * builds one kernel VMA per model VMA (tlbf_next); mas_find() returns the
 * next one that ends above the state's index and starts at or below @max.
 */
struct maple_tree;
struct ma_state {
	struct vm_area_struct *head;
	unsigned long index;
};
#define MA_STATE(name, mt, first, end)                                 \
	struct ma_state name = {.head = (struct vm_area_struct *)(mt), \
				.index = (first)}
#define xa_is_zero(entry) ((void)(entry), false)

static inline struct vm_area_struct *mas_find(struct ma_state *mas,
					      unsigned long max)
{
	struct vm_area_struct *v = mas->head;

	while (v && v->vm_end <= mas->index)
		v = v->tlbf_next;
	if (!v || v->vm_start > max)
		return NULL;
	mas->index = v->vm_end;
	return v;
}

/* ---- zap details ---------------------------------------------------------- */
typedef unsigned int zap_flags_t;
struct zap_details {
	struct folio *single_folio;
	bool even_cows;
	zap_flags_t zap_flags;
};
#define ZAP_FLAG_DROP_MARKER ((zap_flags_t)1)
#define ZAP_FLAG_UNMAP ((zap_flags_t)2)

/* ---- ptes ------------------------------------------------------------------ */
#define pte_none(p) ((p).pte == 0)
#define pte_present(p) tlbf_kz_present((p).pte)
#define pte_dirty(p) tlbf_kz_dirty((p).pte)
/* The model has no accessed bit (nothing ages pages). */
#define pte_young(p) ((void)(p), false)
#define ptep_get(p) ((pte_t){tlbf_kz_entry_read(p)})
#define ptep_get_and_clear_full(mm, addr, p, full) \
	((pte_t){tlbf_kz_pte_clear((p), (addr))})

/* Several ptes of one large folio; the dirty bit of any of them counts. */
static inline pte_t get_and_clear_full_ptes(struct mm_struct *mm,
					    unsigned long addr, pte_t *ptep,
					    unsigned int nr, int full)
{
	pte_t pte = ptep_get_and_clear_full(mm, addr, ptep, full);

	while (--nr) {
		pte_t next;

		ptep++;
		addr += PAGE_SIZE;
		next = ptep_get_and_clear_full(mm, addr, ptep, full);
		if (pte_dirty(next))
			pte.pte = tlbf_kz_mkdirty(pte.pte);
	}
	return pte;
}
#define clear_full_ptes(mm, addr, p, nr, full) \
	((void)get_and_clear_full_ptes((mm), (addr), (p), (nr), (full)))
#define clear_not_present_full_ptes(mm, addr, p, nr, full) \
	clear_full_ptes((mm), (addr), (p), (nr), (full))
#define pte_clear_not_present_full(mm, addr, p, full) \
	clear_full_ptes((mm), (addr), (p), 1, (full))
/* x86's shadow-stack sanity check: no shadow stacks here. */
#define arch_check_zapped_pte(vma, pte) ((void)0)
/*
 * Every present pte of the model maps a struct page (no zero page, no
 * PFN maps): vm_normal_page() is that page.
 */
#define vm_normal_page(vma, addr, e) \
	((struct page *)tlbf_kp_entry_page((e).pte))
#define print_bad_pte(vma, addr, pte, page) \
	tlbf_k_bug(__FILE__, __LINE__, "print_bad_pte", false)
/* The model's fibers preempt at scheduling points, never by a flag. */
#define need_resched() false
/* Paravirt batching of pte writes: bare metal does nothing here. */
#define arch_enter_lazy_mmu_mode() ((void)0)
#define arch_leave_lazy_mmu_mode() ((void)0)
#define flush_tlb_batched_pending(mm) tlbf_kz_flush_batched_pending(mm)
#if TLBF_KVER >= 605
#define pte_offset_map_lock(mm, pmd, addr, ptlp) \
	((pte_t *)tlbf_kz_pte_lock((mm), (pmd), (addr), (ptlp)))
#else
/*
 * Before 6.5 the callers hold what keeps the PTE table in place (mmap_lock
 * against collapse) and never check: a table gone is the tree's BUG.
 */
static inline pte_t *pte_offset_map_lock(struct mm_struct *mm, pmd_t *pmd,
					 unsigned long addr, spinlock_t **ptlp)
{
	pte_t *pte = tlbf_kz_pte_lock(mm, pmd, addr, ptlp);

	if (!pte)
		tlbf_k_bug(__FILE__, __LINE__,
			   "pte_offset_map_lock: no PTE table", false);
	return pte;
}
#endif
#define pte_unmap_unlock(pte, ptl) ((void)(pte), tlbf_kz_pte_unlock(ptl))
#define pmd_lock(mm, pmd) tlbf_kz_pmd_lock((mm), (pmd))
#define spin_unlock(ptl) tlbf_kz_spin_unlock(ptl)
/*
 * No per-task rss cache (SPLIT_RSS_COUNTING) to sync: the zap runs on no
 * task whose mm it is.
 */
struct tlbf_kz_task {
	struct mm_struct *mm;
};
static const struct tlbf_kz_task tlbf_kz_no_task;
#define current (&tlbf_kz_no_task)
#define sync_mm_rss(mm) ((void)(mm))
#define add_mm_counter(mm, member, value) \
	tlbf_kz_add_rss((mm), (member) == MM_SWAPENTS ? 0 : (value))
#ifndef memset
#define memset(d, c, n) __builtin_memset((d), (c), (n))
#endif

/*
 * 6.8+: batching the ptes of one large folio. The model answers on its
 * own VMA (kernel/kpage.c); the tree calls it from zap_present_ptes(),
 * whose @vma is in scope. The model's PTEs carry no soft-dirty or
 * exclusive bits, so the flags change nothing.
 */
typedef int fpb_t;
#define FPB_IGNORE_DIRTY 1
#define FPB_IGNORE_SOFT_DIRTY 2
#define folio_pte_batch(folio, addr, pte, ptent, max_nr, flags, ...) \
	((void)(flags), tlbf_kp_pte_batch(vma->tlbf_vma, (folio), (addr), \
					  (pte), (ptent).pte, (max_nr)))

/*
 * Non-present entries: the model's ptes are present or none, so no swap,
 * migration, device, hwpoison or marker entry exists. Every test says no,
 * and an entry that reached them would end in the tree's own WARN.
 */
typedef struct {
	unsigned long val;
} swp_entry_t;
#define pte_to_swp_entry(p) ((swp_entry_t){(p).pte})
#define is_device_private_entry(e) ((void)(e), false)
#define is_device_exclusive_entry(e) ((void)(e), false)
#define non_swap_entry(e) ((void)(e), true)
#define is_migration_entry(e) ((void)(e), false)
#define pte_marker_entry_uffd_wp(e) ((void)(e), false)
#define is_hwpoison_entry(e) ((void)(e), false)
#define is_swapin_error_entry(e) ((void)(e), false)
#define is_poisoned_swp_entry(e) ((void)(e), false)
#define pfn_swap_entry_to_page(e) ((struct page *)0)
#define pfn_swap_entry_folio(e) ((struct folio *)0)
#define free_swap_and_cache(e) 1
#define free_swap_and_cache_nr(e, nr) ((void)0)
#define swap_pte_batch(p, max_nr, pte) 1
#define pr_alert(...) ((void)0)

/* userfaultfd write-protect: not modelled (no uffd-wp ptes or markers). */
#define userfaultfd_pte_wp(vma, pte) false
#define zap_install_uffd_wp_if_needed(...) ((void)0)
/* KSM: no shared zero pages. */
#define ksm_might_unmap_zero_page(mm, pte) ((void)(mm))

/* ---- pmds and puds --------------------------------------------------------- */
#define pmd_none(p) ((p).pmd == 0)
#define pmd_trans_huge(p) tlbf_kz_huge((p).pmd)
/* No pmd migration entries, no DAX device maps, no PUD-sized THP. */
#define is_swap_pmd(p) ((void)(p), false)
#define pmd_devmap(p) ((void)(p), false)
#define pud_trans_huge(p) ((void)(p), false)
#define pud_devmap(p) ((void)(p), false)
#define split_huge_pud(vma, pud, addr) ((void)0)
#define zap_huge_pud(tlb, vma, pud, addr) 0

static inline int pmd_none_or_trans_huge_or_clear_bad(pmd_t *pmd)
{
	unsigned long e = tlbf_kz_entry_read(pmd);

	return !e || tlbf_kz_huge(e);
}

/* ---- mmu notifiers: no secondary MMU is simulated ------------------------- */
struct mmu_notifier_range {
	int unused;
};
#define MMU_NOTIFY_UNMAP 0
#define mmu_notifier_range_init(range, ...) ((void)(range))
#define mmu_notifier_invalidate_range_start(range) ((void)(range))
#define mmu_notifier_invalidate_range_end(range) ((void)(range))

/* ---- rmap unlinking (free_pgtables) ---------------------------------------- */
#define unlink_anon_vmas(vma) tlbf_kz_unlink_anon_vmas((vma)->tlbf_vma)
#define unlink_file_vma(vma) tlbf_kz_unlink_file_vma((vma)->tlbf_vma)

/*
 * 6.10+ unlinks the file VMAs of a free_pgtables() group in batches (one
 * i_mmap lock round for several VMAs of one file); written after
 * mm/mmap.c's unlink_file_vma_batch_*: the batch is emptied when full,
 * when a VMA of another file comes, and at the end of the group.
 */
struct unlink_vma_file_batch {
	int count;
	struct vm_area_struct *vmas[8];
};

static inline void unlink_file_vma_batch_init(struct unlink_vma_file_batch *vb)
{
	vb->count = 0;
}

static inline void
unlink_file_vma_batch_final(struct unlink_vma_file_batch *vb)
{
	int i;

	for (i = 0; i < vb->count; i++)
		unlink_file_vma(vb->vmas[i]);
	vb->count = 0;
}

static inline void unlink_file_vma_batch_add(struct unlink_vma_file_batch *vb,
					     struct vm_area_struct *vma)
{
	if (!vma->vm_file)
		return;
	if ((vb->count > 0 && vb->vmas[0]->vm_file != vma->vm_file) ||
	    vb->count == (int)ARRAY_SIZE(vb->vmas))
		unlink_file_vma_batch_final(vb);
	vb->vmas[vb->count++] = vma;
}

/* ---- hugetlb: the model's zap (core/hugetlb.c) ----------------------------- */
#define __unmap_hugepage_range_final(tlb, vma, start, end, page, flags)  \
	tlbf_kz_unmap_huge((tlb), (vma)->tlbf_vma, (start), (end), \
			   ((flags)&ZAP_FLAG_UNMAP) != 0)
#define __unmap_hugepage_range(tlb, vma, start, end, page, flags)        \
	tlbf_kz_unmap_huge((tlb), (vma)->tlbf_vma, (start), (end), \
			   ((flags)&ZAP_FLAG_UNMAP) != 0)
/* 6.12: the hugetlb VMA lock is the model zap's own business. */
#define hugetlb_zap_begin(vma, start, end) ((void)0)
#define hugetlb_zap_end(vma, details) ((void)0)

/* ---- the bridge's VMAs (kernel/kzap.c, kernel/kfree_pgtables.c) ------------ */

/* Kernel VMAs for the model's chain from @vma up to (not from) @end. */
static inline struct vm_area_struct *kz_vmas(void *vma, unsigned long end)
{
	struct vm_area_struct *head = NULL, **link = &head;

	while (vma) {
		struct tlbf_kz_vma f;
		struct vm_area_struct *k;

		tlbf_kz_vma_read(vma, &f);
		if (head && f.start >= end)
			break;
		k = tlbf_kz_alloc(sizeof(*k));
		k->vm_start = f.start;
		k->vm_end = f.end;
		k->vm_flags = f.flags;
		k->vm_mm = f.mm;
		k->vm_file = f.file;
		k->tlbf_vma = vma;
		*link = k;
		link = &k->tlbf_next;
		vma = f.next;
	}
	return head;
}

static inline void kz_vmas_free(struct vm_area_struct *v)
{
	while (v) {
		struct vm_area_struct *next = v->tlbf_next;

		tlbf_kz_free(v);
		v = next;
	}
}

#endif
