/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Model world: where core/ hands a zap or a free_pgtables() to the tree's
 * own mm/memory.c code in kernel mode (kernel/kzap_model.c). Included by
 * core/zap.c and core/free_pgtables.c only when the build compiles that
 * piece (TLBF_KERNEL_ZAP, TLBF_KERNEL_FREE_PGTABLES: kernel/kernel.cmake).
 * Each returns true when the tree's function ran, false when the current
 * profile's build has none and the model's code must run instead.
 */
#ifndef TLBF_KCALLERS_H
#define TLBF_KCALLERS_H

#include <stdbool.h>

struct mmu_gather;
struct tlbf_kops;
struct vm_area_struct;
struct zap_details;

bool kcallers_unmap_page_range(struct mmu_gather *tlb,
			       struct vm_area_struct *vma, unsigned long addr,
			       unsigned long end, struct zap_details *details);
bool kcallers_unmap_vmas(struct mmu_gather *tlb, struct vm_area_struct *vma,
			 unsigned long start, unsigned long end);
bool kcallers_free_pgtables(struct mmu_gather *tlb, struct vm_area_struct *vma,
			    unsigned long floor, unsigned long ceiling);

/* kernel/kapi.c: the kernel gather shadowing @tlb (tlbf/kmode.h mirrors it). */
void *tlbf_kapi_kgather(struct mmu_gather *tlb, const struct tlbf_kops **ops);
/* The model's struct mmu_gather a kernel gather shadows (NULL: none). */
struct mmu_gather *tlbf_kapi_model_tlb(void *kg);

#endif
