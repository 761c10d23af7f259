// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel mode with the tree's own arm64 flush code (TLBFUZZ_KERNEL_ARCH_CODE):
 * what the tree's tlb_flush() and __flush_tlb_range() decide, seen through
 * what the TLBIs they issue leave in another CPU's TLB and walk cache.
 * Each case names the decision it checks; a tree (or a mutant) that
 * decides otherwise leaves a different cache behind.
 */
#include <string.h>

#include "arch_tlbi.h"
#include "core.h"
#include "cpu.h"
#include "harness.h"
#include "mmu_gather.h"
#include "page.h"

#define A   0x7f0000201000UL /* a user page */
#define T   0x7f0000200000UL /* the PTE table's span [T, T + 2M) over A */
#define FAR 0x7f0040201000UL /* 1 GiB away: another pmd table */
#define PG  0x1000UL

static struct {
	unsigned int flushes, skipped;
	struct trace_event last;
} ev;

static void log_event(const struct trace_event *e, void *ctx)
{
	(void)ctx;
	if (e->kind == EV_FLUSH) {
		ev.flushes++;
		ev.last = *e;
	}
	ev.skipped += e->kind == EV_FLUSH_SKIPPED;
}

static struct mm_struct *setup(unsigned int caps)
{
	struct core_config cfg = {
		.geometry = &geometry_x86_64,
		.arch = &arch_arm64,
		.nr_cpus = 2,
	};
	struct mm_struct *mm;

	core_reset(&cfg);
	tlbf_arm64_caps = caps;
	memset(&ev, 0, sizeof(ev));
	mm = mm_alloc();
	cpu_switch_mm(&tlbf_cpus[0], mm);
	cpu_switch_mm(&tlbf_cpus[1], mm);
	trace_set_sink(log_event, NULL);
	return mm;
}

static void teardown(struct mm_struct *mm)
{
	cpu_flush_mm(&tlbf_cpus[1], mm);
	trace_set_sink(NULL, NULL);
	rcu_process_callbacks();
	mm_free(mm);
	CHECK_EQ(tlbf_page_stats.tables, 0);
	CHECK_EQ(rcu_pending_callbacks(), 0);
	CHECK_EQ(report_total(), 0);
}

/* CPU 1 caches a leaf for @va at @level in @mm. */
static void leaf(struct mm_struct *mm, unsigned long va, enum pt_level level)
{
	struct tlb_entry e = {.mm = mm,
			      .va = va & ~((1UL << level_shift(level)) - 1),
			      .level = level};

	tlb_fill(&tlbf_cpus[1], &e);
}

static bool has_leaf(struct mm_struct *mm, unsigned long va)
{
	return tlb_lookup(&tlbf_cpus[1], mm, va) != NULL;
}

/* CPU 1 walked through @table (a pte table over T) for @va. */
static void walked(struct mm_struct *mm, struct page *table, unsigned long va)
{
	struct walk_entry w = {
		.mm = mm, .va = va, .level = PT_PTE, .table = table};

	walk_fill(&tlbf_cpus[1], &w);
}

static bool has_walk(struct mm_struct *mm, unsigned long va)
{
	return walk_lookup(&tlbf_cpus[1], mm, va) != NULL;
}

static struct page *pte_table(struct mm_struct *mm)
{
	struct page *table = alloc_pt_page_nofail(PT_PTE);

	table->pt_base = T;
	table->pt_mm = mm;
	return table;
}

/*
 * tlb_flush() with only ptes cleared: last_level, so VALE1IS; the leaf
 * goes and the walk cache stays. The call is traced as the tree made it.
 */
static void test_karch_leaf_only_keeps_walks(void)
{
	struct mm_struct *mm = setup(ARM64_CAP_TTL | ARM64_CAP_TLB_RANGE);
	struct page *table = pte_table(mm);
	struct mmu_gather tlb;

	leaf(mm, A, PT_PTE);
	walked(mm, table, A);
	tlb_gather_mmu(&tlb, mm);
	tlb_remove_tlb_entry(&tlb, NULL, A);
	tlb_flush_mmu_tlbonly(&tlb);
	CHECK(!has_leaf(mm, A));
	CHECK(has_walk(mm, A));
	CHECK_EQ(ev.flushes, 1);
	CHECK(ev.last.fn == FN___FLUSH_TLB_RANGE && ev.last.last_level);
	CHECK_EQ(ev.last.tlb_level, 3);
	tlb_finish_mmu(&tlb);
	cpu_flush_mm(&tlbf_cpus[1], mm);
	free_pt_page(table, VIA_FREE);
	teardown(mm);
}

/* A freed table: not last_level, so VAE1IS drops the walk through it. */
static void test_karch_freed_table_drops_walks(void)
{
	struct mm_struct *mm = setup(ARM64_CAP_TTL | ARM64_CAP_TLB_RANGE);
	struct page *table = pte_table(mm);
	struct mmu_gather tlb;

	walked(mm, table, A);
	tlb_gather_mmu(&tlb, mm);
	tlb_remove_tlb_entry(&tlb, NULL, A);
	pte_free_tlb(&tlb, table, T);
	tlb_flush_mmu_tlbonly(&tlb);
	CHECK(!has_walk(mm, A));
	CHECK(ev.last.freed_tables && !ev.last.last_level);
	tlb_finish_mmu(&tlb);
	teardown(mm);
}

/*
 * Without range TLBIs, MAX_TLBI_OPS strides or more fall back to the
 * whole ASID (flush_tlb_mm: ASIDE1IS), which reaches a leaf 1 GiB away;
 * with range TLBIs the same range is covered exactly.
 */
static void fallback_case(unsigned int caps, bool far_goes)
{
	struct mm_struct *mm = setup(caps);
	struct mmu_gather tlb;

	leaf(mm, A + 511 * PG, PT_PTE);
	leaf(mm, FAR, PT_PTE);
	tlb_gather_mmu(&tlb, mm);
	tlb_flush_pte_range(&tlb, A, 512 * PG);
	tlb_flush_mmu_tlbonly(&tlb);
	CHECK(!has_leaf(mm, A + 511 * PG));
	CHECK_EQ(has_leaf(mm, FAR), !far_goes);
	CHECK_EQ(ev.flushes, 1);
	tlb_finish_mmu(&tlb);
	teardown(mm);
}

static void test_karch_fallback_whole_asid(void)
{
	fallback_case(ARM64_CAP_TTL, true);
	fallback_case(ARM64_CAP_TTL | ARM64_CAP_TLB_RANGE, false);
}

/*
 * The TTL hint: only ptes were cleared, so the tree hints level 3; a
 * pmd-level leaf over the same address is outside the hint and stays.
 * Without the TTL feature there is no hint and it goes.
 */
static void ttl_case(unsigned int caps, bool block_stays)
{
	struct mm_struct *mm = setup(caps);
	struct mmu_gather tlb;

	leaf(mm, A, PT_PMD);
	tlb_gather_mmu(&tlb, mm);
	tlb_remove_tlb_entry(&tlb, NULL, A);
	tlb_flush_mmu_tlbonly(&tlb);
	CHECK_EQ(has_leaf(mm, A), block_stays);
	tlb_finish_mmu(&tlb);
	teardown(mm);
}

static void test_karch_ttl_hint(void)
{
	ttl_case(ARM64_CAP_TTL, true);
	ttl_case(ARM64_CAP_TTL | ARM64_CAP_TLB_RANGE, true);
	ttl_case(0, false);
}

/*
 * Range TLBIs over six pages (an even count: one range operation) and
 * over seven (a range and a single page): exactly [A, A + n pages).
 */
static void range_case(unsigned long n)
{
	struct mm_struct *mm = setup(ARM64_CAP_TLB_RANGE);
	struct mmu_gather tlb;

	leaf(mm, A - PG, PT_PTE);
	leaf(mm, A, PT_PTE);
	leaf(mm, A + (n - 1) * PG, PT_PTE);
	leaf(mm, A + n * PG, PT_PTE);
	tlb_gather_mmu(&tlb, mm);
	tlb_flush_pte_range(&tlb, A, n * PG);
	tlb_flush_mmu_tlbonly(&tlb);
	CHECK(has_leaf(mm, A - PG));
	CHECK(!has_leaf(mm, A));
	CHECK(!has_leaf(mm, A + (n - 1) * PG));
	CHECK(has_leaf(mm, A + n * PG));
	tlb_finish_mmu(&tlb);
	teardown(mm);
}

static void test_karch_range_exact(void)
{
	range_case(6);
	range_case(7);
	range_case(64);
}

/* A fullmm gather with no table freed: nothing sent, traced as skipped. */
static void test_karch_fullmm_leaf_only_skips(void)
{
	struct mm_struct *mm = setup(ARM64_CAP_TTL | ARM64_CAP_TLB_RANGE);
	struct mmu_gather tlb;

	leaf(mm, A, PT_PTE);
	tlb_gather_mmu_fullmm(&tlb, mm);
	tlb_remove_tlb_entry(&tlb, NULL, A);
	tlb_flush_mmu_tlbonly(&tlb);
	CHECK(has_leaf(mm, A));
	CHECK_EQ(ev.flushes, 0);
	CHECK_EQ(ev.skipped, 1);
	tlb_finish_mmu(&tlb);
	teardown(mm);
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_karch_leaf_only_keeps_walks),
		TEST_CASE(test_karch_freed_table_drops_walks),
		TEST_CASE(test_karch_fallback_whole_asid),
		TEST_CASE(test_karch_ttl_hint),
		TEST_CASE(test_karch_range_exact),
		TEST_CASE(test_karch_fullmm_leaf_only_skips),
	};

	return harness_run("kernel_arch", cases, ARRAY_SIZE(cases), argc, argv);
}
