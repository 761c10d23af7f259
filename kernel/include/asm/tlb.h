/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The arch half of the gather, for the profile being built: tlb_flush(),
 * __tlb_remove_table() and __p?d_free_tlb(), around the tree's real
 * include/asm-generic/tlb.h (named by TLBF_KTREE_TLB_H). As on x86 and
 * arm64, tlb_flush() is declared before the generic header and defined
 * after it; its body hands the gather's state to core/arch_flush.c, which
 * applies the profile's flush rule to the simulated CPUs.
 *
 * With the tree's arch code (TLBF_KARCH_ARM64, TLBFUZZ_KERNEL_ARCH_CODE)
 * the tree's own arch/arm64/include/asm/tlb.h stands here instead: its
 * tlb_flush(), __tlb_remove_table() and __p?d_free_tlb() are compiled,
 * on top of its asm/tlbflush.h (asm/tlbflush.h, tlbf/arm64.h). Only the
 * p4d folding below stays ours (the tree's pgtable-nop4d.h business).
 * On x86 (TLBF_KARCH_X86) the tree's arch/x86/include/asm/tlb.h gives
 * tlb_flush() and __tlb_remove_table(); __p?d_free_tlb() (x86 has them
 * in pgalloc.h and mm/pgtable.c) and flush_tlb_mm_range() stay ours.
 */
#ifndef TLBF_ASM_TLB_H
#define TLBF_ASM_TLB_H

#include "../tlbf/env.h"

#if defined(TLBF_KFLUSH_ARCH) && !defined(TLBF_KARCH_CODE)
#define tlb_flush tlb_flush
struct mmu_gather;
static inline void tlb_flush(struct mmu_gather *tlb);
#endif

/*
 * Four levels or fewer: the p4d is folded and freeing one is a no-op (as
 * pgtable-nop4d.h makes it); five: the generic steps, unless the run's
 * geometry has four levels (the p4d folded at run time, as x86 and arm64
 * LPA2 decide with pgtable_l5_enabled()). Deliberate: the model's
 * allocator counts p4d tables in pgtables_bytes and nr_p4ds, which 6.1
 * and 6.12 never do (so their free_p4d_range() subtracts nothing); the
 * count is given back here, where the kernel's code lets go of the
 * table, so that check_mm's arithmetic holds.
 */
#if CONFIG_PGTABLE_LEVELS >= 5
#define p4d_free_tlb(tlb, p4d, address)                              \
	do {                                                         \
		if (tlbf_k_levels() == 5) {                          \
			__tlb_adjust_range(tlb, address, PAGE_SIZE); \
			(tlb)->freed_tables = 1;                     \
			tlbf_k_dec_nr_table((tlb)->mm, 3);           \
			__p4d_free_tlb(tlb, p4d, address);           \
		}                                                    \
	} while (0)
#else
#define p4d_free_tlb(tlb, p4d, address) ((void)(p4d))
#endif

#ifndef TLBF_KFLUSH_ARCH
/*
 * Deliberate: tlb.h's generic tlb_flush() calls flush_tlb_mm() and
 * flush_tlb_range() with its gather in scope as `tlb`; handing on the
 * gather's freed_tables keeps the trace's flush events comparable with
 * the model's. What is flushed is decided exactly as the kernel decides.
 */
#define flush_tlb_mm(mm) tlbf_k_flush_tlb_mm((mm), tlb->freed_tables)
#define flush_tlb_range(vma, start, end)                     \
	tlbf_k_flush_tlb_range((vma)->vm_mm, (start), (end), \
			       (vma)->vm_flags &VM_EXEC,     \
			       (vma)->vm_flags &VM_HUGETLB, tlb->freed_tables)
#endif

#ifdef TLBF_KARCH_CODE
#ifdef TLBF_KARCH_ARM64
/* pgtable-nop4d.h's: the tree's arm64 tlb.h has no __p4d_free_tlb. */
#define __p4d_free_tlb(tlb, p4d, address) \
	tlbf_free_table_tlb(tlb, tlbf_k_table_page(p4d))
static inline void tlbf_free_table_tlb(struct mmu_gather *tlb, void *table);
#endif
#include TLBF_KTREE_ARCH_TLB_H
#else
#include TLBF_KTREE_TLB_H
#endif

/* The gather's state in neutral form (kernel/include/tlbf/kapi.h). */
static inline void tlbf_kview_fill(struct mmu_gather *tlb, struct tlbf_kview *v)
{
	struct mmu_gather_batch *b;

	v->mm = tlb->mm;
	v->start = tlb->start;
	v->end = tlb->end;
	v->fullmm = tlb->fullmm;
	v->need_flush_all = tlb->need_flush_all;
	v->freed_tables = tlb->freed_tables;
	v->cleared_ptes = tlb->cleared_ptes;
	v->cleared_pmds = tlb->cleared_pmds;
	v->cleared_puds = tlb->cleared_puds;
	v->cleared_p4ds = tlb->cleared_p4ds;
	v->vma_exec = tlb->vma_exec;
	v->vma_huge = tlb->vma_huge;
	v->vma_pfn = tlb->vma_pfn;
	v->unshared_tables = tlb->unshared_tables;
	v->fully_unshared_tables = tlb->fully_unshared_tables;
	v->batch_count = tlb->batch_count;
#if TLBF_KVER >= 602
	v->delayed_rmap = tlb->delayed_rmap;
#else
	v->delayed_rmap = 0;
#endif
	v->local_nr = tlb->local.nr;
	v->nr_batches = 0;
	for (b = tlb->local.next; b; b = b->next)
		if (v->nr_batches < TLBF_KVIEW_BATCHES)
			v->batch_nr[v->nr_batches++] = b->nr;
#ifdef CONFIG_MMU_GATHER_TABLE_FREE
	v->table_batch_nr = tlb->batch ? (int)tlb->batch->nr : -1;
#else
	v->table_batch_nr = -1;
#endif
}

#if defined(TLBF_KFLUSH_ARCH) && !defined(TLBF_KARCH_CODE)
static inline void tlb_flush(struct mmu_gather *tlb)
{
	struct tlbf_kview v;

	tlbf_kview_fill(tlb, &v);
	tlbf_k_tlb_flush(&v);
}
#endif

#ifdef TLBF_KARCH_CODE
/*
 * The generic code's call of the tree's tlb_flush() (asm-generic/tlb.h
 * here): a tlb_flush() that called no flush function is traced as
 * skipped, as the model traces arm64's fullmm leaf-only case.
 */
static inline void tlbf_arch_tlb_flush(struct mmu_gather *tlb)
{
	unsigned long calls = tlbf_k_flush_calls();

	tlbf_k_trace_func("tlb_flush", tlb->start);
	tlb_flush(tlb);
	if (tlbf_k_flush_calls() == calls)
		tlbf_k_flush_skipped(tlb->freed_tables);
}
#else
/* The table's last reference: from the RCU callback or tlb_remove_table_one. */
static inline void __tlb_remove_table(void *table)
{
	tlbf_k_remove_table(table);
}
#endif

/*
 * __p?d_free_tlb(): x86-native (native paravirt_tlb_remove_table) and
 * the generic no-range arches queue the table as a page; the
 * MMU_GATHER_TABLE_FREE profiles queue it in a table batch.
 */
static inline void tlbf_free_table_tlb(struct mmu_gather *tlb, void *table)
{
#ifdef TLBF_KTABLE_SPAN
	/*
	 * An arch whose flush drops only walks of the addresses it names
	 * must name the whole span the table mapped (the 2011 ARM fix):
	 * widen the range as a cleared entry one level up would. The span
	 * is named by its first and last page: __tlb_adjust_range takes an
	 * unsigned int size, and a PUD table's 512 GiB would wrap it.
	 */
	unsigned long base, size, last;
	int level = tlbf_k_table_span(table, &base, &size);

	last = base + size - PAGE_SIZE;
	if (level == 0) {
		tlb_flush_pmd_range(tlb, base, PAGE_SIZE);
		tlb_flush_pmd_range(tlb, last, PAGE_SIZE);
	} else if (level == 1) {
		tlb_flush_pud_range(tlb, base, PAGE_SIZE);
		tlb_flush_pud_range(tlb, last, PAGE_SIZE);
	} else {
		tlb_flush_p4d_range(tlb, base, PAGE_SIZE);
		tlb_flush_p4d_range(tlb, last, PAGE_SIZE);
	}
#endif
#ifdef TLBF_KTABLES_VIA_PAGES
	tlb_remove_page(tlb, table);
#else
	tlbf_k_alloc_table_batch(true);
	tlb_remove_table(tlb, table);
	tlbf_k_alloc_table_batch(false);
#endif
}

#ifndef TLBF_KARCH_ARM64
/* pte_free_tlb() hands over the page; the others a pointer to entry 0. */
#define __pte_free_tlb(tlb, pte, address) tlbf_free_table_tlb(tlb, pte)
#define __pmd_free_tlb(tlb, pmd, address) \
	tlbf_free_table_tlb(tlb, tlbf_k_table_page(pmd))
#define __pud_free_tlb(tlb, pud, address) \
	tlbf_free_table_tlb(tlb, tlbf_k_table_page(pud))
#define __p4d_free_tlb(tlb, p4d, address) \
	tlbf_free_table_tlb(tlb, tlbf_k_table_page(p4d))
#endif

#endif
