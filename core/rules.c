// SPDX-License-Identifier: GPL-2.0-only
/* The run's kernel rules (core/rules.h). */
#include "rules.h"

#include <string.h>

#include "mmu_gather.h"

struct tlbf_rules tlbf_rules = {.kver = 601};

static unsigned int like_kver;

void rules_like(unsigned int kver)
{
	like_kver = kver;
}

void rules_reset(unsigned int kver, bool large_folios)
{
	unsigned int tree = tlb_gather_tree_kver();

	if (tree)
		kver = tree;
	else if (like_kver)
		kver = like_kver;
	tlbf_rules.kver = kver < 601 ? 601 : kver;
	tlbf_rules.large_folios = large_folios;
}

const char *const rules_fix_names[FIX_NR] = {
	[FIX_X86_LAZY_UNSHARE] = "x86-lazy-unshare",
	[FIX_HUGETLB_SHARE_PTL] = "hugetlb-share-ptl",
	[FIX_HUGETLB_GUP_VMA_LOCK] = "hugetlb-gup-vma-lock",
	[FIX_HUGETLB_WALK_VMA_LOCK] = "hugetlb-walk-vma-lock",
	[FIX_HUGETLB_FAULT_VMA_LOCK] = "hugetlb-fault-vma-lock",
	[FIX_HUGETLB_FOLLOW_PAGE_VMA_LOCK] = "hugetlb-follow-page-vma-lock",
};

const char *const rules_fix_findings[FIX_NR] = {
	[FIX_X86_LAZY_UNSHARE] = "x86-lazy-hugetlb-unshare",
	[FIX_HUGETLB_SHARE_PTL] = "hugetlb-share-vs-pmd-alloc",
	[FIX_HUGETLB_GUP_VMA_LOCK] = "hugetlb-gup-vs-unshare",
	[FIX_HUGETLB_WALK_VMA_LOCK] = "hugetlb-walk-vs-unshare",
	[FIX_HUGETLB_FAULT_VMA_LOCK] = "hugetlb-fault-vs-unshare",
	[FIX_HUGETLB_FOLLOW_PAGE_VMA_LOCK] = "hugetlb-follow-page-vs-unshare",
};

unsigned int tlbf_rules_fixes;

static int fix_by_name(const char *name, size_t len)
{
	unsigned int f;

	for (f = 0; f < FIX_NR; f++)
		if (strlen(rules_fix_names[f]) == len &&
		    !strncmp(rules_fix_names[f], name, len))
			return (int)f;
	return -1;
}

int rules_fixes_parse(const char *list, unsigned int *mask, const char **bad,
		      unsigned int *bad_len)
{
	const char *p = list;

	*mask = 0;
	if (!strcmp(list, "none"))
		return 0;
	while (*p) {
		size_t len = strcspn(p, ",");
		int f = len ? fix_by_name(p, len) : 0;

		if (len && f < 0) {
			*bad = p;
			*bad_len = (unsigned int)len;
			return -1;
		}
		if (len)
			*mask |= 1u << f;
		p += len + (p[len] == ',');
	}
	return 0;
}
