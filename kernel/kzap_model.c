// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model-world side of the tree's zap and free_pgtables() in kernel
 * mode (kernel/kzap.c, kernel/kfree_pgtables.c):
 *
 * 1. The bridge from the model's call sites (core/zap.c's
 *    unmap_page_range() and unmap_vmas(), core/free_pgtables.c's
 *    free_pgtables(), tlbf/kcallers.h) to the tree's functions, on the
 *    kernel gather that shadows the caller's struct mmu_gather.
 * 2. The services tlbf/zap_shim.h routes to the model: page tables and
 *    their locks, the zap-return oracle's bookkeeping, rss, rmap
 *    unlinking, and the THP and hugetlb zaps that stay the model's.
 */
#include <stdlib.h>

#include "arch.h"
#include "cpu.h"
#include "memory.h"
#include "mm_internal.h"
#include "mmu_gather.h"
#include "oracle.h"
#include "pgtable.h"
#include "registry.h"
#include "tlbf/kapi.h"
#include "tlbf/kcallers.h"
#include "tlbf/kmode.h"
#include "trace.h"

/* ---- 1. the bridge ---------------------------------------------------- */

bool kcallers_unmap_page_range(struct mmu_gather *tlb,
			       struct vm_area_struct *vma, unsigned long addr,
			       unsigned long end, struct zap_details *details)
{
	const struct tlbf_kops *ops;
	void *kg = tlbf_kapi_kgather(tlb, &ops);
	unsigned int d = 0;

	if (!ops->unmap_page_range)
		return false;
	if (details)
		d = TLBF_KZ_DETAILS |
		    (details->even_cows ? TLBF_KZ_EVEN_COWS : 0) |
		    (details->unmap ? TLBF_KZ_UNMAP : 0);
	ops->unmap_page_range(kg, vma, addr, end, d);
	tlbf_kslot_mirror(tlb);
	return true;
}

bool kcallers_unmap_vmas(struct mmu_gather *tlb, struct vm_area_struct *vma,
			 unsigned long start, unsigned long end)
{
	const struct tlbf_kops *ops;
	void *kg = tlbf_kapi_kgather(tlb, &ops);

	if (!ops->unmap_vmas)
		return false;
	if (vma)
		ops->unmap_vmas(kg, vma, start, end);
	tlbf_kslot_mirror(tlb);
	return true;
}

bool kcallers_free_pgtables(struct mmu_gather *tlb, struct vm_area_struct *vma,
			    unsigned long floor, unsigned long ceiling)
{
	const struct tlbf_kops *ops;
	void *kg = tlbf_kapi_kgather(tlb, &ops);

	/*
	 * The range-only flush profiles stand for the 2.6.15-era arches of
	 * seed 000, whose free_pgtables() first unlinked every VMA with the
	 * gather finished (core/free_pgtables.c's unlink_pass()); no tree
	 * kernel mode builds has that pass, so there the model's stays.
	 */
	if (!ops->free_pgtables || tlbf_arch->flush == FLUSH_RANGE_ONLY)
		return false;
	ops->free_pgtables(kg, vma, floor, ceiling);
	tlbf_kslot_mirror(tlb);
	return true;
}

/* ---- 2. services (declared in tlbf/zap_shim.h, kernel world) ---------- */

struct tlbf_kz_lock;
struct tlbf_kz_vma {
	unsigned long start, end, flags;
	void *mm, *file, *next;
};
void *tlbf_kz_pte_lock(void *mm, void *pmd, unsigned long addr,
		       struct tlbf_kz_lock **ptlp);
void tlbf_kz_pte_unlock(struct tlbf_kz_lock *ptl);
struct tlbf_kz_lock *tlbf_kz_pmd_lock(void *mm, void *pmd);
void tlbf_kz_spin_unlock(struct tlbf_kz_lock *ptl);
unsigned long tlbf_kz_entry_read(const void *entry);
unsigned long tlbf_kz_pte_clear(void *pte, unsigned long addr);
bool tlbf_kz_present(unsigned long entry);
bool tlbf_kz_dirty(unsigned long entry);
unsigned long tlbf_kz_mkdirty(unsigned long entry);
bool tlbf_kz_huge(unsigned long entry);
void tlbf_kz_flush_batched_pending(void *mm);
void tlbf_kz_add_rss(void *mm, long nr);
void *tlbf_kz_zap_huge_pmd(void *vma, void *pmd, unsigned long addr);
void tlbf_kz_unmap_huge(void *kg, void *vma, unsigned long start,
			unsigned long end, bool final);
void tlbf_kz_unlink_anon_vmas(void *vma);
void tlbf_kz_unlink_file_vma(void *vma);
void tlbf_kz_trace_func(const char *fn, unsigned long arg);
void *tlbf_kz_set_zap_gather(void *kg);
void *tlbf_kz_zap_gather(void);
void tlbf_kz_vma_read(void *vma, struct tlbf_kz_vma *out);
void *tlbf_kz_alloc(unsigned long size);
void tlbf_kz_free(void *p);

/*
 * Per simulated CPU: the PTE table its zap holds locked, and how far the
 * zap has cleared ptes under that lock. At the unlock the zap-return
 * oracle learns what it passed (oracle_zap_pass(), as core/zap.c tells
 * it before its own unlock), and so which TLB entries must be gone when
 * the zap returns.
 */
struct kz_pass {
	struct mm_struct *mm;
	unsigned long start, end;
};
static struct kz_pass kz_pass[TLBF_MAX_CPUS];
static void *kz_gather[TLBF_MAX_CPUS];

void *tlbf_kz_pte_lock(void *mm, void *pmd, unsigned long addr,
		       struct tlbf_kz_lock **ptlp)
{
	struct kz_pass *p = &kz_pass[smp_processor_id()];
	pte_t *pte = pte_offset_map_lock(mm, pmd, addr, (spinlock_t **)ptlp);

	p->mm = NULL;
	if (!pte)
		return NULL;
	p->mm = mm;
	p->start = p->end = addr;
	return pte;
}

void tlbf_kz_pte_unlock(struct tlbf_kz_lock *ptl)
{
	struct kz_pass *p = &kz_pass[smp_processor_id()];

	if (p->mm && p->end > p->start)
		oracle_zap_pass(p->mm, p->start, p->end);
	p->mm = NULL;
	pte_unmap_unlock(NULL, (spinlock_t *)ptl);
}

struct tlbf_kz_lock *tlbf_kz_pmd_lock(void *mm, void *pmd)
{
	return (struct tlbf_kz_lock *)pmd_lock(mm, pmd);
}

void tlbf_kz_spin_unlock(struct tlbf_kz_lock *ptl)
{
	spin_unlock((spinlock_t *)ptl);
}

unsigned long tlbf_kz_entry_read(const void *entry)
{
	return entry_read(entry);
}

unsigned long tlbf_kz_pte_clear(void *pte, unsigned long addr)
{
	struct kz_pass *p = &kz_pass[smp_processor_id()];

	if (p->mm && addr + PAGE_SIZE > p->end)
		p->end = addr + PAGE_SIZE;
	return zap_pte_get_and_clear(pte, addr);
}

bool tlbf_kz_present(unsigned long entry)
{
	return entry_present(entry);
}

bool tlbf_kz_dirty(unsigned long entry)
{
	return pte_dirty(entry);
}

unsigned long tlbf_kz_mkdirty(unsigned long entry)
{
	return entry | _PAGE_DIRTY;
}

bool tlbf_kz_huge(unsigned long entry)
{
	return pmd_trans_huge(entry);
}

void tlbf_kz_flush_batched_pending(void *mm)
{
	flush_tlb_batched_pending(mm);
}

void tlbf_kz_add_rss(void *mm, long nr)
{
	if (nr)
		atomic_long_add(nr, &((struct mm_struct *)mm)->rss);
}

/* core/zap.c's zap_huge_pmd() up to its unlock (the gather steps: kzap.c). */
void *tlbf_kz_zap_huge_pmd(void *vma, void *pmd, unsigned long addr)
{
	struct vm_area_struct *v = vma;
	spinlock_t *ptl = pmd_lock(v->vm_mm, pmd);
	pmd_t orig = entry_read(pmd);
	struct page *page;

	oracle_zap_pass(v->vm_mm, addr, addr + PMD_SIZE);
	if (!pmd_trans_huge(orig)) {
		spin_unlock(ptl);
		return NULL;
	}
	orig = entry_xchg(pmd, 0);
	page = pmd_page(orig);
	page_remove_rmap(page);
	atomic_long_sub((long)PTRS_PER_PTE, &v->vm_mm->rss);
	spin_unlock(ptl);
	return page;
}

void tlbf_kz_unmap_huge(void *kg, void *vma, unsigned long start,
			unsigned long end, bool final)
{
	struct mmu_gather *tlb = tlbf_kapi_model_tlb(kg);

	if (!tlb) {
		report(ORACLE_KERNEL_BUG, "hugetlb zap without a gather",
		       "kernel gather %p", kg);
		return;
	}
	/* The model's gather API mirrors the shadow at every call. */
	__unmap_hugepage_range_final(tlb, vma, start, end, final);
}

void tlbf_kz_unlink_anon_vmas(void *vma)
{
	unlink_anon_vmas(vma);
}

void tlbf_kz_unlink_file_vma(void *vma)
{
	unlink_file_vma(vma);
}

void tlbf_kz_trace_func(const char *fn, unsigned long arg)
{
	trace_func(fn, arg);
}

void *tlbf_kz_set_zap_gather(void *kg)
{
	void *old = kz_gather[smp_processor_id()];

	kz_gather[smp_processor_id()] = kg;
	return old;
}

void *tlbf_kz_zap_gather(void)
{
	return kz_gather[smp_processor_id()];
}

void tlbf_kz_vma_read(void *vma, struct tlbf_kz_vma *out)
{
	struct vm_area_struct *v = vma;

	out->start = v->vm_start;
	out->end = v->vm_end;
	out->flags = v->vm_flags;
	out->mm = v->vm_mm;
	out->file = v->vm_file;
	out->next = v->vm_next;
}

/*
 * The bridge's kernel VMAs live in the run's registry: a report that cuts
 * the run short inside the tree's zap or free_pgtables() leaves them to
 * the registry's teardown (core/registry.h), as the model's own objects.
 */
void *tlbf_kz_alloc(unsigned long size)
{
	return tlbf_zalloc(size);
}

void tlbf_kz_free(void *p)
{
	tlbf_free(p);
}
