// SPDX-License-Identifier: GPL-2.0-only
/*
 * free_pgd_range(): which tables a call may free, given its floor and
 * ceiling (Linux 6.1 mm/memory.c), at the x86-64 geometry: PTE table
 * 2 MiB, PMD table 1 GiB, PUD table 512 GiB, p4d folded.
 *
 * Each case builds the tables of its mapped ranges (every page touched),
 * calls free_pgd_range() on a fresh gather, and checks how many tables of
 * each level went, the gather's range right after the call, and that the
 * page-table counters balance once the rest is torn down.
 */
#include <stdlib.h>

#include "core.h"
#include "harness.h"
#include "inject.h"
#include "memory.h"
#include "mmu_gather.h"
#include "pgtable.h"

#define KB(x)	((unsigned long)(x) << 10)
#define MB(x)	((unsigned long)(x) << 20)
#define GB(x)	((unsigned long)(x) << 30)
#define TOP_PMD 0x7fffffc00000UL /* two PMD spans below TASK_SIZE's */

struct range {
	unsigned long start, end;
};

struct fpr_case {
	const char *what;
	struct range mapped[3]; /* zero-terminated */
	unsigned long addr, end, floor, ceiling;
	unsigned int ptes, pmds, puds; /* tables expected to go */
	unsigned long tlb_start, tlb_end; /* gather after the call */
};

static unsigned int freed[PT_NR_LEVELS];

static void count_free(const struct trace_event *ev, void *ctx)
{
	(void)ctx;
	if (ev->kind == EV_FREE_TABLE && ev->via != VIA_FREE)
		freed[ev->level]++;
}

static struct mm_struct *setup(void)
{
	struct core_config cfg = {
		.geometry = &geometry_x86_64,
		.arch = &arch_x86_native,
		.nr_cpus = 1,
	};

	core_reset(&cfg);
	memset(freed, 0, sizeof(freed));
	return mm_alloc();
}

static void populate(struct mm_struct *mm, const struct range *r)
{
	for (; r->end; r++) {
		unsigned long a;

		for (a = r->start; a < r->end; a = (a & PMD_MASK) + PMD_SIZE)
			CHECK(pt_alloc_walk(mm, a, PT_PTE) != NULL);
	}
}

static void free_rest(struct mm_struct *mm, struct page *table)
{
	unsigned long i;

	for (i = 0;
	     table->pt_level > PT_PTE && i < ptrs_per_table(table->pt_level);
	     i++) {
		unsigned long e = entry_read(&table->words[i]);

		if (entry_none(e))
			continue;
		free_rest(mm, entry_table(e));
		mm_dec_nr_table(mm, entry_table(e)->pt_level);
		free_pt_page(entry_table(e), VIA_FREE);
	}
}

static void teardown(struct mm_struct *mm)
{
	free_rest(mm, mm->pgd);
	/* Every freed table was uncounted exactly once. */
	CHECK_EQ(atomic_long_read(&mm->pgtables_bytes), 0);
	CHECK_EQ(atomic_long_read(&mm->nr_ptes), 0);
	mm_free(mm);
	CHECK_EQ(tlbf_page_stats.tables, 0);
}

static void run_case(const struct fpr_case *c, unsigned int injected_bugs)
{
	struct mm_struct *mm = setup();
	struct mmu_gather tlb;

	tlbf_injected = injected_bugs;
	populate(mm, c->mapped);
	tlb_gather_mmu(&tlb, mm);
	trace_set_sink(count_free, NULL);
	free_pgd_range(&tlb, c->addr, c->end, c->floor, c->ceiling);
	if (!injected_bugs) {
		CHECK_EQ(tlb.start, c->tlb_start);
		CHECK_EQ(tlb.end, c->tlb_end);
	}
	tlb_finish_mmu(&tlb);
	trace_set_sink(NULL, NULL);
	if (!injected_bugs) {
		CHECK_EQ(freed[PT_PTE], c->ptes);
		CHECK_EQ(freed[PT_PMD], c->pmds);
		CHECK_EQ(freed[PT_PUD], c->puds);
		if (harness_case_failed)
			fprintf(stderr, "  case: %s\n", c->what);
	}
	teardown(mm);
	tlbf_injected = 0;
}

#define UNTOUCHED 0x7ffffffff000UL, 0 /* TASK_SIZE, 0: empty gather */

/*
 * The floor/ceiling table:
 *
 *  exact PMD span      [2M,4M) alone, floor 0, ceiling 0 (top):
 *                      its PTE table, the PMD table over [0,1G) and the
 *                      PUD table over [0,512G) all go; each p?d_free_tlb
 *                      widens the range by one page at its address.
 *  PTE table shared    the neighbour's page sits in the same 2M span:
 *                      ceiling rounds down onto it, end steps back a
 *                      PMD span, nothing is left.
 *  PMD table shared    neighbour 2M further up: our PTE table goes, the
 *                      PMD table (ceiling rounds down to 0 at PUD level)
 *                      stays.
 *  floor shares PMD    neighbour below in the same 1G: PTE table only.
 *  top, ceiling 0      [TOP_PMD, TASK_SIZE) with a floor in the same
 *                      512G: two PTE tables and the PMD table go; the PUD
 *                      table starts below floor and stays.
 *  wrap at the top     addr's PMD span is below floor and the next one
 *                      wraps to 0: nothing, and no walk at all.
 *  nothing freeable    a single page between two neighbours in one span.
 *  exact PUD span      [1G,2G) with a neighbour at 3G: 512 PTE tables and
 *                      the PMD table; the PUD table is shared.
 */
static const struct fpr_case cases[] = {
	{"exact PMD span",
	 {{MB(2), MB(4)}},
	 MB(2),
	 MB(4),
	 0,
	 0,
	 1,
	 1,
	 1,
	 0,
	 MB(2) + KB(4)},
	{"PTE table shared with the next VMA",
	 {{MB(2), MB(3)}, {MB(3) + KB(4), MB(3) + KB(8)}},
	 MB(2),
	 MB(3),
	 0,
	 MB(3) + KB(4),
	 0,
	 0,
	 0,
	 UNTOUCHED},
	{"PMD table shared with the next VMA",
	 {{MB(2), MB(4)}, {MB(6), MB(6) + KB(4)}},
	 MB(2),
	 MB(4),
	 0,
	 MB(6),
	 1,
	 0,
	 0,
	 MB(2),
	 MB(2) + KB(4)},
	{"PMD table shared with the previous VMA",
	 {{MB(1), MB(1) + KB(4)}, {MB(2), MB(4)}},
	 MB(2),
	 MB(4),
	 MB(1) + KB(4),
	 0,
	 1,
	 0,
	 0,
	 MB(2),
	 MB(2) + KB(4)},
	{"top of user space, ceiling 0",
	 {{0x7fff00000000UL, 0x7fff00001000UL}, {TOP_PMD, 0x7ffffffff000UL}},
	 TOP_PMD,
	 0x7ffffffff000UL,
	 0x7fff00001000UL,
	 0,
	 2,
	 1,
	 0,
	 0x7fffc0000000UL,
	 TOP_PMD + MB(2) + KB(4)},
	{"addr + PMD_SIZE wraps past the top",
	 {{0}},
	 0xffffffffffe00000UL,
	 0,
	 0xffffffffffe00001UL,
	 0,
	 0,
	 0,
	 0,
	 UNTOUCHED},
	{"nothing freeable between two neighbours",
	 {{MB(2), MB(2) + KB(4)},
	  {MB(2) + KB(4), MB(2) + KB(8)},
	  {MB(2) + KB(12), MB(2) + KB(16)}},
	 MB(2) + KB(4),
	 MB(2) + KB(8),
	 MB(2) + KB(4),
	 MB(2) + KB(12),
	 0,
	 0,
	 0,
	 UNTOUCHED},
	{"exact PUD span",
	 {{GB(1), GB(2)}, {GB(3), GB(3) + KB(4)}},
	 GB(1),
	 GB(2),
	 0,
	 GB(3),
	 512,
	 1,
	 0,
	 GB(1),
	 GB(2) - MB(2) + KB(4)},
};

/* free_pgd_range(): each floor/ceiling case of the table above. */
static void test_fpr_floor_ceiling_table(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		run_case(&cases[i], 0);
}

/*
 * Tables only: cleared_pmds/puds/p4ds (the level above each freed table)
 * and freed_tables, never cleared_ptes.
 */
static void test_fpr_sets_levels_above(void)
{
	struct mm_struct *mm = setup();
	struct range r[] = {{MB(2), MB(4)}, {0}};
	struct mmu_gather tlb;

	populate(mm, r);
	tlb_gather_mmu(&tlb, mm);
	free_pgd_range(&tlb, MB(2), MB(4), 0, 0);
	CHECK(tlb.freed_tables);
	CHECK(!tlb.cleared_ptes);
	CHECK(tlb.cleared_pmds && tlb.cleared_puds && tlb.cleared_p4ds);
	CHECK_EQ(entry_read(pgd_offset(mm, MB(2))), 0);
	tlb_finish_mmu(&tlb);
	teardown(mm);
}

/*
 * floor-ceiling-off-by-one: without end's step back, the PTE table the
 * next VMA still maps is freed (the neighbour would walk a freed table).
 */
static void test_fpr_off_by_one_frees_neighbour_table(void)
{
	run_case(&cases[1], 1u << BUG_FLOOR_CEILING_OFF_BY_ONE);
	CHECK_EQ(freed[PT_PTE], 1);
}

/*
 * Five levels: the p4d is a real table, freed last by free_p4d_range()
 * (p4d_free_tlb widens the range but marks no cleared level), and the
 * counters still balance.
 */
static void test_fpr_five_levels_frees_p4d(void)
{
	struct core_config cfg = {
		.geometry = &geometry_x86_64_la57,
		.arch = &arch_x86_native,
		.nr_cpus = 1,
	};
	struct range r[] = {{MB(2), MB(4)}, {0}};
	struct mmu_gather tlb;
	struct mm_struct *mm;

	core_reset(&cfg);
	memset(freed, 0, sizeof(freed));
	mm = mm_alloc();
	populate(mm, r);
	tlb_gather_mmu(&tlb, mm);
	trace_set_sink(count_free, NULL);
	free_pgd_range(&tlb, MB(2), MB(4), 0, 0);
	CHECK_EQ(tlb.start, 0);
	CHECK_EQ(tlb.end, MB(2) + KB(4));
	tlb_finish_mmu(&tlb);
	trace_set_sink(NULL, NULL);
	CHECK_EQ(freed[PT_PTE] + freed[PT_PMD] + freed[PT_PUD], 3);
	CHECK_EQ(freed[PT_P4D], 1);
	CHECK_EQ(entry_read(pgd_offset(mm, MB(2))), 0);
	teardown(mm);
}

int main(int argc, char **argv)
{
	static const struct harness_case tests[] = {
		TEST_CASE(test_fpr_floor_ceiling_table),
		TEST_CASE(test_fpr_sets_levels_above),
		TEST_CASE(test_fpr_off_by_one_frees_neighbour_table),
		TEST_CASE(test_fpr_five_levels_frees_p4d),
	};

	return harness_run("free_pgd_range", tests, ARRAY_SIZE(tests), argc,
			   argv);
}
