// SPDX-License-Identifier: GPL-2.0-only
/*
 * exec's stack move, shift_arg_pages() (fs/exec.c, 6.1). Geometry "fuzz":
 * 4 KiB pages, PTE table spans 32 KiB, PMD table 256 KiB, PUD table 2 MiB.
 */
#include "inject.h"
#include "mm_fixture.h"

#define STACK_FLAGS (VM_READ | VM_WRITE | VM_GROWSDOWN)

static struct vm_area_struct *make_stack(struct mm_struct *mm,
					 unsigned long start, unsigned long end,
					 struct page **frames)
{
	unsigned long a;
	unsigned int i = 0;

	CHECK_EQ(do_mmap(mm, start, end - start, STACK_FLAGS, NULL, 0), start);
	for (a = start; a < end; a += PAGE_SIZE) {
		CHECK_EQ(user_access(mm, a, true), 0);
		frames[i++] = mapped_page(mm, a);
	}
	return find_vma(mm, start);
}

/* The frames now sit at the shifted addresses, in order. */
static void check_moved(struct mm_struct *mm, unsigned long new_start,
			unsigned long new_end, struct page **frames)
{
	unsigned long a;
	unsigned int i = 0;

	for (a = new_start; a < new_end; a += PAGE_SIZE)
		CHECK(mapped_page(mm, a) == frames[i++]);
	CHECK_EQ(atomic_long_read(&mm->rss), i);
}

/*
 * Overlapping move: old [0x108000, 0x118000), shift 0xc000, new
 * [0xfc000, 0x10c000). free_pgd_range(new_end, old_end, floor new_end)
 * frees the PTE table at 0x110000 only; the one at 0x108000 holds new_end
 * and stays, as do the PMD tables. Left: PTE tables at 0xf8000, 0x100000,
 * 0x108000; PMD tables at 0xc0000 and 0x100000.
 */
static void test_exec_shift_overlapping(void)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 1, 0);
	struct page *frames[16];
	struct vm_area_struct *vma = make_stack(mm, 0x108000, 0x118000, frames);

	CHECK_EQ(shift_arg_pages(vma, 0xc000), 0);
	CHECK_EQ(vma->vm_start, 0xfc000);
	CHECK_EQ(vma->vm_end, 0x10c000);
	check_moved(mm, 0xfc000, 0x10c000, frames);
	CHECK(pte_table_at(mm, 0xf8000));
	CHECK(pte_table_at(mm, 0x100000));
	CHECK(pte_table_at(mm, 0x108000));
	CHECK(!pte_table_at(mm, 0x110000));
	CHECK_EQ(atomic_long_read(&mm->nr_ptes), 3);
	CHECK_EQ(atomic_long_read(&mm->nr_pmds), 2);
	CHECK_EQ(user_access(mm, 0xfc000, true), 0);
	fixture_end(mm);
	CHECK_EQ(report_total(), 0);
}

/*
 * Disjoint move: old [0x108000, 0x110000), shift 0x10000, new
 * [0xf8000, 0x100000). free_pgd_range(old_start, old_end, floor new_end)
 * frees the old PTE table and the PMD table at 0x100000 (nothing else
 * lives in its 256 KiB); the PUD table, shared with the new range, stays.
 * CPU 0 had walked 0x130000 speculatively: its walk cache points at that
 * PMD table, and tlb_finish_mmu() must flush it before the table goes.
 */
static void shift_disjoint(const struct arch_profile *arch, unsigned int inject)
{
	struct mm_struct *mm = fixture_begin(arch, 1, inject);
	struct page *frames[8];
	struct vm_area_struct *vma = make_stack(mm, 0x108000, 0x110000, frames);

	/* A fresh walk (caches emptied) from the pgd down to 0x130000. */
	cpu_flush_mm(&tlbf_cpus[0], mm);
	hw_walk(mm, 0x130000);
	CHECK(walk_lookup(&tlbf_cpus[0], mm, 0x130000));
	CHECK_EQ(shift_arg_pages(vma, 0x10000), 0);
	check_moved(mm, 0xf8000, 0x100000, frames);
	CHECK(pte_table_at(mm, 0xf8000));
	CHECK(!pt_lookup(mm, 0x108000, PT_PMD));
	CHECK_EQ(atomic_long_read(&mm->nr_ptes), 1);
	CHECK_EQ(atomic_long_read(&mm->nr_pmds), 1);
	CHECK_EQ(atomic_long_read(&mm->nr_puds), 1);
	fixture_end(mm);
}

static void test_exec_shift_disjoint(void)
{
	shift_disjoint(&arch_x86_native, 0);
	shift_disjoint(&arch_x86_rcu, 0);
	shift_disjoint(&arch_arm64, 0);
	shift_disjoint(&arch_range_only, 0);
	CHECK_EQ(report_total(), 0);
}

/*
 * Seed 004 (2011): on the range-only gather, a finish that flushes only
 * what zap saw frees the old PMD table while CPU 0's walk cache still
 * points into it (BUG_SHIFT_NOFLUSH): the stale-walk-cache oracle fires.
 */
static void test_exec_shift_noflush_detected(void)
{
	report_expect(ORACLE_STALE_WALK);
	shift_disjoint(&arch_range_only, 1u << BUG_SHIFT_NOFLUSH);
	CHECK(report_count(ORACLE_STALE_WALK) > 0);
}

/* A VMA below the new range makes the move impossible: -EFAULT. */
static void test_exec_shift_blocked(void)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 1, 0);
	struct page *frames[8];
	struct vm_area_struct *vma = make_stack(mm, 0x108000, 0x110000, frames);

	CHECK_EQ(do_mmap(mm, 0x100000, KB(4), VM_READ, NULL, 0), 0x100000);
	CHECK_EQ(shift_arg_pages(vma, 0x8000), -14);
	CHECK_EQ(vma->vm_start, 0x108000);
	fixture_end(mm);
	CHECK_EQ(report_total(), 0);
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_exec_shift_overlapping),
		TEST_CASE(test_exec_shift_disjoint),
		TEST_CASE(test_exec_shift_noflush_detected),
		TEST_CASE(test_exec_shift_blocked),
	};

	return harness_run("exec", cases, ARRAY_SIZE(cases), argc, argv);
}
