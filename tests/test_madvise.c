// SPDX-License-Identifier: GPL-2.0-only
/*
 * madvise(MADV_DONTNEED) and madvise(MADV_FREE) (mm/madvise.c, 6.1), and
 * how reclaim treats MADV_FREE pages (mm/rmap.c try_to_unmap_one).
 */
#include "mm_fixture.h"

#define PROT_RW	(VM_READ | VM_WRITE)

static unsigned long frame_sum(struct page *page)
{
	unsigned long sum = 0;
	unsigned int i;

	for (i = 0; i < FRAME_WORDS; i++)
		sum += page->words[i];
	return sum;
}

/*
 * MADV_DONTNEED zaps the range: the pages are freed, CPU1's cached
 * translation is flushed, and the next access faults in a fresh page
 * that reads as zero.
 */
static void test_madvise_dontneed_refaults_zero(void)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 2, 0);
	struct page *old;
	long frames;

	CHECK_EQ(do_mmap(mm, 0x100000, KB(16), PROT_RW, NULL, 0), 0x100000);
	CHECK_EQ(user_access(mm, 0x100000, true), 0);
	CHECK_EQ(user_access(mm, 0x101000, true), 0);
	old = mapped_page(mm, 0x100000);
	CHECK(frame_sum(old) != 0);
	cpu_cache_translation(1, mm, 0x100000);
	frames = tlbf_page_stats.frames;

	CHECK_EQ(do_madvise(mm, 0x100000, KB(16), MADV_DONTNEED), 0);
	CHECK_EQ(tlbf_page_stats.frames, frames - 2);
	CHECK(!mapped_page(mm, 0x100000));
	CHECK(!tlb_has(&tlbf_cpus[1], mm, 0x100000));
	CHECK(!tlb_has(&tlbf_cpus[0], mm, 0x100000));
	CHECK_EQ(atomic_long_read(&mm->rss), 0);
	/* The VMA and its tables stay; only the pages went. */
	CHECK_EQ(mm->map_count, 1);
	CHECK(pte_table_at(mm, 0x100000));

	CHECK_EQ(user_access(mm, 0x100000, false), 0);
	CHECK(mapped_page(mm, 0x100000));
	CHECK_EQ(frame_sum(mapped_page(mm, 0x100000)), 0);
	fixture_end(mm);
	CHECK_EQ(report_total(), 0);
}

/* A hole in the range: the mapped parts are zapped, the call says ENOMEM. */
static void test_madvise_dontneed_hole(void)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 1, 0);

	CHECK_EQ(do_mmap(mm, 0x100000, KB(4), PROT_RW, NULL, 0), 0x100000);
	CHECK_EQ(do_mmap(mm, 0x102000, KB(4), PROT_RW, NULL, 0), 0x102000);
	CHECK_EQ(user_access(mm, 0x100000, true), 0);
	CHECK_EQ(user_access(mm, 0x102000, true), 0);
	CHECK_EQ(do_madvise(mm, 0x100000, KB(12), MADV_DONTNEED), -12);
	CHECK(!mapped_page(mm, 0x100000));
	CHECK(!mapped_page(mm, 0x102000));
	fixture_end(mm);
	CHECK_EQ(report_total(), 0);
}

/*
 * MADV_FREE cleans the ptes (and flushes the dirty TLB entries, or a CPU
 * would keep writing without redirtying the pte) and marks the pages
 * lazyfree: reclaim then discards a clean one, but keeps one written
 * again after the madvise.
 */
static void test_madvise_free_then_reclaim(void)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 2, 0);
	struct page *page;
	long frames;

	CHECK_EQ(do_mmap(mm, 0x100000, KB(8), PROT_RW, NULL, 0), 0x100000);
	CHECK_EQ(user_access(mm, 0x100000, true), 0);
	CHECK_EQ(user_access(mm, 0x101000, true), 0);
	cpu_cache_translation(1, mm, 0x100000);
	CHECK_EQ(do_madvise(mm, 0x100000, KB(8), MADV_FREE), 0);
	page = mapped_page(mm, 0x100000);
	CHECK(page && (page->flags & PG_lazyfree));
	CHECK(!pte_dirty(entry_read(pt_lookup(mm, 0x100000, PT_PTE))));
	CHECK(!tlb_has(&tlbf_cpus[1], mm, 0x100000));

	/* Written again: the hardware sets the dirty bit anew. */
	CHECK_EQ(user_access(mm, 0x101000, true), 0);
	CHECK(pte_dirty(entry_read(pt_lookup(mm, 0x101000, PT_PTE))));

	frames = tlbf_page_stats.frames;
	CHECK(reclaim_anon_page(mm, 0x100000));
	CHECK_EQ(tlbf_page_stats.frames, frames - 1);
	CHECK(!mapped_page(mm, 0x100000));
	CHECK(!reclaim_anon_page(mm, 0x101000));
	CHECK(mapped_page(mm, 0x101000));
	CHECK(!(mapped_page(mm, 0x101000)->flags & PG_lazyfree));
	fixture_end(mm);
	CHECK_EQ(report_total(), 0);
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_madvise_dontneed_refaults_zero),
		TEST_CASE(test_madvise_dontneed_hole),
		TEST_CASE(test_madvise_free_then_reclaim),
	};

	return harness_run("madvise", cases, ARRAY_SIZE(cases), argc, argv);
}
