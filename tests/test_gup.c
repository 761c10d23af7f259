// SPDX-License-Identifier: GPL-2.0-only
/*
 * get_user_pages_fast() and get_user_pages() (mm/gup.c, 6.1).
 *
 * The interference case runs "CPU 1" from inside CPU 0's gup_fast: a test
 * back end reports CPU 1 as current while the scheduling point that
 * finds CPU 0 inside a PTE table runs a munmap. That is the interleaving
 * the fiber scheduler would choose, made by hand.
 */
#include "inject.h"
#include "mm_fixture.h"

#define PROT_RW (VM_READ | VM_WRITE)

/*
 * gup_fast pins present pages: one reference each, the same frames the
 * tables map; absent ones come from the slow path, which faults them in.
 */
static void test_gup_fast_pins(void)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 1, 0);
	struct page *pages[4];
	long i;

	CHECK_EQ(do_mmap(mm, 0x100000, KB(16), PROT_RW, NULL, 0), 0x100000);
	CHECK_EQ(user_access(mm, 0x100000, true), 0);
	CHECK_EQ(user_access(mm, 0x101000, true), 0);
	CHECK_EQ(get_user_pages_fast(0x100000, 4, true, pages), 4);
	CHECK(pages[0] == mapped_page(mm, 0x100000));
	CHECK(pages[1] == mapped_page(mm, 0x101000));
	CHECK(pages[3] == mapped_page(mm, 0x103000));
	CHECK_EQ(page_ref_count(pages[0]), 2);
	CHECK_EQ(page_ref_count(pages[3]), 2);
	CHECK(!tlbf_cpus[0].lockless_tables[PT_PTE]);
	CHECK(!irqs_disabled());
	for (i = 0; i < 4; i++)
		put_page(pages[i]);
	/* Outside any VMA: nothing. */
	CHECK_EQ(get_user_pages_fast(0x200000, 1, false, pages), -14);
	fixture_end(mm);
	CHECK_EQ(report_total(), 0);
}

/* A pinned page outlives its munmap: the pin holds it, put frees it. */
static void test_gup_pin_outlives_munmap(void)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 1, 0);
	struct page *page;
	long frames;

	CHECK_EQ(do_mmap(mm, 0x100000, KB(4), PROT_RW, NULL, 0), 0x100000);
	CHECK_EQ(get_user_pages(mm, 0x100000, 1, true, &page), 1);
	frames = tlbf_page_stats.frames;
	CHECK_EQ(do_munmap(mm, 0x100000, KB(4), false), 0);
	CHECK_EQ(tlbf_page_stats.frames, frames);
	CHECK_EQ(page_mapcount(page), 0);
	put_page(page);
	CHECK_EQ(tlbf_page_stats.frames, frames - 1);
	fixture_end(mm);
	CHECK_EQ(report_total(), 0);
}

/* ---- a test back end: CPU 1 acts inside CPU 0's gup_fast ----------- */

static unsigned int test_cpu;
static bool armed;
static struct mm_struct *victim;
static unsigned int tables_before, tables_after;

static unsigned int test_cpu_id(void)
{
	return test_cpu;
}

/* CPU 1: munmap the range gup_fast is walking, then try to end a GP. */
static void interfere(void)
{
	tables_before = (unsigned int)tlbf_page_stats.tables;
	CHECK_EQ(do_munmap(victim, 0x100000, KB(32), false), 0);
	rcu_process_callbacks();
	tables_after = (unsigned int)tlbf_page_stats.tables;
}

static void test_point(enum sched_site site)
{
	(void)site;
	if (!armed || test_cpu != 0 ||
	    !__atomic_load_n(&tlbf_cpus[0].lockless_tables[PT_PTE],
			     __ATOMIC_RELAXED))
		return;
	armed = false;
	test_cpu = 1;
	interfere();
	test_cpu = 0;
}

static const struct sync_backend interfere_backend =
	HARNESS_BACKEND("test-interfere", test_cpu_id, test_point);

/*
 * arm64 (broadcast TLBI, tables freed by RCU): CPU 1 unmaps the range and
 * frees its tables while CPU 0's gup_fast is inside the PTE table. With
 * IRQs off CPU 0 holds the grace period open, so the tables are still
 * there when it reads on; its re-check or the cleared pte stops it, it
 * pins nothing, and the tables go after it left (no oracle report, no
 * ASan report). With BUG_GUP_IRQS_ON the grace period ends inside
 * interfere() and the lockless-walker oracle fires (then ASan, when the
 * walker reads on: shown by hand, see docs/model-map.md).
 */
static void test_gup_fast_never_walks_freed_table(void)
{
	struct mm_struct *mm = fixture_begin(&arch_arm64, 2, 0);
	struct page *pages[2];
	long ret;

	CHECK_EQ(do_mmap(mm, 0x100000, KB(32), PROT_RW, NULL, 0), 0x100000);
	CHECK_EQ(user_access(mm, 0x100000, true), 0);
	CHECK_EQ(user_access(mm, 0x101000, true), 0);
	victim = mm;
	armed = true;
	test_cpu = 0;
	sync_use(&interfere_backend);
	ret = get_user_pages_fast(0x100000, 2, false, pages);
	sync_use(&sync_backend_direct);
	CHECK(!armed);
	CHECK_EQ(ret, -14); /* unmapped under it; slow path: no VMA */
	/* The PTE table (and PMD table) waited for CPU 0. */
	CHECK_EQ(tables_after, tables_before);
	CHECK(rcu_pending_callbacks() > 0);
	/*
	 * CPU 0 is quiescent now: the running grace period ends. Callbacks
	 * queued during it need one more: synchronize_rcu() (started with no
	 * grace period running, which the direct back end needs).
	 */
	rcu_process_callbacks();
	synchronize_rcu();
	CHECK_EQ(rcu_pending_callbacks(), 0);
	CHECK(tlbf_page_stats.tables < tables_before);
	fixture_end(mm);
	CHECK_EQ(report_total(), 0);
}

/*
 * The memmap: a freed frame's struct page stays, refuses a speculative
 * reference while free, and comes back with the next frame under a new
 * id (its contents are new memory).
 */
static void test_memmap_reuses_struct_page(void)
{
	struct mm_struct *mm = fixture_begin(&arch_arm64, 1, 0);
	struct page *page = alloc_page(), *again;
	unsigned int old_id = page_incarnation(page);

	page_address(page)[0] = 42;
	put_page(page);
	CHECK_EQ(page_ref_count(page), 0);
	CHECK(!get_page_unless_zero(page));
	again = alloc_page();
	CHECK(again == page);
	CHECK(page_incarnation(again) != old_id);
	CHECK(page_address(again) != NULL);
	CHECK_EQ(page_address(again)[0], 0); /* new, zeroed contents */
	CHECK_EQ(page_ref_count(again), 1);
	put_page(again);
	fixture_end(mm);
	CHECK_EQ(report_total(), 0);
}

/*
 * CPU 1 acts at gup_fast's speculative reference (the atomic after its
 * pte read): MADV_DONTNEED frees the page, then a fault elsewhere takes
 * its struct page back for a new frame.
 */
static void interfere_reuse(void)
{
	CHECK_EQ(do_madvise(victim, 0x100000, KB(4), MADV_DONTNEED), 0);
	CHECK_EQ(user_access(victim, 0x104000, true), 0);
}

static void reuse_point(enum sched_site site)
{
	if (!armed || test_cpu != 0 || site != SITE_ATOMIC ||
	    !__atomic_load_n(&tlbf_cpus[0].lockless_tables[PT_PTE],
			     __ATOMIC_RELAXED))
		return;
	armed = false;
	test_cpu = 1;
	cpu_switch_mm(&tlbf_cpus[1], victim);
	interfere_reuse();
	test_cpu = 0;
}

static const struct sync_backend reuse_backend =
	HARNESS_BACKEND("test-reuse", test_cpu_id, reuse_point);

/*
 * arm64 (the TLBI does not wait for IRQs-off walkers): the page gup_fast
 * read is freed and its struct page reused before the reference. The
 * re-check sees the cleared pte and leaves the page to the slow path,
 * which faults a fresh one in: the pin is the page mapped there, no
 * report. Without the re-check (BUG_GUP_NO_RECHECK) gup_fast keeps the
 * new owner's page: the speculative-reference oracle fires.
 */
static unsigned int gup_across_reuse(unsigned int inject)
{
	struct mm_struct *mm = fixture_begin(&arch_arm64, 2, inject);
	struct page *pages[1];
	unsigned int reports;
	long ret;

	CHECK_EQ(do_mmap(mm, 0x100000, KB(32), PROT_RW, NULL, 0), 0x100000);
	CHECK_EQ(user_access(mm, 0x100000, true), 0);
	victim = mm;
	armed = true;
	test_cpu = 0;
	sync_use(&reuse_backend);
	ret = get_user_pages_fast(0x100000, 1, false, pages);
	sync_use(&sync_backend_direct);
	CHECK(!armed);
	CHECK_EQ(ret, 1);
	if (!inject)
		CHECK(pages[0] == mapped_page(mm, 0x100000));
	put_page(pages[0]);
	reports = report_count(ORACLE_REFCOUNT);
	fixture_end(mm);
	return reports;
}

static void test_gup_fast_recheck_drops_reused_page(void)
{
	CHECK_EQ(gup_across_reuse(0), 0);
	CHECK_EQ(report_total(), 0);
}

static void test_gup_no_recheck_keeps_reused_page(void)
{
	report_expect(ORACLE_REFCOUNT);
	CHECK_EQ(gup_across_reuse(1u << BUG_GUP_NO_RECHECK), 1);
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_gup_fast_pins),
		TEST_CASE(test_gup_pin_outlives_munmap),
		TEST_CASE(test_gup_fast_never_walks_freed_table),
		TEST_CASE(test_memmap_reuses_struct_page),
		TEST_CASE(test_gup_fast_recheck_drops_reused_page),
		TEST_CASE(test_gup_no_recheck_keeps_reused_page),
	};

	return harness_run("gup", cases, ARRAY_SIZE(cases), argc, argv);
}
