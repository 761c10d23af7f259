// SPDX-License-Identifier: GPL-2.0-only
/*
 * khugepaged's collapse of a PTE table into a huge pmd (mm/khugepaged.c
 * collapse_huge_page, 6.1, simplified), and the THP it leaves behind
 * (fault, user access, gup_fast, zap_huge_pmd). Geometry "fuzz": a PMD
 * spans 32 KiB (8 pages).
 */
#include "mm_fixture.h"
#include "trace.h"

#define PROT_RW (VM_READ | VM_WRITE)

static unsigned int ipi_syncs;

static void sync_sink(const struct trace_event *ev, void *ctx)
{
	(void)ctx;
	if (ev->kind == EV_IPI_SYNC)
		ipi_syncs++;
}

static void touch(struct mm_struct *mm, unsigned long start, unsigned int pages)
{
	unsigned int i;

	for (i = 0; i < pages; i++)
		CHECK_EQ(user_access(mm, start + i * PAGE_SIZE, true), 0);
}

/*
 * Collapse: the pmd is cleared and the range flushed from every TLB and
 * walk cache (CPU1 cached a walk through the PTE table: the table's free
 * would otherwise be a stale-walk report), gup_fast is synced with
 * (tlb_remove_table_sync_one: an IPI on RCU table-freeing profiles), the
 * six small pages and the PTE table go, and one huge pmd maps the THP:
 * rss counts all eight pages, as the kernel does for the empty ptes.
 */
static void collapse_case(const struct arch_profile *arch, bool expect_ipi)
{
	struct mm_struct *mm = fixture_begin(arch, 2, 0);
	struct page *pages[2], *thp;
	unsigned long *pmd;

	CHECK_EQ(do_mmap(mm, 0x100000, KB(64), PROT_RW, NULL, 0), 0x100000);
	touch(mm, 0x100000, 6);
	cpu_cache_translation(1, mm, 0x102000);
	CHECK_EQ(tlbf_page_stats.frames, 6);
	ipi_syncs = 0;
	trace_set_sink(sync_sink, NULL);
	CHECK_EQ(collapse_pte_mapped_thp(mm, 0x103000), 0);
	trace_set_sink(NULL, NULL);
	CHECK_EQ(ipi_syncs > 0, expect_ipi);

	pmd = pt_lookup(mm, 0x100000, PT_PMD);
	CHECK(pmd && pmd_trans_huge(entry_read(pmd)));
	thp = pmd_page(entry_read(pmd));
	CHECK(thp->flags & PG_head);
	CHECK_EQ(tlbf_page_stats.frames, 1);
	CHECK_EQ(atomic_long_read(&mm->nr_ptes), 0);
	CHECK_EQ(atomic_long_read(&mm->rss), 8);
	CHECK(!tlb_has(&tlbf_cpus[1], mm, 0x102000));

	/* The THP serves accesses and gup_fast (one reference a page). */
	CHECK_EQ(user_access(mm, 0x107000, true), 0);
	CHECK_EQ(tlb_lookup(&tlbf_cpus[0], mm, 0x107000)->level, PT_PMD);
	CHECK_EQ(get_user_pages_fast(0x106000, 2, true, pages), 2);
	CHECK(pages[0] == thp && pages[1] == thp);
	CHECK_EQ(page_ref_count(thp), 3);
	put_page(pages[0]);
	put_page(pages[1]);

	/* munmap of the whole PMD: zap_huge_pmd frees the THP. */
	CHECK_EQ(do_munmap(mm, 0x100000, KB(32), false), 0);
	CHECK_EQ(tlbf_page_stats.frames, 0);
	CHECK_EQ(atomic_long_read(&mm->rss), 0);
	fixture_end(mm);
	CHECK_EQ(report_total(), 0);
}

static void test_khugepaged_collapse_x86(void)
{
	collapse_case(&arch_x86_native, false);
}

static void test_khugepaged_collapse_rcu_profiles_sync(void)
{
	collapse_case(&arch_x86_rcu, true);
	collapse_case(&arch_arm64, true);
}

/*
 * x86: a lazy CPU (running a kernel thread on this mm) still holds its
 * walk-cache entry into the PTE table. The model frees that table at
 * collapse, so the flush must reach lazy CPUs too (the kernel's skips
 * them, but keeps the table deposited). Found by fuzz_race.
 */
static void test_khugepaged_collapse_lazy_cpu(void)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 2, 0);
	unsigned int i;

	CHECK_EQ(do_mmap(mm, 0x100000, KB(32), PROT_RW, NULL, 0), 0x100000);
	for (i = 0; i < 8; i++)
		CHECK_EQ(user_access(mm, 0x100000 + i * PAGE_SIZE, true), 0);
	cpu_cache_translation(1, mm, 0x105000);
	cpu_enter_lazy(&tlbf_cpus[1]);
	CHECK_EQ(collapse_pte_mapped_thp(mm, 0x100000), 0);
	CHECK(!walk_lookup(&tlbf_cpus[1], mm, 0x105000) ||
	      walk_lookup(&tlbf_cpus[1], mm, 0x105000)->level != PT_PTE);
	fixture_end(mm);
	CHECK_EQ(report_total(), 0);
}

/* A page pinned by GUP cannot be collapsed: the PTE table goes back. */
static void test_khugepaged_pinned_page_blocks(void)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 1, 0);
	struct page *pinned, *before;

	CHECK_EQ(do_mmap(mm, 0x100000, KB(32), PROT_RW, NULL, 0), 0x100000);
	touch(mm, 0x100000, 3);
	before = pte_table_at(mm, 0x100000);
	CHECK_EQ(get_user_pages_fast(0x101000, 1, false, &pinned), 1);
	CHECK_EQ(collapse_pte_mapped_thp(mm, 0x100000), -11);
	CHECK(pte_table_at(mm, 0x100000) == before);
	CHECK(mapped_page(mm, 0x101000) == pinned);
	CHECK_EQ(tlbf_page_stats.frames, 3);
	put_page(pinned);
	/* A VMA shorter than the PMD is not a candidate at all. */
	CHECK_EQ(do_mmap(mm, 0x200000, KB(16), PROT_RW, NULL, 0), 0x200000);
	touch(mm, 0x200000, 1);
	CHECK_EQ(collapse_pte_mapped_thp(mm, 0x200000), -22);
	fixture_end(mm);
	CHECK_EQ(report_total(), 0);
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_khugepaged_collapse_x86),
		TEST_CASE(test_khugepaged_collapse_rcu_profiles_sync),
		TEST_CASE(test_khugepaged_collapse_lazy_cpu),
		TEST_CASE(test_khugepaged_pinned_page_blocks),
	};

	return harness_run("khugepaged", cases, ARRAY_SIZE(cases), argc, argv);
}
