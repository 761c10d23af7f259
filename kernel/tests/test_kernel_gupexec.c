// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel mode only (TLBFUZZ_KERNEL_GUP, TLBFUZZ_KERNEL_EXEC): the model's
 * get_user_pages_fast() and shift_arg_pages() run the tree's own
 * lockless_pages_from_mm() (6.12: gup_fast()) and shift_arg_pages()
 * (6.12: relocate_vma_down()), and what they do shows in the model's
 * tables, pages and VMAs. The counters are kept by the model-world
 * services only the tree's code calls (kernel/kwalk.c, kexecvma.c).
 */
#include "mm_fixture.h"
#include "tlbf/kapi_gupexec.h"

#define PROT_RW	    (VM_READ | VM_WRITE)
#define STACK_FLAGS (VM_READ | VM_WRITE | VM_GROWSDOWN)

/*
 * The tree's walk pins the two present pages in one IRQ-off section and
 * stops at the first absent one; the slow path faults in the rest.
 */
static void gup_fast_on(const struct arch_profile *arch)
{
	struct mm_struct *mm = fixture_begin(arch, 1, 0);
	unsigned long walks = tlbf_k_gup_walks;
	struct page *pages[4];
	long i;

	CHECK_EQ(do_mmap(mm, 0x100000, KB(16), PROT_RW, NULL, 0), 0x100000);
	CHECK_EQ(user_access(mm, 0x100000, true), 0);
	CHECK_EQ(user_access(mm, 0x101000, true), 0);
	CHECK_EQ(get_user_pages_fast(0x100000, 4, true, pages), 4);
	CHECK_EQ(tlbf_k_gup_walks, walks + 1);
	for (i = 0; i < 4; i++) {
		CHECK(pages[i] == mapped_page(mm, 0x100000 + i * KB(4)));
		CHECK_EQ(page_ref_count(pages[i]), 2);
	}
	/* The IRQ-off section is over and the walker holds no table. */
	for (i = 0; i < PT_NR_LEVELS; i++)
		CHECK(!tlbf_cpus[0].lockless_tables[i]);
	CHECK(!tlbf_cpus[0].lockless_mm);
	CHECK(!irqs_disabled());
	for (i = 0; i < 4; i++)
		put_page(pages[i]);
	/* A read-only mapping, read: one more walk of the tree's. */
	CHECK_EQ(do_mmap(mm, 0x200000, KB(4), VM_READ, NULL, 0), 0x200000);
	CHECK_EQ(user_access(mm, 0x200000, false), 0);
	CHECK_EQ(get_user_pages_fast(0x200000, 1, false, pages), 1);
	CHECK_EQ(tlbf_k_gup_walks, walks + 2);
	CHECK(pages[0] == mapped_page(mm, 0x200000));
	put_page(pages[0]);
	fixture_end(mm);
}

static void test_kernel_gup_fast_is_the_trees(void)
{
	gup_fast_on(&arch_x86_native);
	gup_fast_on(&arch_x86_rcu);
	gup_fast_on(&arch_arm64);
	CHECK_EQ(report_total(), 0);
}

/*
 * The overlapping move of tests/test_exec.c on the tree's shift: the VMA
 * grows to cover both ranges and shrinks to the new one (two changes),
 * the frames sit at their new addresses, the PTE table past new_end is
 * freed through the tree's gather, and the VMA ends where it should.
 */
static void shift_on(const struct arch_profile *arch)
{
	struct mm_struct *mm = fixture_begin(arch, 1, 0);
	unsigned long changes = tlbf_k_exec_vma_changes;
	struct page *frames[16];
	struct vm_area_struct *vma;
	unsigned long a;
	unsigned int i = 0;

	CHECK_EQ(do_mmap(mm, 0x108000, KB(64), STACK_FLAGS, NULL, 0), 0x108000);
	for (a = 0x108000; a < 0x118000; a += KB(4)) {
		CHECK_EQ(user_access(mm, a, true), 0);
		frames[i++] = mapped_page(mm, a);
	}
	vma = find_vma(mm, 0x108000);
	CHECK_EQ(shift_arg_pages(vma, 0xc000), 0);
	CHECK_EQ(tlbf_k_exec_vma_changes, changes + 2);
	CHECK_EQ(vma->vm_start, 0xfc000);
	CHECK_EQ(vma->vm_end, 0x10c000);
	for (i = 0, a = 0xfc000; a < 0x10c000; a += KB(4))
		CHECK(mapped_page(mm, a) == frames[i++]);
	CHECK(pte_table_at(mm, 0x108000));
	CHECK(!pte_table_at(mm, 0x110000));
	CHECK_EQ(atomic_long_read(&mm->nr_ptes), 3);
	fixture_end(mm);
}

static void test_kernel_exec_shift_is_the_trees(void)
{
	shift_on(&arch_x86_native);
	shift_on(&arch_x86_rcu);
	shift_on(&arch_arm64);
	shift_on(&arch_range_only);
	CHECK_EQ(report_total(), 0);
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_kernel_gup_fast_is_the_trees),
		TEST_CASE(test_kernel_exec_shift_is_the_trees),
	};

	return harness_run("kernel_gupexec", cases, ARRAY_SIZE(cases), argc,
			   argv);
}
