// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model-world side of tlbf/pgtable.h: the page-table accessors of the
 * extracted free_*_range() functions, on the model's tables
 * (core/pgtable.h), whose entry reads and writes are scheduling points.
 */
#include <stddef.h>

#include "mm.h"
#include "page.h"
#include "pgtable.h"
#include "tlbf/kapi.h"

void *tlbf_k_pgd_offset(void *mm, unsigned long addr)
{
	return pgd_offset(mm, addr);
}

void *tlbf_k_offset(int level, void *upper, unsigned long addr)
{
	switch (level) {
	case PT_P4D:
		return p4d_offset(upper, addr);
	case PT_PUD:
		return pud_offset(upper, addr);
	default:
		return pmd_offset(upper, addr);
	}
}

/*
 * An entry whose level below is folded is never none and never cleared:
 * the entry of that folded level, the same word, is the one that counts
 * (the pgd's over a folded p4d, the p4d's over a folded pud).
 */
bool tlbf_k_entry_none(int level, void *entry)
{
	if (level > PT_PMD && level_folded((enum pt_level)(level - 1)))
		return false;
	return entry_none(entry_read(entry));
}

void tlbf_k_entry_clear(int level, void *entry)
{
	if (level > PT_PMD && level_folded((enum pt_level)(level - 1)))
		return;
	entry_write(entry, 0);
}

void *tlbf_k_entry_table(unsigned long entry)
{
	return entry_table(entry);
}

void *tlbf_k_table_page(void *first_entry)
{
	return (char *)first_entry - offsetof(struct page, words);
}

void *tlbf_k_table_entries(void *table)
{
	return ((struct page *)table)->words;
}

unsigned long tlbf_k_addr_end(int level, unsigned long addr, unsigned long end)
{
	return level_addr_end((enum pt_level)level, addr, end);
}

void tlbf_k_dec_nr_table(void *mm, int level)
{
	mm_dec_nr_table(mm, (enum pt_level)level);
}

unsigned int tlbf_k_level_shift(int level)
{
	return level_shift((enum pt_level)level);
}
