// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmu_gather and the arch flush/table hooks (Linux 6.1.192 mm/mmu_gather.c,
 * include/asm-generic/tlb.h, arch/x86/mm/tlb.c, arch/arm64 tlb.h).
 *
 * CPU 1 plays the remote CPU: tests give it TLB entries for the frames
 * they unmap and walk-cache entries for the tables they free, and the
 * model's oracles (counted by the harness) say whether the gather's
 * flushes really removed them before the frees.
 */
#include <stdlib.h>

#include "core.h"
#include "cpu.h"
#include "faultinj.h"
#include "harness.h"
#include "inject.h"
#include "mmu_gather.h"
#include "page.h"
#include "pgtable.h"

#define A	0x7f0000201000UL /* a user page */
#define T	0x7f0000400000UL /* a PTE table's span [T, T + 2M) */
#define LOG_MAX 64

static struct {
	struct trace_event ev[LOG_MAX];
	unsigned int n;
	unsigned int count[EV_NR];
} log;

static void log_event(const struct trace_event *ev, void *ctx)
{
	(void)ctx;
	if (log.n < LOG_MAX)
		log.ev[log.n++] = *ev;
	log.count[ev->kind]++;
}

/* Index of the first logged event of @kind, or LOG_MAX. */
static unsigned int first(enum trace_kind kind)
{
	unsigned int i;

	for (i = 0; i < log.n; i++)
		if (log.ev[i].kind == kind)
			return i;
	return LOG_MAX;
}

static struct mm_struct *setup(const struct arch_profile *arch,
			       unsigned int cpus, unsigned int fail_kinds)
{
	struct core_config cfg = {
		.geometry = &geometry_x86_64,
		.arch = arch,
		.nr_cpus = cpus,
		.faultinj_kinds = fail_kinds,
	};
	struct mm_struct *mm;
	unsigned int i;

	core_reset(&cfg);
	memset(&log, 0, sizeof(log));
	mm = mm_alloc();
	for (i = 0; i < cpus; i++)
		cpu_switch_mm(&tlbf_cpus[i], mm);
	trace_set_sink(log_event, NULL);
	return mm;
}

static void teardown(struct mm_struct *mm)
{
	trace_set_sink(NULL, NULL);
	mm_free(mm);
	CHECK_EQ(tlbf_page_stats.frames, 0);
	CHECK_EQ(tlbf_page_stats.tables, 0);
	CHECK_EQ(rcu_pending_callbacks(), 0);
}

/* Unmap the page at @va: CPU 1 still caches it; clear, then queue it. */
static struct page *unmap_page(struct mmu_gather *tlb, unsigned long va)
{
	struct page *page = alloc_page();
	struct tlb_entry e = {.mm = tlb->mm, .va = va, .page = page};

	if (tlbf_nr_cpus > 1)
		tlb_fill(&tlbf_cpus[1], &e);
	tlb_remove_tlb_entry(tlb, NULL, va);
	return page;
}

/* A PTE table over [T, T + 2M) that CPU 1 walked through at @walk_va. */
static struct page *cached_pte_table(struct mm_struct *mm,
				     unsigned long walk_va)
{
	struct page *table = alloc_pt_page_nofail(PT_PTE);
	struct walk_entry w = {
		.mm = mm, .va = walk_va, .level = PT_PTE, .table = table};

	table->pt_base = T;
	table->pt_mm = mm;
	walk_fill(&tlbf_cpus[1], &w);
	return table;
}

static bool cpu1_walks(struct mm_struct *mm, unsigned long va)
{
	return walk_lookup(&tlbf_cpus[1], mm, va) != NULL;
}

/*
 * MAX_GATHER_BATCH_COUNT: at x86-64 sizes the bundle (8) and 19 batches
 * of 510 hold 9698 pages; the 9698th add says "full" without trying a
 * 20th allocation, and after a flush the 19 batches are reused.
 */
static void test_gather_batch_cap_x86(void)
{
	struct mm_struct *mm = setup(&arch_x86_native, 1, 0);
	struct mmu_gather tlb;
	unsigned int round, i, full_at;

	tlb_gather_mmu(&tlb, mm);
	for (round = 0; round < 2; round++) {
		full_at = 0;
		for (i = 1; i <= 9698 && !full_at; i++)
			if (__tlb_remove_page(&tlb, unmap_page(&tlb, A)))
				full_at = i;
		CHECK_EQ(full_at, 9698);
		CHECK_EQ(log.count[EV_ALLOC], 19);
		CHECK_EQ(log.count[EV_BATCH_FULL], round + 1);
		CHECK_EQ(tlb.batch_count, 19);
		tlb_flush_mmu(&tlb);
		CHECK_EQ(log.count[EV_FREE_PAGE], 9698 * (round + 1));
	}
	tlb_finish_mmu(&tlb);
	CHECK_EQ(log.count[EV_FREE_BATCH], 19);
	teardown(mm);
}

/*
 * tlb_next_batch() fails (GFP_NOWAIT): tlb_remove_page() must flush the
 * TLB and only then free what is queued.
 */
static void test_gather_page_batch_fail_flushes_first(void)
{
	struct mm_struct *mm =
		setup(&arch_x86_native, 2, 1u << ALLOC_PAGE_BATCH);
	struct mmu_gather tlb;
	unsigned int i;

	tlb_gather_mmu(&tlb, mm);
	faultinj_fail_nth(1);
	for (i = 0; i < 8; i++)
		tlb_remove_page(&tlb, unmap_page(&tlb, A + i * PAGE_SIZE));
	CHECK_EQ(log.count[EV_FREE_PAGE], 8);
	CHECK(first(EV_ALLOC) < first(EV_BATCH_FULL));
	CHECK(!log.ev[first(EV_ALLOC)].ok);
	CHECK(first(EV_BATCH_FULL) < first(EV_FLUSH));
	CHECK(first(EV_FLUSH) < first(EV_FREE_PAGE));
	CHECK_EQ(report_total(), 0);
	tlb_finish_mmu(&tlb);
	teardown(mm);
}

/*
 * With 6.9's rules (tlb_gather_rules) the bundle is full at its 7th page:
 * the same failed allocation, flush and free one page earlier.
 */
static void test_gather_rules_612_reserve_slot(void)
{
	struct mm_struct *mm =
		setup(&arch_x86_native, 2, 1u << ALLOC_PAGE_BATCH);
	struct mmu_gather tlb;
	unsigned int i;

	tlb_gather_rules(612);
	tlb_gather_mmu(&tlb, mm);
	faultinj_fail_nth(1);
	for (i = 0; i < 6; i++)
		tlb_remove_page(&tlb, unmap_page(&tlb, A + i * PAGE_SIZE));
	CHECK_EQ(log.count[EV_ALLOC], 0);
	tlb_remove_page(&tlb, unmap_page(&tlb, A + 6 * PAGE_SIZE));
	CHECK_EQ(log.count[EV_FREE_PAGE], 7);
	CHECK(first(EV_BATCH_FULL) < first(EV_FLUSH));
	CHECK(first(EV_FLUSH) < first(EV_FREE_PAGE));
	tlb_finish_mmu(&tlb);
	tlb_gather_rules(0);
	teardown(mm);
}

/*
 * No table batch page: tlb_table_invalidate() flushes (walk caches
 * included), tlb_remove_table_sync_one() waits out gup_fast, and only
 * then is the one table freed directly. On both RCU-table profiles.
 */
static void test_gather_table_batch_fail_syncs_first(void)
{
	const struct arch_profile *profiles[] = {&arch_x86_rcu, &arch_arm64};
	unsigned int p;

	for (p = 0; p < ARRAY_SIZE(profiles); p++) {
		struct mm_struct *mm =
			setup(profiles[p], 2, 1u << ALLOC_TABLE_BATCH);
		struct mmu_gather tlb;
		unsigned int flush;

		tlb_gather_mmu(&tlb, mm);
		faultinj_fail_nth(1);
		pte_free_tlb(&tlb, cached_pte_table(mm, T), T);
		flush = first(EV_FLUSH);
		CHECK(first(EV_ALLOC) < flush);
		CHECK(flush < LOG_MAX && log.ev[flush].freed_tables);
		CHECK(flush < first(EV_IPI_SYNC));
		CHECK(first(EV_IPI_SYNC) < first(EV_FREE_TABLE));
		CHECK(first(EV_FREE_TABLE) < LOG_MAX &&
		      log.ev[first(EV_FREE_TABLE)].via == VIA_DIRECT);
		CHECK_EQ(log.count[EV_CALL_RCU], 0);
		CHECK_EQ(report_total(), 0);
		tlb_finish_mmu(&tlb);
		teardown(mm);
	}
}

/*
 * PT_RECLAIM (718b13861d22): the failed-batch table waits for a grace
 * period through its own rcu_head instead of an IPI.
 */
static void test_gather_pt_reclaim_rcu_fallback(void)
{
	struct arch_profile reclaim = arch_x86_rcu;
	struct mm_struct *mm;
	struct mmu_gather tlb;

	reclaim.pt_reclaim_rcu = true;
	mm = setup(&reclaim, 2, 1u << ALLOC_TABLE_BATCH);
	tlb_gather_mmu(&tlb, mm);
	faultinj_fail_nth(1);
	pte_free_tlb(&tlb, cached_pte_table(mm, T), T);
	CHECK(first(EV_FLUSH) < first(EV_CALL_RCU));
	CHECK(first(EV_CALL_RCU) < first(EV_RCU_GP));
	CHECK(first(EV_RCU_GP) < first(EV_FREE_TABLE));
	CHECK(first(EV_FREE_TABLE) < LOG_MAX &&
	      log.ev[first(EV_FREE_TABLE)].via == VIA_RCU);
	CHECK_EQ(log.count[EV_IPI_SYNC], 0);
	CHECK_EQ(report_total(), 0);
	tlb_finish_mmu(&tlb);
	teardown(mm);
}

/*
 * tlb_finish_mmu() with another gather of the mm in flight: the range is
 * forced to the whole mm with freed_tables (x86: (0, TLB_FLUSH_ALL);
 * arm64: flush_tlb_mm), even for an empty gather, so the other gather's
 * stale entry on CPU 1 is gone when this one returns.
 */
static void test_gather_nested_forces_full_flush(void)
{
	const struct arch_profile *profiles[] = {&arch_x86_native, &arch_arm64};
	unsigned int p;

	for (p = 0; p < ARRAY_SIZE(profiles); p++) {
		struct mm_struct *mm = setup(profiles[p], 2, 0);
		struct mmu_gather tlb, other;
		struct trace_event *f;

		tlb_gather_mmu(&other, mm);
		tlb_remove_page(&other, unmap_page(&other, A));
		tlb_gather_mmu(&tlb, mm);
		CHECK_EQ(atomic_read(&mm->tlb_flush_pending), 2);
		tlb_finish_mmu(&tlb);
		CHECK_EQ(log.count[EV_FLUSH], 1);
		f = &log.ev[first(EV_FLUSH)];
		CHECK(f->freed_tables && f->fullmm_all);
		CHECK(tlb.fullmm);
		CHECK(tlb_lookup(&tlbf_cpus[1], mm, A) == NULL);
		tlb_finish_mmu(&other);
		CHECK_EQ(atomic_read(&mm->tlb_flush_pending), 0);
		CHECK_EQ(report_total(), 0);
		teardown(mm);
	}
}

struct table_rule {
	const struct arch_profile *arch;
	enum table_via via;
	enum flush_fn fn;
};

/*
 * Each profile's table path and flush rule: CPU 1 cached a walk through
 * the PTE table at an address other than the one pte_free_tlb() gets.
 * The flush must drop that entry before the table is freed: x86 because
 * INVLPG drops every paging-structure cache of the ASID, arm64 because a
 * non-leaf TLBI at T hits the table's span, range-only because its
 * __pte_free_tlb widens the range over the whole span.
 */
static void test_gather_table_flush_rule_per_profile(void)
{
	static const struct table_rule rules[] = {
		{&arch_x86_native, VIA_PAGE_BATCH, FN_FLUSH_TLB_MM_RANGE},
		{&arch_x86_rcu, VIA_RCU, FN_FLUSH_TLB_MM_RANGE},
		{&arch_arm64, VIA_RCU, FN___FLUSH_TLB_RANGE},
		{&arch_range_only, VIA_PAGE_BATCH, FN_FLUSH_TLB_RANGE},
		{&arch_no_range, VIA_PAGE_BATCH, FN_FLUSH_TLB_MM},
	};
	unsigned int r;

	for (r = 0; r < ARRAY_SIZE(rules); r++) {
		struct mm_struct *mm = setup(rules[r].arch, 2, 0);
		unsigned long walk_va = T + 100 * PAGE_SIZE;
		struct mmu_gather tlb;
		unsigned int flush;

		tlb_gather_mmu(&tlb, mm);
		pte_free_tlb(&tlb, cached_pte_table(mm, walk_va), T);
		tlb_finish_mmu(&tlb);
		flush = first(EV_FLUSH);
		CHECK(flush < first(EV_FREE_TABLE));
		CHECK(flush < LOG_MAX && log.ev[flush].fn == rules[r].fn);
		CHECK(log.ev[first(EV_FREE_TABLE)].via == rules[r].via);
		CHECK(!cpu1_walks(mm, walk_va));
		CHECK_EQ(report_total(), 0);
		if (harness_case_failed)
			fprintf(stderr, "  profile %s\n", rules[r].arch->name);
		teardown(mm);
	}
}

/*
 * arm64 flushes at every tlb_end_vma() and resets the range; the later
 * pte_free_tlb() must mark the gather again, or finish frees the table
 * with nothing flushed. With end-vma-loses-flush it does not: the stale
 * walk-cache oracle must report it.
 */
static void run_end_vma_then_free_table(unsigned int bugs)
{
	struct mm_struct *mm = setup(&arch_arm64, 2, 0);
	struct vm_area_struct vma = {
		.vm_start = A, .vm_end = A + PAGE_SIZE, .vm_mm = mm};
	struct mmu_gather tlb;

	tlbf_injected = bugs;
	tlb_gather_mmu(&tlb, mm);
	tlb_start_vma(&tlb, &vma);
	tlb_remove_page(&tlb, unmap_page(&tlb, A));
	tlb_end_vma(&tlb, &vma);
	CHECK_EQ(log.count[EV_FLUSH], 1);
	CHECK(log.ev[first(EV_FLUSH)].last_level);
	pte_free_tlb(&tlb, cached_pte_table(mm, T), T);
	tlb_finish_mmu(&tlb);
	tlbf_injected = 0;
	teardown(mm);
}

static void test_gather_end_vma_flush_then_table(void)
{
	run_end_vma_then_free_table(0);
	CHECK_EQ(log.count[EV_FLUSH], 2);
	CHECK_EQ(report_total(), 0);
	report_expect(ORACLE_STALE_WALK);
	run_end_vma_then_free_table(1u << BUG_END_VMA_LOSES_FLUSH);
	CHECK_EQ(log.count[EV_FLUSH], 1);
	CHECK(report_count(ORACLE_STALE_WALK) >= 1);
}

/*
 * range-only: pte_free_tlb's one page is not enough for an arch whose
 * flush only drops walks of the addresses it names; with
 * pte-free-range-one-page the walk at walk_va survives the flush.
 */
static void test_gather_range_only_needs_table_span(void)
{
	struct mm_struct *mm = setup(&arch_range_only, 2, 0);
	struct mmu_gather tlb;

	report_expect(ORACLE_STALE_WALK);
	tlbf_injected = 1u << BUG_PTE_FREE_RANGE_ONE_PAGE;
	tlb_gather_mmu(&tlb, mm);
	pte_free_tlb(&tlb, cached_pte_table(mm, T + 100 * PAGE_SIZE), T);
	CHECK_EQ(tlb.end, T + PAGE_SIZE);
	tlb_finish_mmu(&tlb);
	CHECK_EQ(report_count(ORACLE_STALE_WALK), 1);
	tlbf_injected = 0;
	teardown(mm);
}

/*
 * tlb_end_vma(): x86 (MERGE_VMAS) flushes only after a PFNMAP VMA; a
 * fullmm gather never flushes there and tlb_start_vma() leaves the vma_*
 * bits alone.
 */
static void test_gather_end_vma_rules(void)
{
	struct mm_struct *mm = setup(&arch_x86_native, 1, 0);
	struct vm_area_struct vma = {
		.vm_start = A, .vm_end = A + PAGE_SIZE, .vm_mm = mm};
	struct mmu_gather tlb;

	tlb_gather_mmu(&tlb, mm);
	tlb_start_vma(&tlb, &vma);
	tlb_remove_page(&tlb, unmap_page(&tlb, A));
	tlb_end_vma(&tlb, &vma);
	CHECK_EQ(log.count[EV_FLUSH], 0);
	vma.vm_flags = VM_PFNMAP | VM_EXEC;
	tlb_start_vma(&tlb, &vma);
	CHECK(tlb.vma_pfn && tlb.vma_exec);
	tlb_remove_tlb_entry(&tlb, NULL, A + PAGE_SIZE);
	tlb_end_vma(&tlb, &vma);
	CHECK_EQ(log.count[EV_FLUSH], 1);
	/* The flush reset the range but not the vma_* bits. */
	CHECK_EQ(tlb.end, 0);
	CHECK(tlb.vma_pfn && tlb.vma_exec);
	tlb_finish_mmu(&tlb);

	tlb_gather_mmu_fullmm(&tlb, mm);
	CHECK_EQ(tlb.start, ~0UL);
	CHECK_EQ(tlb.end, ~0UL);
	tlb_start_vma(&tlb, &vma);
	CHECK(!tlb.vma_pfn && !tlb.vma_exec);
	tlb_end_vma(&tlb, &vma);
	CHECK_EQ(log.count[EV_FLUSH], 1);
	tlb_finish_mmu(&tlb);
	teardown(mm);
}

/*
 * arm64 fullmm: nothing to flush unless tables went (the dead ASID is
 * never reused unflushed); tlb_flush_mmu() with nothing cleared still
 * frees what is queued.
 */
static void test_gather_arm64_fullmm_skips_leaf_flush(void)
{
	struct mm_struct *mm = setup(&arch_arm64, 2, 0);
	struct mmu_gather tlb;

	mm->dead = true; /* what exit_mmap's caller guarantees */
	tlb_gather_mmu_fullmm(&tlb, mm);
	tlb_remove_page(&tlb, unmap_page(&tlb, A));
	tlb_flush_mmu(&tlb);
	CHECK_EQ(log.count[EV_FLUSH_SKIPPED], 1);
	CHECK_EQ(log.count[EV_FLUSH], 0);
	CHECK_EQ(log.count[EV_FREE_PAGE], 1);
	pte_free_tlb(&tlb, cached_pte_table(mm, T), T);
	tlb_finish_mmu(&tlb);
	CHECK_EQ(log.count[EV_FLUSH], 1);
	CHECK(log.ev[first(EV_FLUSH)].fn == FN_FLUSH_TLB_MM);
	CHECK_EQ(report_total(), 0);
	teardown(mm);
}

/*
 * x86 lazy TLB: a lazy CPU is skipped by a leaf-only flush (and marked
 * deferred) but must take a flush that frees tables.
 */
static void test_gather_x86_lazy_cpu(void)
{
	struct mm_struct *mm = setup(&arch_x86_native, 2, 0);
	struct mmu_gather tlb;

	cpu_enter_lazy(&tlbf_cpus[1]);
	tlb_gather_mmu(&tlb, mm);
	tlb_remove_page(&tlb, unmap_page(&tlb, A));
	tlb_flush_mmu(&tlb);
	CHECK(tlbf_cpus[1].lazy_flush_deferred);
	CHECK(tlb_lookup(&tlbf_cpus[1], mm, A) != NULL);
	pte_free_tlb(&tlb, cached_pte_table(mm, T), T);
	tlb_finish_mmu(&tlb);
	CHECK(!cpu1_walks(mm, T));
	CHECK_EQ(report_total(), 0);
	cpu_flush_mm(&tlbf_cpus[1], mm);
	teardown(mm);
}

/*
 * hugetlb PMD unsharing (1013af4f585f, late 6.1 stable): dropping the
 * last other sharer marks the gather fully_unshared; the flush is not
 * leaf-only (arm64 last_level false) and is followed by the IPI sync
 * that waits out gup_fast. x86-native has no such sync: its flush IPI is
 * the synchronisation.
 */
static void test_gather_unshare_pmd_table(void)
{
	const struct arch_profile *profiles[] = {&arch_arm64, &arch_x86_native};
	unsigned int p;

	for (p = 0; p < ARRAY_SIZE(profiles); p++) {
		struct mm_struct *mm = setup(profiles[p], 2, 0);
		struct page *pmd = alloc_pt_page_nofail(PT_PMD);
		struct mmu_gather tlb;

		atomic_set(&pmd->pt_share_count, 1);
		tlb_gather_mmu(&tlb, mm);
		tlb_unshare_pmd_ptdesc(&tlb, pmd, A);
		CHECK(tlb.unshared_tables && tlb.fully_unshared_tables);
		CHECK_EQ(tlb.start, A & PUD_MASK);
		CHECK_EQ(tlb.end, (A & PUD_MASK) + PUD_SIZE);
		tlb_flush_unshared_tables(&tlb);
		CHECK(!tlb.fully_unshared_tables);
		CHECK_EQ(log.count[EV_FLUSH], 1);
		if (profiles[p] == &arch_arm64) {
			CHECK(!log.ev[first(EV_FLUSH)].last_level);
			CHECK(first(EV_FLUSH) < first(EV_IPI_SYNC));
			CHECK(first(EV_IPI_SYNC) < LOG_MAX);
		} else {
			CHECK_EQ(log.count[EV_IPI_SYNC], 0);
		}
		tlb_finish_mmu(&tlb);
		CHECK_EQ(report_total(), 0);
		free_pt_page(pmd, VIA_FREE);
		teardown(mm);
	}
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_gather_batch_cap_x86),
		TEST_CASE(test_gather_page_batch_fail_flushes_first),
		TEST_CASE(test_gather_rules_612_reserve_slot),
		TEST_CASE(test_gather_table_batch_fail_syncs_first),
		TEST_CASE(test_gather_pt_reclaim_rcu_fallback),
		TEST_CASE(test_gather_nested_forces_full_flush),
		TEST_CASE(test_gather_table_flush_rule_per_profile),
		TEST_CASE(test_gather_end_vma_flush_then_table),
		TEST_CASE(test_gather_range_only_needs_table_span),
		TEST_CASE(test_gather_end_vma_rules),
		TEST_CASE(test_gather_arm64_fullmm_skips_leaf_flush),
		TEST_CASE(test_gather_x86_lazy_cpu),
		TEST_CASE(test_gather_unshare_pmd_table),
	};

	return harness_run("mmu_gather", cases, ARRAY_SIZE(cases), argc, argv);
}
