/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Under the tree's own arch/x86/include/asm/tlb.h (TLBFUZZ_KERNEL_ARCH_CODE,
 * x86-native and x86-rcu profiles): its tlb_flush() decides the range,
 * the stride and freed_tables; the flush itself, flush_tlb_mm_range() of
 * arch/x86/mm/tlb.c, is still tlbfuzz's x86 rule (core/arch_flush.c:
 * the IPI to mm_cpumask with the lazy-CPU rule, INVLPG or a full flush).
 */
#ifndef TLBF_KX86_H
#define TLBF_KX86_H

#include "kapi.h"

#define TLB_FLUSH_ALL (-1UL)

static inline void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start,
				      unsigned long end,
				      unsigned int stride_shift,
				      bool freed_tables)
{
	tlbf_k_flush_tlb_mm_range(mm, start, end, stride_shift, freed_tables);
}

#endif
