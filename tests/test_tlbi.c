// SPDX-License-Identifier: GPL-2.0-only
/*
 * arm64 TLB maintenance on the simulated CPUs (core/arch_tlbi.c), one
 * case per instruction class, from the architecture's definition: the
 * operand is built the way the Arm ARM lays it out (VA[55:12] in 43:0,
 * TTL in 47:44, ASID in 63:48; for ranges BaseADDR 36:0, TTL 38:37, NUM
 * 43:39, SCALE 45:44, TG 47:46), not with the kernel's macros, so a
 * decoder that agreed with a wrong kernel encoding would fail here.
 */
#include "arch_tlbi.h"
#include "core.h"
#include "cpu.h"
#include "harness.h"

/* Only their ids (ASIDs) and addresses matter to the TLB. */
static struct mm_struct mm_a = {.id = 3}, mm_b = {.id = 4};
static unsigned long asid_a, asid_b;

#define A     0x7f0000203000UL /* a page inside a 2 MiB region */
#define PG    0x1000UL
#define MB2   0x200000UL
#define GB1   0x40000000UL
#define TG_4K 1UL

static void setup(void)
{
	struct core_config cfg = {.geometry = &geometry_x86_64, .nr_cpus = 2};

	core_reset(&cfg);
	tlbf_arm64_caps = ARM64_CAP_TTL | ARM64_CAP_TLB_RANGE;
	asid_a = arm64_asid(&mm_a);
	asid_b = arm64_asid(&mm_b);
}

static void leaf(unsigned int cpu, struct mm_struct *mm, unsigned long va,
		 enum pt_level level)
{
	struct tlb_entry e = {.mm = mm,
			      .va = va & ~((1UL << level_shift(level)) - 1),
			      .level = level};

	tlb_fill(&tlbf_cpus[cpu], &e);
}

/* A walk through @va cached the table at @level (PT_PTE: a pte table). */
static void walk(unsigned int cpu, struct mm_struct *mm, unsigned long va,
		 enum pt_level level)
{
	struct walk_entry w = {.mm = mm, .va = va & PAGE_MASK, .level = level};

	walk_fill(&tlbf_cpus[cpu], &w);
}

static bool has_leaf(unsigned int cpu, struct mm_struct *mm, unsigned long va,
		     enum pt_level level)
{
	unsigned long base = va & ~((1UL << level_shift(level)) - 1);
	unsigned int i;

	for (i = 0; i < TLB_ENTRIES; i++) {
		const struct tlb_entry *e = &tlbf_cpus[cpu].tlb[i];

		if (e->mm == mm && e->va == base && e->level == level)
			return true;
	}
	return false;
}

static bool has_walk(unsigned int cpu, struct mm_struct *mm, unsigned long va,
		     enum pt_level level)
{
	unsigned int i;

	for (i = 0; i < WALK_ENTRIES; i++) {
		const struct walk_entry *w = &tlbf_cpus[cpu].walk[i];

		if (w->mm == mm && w->va == (va & PAGE_MASK) &&
		    w->level == level)
			return true;
	}
	return false;
}

/* VA operand: VA[55:12] in 43:0, TTL in 47:44, ASID in 63:48. */
static uint64_t va_op(unsigned long va, unsigned long asid, unsigned long ttl)
{
	return ((va >> 12) & ((1UL << 44) - 1)) | ttl << 44 | asid << 48;
}

static uint64_t range_op(unsigned long va, unsigned long asid,
			 unsigned long scale, unsigned long num,
			 unsigned long ttl, unsigned long tg)
{
	return (va >> 12) | ttl << 37 | num << 39 | scale << 44 | tg << 46 |
	       asid << 48;
}

static void tlbi_sync(const char *op, uint64_t operand)
{
	arm64_tlbi(op, operand);
	arm64_dsb("ish");
}

/* A 4 KiB leaf at A and the walk that filled it, on both CPUs. */
static void fill_a(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < 2; cpu++) {
		leaf(cpu, &mm_a, A, PT_PTE);
		leaf(cpu, &mm_a, A + PG, PT_PTE);
		walk(cpu, &mm_a, A, PT_PTE); /* the pte table over A */
		walk(cpu, &mm_a, A, PT_PMD); /* the pmd table over A */
	}
}

/* VALE1IS: the leaf that maps VA goes, everywhere; walk caches stay. */
static void test_tlbi_vale1is_leaf_only(void)
{
	setup();
	fill_a();
	tlbi_sync("vale1is", va_op(A, asid_a, 0));
	CHECK(!has_leaf(0, &mm_a, A, PT_PTE));
	CHECK(!has_leaf(1, &mm_a, A, PT_PTE));
	CHECK(has_leaf(0, &mm_a, A + PG, PT_PTE));
	CHECK(has_walk(0, &mm_a, A, PT_PTE));
	CHECK(has_walk(1, &mm_a, A, PT_PMD));
	CHECK_EQ(report_total(), 0);
}

/*
 * VAE1IS: the leaf and every walk-cache entry used to translate VA go; a
 * walk through another 1 GiB region (another pmd table) stays.
 */
static void test_tlbi_vae1is_drops_walks(void)
{
	setup();
	fill_a();
	walk(1, &mm_a, A + GB1, PT_PMD);
	tlbi_sync("vae1is", va_op(A, asid_a, 0));
	CHECK(!has_leaf(1, &mm_a, A, PT_PTE));
	CHECK(!has_walk(0, &mm_a, A, PT_PTE));
	CHECK(!has_walk(1, &mm_a, A, PT_PMD));
	CHECK(has_walk(1, &mm_a, A + GB1, PT_PMD));
	CHECK(has_leaf(1, &mm_a, A + PG, PT_PTE));
}

/*
 * TTL: a hint for the leaf's own level invalidates it; a hint for another
 * level need not (the entry stays); a hint with another granule's TG is
 * not about this translation regime (nothing is required to go).
 */
static void test_tlbi_ttl_hint(void)
{
	setup();
	leaf(0, &mm_a, A, PT_PTE);
	leaf(0, &mm_a, A + MB2, PT_PMD);
	tlbi_sync("vale1is", va_op(A, asid_a, TG_4K << 2 | 2));
	CHECK(has_leaf(0, &mm_a, A, PT_PTE));
	tlbi_sync("vale1is", va_op(A + MB2, asid_a, 2UL << 2 | 2));
	CHECK(has_leaf(0, &mm_a, A + MB2, PT_PMD));
	tlbi_sync("vale1is", va_op(A + MB2, asid_a, TG_4K << 2 | 2));
	CHECK(!has_leaf(0, &mm_a, A + MB2, PT_PMD));
	tlbi_sync("vale1is", va_op(A, asid_a, TG_4K << 2 | 3));
	CHECK(!has_leaf(0, &mm_a, A, PT_PTE));
}

/*
 * RVALE1IS: exactly [BaseADDR, BaseADDR + (NUM+1) * 2^(5*SCALE+1) pages):
 * NUM 1, SCALE 0 is four pages; the pages just outside stay, and so do
 * the walk caches.
 */
static void test_tlbi_rvale1is_exact_range(void)
{
	setup();
	leaf(0, &mm_a, A - PG, PT_PTE);
	leaf(0, &mm_a, A, PT_PTE);
	leaf(0, &mm_a, A + 3 * PG, PT_PTE);
	leaf(1, &mm_a, A + 3 * PG, PT_PTE);
	leaf(0, &mm_a, A + 4 * PG, PT_PTE);
	walk(0, &mm_a, A, PT_PTE);
	tlbi_sync("rvale1is", range_op(A, asid_a, 0, 1, 0, TG_4K));
	CHECK(has_leaf(0, &mm_a, A - PG, PT_PTE));
	CHECK(!has_leaf(0, &mm_a, A, PT_PTE));
	CHECK(!has_leaf(0, &mm_a, A + 3 * PG, PT_PTE));
	CHECK(!has_leaf(1, &mm_a, A + 3 * PG, PT_PTE));
	CHECK(has_leaf(0, &mm_a, A + 4 * PG, PT_PTE));
	CHECK(has_walk(0, &mm_a, A, PT_PTE));

	/* SCALE 1, NUM 0: 64 pages; a wrong TG: nothing at all. */
	leaf(0, &mm_a, A + 63 * PG, PT_PTE);
	leaf(0, &mm_a, A + 64 * PG, PT_PTE);
	tlbi_sync("rvale1is", range_op(A, asid_a, 1, 0, 0, 2));
	CHECK(has_leaf(0, &mm_a, A + 63 * PG, PT_PTE));
	tlbi_sync("rvale1is", range_op(A, asid_a, 1, 0, 0, TG_4K));
	CHECK(!has_leaf(0, &mm_a, A + 63 * PG, PT_PTE));
	CHECK(has_leaf(0, &mm_a, A + 64 * PG, PT_PTE));
}

/*
 * RVAE1IS: the walk caches whose table maps part of the range go too;
 * a pte table over another 2 MiB region stays.
 */
static void test_tlbi_rvae1is_walks_in_range(void)
{
	setup();
	walk(0, &mm_a, A, PT_PTE);
	walk(1, &mm_a, A + MB2, PT_PTE);
	walk(1, &mm_a, A, PT_PMD);
	leaf(1, &mm_a, A + PG, PT_PTE);
	tlbi_sync("rvae1is", range_op(A, asid_a, 0, 1, 0, TG_4K));
	CHECK(!has_walk(0, &mm_a, A, PT_PTE));
	CHECK(!has_walk(1, &mm_a, A, PT_PMD));
	CHECK(has_walk(1, &mm_a, A + MB2, PT_PTE));
	CHECK(!has_leaf(1, &mm_a, A + PG, PT_PTE));
}

/*
 * One PMD table reached from two 1 GiB spans of one mm (a hugetlb PMD
 * table shared within a process): RVAE1IS over the first span drops that
 * span's walk entry only, so a walk in flight through the first span
 * must see its table gone (walk_cached_for, by address) while the second
 * span's walks still have it. Asking by table alone said "still cached".
 */
static void test_tlbi_walk_in_flight_by_address(void)
{
	struct page table;
	struct walk_entry w = {.mm = &mm_a, .level = PT_PMD, .table = &table};
	struct sim_cpu *c;

	setup();
	c = &tlbf_cpus[1];
	w.va = A;
	walk_fill(c, &w);
	w.va = A + GB1;
	walk_fill(c, &w);
	CHECK(walk_cached_for(c, &mm_a, A + PG, &table));
	CHECK(walk_cached_for(c, &mm_a, A + GB1 + PG, &table));
	/* The first span: (NUM 3 + 1) << (5 * SCALE 3 + 1) pages = 1 GiB. */
	tlbi_sync("rvae1is", range_op(A & ~(GB1 - 1), asid_a, 3, 3, 0, TG_4K));
	CHECK(!walk_cached_for(c, &mm_a, A + PG, &table));
	CHECK(walk_cached_for(c, &mm_a, A + GB1 + PG, &table));
	CHECK(!walk_cached_for(c, &mm_b, A + GB1 + PG, &table));
}

/* ASIDE1IS: everything of that ASID, nothing of another. */
static void test_tlbi_aside1is(void)
{
	setup();
	fill_a();
	leaf(1, &mm_b, A, PT_PTE);
	walk(1, &mm_b, A, PT_PMD);
	tlbi_sync("aside1is", va_op(0, asid_a, 0));
	CHECK(!has_leaf(0, &mm_a, A + PG, PT_PTE));
	CHECK(!has_walk(1, &mm_a, A, PT_PMD));
	CHECK(has_leaf(1, &mm_b, A, PT_PTE));
	CHECK(has_walk(1, &mm_b, A, PT_PMD));
}

/* The non-shareable forms act on the issuing CPU only. */
static void test_tlbi_local_vs_broadcast(void)
{
	setup();
	fill_a();
	arm64_tlbi("vae1", va_op(A, asid_a, 0));
	arm64_dsb("nsh");
	CHECK(!has_leaf(0, &mm_a, A, PT_PTE));
	CHECK(!has_walk(0, &mm_a, A, PT_PMD));
	CHECK(has_leaf(1, &mm_a, A, PT_PTE));
	CHECK(has_walk(1, &mm_a, A, PT_PMD));
	tlbi_sync("aside1", va_op(0, asid_a, 0));
	CHECK(has_leaf(1, &mm_a, A + PG, PT_PTE));
	tlbi_sync("vale1is", va_op(A, asid_a, 0));
	CHECK(!has_leaf(1, &mm_a, A, PT_PTE));
}

/*
 * A TLBI is complete only after a DSB that waits for it: DSB ISHST
 * (stores only) does not; a local DSB NSH does not complete a broadcast
 * one; DSB ISH does.
 */
static void test_tlbi_completes_at_dsb(void)
{
	setup();
	fill_a();
	arm64_tlbi("vale1is", va_op(A, asid_a, 0));
	CHECK(has_leaf(1, &mm_a, A, PT_PTE));
	arm64_dsb("ishst");
	arm64_dsb("nsh");
	CHECK(has_leaf(1, &mm_a, A, PT_PTE));
	CHECK_EQ(arm64_tlbi_pending(), 1);
	arm64_dsb("ish");
	CHECK(!has_leaf(1, &mm_a, A, PT_PTE));
	CHECK_EQ(arm64_tlbi_pending(), 0);
}

/* An ASID nobody was given, or a TLBI the model lacks: nothing, or a report. */
static void test_tlbi_unknown(void)
{
	setup();
	fill_a();
	tlbi_sync("vale1is", va_op(A, 0x7777, 0));
	CHECK(has_leaf(0, &mm_a, A, PT_PTE));
	report_expect(ORACLE_KERNEL_BUG);
	tlbi_sync("vmalls12e1is", 0);
	CHECK_EQ(report_count(ORACLE_KERNEL_BUG), 1);
	report_reset();
	tlbi_sync("vmalle1is", 0);
	CHECK(!has_leaf(0, &mm_a, A, PT_PTE));
	CHECK(!has_walk(1, &mm_a, A, PT_PMD));
}

/*
 * The CPU features: without FEAT_TTL the TTL field means nothing (the
 * hinted-away entry goes); without FEAT_TLBIRANGE a range TLBI is
 * undefined, a kernel bug.
 */
static void test_tlbi_features(void)
{
	setup();
	tlbf_arm64_caps = 0;
	leaf(0, &mm_a, A, PT_PTE);
	tlbi_sync("vale1is", va_op(A, asid_a, TG_4K << 2 | 2));
	CHECK(!has_leaf(0, &mm_a, A, PT_PTE));
	CHECK_EQ(report_total(), 0);
	report_expect(ORACLE_KERNEL_BUG);
	tlbi_sync("rvale1is", range_op(A, asid_a, 0, 1, 0, TG_4K));
	CHECK_EQ(report_count(ORACLE_KERNEL_BUG), 1);
	report_reset();
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_tlbi_vale1is_leaf_only),
		TEST_CASE(test_tlbi_vae1is_drops_walks),
		TEST_CASE(test_tlbi_ttl_hint),
		TEST_CASE(test_tlbi_rvale1is_exact_range),
		TEST_CASE(test_tlbi_rvae1is_walks_in_range),
		TEST_CASE(test_tlbi_walk_in_flight_by_address),
		TEST_CASE(test_tlbi_aside1is),
		TEST_CASE(test_tlbi_local_vs_broadcast),
		TEST_CASE(test_tlbi_completes_at_dsb),
		TEST_CASE(test_tlbi_unknown),
		TEST_CASE(test_tlbi_features),
	};

	return harness_run("tlbi", cases, ARRAY_SIZE(cases), argc, argv);
}
