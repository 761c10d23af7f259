/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The primitives under the tree's own arch/arm64/include/asm/tlbflush.h
 * and asm/tlb.h (TLBFUZZ_KERNEL_ARCH_CODE, arm64 profile). Everything the
 * tree's flush code decides (which TLBI, which level, stride and range
 * encoding, when to fall back to the whole ASID) is compiled from the
 * tree; only what a CPU does is supplied here:
 *
 *   __TLBI_0/__TLBI_1  the TLBI instruction: its name and its raw operand
 *                      go to core/arch_tlbi.c, which decodes the operand
 *                      (the tree's copy of tlbflush.h is compiled with
 *                      its two asm() macros cut out, scripts/lib/kextract.py)
 *   dsb(), isb()       barriers: a full DSB completes the CPU's TLBIs
 *   ASID(mm)           the mm's ASID (core/arch_tlbi.c hands them out)
 *   CPU features       TTL and TLB range from tlbf_arm64_caps; no KPTI
 *                      (arm64_kernel_unmapped_at_el0() false), no LPA2
 *   page-table pages   virt_to_page()/ptdesc casts and the table
 *                      destructors of asm/tlb.h's __p?d_free_tlb()
 */
#ifndef TLBF_KARM64_H
#define TLBF_KARM64_H

#include "kapi.h"

/* linux/sizes.h, linux/bits.h, linux/bitfield.h, linux/limits.h */
#define SZ_4K 0x00001000UL
#define SZ_16K 0x00004000UL
#define SZ_64K 0x00010000UL
#define GENMASK_ULL(h, l) \
	(((~0ULL) << (l)) & (~0ULL >> (63 - (h))))
#define FIELD_PREP(mask, val) \
	(((u64)(val) << __builtin_ctzll(mask)) & (mask))
#define FIELD_GET(mask, reg) (((u64)(reg) & (mask)) >> __builtin_ctzll(mask))
#ifndef INT_MAX
#define INT_MAX __INT_MAX__
#endif
#define round_down(x, y) ((x) & ~((__typeof__(x))((y)-1)))
#define round_up(x, y) ((((x)-1) | ((__typeof__(x))((y)-1))) + 1)
#define ALIGN(x, a) (((x) + ((__typeof__(x))(a)-1)) & ~((__typeof__(x))(a)-1))

/* Per run, as the other sizes (tlbf/types.h): entries per table. */
#define PTRS_PER_PTE (1UL << (PMD_SHIFT - PAGE_SHIFT))

/* The TLBI instruction: name and operand, nothing else. */
#define __TLBI_0(op, arg) tlbf_k_tlbi(#op, 0)
#define __TLBI_1(op, arg) tlbf_k_tlbi(#op, (u64)(arg))
#define dsb(opt) tlbf_k_dsb(#opt)
#define isb() \
	do {  \
	} while (0)

/* asm/mmu.h: the ASID in the low 16 bits of context.id. */
#define ASID(mm) tlbf_k_asid(mm)
#define USER_ASID_FLAG (1UL << 48)
/* No KPTI: user translations are tagged with the mm's own ASID. */
#define arm64_kernel_unmapped_at_el0() false
#define lpa2_is_enabled() false
#define kvm_lpa2_is_enabled() false

/* CPU features (asm/cpufeature.h, asm/alternative-macros.h). */
#define ARM64_HAS_ARMv8_4_TTL 1u
#define ARM64_HAS_TLB_RANGE 2u
#define ARM64_WORKAROUND_REPEAT_TLBI 4u
#define cpus_have_const_cap(cap) tlbf_k_arm64_has_cap(cap)
#define alternative_has_feature_unlikely(cap) tlbf_k_arm64_has_cap(cap)
#define alternative_has_cap_unlikely(cap) tlbf_k_arm64_has_cap(cap)
#define system_supports_tlb_range() \
	tlbf_k_arm64_has_cap(ARM64_HAS_TLB_RANGE)

/* No secondary MMUs are simulated (6.6+ calls this from the flushes). */
#define mmu_notifier_arch_invalidate_secondary_tlbs(mm, start, end) \
	do {                                                        \
	} while (0)
struct arch_tlbflush_unmap_batch;

/* linux/mm.h: the on-stack VMA tlb_flush() hands to __flush_tlb_range. */
#define TLB_FLUSH_VMA(mm, flags) {.vm_mm = (mm), .vm_flags = (flags)}

/* Page-table levels: 4 (the geometry decides at run time). */
#ifndef CONFIG_PGTABLE_LEVELS
#define CONFIG_PGTABLE_LEVELS 4
#endif
#define pgtable_l4_enabled() (tlbf_k_levels() >= 4)

/* asm/tlb.h's __p?d_free_tlb(): the model's table pages. */
#define virt_to_page(p) ((struct page *)tlbf_k_table_page(p))
#define pgtable_pte_page_dtor(page) ((void)(page))
#define pgtable_pmd_page_dtor(page) ((void)(page))
#if TLBF_KVER >= 602
#define page_ptdesc(p) ((struct ptdesc *)(p))
#define virt_to_ptdesc(p) ((struct ptdesc *)tlbf_k_table_page(p))
#define pagetable_pte_dtor(pt) ((void)(pt))
#define pagetable_pmd_dtor(pt) ((void)(pt))
#define pagetable_pud_dtor(pt) ((void)(pt))
#endif

#endif
