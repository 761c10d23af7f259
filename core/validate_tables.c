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
 * Where the run of VMAs with no gap between them that covers @start ends
 * (@start itself when no VMA covers it). A run, not one VMA: the model
 * has no split_huge_pmd, so a huge PMD stays in place when its VMA is
 * split across it and nothing is unmapped (a munmap whose second
 * __split_vma() fails keeps the first split), and then two VMAs share it.
 */
static unsigned long covered_until(struct mm_struct *mm, unsigned long start)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	for (; vma && vma->vm_start <= start; vma = vma->vm_next)
		start = vma->vm_end;
	return start;
}

/*
 * Relaxed loads: the writer holds mmap_lock, so every table this reaches
 * was published to it by the lock, not by an entry's load (an acquire
 * per entry would also make the compiler reload the loop's bounds).
 */
static unsigned long word_at(const struct page *table, unsigned long i)
{
	return __atomic_load_n(&table->words[i], __ATOMIC_RELAXED);
}

#define BLOCK 8

/* Whether words @i .. @i + BLOCK - 1 of @table are all zero. */
static bool block_empty(const struct page *table, unsigned long i)
{
	unsigned long any = 0, j;

	for (j = 0; j < BLOCK; j++)
		any |= word_at(table, i + j);
	return !any;
}

/*
 * @cover: the end of the VMA run last looked up. The walk goes up in
 * address order, so an entry below it lies inside that run, and the run
 * from the entry ends there too: no lookup of its own. Most of a table
 * is empty at the x86-64 geometry (512 entries): blocks of zero words go
 * by eight at a time.
 */
static bool check_table(struct mm_struct *mm, const struct page *table,
			enum pt_level level, unsigned long base,
			unsigned long *cover)
{
	unsigned long i, size = 1UL << level_shift(level);
	unsigned long n = ptrs_per_table(level);

	for (i = 0; i < n; i++) {
		unsigned long e, va;

		if (!(i % BLOCK) && i + BLOCK <= n && block_empty(table, i)) {
			i += BLOCK - 1;
			continue;
		}
		e = word_at(table, i);
		va = base + i * size;
		if (!entry_present(e))
			continue;
		if (level > PT_PTE && !entry_leaf(e)) {
			if (!check_table(mm, entry_table(e), level_below(level),
					 va, cover))
				return false;
			continue;
		}
		if (va >= *cover)
			*cover = covered_until(mm, va);
		if (*cover - va < size) {
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
	unsigned long cover = 0;

	check_table(mm, mm->pgd, PT_PGD, 0, &cover);
}
