/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel-source mode: see tlbf/env.h. With the tree's arm64 flush code
 * (TLBFUZZ_KERNEL_ARCH_CODE), this is the tree's own
 * arch/arm64/include/asm/tlbflush.h (a build-time copy without its two
 * asm() TLBI macros, which tlbf/arm64.h supplies), followed by observers
 * of the two calls the tree's tlb_flush() makes: each records the call's
 * arguments as a trace event (the vectors and the differential compare
 * them) and then calls the tree's function unchanged.
 */
#include "../tlbf/env.h"

#ifdef TLBF_KARCH_ARM64
#ifndef TLBF_KARM64_TLBFLUSH_H
#define TLBF_KARM64_TLBFLUSH_H

#include TLBF_KARCH_TLBFLUSH_H

/* The trace's TTL: 1..3, else 0 ("any": 6.12 says TLBI_TTL_UNKNOWN). */
static inline int tlbf_arm64_trace_level(int tlb_level)
{
	return tlb_level >= 1 && tlb_level <= 3 ? tlb_level : 0;
}

static inline void tlbf_arm64_observe_range(struct vm_area_struct *vma,
					    unsigned long start,
					    unsigned long end,
					    unsigned long stride,
					    bool last_level, int tlb_level,
					    bool freed_tables)
{
	tlbf_k_trace_func("__flush_tlb_range", start);
	tlbf_k_trace_flush(TLBF_KFN___FLUSH_TLB_RANGE, start, end,
			   __builtin_ctzl(stride), freed_tables, last_level,
			   tlbf_arm64_trace_level(tlb_level), false);
	(__flush_tlb_range)(vma, start, end, stride, last_level, tlb_level);
}

static inline void tlbf_arm64_observe_mm(struct mm_struct *mm,
					 bool freed_tables)
{
	tlbf_k_trace_flush(TLBF_KFN_FLUSH_TLB_MM, 0, 0, -1, freed_tables,
			   false, 0, true);
	(flush_tlb_mm)(mm);
}

/*
 * From here on (the tree's tlb_flush() in its asm/tlb.h), the calls are
 * observed. As for the generic tlb_flush (asm/tlb.h), the gather is in
 * scope as `tlb`: its freed_tables goes into the event.
 */
#define __flush_tlb_range(vma, start, end, stride, last_level, tlb_level) \
	tlbf_arm64_observe_range((vma), (start), (end), (stride),         \
				 (last_level), (tlb_level),               \
				 tlb->freed_tables)
#define flush_tlb_mm(mm) tlbf_arm64_observe_mm((mm), tlb->freed_tables)

#endif
#endif
