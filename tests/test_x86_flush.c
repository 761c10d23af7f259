// SPDX-License-Identifier: GPL-2.0-only
/*
 * The x86 flush path: what flush_tlb_mm_range() and flush_tlb_func()
 * decide, seen in another CPU's TLB and walk cache and in its per-CPU
 * tlb_gen, and the simulated INVLPG and CR3 under them. CPU 0 flushes,
 * CPU 1 (idle, so it takes an IPI at once) is looked at.
 *
 * One source, two deciders: in a model build the model's rewrite
 * (core/arch_x86_flush.c) runs these cases; kernel/tests.cmake builds it
 * again as test_kernel_x86, with TLBF_X86_TREE, where the tree's own
 * arch/x86/mm/tlb.c must be the one deciding (TLBFUZZ_KERNEL_ARCH_CODE).
 * Both must pass the same cases: that is what lets the differential
 * compare the two.
 */
#include <string.h>

#include "arch_x86.h"
#include "core.h"
#include "cpu.h"
#include "harness.h"
#include "mmu_gather.h"
#include "page.h"

#define A   0x7f0000201000UL /* a user page */
#define FAR 0x7f0040201000UL /* 1 GiB away */
#define PG  0x1000UL

static struct sim_cpu *const cpu1 = &tlbf_cpus[1];

/* Two CPUs at the x86-64 geometry; a new mm, running on CPU 0. */
static struct mm_struct *setup_cpu0(void)
{
	struct core_config cfg = {
		.geometry = &geometry_x86_64,
		.arch = &arch_x86_native,
		.nr_cpus = 2,
	};
	struct mm_struct *mm;

	core_reset(&cfg);
#ifdef TLBF_X86_TREE
	CHECK(x86_tree_on());
#endif
	mm = mm_alloc();
	cpu_switch_mm(&tlbf_cpus[0], mm);
	return mm;
}

/* ... and on CPU 1. */
static struct mm_struct *setup(void)
{
	struct mm_struct *mm = setup_cpu0();

	cpu_switch_mm(cpu1, mm);
	return mm;
}

static void teardown(struct mm_struct *mm)
{
	cpu_switch_mm(&tlbf_cpus[0], NULL);
	cpu_switch_mm(cpu1, NULL);
	mm_free(mm);
	CHECK_EQ(tlbf_page_stats.tables, 0);
	CHECK_EQ(report_total(), 0);
}

/* CPU @c caches a pte leaf and a walk through a pmd table for @va. */
static void cache(struct sim_cpu *c, struct mm_struct *mm, unsigned long va)
{
	struct tlb_entry e = {.mm = mm, .va = va, .level = PT_PTE};
	struct walk_entry w = {
		.mm = mm, .va = va, .level = PT_PMD, .table = mm->pgd};

	tlb_fill(c, &e);
	walk_fill(c, &w);
}

static bool has_leaf(struct sim_cpu *c, struct mm_struct *mm, unsigned long va)
{
	return tlb_lookup(c, mm, va) != NULL;
}

static bool has_walk(struct sim_cpu *c, struct mm_struct *mm, unsigned long va)
{
	return walk_lookup(c, mm, va) != NULL;
}

static uint64_t mm_gen(struct mm_struct *mm)
{
	return (uint64_t)mm->context.tlb_gen.counter;
}

static uint64_t cpu_gen(struct sim_cpu *c)
{
	return c->x86.cpu_tlbstate.ctxs[0].tlb_gen;
}

/*
 * A lazy CPU gets no IPI for a flush that frees no table
 * (should_flush_tlb): its entries stay, its tlb_gen falls behind, and
 * switch_mm() back to the mm sees that and flushes everything.
 */
static void test_x86_lazy_skipped_then_catches_up(void)
{
	struct mm_struct *mm = setup();

	cache(cpu1, mm, A);
	cpu_enter_lazy(cpu1);
	CHECK(cpu1->x86.cpu_tlbstate_shared.is_lazy);
	flush_tlb_mm_range(mm, A, A + PG, 12, false);
	CHECK(has_leaf(cpu1, mm, A));
	CHECK(has_walk(cpu1, mm, A));
	CHECK(cpu1->lazy_flush_deferred);
	CHECK_EQ(mm_gen(mm), 1);
	CHECK_EQ(cpu_gen(cpu1), 0);
	cpu_switch_mm(cpu1, mm);
	CHECK(!has_leaf(cpu1, mm, A));
	CHECK(!has_walk(cpu1, mm, A));
	CHECK_EQ(cpu_gen(cpu1), 1);
	teardown(mm);
}

/* Back from lazy mode with nothing missed: no flush. */
static void test_x86_lazy_nothing_missed_keeps(void)
{
	struct mm_struct *mm = setup();

	cache(cpu1, mm, A);
	cpu_enter_lazy(cpu1);
	cpu_switch_mm(cpu1, mm);
	CHECK(has_leaf(cpu1, mm, A));
	CHECK(has_walk(cpu1, mm, A));
	teardown(mm);
}

/*
 * freed_tables: every CPU of mm_cpumask gets the IPI, and a lazy one
 * leaves for init_mm (a CR3 write: every entry goes).
 */
static void test_x86_lazy_freed_tables_ipi(void)
{
	struct mm_struct *mm = setup();

	cache(cpu1, mm, A);
	cache(cpu1, mm, FAR);
	cpu_enter_lazy(cpu1);
	flush_tlb_mm_range(mm, A, A + PG, 12, true);
	CHECK(!has_leaf(cpu1, mm, A));
	CHECK(!has_leaf(cpu1, mm, FAR));
	CHECK(!has_walk(cpu1, mm, FAR));
	CHECK(cpu1->x86.cpu_tlbstate.loaded_mm == &tlbf_x86_init_mm);
	CHECK(!cpu1->x86.cpu_tlbstate_shared.is_lazy);
	/* On init_mm the walker cannot reach the mm's tables. */
	CHECK(!x86_walker_on(cpu1, mm));
	cpu_switch_mm(cpu1, mm);
	CHECK(cpu1->x86.cpu_tlbstate.loaded_mm == mm);
	CHECK_EQ(cpu_gen(cpu1), mm_gen(mm));
	teardown(mm);
}

/*
 * A lazy CPU that flushes its lazy mm itself (a kernel thread's reclaim)
 * runs flush_tlb_func() too when tables were freed, and leaves for
 * init_mm like a remote one: its walker no longer reaches the tables.
 */
static void test_x86_lazy_initiator_leaves(void)
{
	struct mm_struct *mm = setup();
	struct sim_cpu *cpu0 = &tlbf_cpus[0];

	cache(cpu0, mm, FAR);
	cpu_enter_lazy(cpu0);
	flush_tlb_mm_range(mm, A, A + PG, 12, true);
	CHECK(cpu0->x86.cpu_tlbstate.loaded_mm == &tlbf_x86_init_mm);
	CHECK(!has_leaf(cpu0, mm, FAR));
	CHECK(!x86_walker_on(cpu0, mm));
	/* Without freed tables it is passed over, marked for the oracles. */
	cpu_switch_mm(cpu0, mm);
	cache(cpu0, mm, FAR);
	cpu_enter_lazy(cpu0);
	flush_tlb_mm_range(mm, A, A + PG, 12, false);
	CHECK(cpu0->x86.cpu_tlbstate.loaded_mm == mm);
	CHECK(has_leaf(cpu0, mm, FAR));
	CHECK(cpu0->lazy_flush_deferred);
	cpu_switch_mm(cpu0, mm);
	CHECK(!has_leaf(cpu0, mm, FAR));
	teardown(mm);
}

/*
 * A CPU that is one generation behind when the request arrives (another
 * flush's IPI is still on its way) cannot flush partially: full flush.
 * Without the missed generation the same request is an INVLPG of A only.
 */
static void test_x86_generation_catch_up(void)
{
	struct mm_struct *mm = setup();

	cache(cpu1, mm, A);
	cache(cpu1, mm, FAR);
	flush_tlb_mm_range(mm, A, A + PG, 12, false);
	CHECK(!has_leaf(cpu1, mm, A));
	CHECK(has_leaf(cpu1, mm, FAR));
	CHECK_EQ(cpu_gen(cpu1), 1);

	cache(cpu1, mm, A);
	/* A concurrent flusher's inc_mm_tlb_gen(), its IPI not yet taken. */
	__atomic_add_fetch(&mm->context.tlb_gen.counter, 1, __ATOMIC_SEQ_CST);
	flush_tlb_mm_range(mm, A, A + PG, 12, false);
	CHECK(!has_leaf(cpu1, mm, A));
	CHECK(!has_leaf(cpu1, mm, FAR));
	CHECK_EQ(cpu_gen(cpu1), 3);
	CHECK_EQ(mm_gen(mm), 3);
	teardown(mm);
}

/* More than tlb_single_page_flush_ceiling (33) pages: a full flush. */
static void test_x86_ceiling_full_flush(void)
{
	struct mm_struct *mm = setup();

	cache(cpu1, mm, FAR);
	flush_tlb_mm_range(mm, A, A + 33 * PG, 12, false);
	CHECK(has_leaf(cpu1, mm, FAR));
	flush_tlb_mm_range(mm, A, A + 34 * PG, 12, false);
	CHECK(!has_leaf(cpu1, mm, FAR));
	teardown(mm);
}

/* A CPU running another mm gets no IPI (should_flush_tlb). */
static void test_x86_other_mm_no_ipi(void)
{
	struct mm_struct *mm = setup();
	struct mm_struct *other = mm_alloc();

	cpu_switch_mm(cpu1, other);
	cache(cpu1, other, A);
	flush_tlb_mm_range(mm, A, A + PG, 12, true);
	CHECK(has_leaf(cpu1, other, A));
	CHECK_EQ(cpu_gen(cpu1), 0);
	cpu_switch_mm(cpu1, mm);
	mm_free(other);
	teardown(mm);
}

/* Only this CPU in mm_cpumask: flush_tlb_func() runs here, no IPI. */
static void test_x86_local_only(void)
{
	struct mm_struct *mm = setup_cpu0();

	cache(&tlbf_cpus[0], mm, A);
	cache(&tlbf_cpus[0], mm, FAR);
	flush_tlb_mm_range(mm, A, A + PG, 12, false);
	CHECK(!has_leaf(&tlbf_cpus[0], mm, A));
	CHECK(has_leaf(&tlbf_cpus[0], mm, FAR));
	CHECK_EQ(cpu_gen(&tlbf_cpus[0]), 1);
	CHECK(!irqs_disabled());
	cpu_switch_mm(&tlbf_cpus[0], NULL);
	mm_free(mm);
	CHECK_EQ(report_total(), 0);
}

/*
 * The instructions: INVLPG drops the leaf that translates the address
 * (also a 2M one that covers it) and every walk-cache entry (the SDM:
 * all paging-structure caches of the current PCID); a CR3 write drops
 * everything.
 */
static void test_x86_invlpg_and_cr3(void)
{
	struct mm_struct *mm = setup();
	struct tlb_entry huge = {
		.mm = mm, .va = FAR & ~0x1fffffUL, .level = PT_PMD};

	cache(cpu1, mm, A);
	cache(cpu1, mm, A + PG);
	tlb_fill(cpu1, &huge);
	x86_invlpg(cpu1, A);
	CHECK(!has_leaf(cpu1, mm, A));
	CHECK(has_leaf(cpu1, mm, A + PG));
	CHECK(has_leaf(cpu1, mm, FAR));
	CHECK(!has_walk(cpu1, mm, A));
	CHECK(!has_walk(cpu1, mm, A + PG));
	x86_invlpg(cpu1, FAR + PG);
	CHECK(!has_leaf(cpu1, mm, FAR));
	cache(cpu1, mm, A);
	x86_cr3_write(cpu1);
	CHECK(!has_leaf(cpu1, mm, A));
	CHECK(!has_leaf(cpu1, mm, A + PG));
	CHECK(!has_walk(cpu1, mm, A));
	teardown(mm);
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_x86_lazy_skipped_then_catches_up),
		TEST_CASE(test_x86_lazy_nothing_missed_keeps),
		TEST_CASE(test_x86_lazy_freed_tables_ipi),
		TEST_CASE(test_x86_lazy_initiator_leaves),
		TEST_CASE(test_x86_generation_catch_up),
		TEST_CASE(test_x86_ceiling_full_flush),
		TEST_CASE(test_x86_other_mm_no_ipi),
		TEST_CASE(test_x86_local_only),
		TEST_CASE(test_x86_invlpg_and_cr3),
	};

#ifdef TLBF_X86_TREE
	return harness_run("kernel_x86", cases, ARRAY_SIZE(cases), argc, argv);
#else
	return harness_run("x86_flush", cases, ARRAY_SIZE(cases), argc, argv);
#endif
}
