/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which kernel's zap and gather rules a run follows. The model was written
 * after Linux 6.1; where later kernels changed the rules, the run can take
 * the later one:
 *
 *   6.2   a dirty file page keeps its rmap until the TLB flush
 *         (delayed rmap: tlb_delay_rmap(), tlb_flush_rmaps());
 *   6.9   the gather stores encoded pages: a page may come with a page
 *         count in the next slot (__tlb_remove_folio_pages()), so a
 *         batch keeps a slot in reserve and is full one entry earlier;
 *         zap_present_ptes() zaps the PTEs of one large folio together;
 *   6.10  the gather frees its pages at most 512 entries at a time, with
 *         a reschedule point between (__tlb_batch_free_encoded_pages()).
 *
 * The run's rules come, first found: from the linked tree in a kernel
 * build (the tree decides), from `tlbf-events --like X.Y`, or from the
 * input's header (struct program's rules field: 6.1 or 6.12), so one
 * fuzzing campaign reaches both rule sets.
 */
#ifndef TLBF_RULES_H
#define TLBF_RULES_H

#include <stdbool.h>

struct tlbf_rules {
	unsigned int kver; /* major * 100 + minor, e.g. 601, 612 */
	bool large_folios; /* anonymous faults map 4-page folios (mTHP) */
};

extern struct tlbf_rules tlbf_rules;

/* Set per run by core_reset(): @kver is the input's choice. */
void rules_reset(unsigned int kver, bool large_folios);

/* --like X.Y, for every later run of this process (0: the input's). */
void rules_like(unsigned int kver);

static inline bool rules_at_least(unsigned int kver)
{
	return tlbf_rules.kver >= kver;
}

/*
 * Proposed kernel fixes a run may apply, for every run of the process
 * (TLBFUZZ_FIXES; docs/findings.md). They answer one triage question: is
 * this finding one already written up? Replayed with the fix, the known
 * one goes away. Off by default: the model follows the trees as they are.
 */
enum rules_fix {
	FIX_X86_LAZY_UNSHARE, /* x86 tlb_flush(): unshared tables count as freed */
	FIX_HUGETLB_SHARE_PTL, /* 349d1670008d on 6.1: share under page_table_lock */
	FIX_HUGETLB_GUP_VMA_LOCK, /* 6.1: slow gup walks under the hugetlb VMA lock */
	FIX_HUGETLB_WALK_VMA_LOCK, /* 6.1: the page walk does too (mincore) */
	FIX_HUGETLB_FAULT_VMA_LOCK, /* 6.1: the fault's first look does too */
	FIX_HUGETLB_FOLLOW_PAGE_VMA_LOCK, /* 6.1: follow_page() does too */
	FIX_NR,
};

extern const char *const rules_fix_names[FIX_NR];
/* The docs/findings.md section each fix answers. */
extern const char *const rules_fix_findings[FIX_NR];
extern unsigned int tlbf_rules_fixes; /* bit per enum rules_fix */

/* Parse "a,b" (or "" or "none"); -1 with the bad name in @bad, @bad_len. */
int rules_fixes_parse(const char *list, unsigned int *mask, const char **bad,
		      unsigned int *bad_len);

static inline bool rules_fixed(enum rules_fix fix)
{
	return tlbf_rules_fixes & (1u << fix);
}

/* Pages in the folio an anonymous fault maps when large folios are on. */
#define RULES_LARGE_FOLIO_PAGES 4

#endif
