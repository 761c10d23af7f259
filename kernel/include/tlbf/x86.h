/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Under the tree's own arch/x86/include/asm/tlb.h (TLBFUZZ_KERNEL_ARCH_CODE,
 * x86-native and x86-rcu profiles): its tlb_flush() decides the range,
 * the stride and freed_tables; its flush_tlb_mm_range() call goes to
 * core/arch_flush.c (the flush event, the interleaving point), which hands
 * it to the tree's arch/x86/mm/tlb.c flush path (kernel/kx86tlb.c), or,
 * without the tree's x86 code, applies tlbfuzz's x86 rule.
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
