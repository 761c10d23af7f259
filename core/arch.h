/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Arch profiles: the Kconfig choices and the arch hooks mmu_gather calls.
 *
 * A profile bundles the MMU_GATHER_* options an arch selects with its flush
 * rule (what one flush invalidates on which CPUs) and its table path:
 *
 *   x86-native  MERGE_VMAS; tables go through tlb_remove_page (page batch)
 *               and are freed after the flush IPI, which gup_fast's
 *               IRQs-off section holds off. Lazy CPUs skipped unless
 *               freed_tables. INVLPG drops all walk caches of the ASID.
 *   x86-rcu     as x86-native, but MMU_GATHER_TABLE_FREE +
 *               RCU_TABLE_FREE: tables go into a table batch freed by
 *               call_rcu (PV guests in 6.1, every x86 since a37259732a7d).
 *   arm64       TABLE_FREE + RCU_TABLE_FREE, no MERGE_VMAS: broadcast TLBI
 *               (no IPI, so gup_fast is held off only by RCU); leaf-only
 *               TLBI unless freed_tables; fullmm with no freed tables
 *               flushes nothing (a dead ASID is never reused unflushed).
 *   range-only  the 2011 ARM/ia64/sh gather: flush_tlb_range over exactly
 *               [start, end) with page stride, leaf and walk entries alike
 *               only where a flushed page hits them.
 *   no-range    generic MMU_GATHER_NO_RANGE: any gathered range is a
 *               flush_tlb_mm by IPI; tables ride the page batches.
 *   ia64        the range-only flush with ia64's empty tlb_end_vma (up to
 *               its move to asm-generic/tlb.h): nothing is flushed per
 *               VMA, so a zap's flush waits for tlb_finish_mmu (the 2.6.15 -rt
 *               caveat: only ia64 used the range given to the finish).
 *
 * The arch code is the only place that touches other CPUs' TLBs.
 */
#ifndef TLBF_ARCH_H
#define TLBF_ARCH_H

#include <stdbool.h>

#include "mm.h"
#include "trace.h"

struct mmu_gather;

enum tlb_flush_style {
	FLUSH_X86, /* flush_tlb_mm_range(start, end, stride, ft) */
	FLUSH_ARM64, /* __flush_tlb_range / flush_tlb_mm */
	FLUSH_RANGE_ONLY, /* flush_tlb_range over [start, end) only */
	FLUSH_NO_RANGE, /* MMU_GATHER_NO_RANGE: flush_tlb_mm */
};

struct arch_profile {
	const char *name;
	enum tlb_flush_style flush;
	bool merge_vmas; /* CONFIG_MMU_GATHER_MERGE_VMAS */
	bool table_free; /* CONFIG_MMU_GATHER_TABLE_FREE */
	bool rcu_table_free; /* CONFIG_MMU_GATHER_RCU_TABLE_FREE */
	bool ipi_flush; /* remote flush is an IPI the target must take */
	/* 6.14+ PT_RECLAIM: no table batch -> per-table call_rcu, no IPI */
	bool pt_reclaim_rcu;
};

extern const struct arch_profile *tlbf_arch;

extern const struct arch_profile arch_x86_native;
extern const struct arch_profile arch_x86_rcu;
extern const struct arch_profile arch_arm64;
extern const struct arch_profile arch_range_only;
extern const struct arch_profile arch_no_range;
extern const struct arch_profile arch_ia64;

void arch_use(const struct arch_profile *profile);
/* Look a profile up by name; NULL if unknown. */
const struct arch_profile *arch_by_name(const char *name);
extern const struct arch_profile *const arch_profiles[];
extern const unsigned int arch_nr_profiles;

/* ---- hooks mmu_gather calls ---------------------------------------- */
void tlb_flush(struct mmu_gather *tlb);
void __pte_free_tlb(struct mmu_gather *tlb, struct page *pte,
		    unsigned long address);
void __pmd_free_tlb(struct mmu_gather *tlb, struct page *pmd,
		    unsigned long address);
void __pud_free_tlb(struct mmu_gather *tlb, struct page *pud,
		    unsigned long address);
void __p4d_free_tlb(struct mmu_gather *tlb, struct page *p4d,
		    unsigned long address);
void __tlb_remove_table(void *table);
/*
 * The same, saying which path freed it (the trace's free_table.via):
 * the RCU callback of a table batch, or a direct free after a failed
 * batch allocation.
 */
void __tlb_remove_table_via(void *table, enum table_via via);
bool tlb_needs_table_invalidate(void);

/* ---- flush primitives the rest of mm uses -------------------------- */
void flush_tlb_mm(struct mm_struct *mm);
void flush_tlb_range(struct vm_area_struct *vma, unsigned long start,
		     unsigned long end);
void flush_tlb_page(struct vm_area_struct *vma, unsigned long addr);
/* x86 primitive (also what FLUSH_X86 profiles' tlb_flush calls). */
void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start,
			unsigned long end, unsigned int stride_shift,
			bool freed_tables);
/* pmdp_collapse_flush() and friends: flush a range that held a table. */
void flush_tlb_table_range(struct mm_struct *mm, unsigned long start,
			   unsigned long end);

#endif
