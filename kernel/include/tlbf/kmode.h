/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Gather API that only kernel mode has (model world; kernel/kapi.c):
 * 6.2+ delays the rmap removal of dirty file pages until after the TLB
 * flush. On a 6.1 tree these fall back to what 6.1 does (rmap removed at
 * once, tlb_flush_rmaps() a no-op).
 */
#ifndef TLBF_KMODE_H
#define TLBF_KMODE_H

#include <stdbool.h>

struct mmu_gather;
struct page;
struct vm_area_struct;

/* zap_present_folio_ptes() on a dirty file page: queue, rmap later. */
bool tlb_remove_page_delay_rmap(struct mmu_gather *tlb, struct page *page);
/* zap_pte_range() after tlb_flush_mmu_tlbonly(): the delayed rmaps go. */
void tlb_flush_rmaps(struct mmu_gather *tlb, struct vm_area_struct *vma);

/* The kernel gather behind @tlb, and copying its state back into @tlb. */
void *tlbf_kslot_gather(struct mmu_gather *tlb);
void tlbf_kslot_mirror(struct mmu_gather *tlb);

#endif
