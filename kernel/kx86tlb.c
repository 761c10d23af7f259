// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tree's x86 flush path, as extracted at build time by
 * scripts/lib/kextract.py (with #line, so reports point at the tree's
 * files): arch/x86/include/asm/tlbflush.h's inc_mm_tlb_gen() and
 * arch/x86/mm/tlb.c's get_flush_tlb_info(), put_flush_tlb_info(),
 * flush_tlb_func(), should_flush_tlb(), should_trim_cpumask(),
 * native_flush_tlb_multi(), flush_tlb_multi() and flush_tlb_mm_range(),
 * compiled against tlbf/x86tlb.h. core/arch_flush.c hands every x86
 * flush_tlb_mm_range() of the run to it (kops.x86_flush_tlb_mm_range).
 */
#include "tlbf/x86tlb.h"

/* Exported names of the tree's file: per build (tlbf/renames.h). */
#define flush_tlb_mm_range TLBF_KSYM(flush_tlb_mm_range)
#define flush_tlb_multi	   TLBF_KSYM(flush_tlb_multi)

/* The tree's definition order: callers before some callees. */
static void flush_tlb_func(void *info);
static bool should_flush_tlb(int cpu, void *data);
static bool should_trim_cpumask(struct mm_struct *mm);
void flush_tlb_multi(const struct cpumask *cpumask,
		     const struct flush_tlb_info *info);
void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start,
			unsigned long end, unsigned int stride_shift,
			bool freed_tables);

#include TLBF_KX86_GEN_C
#include TLBF_KX86_TLB_C

void TLBF_KSYM(x86_flush_tlb_mm_range)(void *mm, unsigned long start,
				       unsigned long end,
				       unsigned int stride_shift,
				       bool freed_tables)
{
	flush_tlb_mm_range(mm, start, end, stride_shift, freed_tables);
}
