/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace equivalents: the kernel's allocator, page freeing, RCU, IPIs,
 * scheduling points, TLB flush primitives and BUG/WARN, each routed to
 * the model world (kernel/kapi.c), where they act on the simulated CPUs
 * and the model's pages so that the fault injector, the scheduler and the
 * oracles see the kernel code exactly as they see the model.
 */
#ifndef TLBF_KUENV_H
#define TLBF_KUENV_H

#include "kapi.h"

/* ---- page allocator: batch pages, through should_fail() ---------------- */
static inline unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	(void)gfp;
	if (order)
		tlbf_k_bug(__FILE__, __LINE__, "order > 0 batch page", false);
	return (unsigned long)tlbf_k_get_free_page();
}

#define __get_free_page(gfp) __get_free_pages((gfp), 0)

static inline void free_pages(unsigned long addr, unsigned int order)
{
	(void)order;
	if (addr)
		tlbf_k_free_page((void *)addr);
}

#define free_page(addr) free_pages((addr), 0)

/* ---- the gather's references on data pages and x86-native tables ----- */
static inline void free_page_and_swap_cache(struct page *page)
{
#ifdef TLBF_KARCH_CODE
	/* The tree's __tlb_remove_table() hands its table pages here. */
	if (tlbf_k_page_is_table(page)) {
		tlbf_k_remove_table(page);
		return;
	}
#endif
	tlbf_k_put_page(page);
}

/* ---- scheduling points, RCU, IPIs -------------------------------------- */
#define cond_resched() tlbf_k_cond_resched()

static inline void smp_call_function(smp_call_func_t func, void *info, int wait)
{
	tlbf_k_smp_call_function(func, info, wait);
}

/* ---- mm->tlb_flush_pending --------------------------------------------- */
static inline void inc_tlb_flush_pending(struct mm_struct *mm)
{
	tlbf_k_inc_flush_pending(mm);
}

static inline void dec_tlb_flush_pending(struct mm_struct *mm)
{
	tlbf_k_dec_flush_pending(mm);
}

static inline bool mm_tlb_flush_nested(struct mm_struct *mm)
{
	return tlbf_k_flush_nested(mm);
}

/* ---- TLB flush primitives: core/arch_flush.c's rules ------------------- */
#ifndef TLBF_KARCH_ARM64 /* else the tree's asm/tlbflush.h has them */
static inline void flush_tlb_mm(struct mm_struct *mm)
{
	tlbf_k_flush_tlb_mm(mm, false);
}

static inline void flush_tlb_range(struct vm_area_struct *vma,
				   unsigned long start, unsigned long end)
{
	tlbf_k_flush_tlb_range(vma->vm_mm, start, end, vma->vm_flags & VM_EXEC,
			       vma->vm_flags & VM_HUGETLB, false);
}
#endif

/* ---- hugetlb: only the sizes the gather asks for ----------------------- */
static inline bool is_vm_hugetlb_page(struct vm_area_struct *vma)
{
	return vma->vm_flags & VM_HUGETLB;
}

/* ---- BUG/WARN: oracle reports (ORACLE_KERNEL_BUG) ---------------------- */
#define BUG() tlbf_k_bug(__FILE__, __LINE__, "BUG()", false)
#define BUG_ON(cond)                                                  \
	do {                                                          \
		if (unlikely(cond))                                   \
			tlbf_k_bug(__FILE__, __LINE__, #cond, false); \
	} while (0)
#define WARN_ON(cond)                                                \
	({                                                           \
		bool __c = !!(cond);                                 \
		if (unlikely(__c))                                   \
			tlbf_k_bug(__FILE__, __LINE__, #cond, true); \
		__c;                                                 \
	})
#define WARN_ON_ONCE(cond) WARN_ON(cond)
#define VM_BUG_ON(cond) BUG_ON(cond)
#define VM_BUG_ON_PAGE(cond, page) BUG_ON(cond)
#define VM_WARN_ON(cond) ((void)WARN_ON(cond))
#define VM_WARN_ON_ONCE(cond) WARN_ON(cond)

#endif
