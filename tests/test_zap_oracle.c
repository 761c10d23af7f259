// SPDX-License-Identifier: GPL-2.0-only
/*
 * The zap-return oracle's rule (core/oracle.h), driven step by step: which
 * TLB entries a zap answers for when it returns. Each case plays the zap's
 * own steps (begin, clear a pte, pass the address, return) and another
 * CPU's fills and clears in between, on the direct back end.
 */
#include "arch.h"
#include "mm_fixture.h"

#define PROT_RW (VM_READ | VM_WRITE)
#define VA	0x100000UL
#define END	(VA + KB(16))

static struct mm_struct *setup(unsigned long **pte, unsigned long *val)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 2, 0);

	CHECK_EQ(do_mmap(mm, VA, KB(16), PROT_RW, NULL, 0), VA);
	CHECK_EQ(user_access(mm, VA, true), 0);
	flush_tlb_mm(mm); /* only what a case fills is cached */
	*pte = pt_lookup(mm, VA, PT_PTE);
	*val = entry_read(*pte);
	return mm;
}

/* Put the pte back so that the teardown finds what it left. */
static void finish(struct mm_struct *mm, unsigned long *pte, unsigned long val)
{
	entry_write(pte, val);
	report_reset();
	fixture_end(mm);
	CHECK_EQ(report_total(), 0);
}

/*
 * CPU 1 fills its TLB after the zap began but before the zap reached the
 * pte; the zap clears it and returns with no flush. The entry was made
 * from the pte this zap cleared: the zap's to flush.
 */
static void test_zap_oracle_fill_mid_zap_counts(void)
{
	unsigned long *pte, val;
	struct mm_struct *mm = setup(&pte, &val);

	report_expect(ORACLE_STALE_AFTER_ZAP);
	oracle_zap_begin(mm, VA, END);
	cpu_cache_translation(1, mm, VA);
	entry_xchg(pte, 0);
	oracle_zap_pass(mm, VA, VA + KB(4));
	oracle_zap_done(mm, VA, END);
	CHECK_EQ(report_count(ORACLE_STALE_AFTER_ZAP), 1);
	finish(mm, pte, val);
}

/* An entry held before the zap began counts, whoever cleared its pte. */
static void test_zap_oracle_fill_before_zap_counts(void)
{
	unsigned long *pte, val;
	struct mm_struct *mm = setup(&pte, &val);

	report_expect(ORACLE_STALE_AFTER_ZAP);
	cpu_cache_translation(1, mm, VA);
	oracle_zap_begin(mm, VA, END);
	entry_xchg(pte, 0); /* another CPU's zap, its flush still to come */
	oracle_zap_pass(mm, VA, VA + KB(4));
	oracle_zap_done(mm, VA, END);
	CHECK_EQ(report_count(ORACLE_STALE_AFTER_ZAP), 1);
	finish(mm, pte, val);
}

/*
 * The zap clears the pte and passes; a fault installs a new pte, CPU 1
 * fills from it, and another operation (mremap moving it, under its PTE
 * lock) clears it with its flush still to come when this zap returns.
 * Not this zap's entry: silent (the narrowing's case, fuzz_race).
 */
static void test_zap_oracle_fill_after_pass_silent(void)
{
	unsigned long *pte, val;
	struct mm_struct *mm = setup(&pte, &val);

	oracle_zap_begin(mm, VA, END);
	entry_xchg(pte, 0);
	flush_tlb_mm(mm);
	oracle_zap_pass(mm, VA, END);
	entry_write(pte, val); /* the refault */
	cpu_cache_translation(1, mm, VA);
	entry_xchg(pte, 0); /* the mover's clear */
	oracle_zap_done(mm, VA, END);
	CHECK_EQ(report_total(), 0);
	finish(mm, pte, val);
}

/* The tables still map the entry's frame: nothing stale, silent. */
static void test_zap_oracle_still_mapped_silent(void)
{
	unsigned long *pte, val;
	struct mm_struct *mm = setup(&pte, &val);

	cpu_cache_translation(1, mm, VA);
	oracle_zap_begin(mm, VA, END);
	oracle_zap_pass(mm, VA, END);
	oracle_zap_done(mm, VA, END);
	CHECK_EQ(report_total(), 0);
	finish(mm, pte, val);
}

/* A failed call ends its watch unchecked; a later zap starts afresh. */
static void test_zap_oracle_cancel(void)
{
	unsigned long *pte, val;
	struct mm_struct *mm = setup(&pte, &val);

	cpu_cache_translation(1, mm, VA);
	oracle_zap_begin(mm, VA, END);
	entry_xchg(pte, 0);
	oracle_zap_cancel();
	oracle_zap_done(mm, VA, END);
	CHECK_EQ(report_total(), 0);
	finish(mm, pte, val);
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_zap_oracle_fill_mid_zap_counts),
		TEST_CASE(test_zap_oracle_fill_before_zap_counts),
		TEST_CASE(test_zap_oracle_fill_after_pass_silent),
		TEST_CASE(test_zap_oracle_still_mapped_silent),
		TEST_CASE(test_zap_oracle_cancel),
	};

	return harness_run("zap_oracle", cases, ARRAY_SIZE(cases), argc, argv);
}
