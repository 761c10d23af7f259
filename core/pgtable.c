// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page-table pages: allocation with accounting (6.1's pgtables_bytes and
 * the per-level counts check_mm() reads), the allocate-on-demand walk of
 * __pte_alloc() and friends, and PTE-lock helpers.
 */
#include "pgtable.h"

#include "cpu.h"
#include "oracle.h"

static atomic_long_t *nr_counter(struct mm_struct *mm, enum pt_level level)
{
	switch (level) {
	case PT_PTE:
		return &mm->nr_ptes;
	case PT_PMD:
		return &mm->nr_pmds;
	case PT_PUD:
		return &mm->nr_puds;
	default:
		return &mm->nr_p4ds;
	}
}

void mm_inc_nr_table(struct mm_struct *mm, enum pt_level level)
{
	atomic_long_add(1, nr_counter(mm, level));
	atomic_long_add((long)(ptrs_per_table(level) * sizeof(unsigned long)),
			&mm->pgtables_bytes);
}

void mm_dec_nr_table(struct mm_struct *mm, enum pt_level level)
{
	atomic_long_sub(1, nr_counter(mm, level));
	atomic_long_sub((long)(ptrs_per_table(level) * sizeof(unsigned long)),
			&mm->pgtables_bytes);
}

struct page *pt_alloc_one(struct mm_struct *mm, enum pt_level level,
			  unsigned long base)
{
	struct page *table = alloc_pt_page(level);

	if (!table)
		return NULL;
	table->pt_base = base & ~((1UL << table_span_shift(level)) - 1);
	table->pt_mm = mm;
	return table;
}

void pt_account_free(struct mm_struct *mm, enum pt_level level)
{
	mm_dec_nr_table(mm, level);
}

/*
 * Fill *@slot with a new table for @level if it is still empty. Two CPUs
 * may race to do this; the loser frees its table, as __pte_alloc() does.
 * The table is zeroed before it is published (the kernel's smp_wmb()
 * before pmd_populate()).
 */
static bool populate(struct mm_struct *mm, unsigned long *slot,
		     enum pt_level level, unsigned long addr)
{
	struct page *table;
	spinlock_t *ptl = &mm->page_table_lock;

	if (!entry_none(entry_read(slot)))
		return true;
	table = pt_alloc_one(mm, level, addr);
	if (!table)
		return false;
	spin_lock(ptl);
	if (entry_none(entry_read(slot))) {
		mm_inc_nr_table(mm, level);
		smp_wmb();
		entry_write(slot, mk_entry(table, _PAGE_RW));
		table = NULL;
	}
	spin_unlock(ptl);
	if (table)
		free_pt_page(table, VIA_FREE);
	return true;
}

/*
 * One level down from the entry @slot: with @alloc, fill it with a @child
 * table when it is none; then the @child slot for @addr, or NULL when
 * the entry is none (or the allocation failed) or a huge leaf.
 */
static unsigned long *walk_down(struct mm_struct *mm, unsigned long *slot,
				enum pt_level child, unsigned long addr,
				bool alloc)
{
	unsigned long e;

	if (alloc && !populate(mm, slot, child, addr))
		return NULL;
	e = entry_read(slot);
	if (entry_none(e) || entry_leaf(e))
		return NULL;
	return entry_offset(e, child, addr);
}

/*
 * Walk from the pgd down to the slot for @addr at @level; with @alloc,
 * fill missing tables on the way (__pte_alloc() and friends). NULL when a
 * table is missing (or could not be allocated) or a huge leaf sits above
 * @level.
 */
static unsigned long *pt_walk(struct mm_struct *mm, unsigned long addr,
			      enum pt_level level, bool alloc)
{
	unsigned long *slot = pgd_offset(mm, addr);
	enum pt_level child = level_below(PT_PGD);

	for (;;) {
		if (child < level)
			return slot;
		slot = walk_down(mm, slot, child, addr, alloc);
		if (!slot || child == level)
			return slot;
		child = level_below(child);
	}
}

/*
 * p4d_alloc(), pud_alloc(), pmd_alloc() from the entry the caller holds:
 * fill @upper with a @level table when it is none, then the slot for @addr
 * in it. A folded level is its upper entry. Like the kernel's, it reads
 * *@upper first, whatever @upper is.
 */
unsigned long *pt_alloc_below(struct mm_struct *mm, unsigned long *upper,
			      enum pt_level level, unsigned long addr)
{
	if (level_folded(level))
		return upper;
	return walk_down(mm, upper, level, addr, true);
}

unsigned long *pt_alloc_walk(struct mm_struct *mm, unsigned long addr,
			     enum pt_level level)
{
	return pt_walk(mm, addr, level, true);
}

unsigned long *pt_lookup(struct mm_struct *mm, unsigned long addr,
			 enum pt_level level)
{
	return pt_walk(mm, addr, level, false);
}

pte_t *pte_offset_map_lock(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
			   spinlock_t **ptlp)
{
	unsigned long e = entry_read(pmd);
	spinlock_t *ptl;

	(void)mm;
	if (entry_none(e) || entry_leaf(e))
		return NULL;
	ptl = &entry_table(e)->ptl;
	sw_walk_enter(PT_PTE, entry_table(e));
	spin_lock(ptl);
	/* The pmd may have changed (collapse) while we waited for the lock. */
	if (entry_read(pmd) != e) {
		pte_unmap_unlock(NULL, ptl);
		return NULL;
	}
	*ptlp = ptl;
	return table_slot(e, PT_PTE, addr);
}

void pte_unmap_unlock(pte_t *pte, spinlock_t *ptl)
{
	struct page *held = this_cpu()->walk_tables[PT_PTE];

	(void)pte;
	if (held && &held->ptl == ptl)
		sw_walk_leave(PT_PTE);
	spin_unlock(ptl);
}

spinlock_t *pmd_lock(struct mm_struct *mm, pmd_t *pmd)
{
	spinlock_t *ptl = pmd_lockptr(mm, pmd);

	spin_lock(ptl);
	return ptl;
}

unsigned long *walk_below_none(enum pt_level level, unsigned long addr)
{
	/*
	 * Non-fatal handlers (tests) go on with a table that maps nothing:
	 * 64 KiB pages give the largest tables, 8192 entries.
	 */
	static unsigned long nothing_mapped[8192];

	report(ORACLE_KERNEL_BUG, "page-table walk below an empty entry",
	       "%s_offset(%#lx): the %s entry above holds no table (cleared "
	       "while the walker still trusted it)",
	       level_name(level), addr, level_name(level + 1));
	return &nothing_mapped[level_index(level, addr)];
}
