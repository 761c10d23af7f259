/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel-source mode with the tree's arch code: the tree's asm/tlb.h
 * includes <asm-generic/tlb.h>, which is the tree's (TLBF_KTREE_TLB_H).
 * Inside it, the generic code's calls of the arch's tlb_flush() go
 * through tlbf_arch_tlb_flush() (kernel/include/asm/tlb.h), which calls
 * the tree's tlb_flush() and notes when it flushed nothing; outside it,
 * tlb_flush is the arch's own name again.
 */
#ifndef TLBF_ASM_GENERIC_TLB_H
#define TLBF_ASM_GENERIC_TLB_H

#ifndef TLBF_KARCH_CODE
#error "asm-generic/tlb.h is reached only through the tree's arch asm/tlb.h"
#endif

struct mmu_gather;
static inline void tlbf_arch_tlb_flush(struct mmu_gather *tlb);

#undef tlb_flush
#define tlb_flush(tlb) tlbf_arch_tlb_flush(tlb)
#include TLBF_KTREE_TLB_H
#undef tlb_flush
#define tlb_flush tlb_flush

#endif
