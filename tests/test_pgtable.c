// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page-table basics: geometry arithmetic, allocate-on-demand walks,
 * accounting, and the folded p4d of four-level geometries.
 */
#include <string.h>

#include "core.h"
#include "faultinj.h"
#include "harness.h"
#include "mm.h"
#include "pgtable.h"

static struct mm_struct *setup(const struct pt_geometry *g)
{
	struct core_config cfg = {.geometry = g, .nr_cpus = 1};

	core_reset(&cfg);
	return mm_alloc();
}

/* Free every table under @table (these tests map no frames). */
static void free_tree(struct mm_struct *mm, struct page *table)
{
	unsigned long i;

	for (i = 0;
	     table->pt_level > PT_PTE && i < ptrs_per_table(table->pt_level);
	     i++) {
		unsigned long e = entry_read(&table->words[i]);

		if (!entry_none(e)) {
			free_tree(mm, entry_table(e));
			pt_account_free(mm, entry_table(e)->pt_level);
			free_pt_page(entry_table(e), VIA_FREE);
		}
	}
}

static void teardown(struct mm_struct *mm)
{
	free_tree(mm, mm->pgd);
	CHECK_EQ(atomic_long_read(&mm->pgtables_bytes), 0);
	mm_free(mm);
	CHECK_EQ(tlbf_page_stats.tables, 0);
}

/* x86-64 4-level: PMD 2 MiB, PUD 1 GiB, PGDIR 512 GiB, p4d folded. */
static void test_pgtable_x86_geometry(void)
{
	teardown(setup(&geometry_x86_64));
	CHECK_EQ(PMD_SIZE, 2UL << 20);
	CHECK_EQ(PUD_SIZE, 1UL << 30);
	CHECK_EQ(PGDIR_SIZE, 512UL << 30);
	CHECK_EQ(P4D_SIZE, PGDIR_SIZE);
	CHECK(level_folded(PT_P4D));
	CHECK_EQ(tlbf_geom.gather_batch_max, 510);
	CHECK_EQ(tlbf_geom.table_batch_max, 509);
}

/* The kernel's formulas give x86's 8/510/19/509 at 4 KiB pages. */
static void test_pgtable_derived_batches(void)
{
	struct pt_geometry g = geometry_x86_64;

	geometry_derive_batches(&g);
	CHECK_EQ(g.gather_bundle, 8);
	CHECK_EQ(g.gather_batch_max, 510);
	CHECK_EQ(g.gather_batch_count_max, 19);
	CHECK_EQ(g.table_batch_max, 509);
}

/* pmd_addr_end clamps at the next boundary and copes with end == 0. */
static void test_pgtable_addr_end(void)
{
	teardown(setup(&geometry_x86_64));
	CHECK_EQ(pmd_addr_end(0x1000, 0x10000000), 0x200000);
	CHECK_EQ(pmd_addr_end(0x1000, 0x3000), 0x3000);
	CHECK_EQ(pgd_addr_end(0xffffff8000000000UL, 0), 0);
}

/* One touched page allocates exactly one table per level below the pgd. */
static void test_pgtable_alloc_walk_counts(void)
{
	struct mm_struct *mm = setup(&geometry_fuzz);
	unsigned long *pte = pt_alloc_walk(mm, 0x9000, PT_PTE);

	CHECK(pte != NULL);
	CHECK_EQ(atomic_long_read(&mm->nr_ptes), 1);
	CHECK_EQ(atomic_long_read(&mm->nr_pmds), 1);
	CHECK_EQ(atomic_long_read(&mm->nr_puds), 1);
	CHECK_EQ(atomic_long_read(&mm->nr_p4ds), 0);
	CHECK(pt_lookup(mm, 0x9000, PT_PTE) == pte);
	/* Same PTE table for the neighbouring page. */
	CHECK(pt_alloc_walk(mm, 0xa000, PT_PTE) == pte + 1);
	CHECK_EQ(atomic_long_read(&mm->nr_ptes), 1);
	teardown(mm);
}

/* Five levels: the p4d is a real table. */
static void test_pgtable_la57(void)
{
	struct mm_struct *mm = setup(&geometry_x86_64_la57);

	CHECK(!level_folded(PT_P4D));
	CHECK(pt_alloc_walk(mm, 0x7f0000000000UL, PT_PTE) != NULL);
	CHECK_EQ(atomic_long_read(&mm->nr_p4ds), 1);
	teardown(mm);
}

/* A failed table allocation makes the walk fail, not crash. */
static void test_pgtable_alloc_failure(void)
{
	struct mm_struct *mm;
	struct core_config cfg = {
		.geometry = &geometry_fuzz,
		.nr_cpus = 1,
		.faultinj_kinds = 1u << ALLOC_PT_PAGE,
	};

	core_reset(&cfg);
	mm = mm_alloc();
	faultinj_fail_nth(2);
	CHECK(pt_alloc_walk(mm, 0x9000, PT_PTE) == NULL);
	CHECK_EQ(tlbf_faultinj.failed, 1);
	CHECK(pt_alloc_walk(mm, 0x9000, PT_PTE) != NULL);
	teardown(mm);
}

/*
 * fail_nth of one kind counts attempts of that kind only, from the
 * moment it is armed; of any kind (ALLOC_NR), every attempt. Both can be
 * pending at once.
 */
static void test_faultinj_counts_per_kind(void)
{
	unsigned int i;

	faultinj_reset(~0u);
	CHECK(!should_fail(ALLOC_TABLE_BATCH)); /* before arming: not counted */
	faultinj_fail_nth_of(ALLOC_TABLE_BATCH, 2);
	faultinj_fail_nth_of(ALLOC_NR, 3);
	CHECK(!should_fail(ALLOC_FRAME));
	CHECK(!should_fail(ALLOC_TABLE_BATCH)); /* table batch #1 */
	CHECK(should_fail(ALLOC_FRAME)); /* the third attempt of any kind */
	for (i = 0; i < 4; i++)
		CHECK(!should_fail(ALLOC_PT_PAGE));
	CHECK(should_fail(ALLOC_TABLE_BATCH)); /* table batch #2 */
	CHECK(!should_fail(ALLOC_TABLE_BATCH));
	CHECK_EQ(tlbf_faultinj.failed, 2);
	CHECK(!strcmp(alloc_kind_name(ALLOC_TABLE_BATCH), "table_batch"));
	CHECK(!strcmp(alloc_kind_name(ALLOC_NR), "any"));
}

/*
 * p4d_alloc()/pud_alloc()/pmd_alloc() from the entry the caller holds: a
 * folded level is that entry; a real one is filled once; a failed
 * allocation leaves the entry none.
 */
static void test_pgtable_alloc_below(void)
{
	struct mm_struct *mm = setup(&geometry_fuzz);
	unsigned long *pgd = pgd_offset(mm, 0x9000), *p4d, *pud, *pmd;

	p4d = pt_alloc_below(mm, pgd, PT_P4D, 0x9000);
	CHECK(p4d == pgd);
	pud = pt_alloc_below(mm, p4d, PT_PUD, 0x9000);
	pmd = pt_alloc_below(mm, pud, PT_PMD, 0x9000);
	CHECK(pmd != NULL && pmd == pt_lookup(mm, 0x9000, PT_PMD));
	CHECK(pt_alloc_below(mm, pud, PT_PMD, 0x9000) == pmd);
	CHECK_EQ(atomic_long_read(&mm->nr_pmds), 1);
	teardown(mm);
}

static void test_pgtable_alloc_below_five_levels(void)
{
	const struct pt_geometry *g = geometry_by_name("fuzz-5l");
	struct core_config cfg = {
		.geometry = g,
		.nr_cpus = 1,
		.faultinj_kinds = 1u << ALLOC_PT_PAGE,
	};
	struct mm_struct *mm;
	unsigned long *pgd;

	CHECK(g != NULL);
	core_reset(&cfg);
	mm = mm_alloc();
	CHECK(!level_folded(PT_P4D));
	pgd = pgd_offset(mm, 0x1000000);
	faultinj_fail_nth(1);
	CHECK(pt_alloc_below(mm, pgd, PT_P4D, 0x1000000) == NULL);
	CHECK(entry_none(entry_read(pgd)));
	CHECK(pt_alloc_below(mm, pgd, PT_P4D, 0x1000000) ==
	      pt_lookup(mm, 0x1000000, PT_P4D));
	CHECK_EQ(atomic_long_read(&mm->nr_p4ds), 1);
	teardown(mm);
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_pgtable_x86_geometry),
		TEST_CASE(test_pgtable_derived_batches),
		TEST_CASE(test_pgtable_addr_end),
		TEST_CASE(test_pgtable_alloc_walk_counts),
		TEST_CASE(test_pgtable_la57),
		TEST_CASE(test_pgtable_alloc_failure),
		TEST_CASE(test_faultinj_counts_per_kind),
		TEST_CASE(test_pgtable_alloc_below),
		TEST_CASE(test_pgtable_alloc_below_five_levels),
	};

	return harness_run("pgtable", cases, ARRAY_SIZE(cases), argc, argv);
}
