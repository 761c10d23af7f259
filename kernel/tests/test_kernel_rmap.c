// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel mode only: delayed rmap removal (6.2+, tlb_delay_rmap() and
 * tlb_flush_rmaps()), run on the tree's own gather. A dirty file page
 * zapped under the PTE lock must stay in the rmap until the TLB flush has
 * gone out: otherwise writeback could find it unmapped, clean it and let
 * it be reused while another CPU still writes through a stale TLB entry.
 * On a 6.1 tree the rmap goes at once (6.1's order) and tlb_flush_rmaps()
 * does nothing.
 */
#include <string.h>

#include "core.h"
#include "cpu.h"
#include "harness.h"
#include "mmu_gather.h"
#include "page.h"
#include "tlbf/kmode.h"

#define A 0x7f0000201000UL /* a user page */

static unsigned int nr_freed;

static void count_free(const struct trace_event *ev, void *ctx)
{
	(void)ctx;
	if (ev->kind == EV_FREE_PAGE)
		nr_freed++;
}

/*
 *   queue with delay   flush TLB   tlb_flush_rmaps   finish
 *   mapcount 1 (6.2+)  still 1     0                 page freed
 */
static void delay_rmap_on(const struct arch_profile *arch)
{
	struct core_config cfg = {
		.geometry = &geometry_x86_64,
		.arch = arch,
		.nr_cpus = 2,
	};
	struct vm_area_struct vma;
	struct mmu_gather tlb;
	struct mm_struct *mm;
	struct page *page;

	core_reset(&cfg);
	nr_freed = 0;
	mm = mm_alloc();
	cpu_switch_mm(&tlbf_cpus[0], mm);
	trace_set_sink(count_free, NULL);
	page = alloc_page();
	page_add_rmap(page);
	memset(&vma, 0, sizeof(vma));
	vma.vm_start = A;
	vma.vm_end = A + PAGE_SIZE;
	vma.vm_flags = VM_SHARED;
	vma.vm_mm = mm;

	tlb_gather_mmu(&tlb, mm);
	tlb_remove_tlb_entry(&tlb, NULL, A);
	CHECK(!tlb_remove_page_delay_rmap(&tlb, page));
	CHECK_EQ(page_mapcount(page), TLBF_KVER >= 602 ? 1 : 0);
	tlb_flush_mmu_tlbonly(&tlb);
	CHECK_EQ(page_mapcount(page), TLBF_KVER >= 602 ? 1 : 0);
	tlb_flush_rmaps(&tlb, &vma);
	CHECK_EQ(page_mapcount(page), 0);
	CHECK_EQ(nr_freed, 0);
	tlb_finish_mmu(&tlb);
	CHECK_EQ(nr_freed, 1);
	CHECK_EQ(report_total(), 0);

	trace_set_sink(NULL, NULL);
	mm_free(mm);
	CHECK_EQ(tlbf_page_stats.frames, 0);
}

static void test_kernel_delay_rmap_x86(void)
{
	delay_rmap_on(&arch_x86_native);
}

static void test_kernel_delay_rmap_arm64(void)
{
	delay_rmap_on(&arch_arm64);
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_kernel_delay_rmap_x86),
		TEST_CASE(test_kernel_delay_rmap_arm64),
	};

	return harness_run("kernel_rmap", cases,
			   sizeof(cases) / sizeof(cases[0]), argc, argv);
}
