// SPDX-License-Identifier: GPL-2.0-only
/*
 * madvise(MADV_DONTNEED) and madvise(MADV_FREE) (mm/madvise.c, 6.1), and
 * how reclaim treats MADV_FREE pages (mm/rmap.c try_to_unmap_one).
 */
#include "inject.h"
#include "mm_fixture.h"

#define PROT_RW (VM_READ | VM_WRITE)

static unsigned long frame_sum(struct page *page)
{
	unsigned long sum = 0;
	unsigned int i;

	for (i = 0; i < FRAME_WORDS; i++)
		sum += page_address(page)[i];
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

/* ---- two MADV_DONTNEED at once: a test back end runs "CPU 1" --------- */

static unsigned int test_cpu;
static bool armed;
static struct mm_struct *nested_mm;
static spinlock_t *nested_ptl;
static unsigned int nested_reports;

static unsigned int nested_cpu_id(void)
{
	return test_cpu;
}

/*
 * Fires once CPU 0's zap has cleared the pte and dropped the PTE lock but
 * not yet flushed (its gather is still open): CPU 1 zaps the same page.
 */
static void nested_point(enum sched_site site)
{
	(void)site;
	if (!armed || test_cpu != 0 ||
	    atomic_read(&nested_mm->tlb_flush_pending) != 1 ||
	    mapped_page(nested_mm, 0x100000) || spin_is_locked(nested_ptl))
		return;
	armed = false;
	test_cpu = 1;
	CHECK_EQ(do_madvise(nested_mm, 0x100000, KB(4), MADV_DONTNEED), 0);
	nested_reports = report_count(ORACLE_STALE_AFTER_ZAP);
	test_cpu = 0;
}

static const struct sync_backend nested_backend =
	HARNESS_BACKEND("test-nested", nested_cpu_id, nested_point);

static unsigned int nested_dontneed(const struct arch_profile *arch,
				    unsigned int inject)
{
	struct mm_struct *mm = fixture_begin(arch, 2, inject);

	CHECK_EQ(do_mmap(mm, 0x100000, KB(16), PROT_RW, NULL, 0), 0x100000);
	CHECK_EQ(user_access(mm, 0x100000, true), 0);
	nested_mm = mm;
	nested_ptl = &pte_table_at(mm, 0x100000)->ptl;
	nested_reports = 0;
	armed = true;
	test_cpu = 0;
	sync_use(&nested_backend);
	CHECK_EQ(do_madvise(mm, 0x100000, KB(16), MADV_DONTNEED), 0);
	sync_use(&sync_backend_direct);
	CHECK(!armed);
	fixture_end(mm);
	return nested_reports;
}

/*
 * 99baac21e458: the second of two concurrent zaps finds the pte already
 * cleared, has nothing of its own to flush, and must still not return
 * while CPU 0's TLB maps the page: tlb_finish_mmu() sees
 * tlb_flush_pending > 1 and flushes its whole range. The zap oracle is
 * silent; with BUG_NESTED_GATHER_NOFORCE it fires at CPU 1's return.
 */
static void test_madvise_nested_dontneed_forces_flush(void)
{
	unsigned int i;

	for (i = 0; i < arch_nr_profiles; i++)
		CHECK_EQ(nested_dontneed(arch_profiles[i], 0), 0);
	CHECK_EQ(report_total(), 0);
	report_expect(ORACLE_STALE_AFTER_ZAP);
	CHECK(nested_dontneed(&arch_x86_native,
			      1u << BUG_NESTED_GATHER_NOFORCE) > 0);
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_madvise_dontneed_refaults_zero),
		TEST_CASE(test_madvise_dontneed_hole),
		TEST_CASE(test_madvise_free_then_reclaim),
		TEST_CASE(test_madvise_nested_dontneed_forces_flush),
	};

	return harness_run("madvise", cases, ARRAY_SIZE(cases), argc, argv);
}
