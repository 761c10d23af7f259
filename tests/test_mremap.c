// SPDX-License-Identifier: GPL-2.0-only
/*
 * mremap's move_page_tables()/move_ptes() (mm/mremap.c, 6.1).
 */
#include "mm_fixture.h"
#include "trace.h"

#define PROT_RW (VM_READ | VM_WRITE)

static spinlock_t *old_ptl;
static int flushes_under_ptl, flushes_after_ptl;
static unsigned long flush_lo, flush_hi;

/* Every arch flush: was the old PTE lock still held? Which range? */
static void flush_sink(const struct trace_event *ev, void *ctx)
{
	(void)ctx;
	if (ev->kind != EV_FLUSH)
		return;
	if (spin_is_locked(old_ptl)) {
		flushes_under_ptl++;
		if (ev->start < flush_lo)
			flush_lo = ev->start;
		if (ev->end > flush_hi)
			flush_hi = ev->end;
	} else {
		flushes_after_ptl++;
	}
}

/*
 * move_ptes() moves each pte to the new address (same frames) and
 * flushes the old range from every TLB *before* dropping the old PTE
 * lock (eb66ae030829, CVE-2018-18281): the trace sink sees a flush
 * covering [0x100000, 0x104000) while that lock is held, and CPU1's
 * cached translation of the old address is gone when mremap returns.
 */
static void test_mremap_moves_and_flushes_under_ptl(void)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 2, 0);
	struct page *p0, *p1;

	CHECK_EQ(do_mmap(mm, 0x100000, KB(16), PROT_RW, NULL, 0), 0x100000);
	CHECK_EQ(user_access(mm, 0x100000, true), 0);
	CHECK_EQ(user_access(mm, 0x101000, true), 0);
	p0 = mapped_page(mm, 0x100000);
	p1 = mapped_page(mm, 0x101000);
	cpu_cache_translation(1, mm, 0x101000);
	old_ptl = &pte_table_at(mm, 0x100000)->ptl;
	flushes_under_ptl = flushes_after_ptl = 0;
	flush_lo = ~0UL;
	flush_hi = 0;
	trace_set_sink(flush_sink, NULL);

	CHECK_EQ(do_mremap(mm, 0x100000, KB(16), 0x140000), 0x140000);
	trace_set_sink(NULL, NULL);
	CHECK(flushes_under_ptl > 0);
	CHECK(flush_lo <= 0x100000 && flush_hi >= 0x102000);
	CHECK(mapped_page(mm, 0x140000) == p0);
	CHECK(mapped_page(mm, 0x141000) == p1);
	CHECK(!mapped_page(mm, 0x100000));
	CHECK(!find_vma(mm, 0x100000) ||
	      find_vma(mm, 0x100000)->vm_start == 0x140000);
	CHECK(!tlb_has(&tlbf_cpus[1], mm, 0x101000));
	CHECK_EQ(atomic_long_read(&mm->rss), 2);
	/* The old PTE table went with the old VMA (free_pgtables). */
	CHECK(!pte_table_at(mm, 0x100000));
	CHECK_EQ(user_access(mm, 0x141000, false), 0);
	fixture_end(mm);
	CHECK_EQ(report_total(), 0);
}

/*
 * Part of a VMA moves: the VMA splits, the moved pages keep their
 * anon_vma and index, so rmap finds them at the new place (reclaim).
 */
static void test_mremap_partial_then_reclaim(void)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 1, 0);
	long frames;

	CHECK_EQ(do_mmap(mm, 0x100000, KB(32), PROT_RW, NULL, 0), 0x100000);
	CHECK_EQ(user_access(mm, 0x104000, true), 0);
	CHECK_EQ(user_access(mm, 0x100000, true), 0);
	CHECK_EQ(do_mremap(mm, 0x104000, KB(8), 0x200000), 0x200000);
	/* [0x100000, 0x104000), [0x106000, 0x108000) and the moved one */
	CHECK_EQ(mm->map_count, 3);
	CHECK(mapped_page(mm, 0x200000));
	frames = tlbf_page_stats.frames;
	CHECK(reclaim_anon_page(mm, 0x200000));
	CHECK_EQ(tlbf_page_stats.frames, frames - 1);
	CHECK(!mapped_page(mm, 0x200000));
	fixture_end(mm);
	CHECK_EQ(report_total(), 0);
}

/* Bad requests: overlap, unaligned, nothing mapped at the old address. */
static void test_mremap_errors(void)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 1, 0);

	CHECK_EQ(do_mmap(mm, 0x100000, KB(16), PROT_RW, NULL, 0), 0x100000);
	CHECK_EQ(do_mremap(mm, 0x100000, KB(16), 0x102000), -22);
	CHECK_EQ(do_mremap(mm, 0x100800, KB(4), 0x200000), -22);
	CHECK_EQ(do_mremap(mm, 0x300000, KB(4), 0x200000), -14);
	CHECK_EQ(mm->map_count, 1);
	fixture_end(mm);
	CHECK_EQ(report_total(), 0);
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_mremap_moves_and_flushes_under_ptl),
		TEST_CASE(test_mremap_partial_then_reclaim),
		TEST_CASE(test_mremap_errors),
	};

	return harness_run("mremap", cases, ARRAY_SIZE(cases), argc, argv);
}
