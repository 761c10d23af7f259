// SPDX-License-Identifier: GPL-2.0-only
/* Bug-injection switches: names, descriptions, parsing (see inject.h). */
#include "inject.h"

#include <string.h>

unsigned int tlbf_injected;

const struct inject_info inject_table[BUG_NR] = {
	[BUG_SHIFT_NOFLUSH] =
		{"shift-noflush",
		 "shift_arg_pages frees the old stack's tables with no TLB/walk-cache flush",
		 "2011 ARM/ia64/sh gather (seed 004)"},
	[BUG_END_VMA_LOSES_FLUSH] =
		{"end-vma-loses-flush",
		 "p?d_free_tlb after a tlb_end_vma flush does not mark the gather for a flush",
		 "seed 004, generic range tracking"},
	[BUG_PTE_FREE_RANGE_ONE_PAGE] =
		{"pte-free-range-one-page",
		 "range-only arch: pte_free_tlb widens the range by one page, not the table's span",
		 "seed 004"},
	[BUG_FREE_BEFORE_UNLINK] =
		{"free-before-unlink",
		 "free_pgtables frees a VMA's tables before hiding it from rmap",
		 "2.6.15 free_pgtables (seed 000)"},
	[BUG_REGATHER_ZERO_RANGE] =
		{"regather-zero-range",
		 "unlink pass restarts the gather and finishes it with an empty range",
		 "seed 000, ia64 tlb_finish_mmu(start, end)"},
	[BUG_FREE_BEFORE_FLUSH] =
		{"free-before-flush",
		 "tlb_flush_mmu frees pages and tables before the TLB flush",
		 "mm/mmu_gather.c ordering"},
	[BUG_FLOOR_CEILING_OFF_BY_ONE] =
		{"floor-ceiling-off-by-one",
		 "free_pgd_range frees a table reaching one entry past ceiling",
		 "mm/memory.c free_p?d_range bounds"},
	[BUG_BATCH_FAIL_NOFLUSH] =
		{"batch-fail-noflush",
		 "no page batch: queued pages freed without a TLB flush first",
		 "mm/mmu_gather.c tlb_next_batch fallback"},
	[BUG_TABLE_FAIL_NOSYNC] =
		{"table-fail-nosync",
		 "no table batch: the table is freed without syncing lockless walkers",
		 "tlb_remove_table_one / tlb_remove_table_sync_one"},
	[BUG_GUP_NO_RECHECK] =
		{"gup-no-recheck",
		 "gup_fast takes its reference without re-reading the pmd/pte",
		 "mm/gup.c gup_pte_range protocol"},
	[BUG_GUP_IRQS_ON] =
		{"gup-irqs-on",
		 "gup_fast walks with IRQs enabled on the IPI-synchronised profile",
		 "mm/gup.c lockless_pages_from_mm"},
	[BUG_NESTED_GATHER_NOFORCE] =
		{"nested-gather-noforce",
		 "tlb_finish_mmu ignores tlb_flush_pending > 1",
		 "99baac21e458, 7a30df49f63a"},
	[BUG_UNSHARE_NOSYNC] =
		{"unshare-nosync",
		 "huge_pmd_unshare leaves a PMD table to its last sharer without waiting out gup_fast",
		 "1013af4f585f (2025, mm/hugetlb: fix huge_pmd_unshare() vs GUP-fast race)"},
};

static int lookup(const char *name, size_t len)
{
	int i;

	for (i = 0; i < BUG_NR; i++) {
		if (strlen(inject_table[i].name) == len &&
		    !strncmp(inject_table[i].name, name, len))
			return i;
	}
	return -1;
}

int inject_parse(const char *list, unsigned int *mask, const char **bad,
		 unsigned int *bad_len)
{
	const char *p = list;

	*mask = 0;
	while (*p) {
		size_t len = strcspn(p, ",");
		int bug;

		if (len) {
			bug = lookup(p, len);
			if (bug < 0) {
				*bad = p;
				*bad_len = (unsigned int)len;
				return -1;
			}
			*mask |= 1u << bug;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}
