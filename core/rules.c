// SPDX-License-Identifier: GPL-2.0-only
/* The run's kernel rules (core/rules.h). */
#include "rules.h"

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
