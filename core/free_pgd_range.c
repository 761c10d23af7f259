// SPDX-License-Identifier: GPL-2.0-only
/*
 * free_pgd_range() and its per-level helpers (Linux 6.1 mm/memory.c):
 * free the page tables under [addr, end) that no neighbouring mapping can
 * still use, handing each to the gather with p?d_free_tlb().
 *
 * Boundaries. floor is the lowest address, ceiling the first address
 * above, that the freed tables may cover: a table whose span reaches
 * below floor or to ceiling and beyond may hold a neighbour's entries.
 * 0 is both ends of the address space: addr and floor 0 mean the bottom,
 * end and ceiling 0 the top. That is why every comparison against an
 * upper bound is made on x - 1, and why rounding ceiling down (or addr
 * up) to 0 has to be caught before it is compared at all.
 *
 * PTE tables are freed for every present pmd in the (already trimmed)
 * range; PMD, PUD and P4D tables only when the span they map passes the
 * floor/ceiling test at their own level, after their children went.
 * Folded levels (core/geometry.h) run their loop once over the entry they
 * are folded into and free nothing of their own.
 */
#include "inject.h"
#include "memory.h"
#include "mmu_gather.h"
#include "pgtable.h"

/*
 * May the table covering [start & ~(span - 1), ...) go, given that the
 * walk at this level covered up to @end? @mask is the table's span mask
 * (PUD_MASK for a PMD table: it maps one pud entry's span).
 */
static bool table_freeable(unsigned long start, unsigned long end,
			   unsigned long floor, unsigned long ceiling,
			   unsigned long mask)
{
	start &= mask;
	if (start < floor)
		return false;
	if (ceiling) {
		ceiling &= mask;
		/* Rounded down to the bottom: nothing fits below it. */
		if (!ceiling)
			return false;
	}
	return end - 1 <= ceiling - 1;
}

/* The pmd entry is cleared; its PTE table goes to the gather. */
static void free_pte_range(struct mmu_gather *tlb, pmd_t *pmd,
			   unsigned long addr)
{
	struct page *table = pmd_pgtable(entry_read(pmd));

	entry_write(pmd, 0);
	pte_free_tlb(tlb, table, addr);
	mm_dec_nr_table(tlb->mm, PT_PTE);
}

static void free_pmd_range(struct mmu_gather *tlb, pud_t *pud,
			   unsigned long addr, unsigned long end,
			   unsigned long floor, unsigned long ceiling)
{
	unsigned long first = addr, next;
	pmd_t *pmd = pmd_offset(pud, addr);
	struct page *table;

	do {
		next = pmd_addr_end(addr, end);
		if (!pmd_none(entry_read(pmd)))
			free_pte_range(tlb, pmd, addr);
		pmd++;
		addr = next;
	} while (addr != end);

	if (!table_freeable(first, end, floor, ceiling, PUD_MASK))
		return;
	table = entry_table(entry_read(pud));
	entry_write(pud, 0);
	pmd_free_tlb(tlb, table, first & PUD_MASK);
	mm_dec_nr_table(tlb->mm, PT_PMD);
}

static void free_pud_range(struct mmu_gather *tlb, p4d_t *p4d,
			   unsigned long addr, unsigned long end,
			   unsigned long floor, unsigned long ceiling)
{
	unsigned long first = addr, next;
	pud_t *pud = pud_offset(p4d, addr);
	struct page *table;

	do {
		next = pud_addr_end(addr, end);
		if (!pud_none(entry_read(pud)))
			free_pmd_range(tlb, pud, addr, next, floor, ceiling);
		pud++;
		addr = next;
	} while (addr != end);

	/*
	 * A folded pud (three levels) has no table: free_pmd_range() cleared
	 * the pgd entry, and the kernel's p4d_clear(), pud_free_tlb() and
	 * mm_dec_nr_puds() are empty (pgtable-nopud.h, linux/mm.h).
	 */
	if (level_folded(PT_PUD))
		return;
	if (!table_freeable(first, end, floor, ceiling, P4D_MASK))
		return;
	table = entry_table(entry_read(p4d));
	/* Folded p4d: this is the pgd entry itself, cleared here. */
	entry_write(p4d, 0);
	pud_free_tlb(tlb, table, first & P4D_MASK);
	mm_dec_nr_table(tlb->mm, PT_PUD);
}

static void free_p4d_range(struct mmu_gather *tlb, pgd_t *pgd,
			   unsigned long addr, unsigned long end,
			   unsigned long floor, unsigned long ceiling)
{
	unsigned long first = addr, next;
	p4d_t *p4d = p4d_offset(pgd, addr);

	do {
		next = p4d_addr_end(addr, end);
		if (!p4d_none(entry_read(p4d)))
			free_pud_range(tlb, p4d, addr, next, floor, ceiling);
		p4d++;
		addr = next;
	} while (addr != end);

	/* A folded p4d has no table of its own and no pgd entry to clear. */
	if (level_folded(PT_P4D))
		return;
	if (!table_freeable(first, end, floor, ceiling, PGDIR_MASK))
		return;
	{
		struct page *table = entry_table(entry_read(pgd));

		entry_write(pgd, 0);
		p4d_free_tlb(tlb, table, first & PGDIR_MASK);
		/*
		 * 6.1 does not account p4d tables at all; the model's
		 * pt_alloc_walk() does, so give it back here.
		 */
		mm_dec_nr_table(tlb->mm, PT_P4D);
	}
}

/*
 * Trim [*addr, *end) to the PMD spans free_pgd_range() may empty: a PTE
 * table is the smallest thing freed, so a PMD span reaching below floor
 * or up to ceiling belongs (also) to a neighbour. Rounds *ceiling down to
 * a PMD boundary as it goes; false when nothing is left.
 */
static bool trim_to_pmd_spans(unsigned long *addr, unsigned long *end,
			      unsigned long floor, unsigned long *ceiling)
{
	unsigned long lo = *addr & PMD_MASK;

	/* Stepping over floor's span may wrap to 0: past the top. */
	if (lo < floor && (lo += PMD_SIZE) == 0)
		return false;
	/* A ceiling inside the first PMD span leaves no room at all. */
	if (*ceiling && (*ceiling &= PMD_MASK) == 0)
		return false;
	/*
	 * end runs into the PMD span that holds ceiling: that PTE table is
	 * the neighbour's. floor-ceiling-off-by-one forgets to step back.
	 */
	if (*end - 1 > *ceiling - 1 && !injected(BUG_FLOOR_CEILING_OFF_BY_ONE))
		*end -= PMD_SIZE;
	*addr = lo;
	return lo <= *end - 1;
}

/*
 * The caller (free_pgtables, shift_arg_pages) has zapped [addr, end) and
 * says how far its neighbours reach: floor and ceiling. Often nothing is
 * left after trimming, and the walk is skipped.
 */
void free_pgd_range(struct mmu_gather *tlb, unsigned long addr,
		    unsigned long end, unsigned long floor,
		    unsigned long ceiling)
{
	unsigned long next;
	pgd_t *pgd;

	trace_func(__func__, addr);
	if (!trim_to_pmd_spans(&addr, &end, floor, &ceiling))
		return;

	pgd = pgd_offset(tlb->mm, addr);
	do {
		next = pgd_addr_end(addr, end);
		if (!pgd_none(entry_read(pgd)))
			free_p4d_range(tlb, pgd, addr, next, floor, ceiling);
		pgd++;
		addr = next;
	} while (addr != end);
}
