// SPDX-License-Identifier: GPL-2.0-only
/*
 * The page tables against the VMA set, when a writer drops mmap_lock: no
 * present entry may map an address no VMA covers. munmap, mremap, exec's
 * stack shift and a failed mmap zap whatever they take out of the VMA set
 * before they unlock; a zap that skipped part of its range (a level's
 * loop that stops early, a huge PMD left in place over a partial unmap)
 * leaves a translation user space can still use. The kernel has no such
 * walk (its CONFIG_DEBUG_VM checks the VMA tree only); a leftover entry
 * shows there as an rss-counter complaint at exit, or not at all.
 */
#include "memory.h"
#include "mm_internal.h"
#include "oracle.h"

/*
 * Whether VMAs with no gap between them cover [start, end). Not one VMA:
 * the model has no split_huge_pmd, so a huge PMD stays in place when its
 * VMA is split across it and nothing is unmapped (a munmap whose second
 * __split_vma() fails keeps the first split), and then two VMAs share it.
 */
static bool covered(struct mm_struct *mm, unsigned long start,
		    unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	for (; vma && vma->vm_start <= start; vma = vma->vm_next) {
		if (end <= vma->vm_end)
			return true;
		start = vma->vm_end;
	}
	return false;
}

static bool check_table(struct mm_struct *mm, const struct page *table,
			enum pt_level level, unsigned long base)
{
	unsigned long i, size = 1UL << level_shift(level);

	for (i = 0; i < ptrs_per_table(level); i++) {
		unsigned long e = entry_read(&table->words[i]);
		unsigned long va = base + i * size;

		if (!entry_present(e))
			continue;
		if (level > PT_PTE && !entry_leaf(e)) {
			if (!check_table(mm, entry_table(e), level_below(level),
					 va))
				return false;
			continue;
		}
		if (!covered(mm, va, va + size)) {
			report(ORACLE_KERNEL_BUG,
			       "a page-table entry maps an address outside every VMA",
			       "mm%u %s %#lx -> page #%u", mm->id,
			       level_name(level), va,
			       page_incarnation(entry_page(e)));
			return false;
		}
	}
	return true;
}

void validate_mm_tables(struct mm_struct *mm)
{
	check_table(mm, mm->pgd, PT_PGD, 0);
}
