/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Forced into every kernel-world file (-include). Several kernel gathers
 * (one per profile, per tree) and the model's API live in one binary, so
 * the names the kernel's mm/mmu_gather.c exports get a per-build prefix
 * (TLBF_KPREFIX, e.g. tlbf_k61_x86_rcu_). A name a newer tree exports and
 * this list lacks shows up as a duplicate symbol at link time.
 */
#ifndef TLBF_RENAMES_H
#define TLBF_RENAMES_H

#include "kconfig.h"

#define TLBF_KSYM(name) TLBF_XCAT2(TLBF_KPREFIX, name)
#define TLBF_XCAT2(a, b) TLBF_CAT2(a, b)
#define TLBF_CAT2(a, b) a##b

#define tlb_gather_mmu TLBF_KSYM(tlb_gather_mmu)
#define tlb_gather_mmu_fullmm TLBF_KSYM(tlb_gather_mmu_fullmm)
#define tlb_gather_mmu_vma TLBF_KSYM(tlb_gather_mmu_vma)
#define tlb_finish_mmu TLBF_KSYM(tlb_finish_mmu)
#define tlb_flush_mmu TLBF_KSYM(tlb_flush_mmu)
#define __tlb_remove_page_size TLBF_KSYM(__tlb_remove_page_size)
#define __tlb_remove_folio_pages TLBF_KSYM(__tlb_remove_folio_pages)
#define tlb_flush_rmaps TLBF_KSYM(tlb_flush_rmaps)
#define tlb_remove_table_sync_one TLBF_KSYM(tlb_remove_table_sync_one)
/* mm/memory.c, extracted (kernel/kpgfree.c) */
#define free_pgd_range TLBF_KSYM(free_pgd_range)
/* Only a function with MMU_GATHER_TABLE_FREE; otherwise tlb.h's macro. */
#ifdef CONFIG_MMU_GATHER_TABLE_FREE
#define tlb_remove_table TLBF_KSYM(tlb_remove_table)
#endif

#endif
