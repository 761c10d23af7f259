// SPDX-License-Identifier: GPL-2.0-only
/* Bug-injection switches: names, descriptions, parsing (see inject.h). */
#include "inject.h"

#include <string.h>

unsigned int tlbf_injected;

const struct inject_info inject_table[BUG_NR] = {
	[BUG_SHIFT_NOFLUSH] =
		{"shift-noflush",
		 "shift_arg_pages frees the old stack's tables with no TLB/walk-cache flush",
		 "06824ba824b3, d16dfc550f53, fb7332a9fedf"},
	[BUG_END_VMA_LOSES_FLUSH] =
		{"end-vma-loses-flush",
		 "p?d_free_tlb after a tlb_end_vma flush does not mark the gather for a flush",
		 "fb7332a9fedf, 22a61c3c4f13"},
	[BUG_PTE_FREE_RANGE_ONE_PAGE] =
		{"pte-free-range-one-page",
		 "range-only arch: pte_free_tlb widens the range by one page, not the table's span",
		 "fb7332a9fedf, 22a61c3c4f13"},
	[BUG_FREE_BEFORE_UNLINK] =
		{"free-before-unlink",
		 "free_pgtables frees a VMA's tables before hiding it from rmap",
		 "a8fb5618dab7 (2.6.15 unlink before pagetables)"},
	[BUG_REGATHER_ZERO_RANGE] =
		{"regather-zero-range",
		 "unlink pass restarts the gather and finishes it with an empty range",
		 "2.6.15 -rt free_pgtables latency change, on a8fb5618dab7"},
	[BUG_FREE_BEFORE_FLUSH] =
		{"free-before-flush",
		 "tlb_flush_mmu frees pages and tables before the TLB flush",
		 "1cf35d47712d, d16dfc550f53"},
	[BUG_FLOOR_CEILING_OFF_BY_ONE] =
		{"floor-ceiling-off-by-one",
		 "free_pgd_range frees a table reaching one entry past ceiling",
		 "e0da382c9262"},
	[BUG_BATCH_FAIL_NOFLUSH] =
		{"batch-fail-noflush",
		 "no page batch: queued pages freed without a TLB flush first",
		 "e6c495a96ce0, 0ed1325967ab"},
	[BUG_TABLE_FAIL_NOSYNC] =
		{"table-fail-nosync",
		 "no table batch: the table is freed without syncing lockless walkers",
		 "267239116987, 0ed1325967ab"},
	[BUG_GUP_NO_RECHECK] =
		{"gup-no-recheck",
		 "gup_fast takes its reference without re-reading the pmd/pte",
		 "2667f50e8b81, 70cbc3cc78a9"},
	[BUG_GUP_IRQS_ON] =
		{"gup-irqs-on",
		 "gup_fast walks with IRQs enabled on the IPI-synchronised profile",
		 "8174c430e445"},
	[BUG_NESTED_GATHER_NOFORCE] =
		{"nested-gather-noforce",
		 "tlb_finish_mmu ignores tlb_flush_pending > 1",
		 "99baac21e458, 7a30df49f63a"},
	[BUG_UNSHARE_NOSYNC] =
		{"unshare-nosync",
		 "huge_pmd_unshare leaves a PMD table to its last sharer without waiting out gup_fast",
		 "1013af4f585f (2025, mm/hugetlb: fix huge_pmd_unshare() vs GUP-fast race)"},
	[BUG_RMAP_BEFORE_FLUSH] =
		{"rmap-before-flush",
		 "6.12 rules: zap_pte_range drops the delayed rmaps before the TLB flush",
		 "5df397dec7c4 (6.2, mm: delay page_remove_rmap() until after the TLB has been flushed)"},
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
