// SPDX-License-Identifier: GPL-2.0-only
/*
 * The zap and gather under later kernels' rules (core/rules.h): large
 * folios zapped and queued as one page and a count (6.9+), the rmap of a
 * dirty file page kept until the flush under the PTE lock (6.2+), and
 * rmap-before-flush, the order before 5df397dec7c4, caught by the oracle.
 * Each case runs the same steps under 6.1's rules, where they differ.
 */
#include "arch.h"
#include "inject.h"
#include "mm_fixture.h"
#include "mm_internal.h"
#include "mmu_gather.h"
#include "rules.h"

#define KB(x)	  ((unsigned long)(x) << 10)
#define PROT_RW	  (VM_READ | VM_WRITE)
#define SHARED_RW (VM_READ | VM_WRITE | VM_SHARED)
#define VA	  0x100000UL

static struct mm_struct *begin(unsigned int kver, bool large,
			       unsigned int inject)
{
	struct core_config cfg = {
		.geometry = &geometry_x86_64, /* a bundle of 8 */
		.arch = &arch_x86_native,
		.nr_cpus = 2,
		.injected = inject,
		.kver = kver,
		.large_folios = large,
	};
	struct mm_struct *mm;

	core_reset(&cfg);
	mm = mm_alloc();
	cpu_switch_mm(&tlbf_cpus[0], mm);
	return mm;
}

static unsigned long slot(struct mmu_gather *tlb, unsigned int i)
{
	return (unsigned long)tlb->local.encoded_pages[i];
}

/* One fault maps the aligned four pages: one struct page, four refs. */
static void test_zap_folios_fault_maps_folio(void)
{
	struct mm_struct *mm = begin(612, true, 0);
	struct page *folio;
	unsigned int i;

	CHECK_EQ(do_mmap(mm, VA, KB(32), PROT_RW, NULL, 0), VA);
	CHECK_EQ(user_access(mm, VA + KB(4), true), 0);
	folio = mapped_page(mm, VA);
	CHECK(folio && folio_test_large(folio));
	CHECK_EQ(folio_nr_pages(folio), RULES_LARGE_FOLIO_PAGES);
	for (i = 1; i < RULES_LARGE_FOLIO_PAGES; i++)
		CHECK(mapped_page(mm, VA + i * KB(4)) == folio);
	CHECK(!mapped_page(mm, VA + KB(16)));
	CHECK_EQ(page_mapcount(folio), 4);
	CHECK_EQ(page_ref_count(folio), 4);
	CHECK_EQ(atomic_long_read(&mm->rss), 4);
	fixture_end(mm);
	CHECK_EQ(report_total(), 0);
}

/*
 * Zap two folios, the first from its second page: 6.12 queues each run
 * as a page and a count (two slots each), 6.1 one slot per pte.
 */
static void zap_two_folios(unsigned int kver, unsigned int slots)
{
	struct mm_struct *mm = begin(kver, true, 0);
	struct vm_area_struct *vma;
	struct mmu_gather tlb;
	struct page *a, *b;

	CHECK_EQ(do_mmap(mm, VA, KB(32), PROT_RW, NULL, 0), VA);
	CHECK_EQ(user_access(mm, VA, true), 0);
	CHECK_EQ(user_access(mm, VA + KB(16), false), 0);
	a = mapped_page(mm, VA);
	b = mapped_page(mm, VA + KB(16));
	vma = vma_lookup(mm, VA);
	tlb_gather_mmu(&tlb, mm);
	unmap_vmas(&tlb, vma, VA + KB(4), VA + KB(32));
	CHECK_EQ(tlb.local.nr, slots);
	CHECK_EQ(page_mapcount(a), 1);
	CHECK_EQ(page_mapcount(b), 0);
	if (kver >= 609) {
		CHECK_EQ(slot(&tlb, 0), (unsigned long)a | 2);
		CHECK_EQ(slot(&tlb, 1), 3UL << 2);
		CHECK_EQ(slot(&tlb, 2), (unsigned long)b | 2);
		CHECK_EQ(slot(&tlb, 3), 4UL << 2);
	}
	tlb_finish_mmu(&tlb);
	CHECK_EQ(page_ref_count(a), 1);
	CHECK_EQ(tlbf_page_stats.frames, 1);
	fixture_end(mm);
	CHECK_EQ(report_total(), 0);
}

static void test_zap_folios_batched_612(void)
{
	zap_two_folios(612, 4);
}

static void test_zap_folios_per_pte_61(void)
{
	zap_two_folios(601, 7);
}

/*
 * A dirty shared-file page: under 6.12 the zap keeps its rmap while the
 * pte is gone and the TLB not yet flushed, and drops it after the flush
 * inside zap_pte_range, then frees what it queued (force_flush).
 */
static void test_zap_folios_delay_rmap_612(void)
{
	struct mm_struct *mm = begin(612, false, 0);
	struct address_space *file = file_create(2);
	struct vm_area_struct *vma;
	struct mmu_gather tlb;
	struct page *page;

	CHECK_EQ(do_mmap(mm, VA, KB(8), SHARED_RW, file, 0), VA);
	CHECK_EQ(user_access(mm, VA, true), 0);
	page = mapped_page(mm, VA);
	vma = vma_lookup(mm, VA);
	tlb_gather_mmu(&tlb, mm);
	unmap_vmas(&tlb, vma, VA, VA + KB(8));
	/* Flushed and freed under force_flush; the slot kept its flag. */
	CHECK_EQ(tlb.local.nr, 0);
	CHECK_EQ(slot(&tlb, 0), (unsigned long)page | 1);
	CHECK(!tlb.delayed_rmap); /* tlb_flush_rmaps ran */
	CHECK_EQ(page_mapcount(page), 0);
	CHECK_EQ(page_ref_count(page), 1); /* the page cache's */
	CHECK(!tlb_has(&tlbf_cpus[0], mm, VA));
	tlb_finish_mmu(&tlb);
	fixture_end_file(mm, file);
	CHECK_EQ(report_total(), 0);
}

/*
 * rmap-before-flush: the delayed rmap goes before the flush while CPU 0
 * still holds the dirty entry: the oracle reports it under 6.12's rules;
 * under 6.1's nothing is delayed and the switch changes nothing.
 */
static void rmap_before_flush(unsigned int kver, unsigned int reports)
{
	struct mm_struct *mm = begin(kver, false, 1u << BUG_RMAP_BEFORE_FLUSH);
	struct address_space *file = file_create(2);

	if (reports)
		report_expect(ORACLE_STALE_TLB);
	CHECK_EQ(do_mmap(mm, VA, KB(8), SHARED_RW, file, 0), VA);
	CHECK_EQ(user_access(mm, VA, true), 0);
	CHECK_EQ(do_munmap(mm, VA, KB(8), false), 0);
	CHECK_EQ(report_count(ORACLE_STALE_TLB), reports);
	report_reset();
	fixture_end_file(mm, file);
	CHECK_EQ(report_total(), 0);
}

static void test_zap_folios_rmap_before_flush_612(void)
{
	rmap_before_flush(612, 1);
}

static void test_zap_folios_rmap_before_flush_61(void)
{
	rmap_before_flush(601, 0);
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_zap_folios_fault_maps_folio),
		TEST_CASE(test_zap_folios_batched_612),
		TEST_CASE(test_zap_folios_per_pte_61),
		TEST_CASE(test_zap_folios_delay_rmap_612),
		TEST_CASE(test_zap_folios_rmap_before_flush_612),
		TEST_CASE(test_zap_folios_rmap_before_flush_61),
	};

	return harness_run("zap_folios", cases, ARRAY_SIZE(cases), argc, argv);
}
