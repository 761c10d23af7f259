// SPDX-License-Identifier: GPL-2.0-only
/*
 * truncate_pagecache() -> unmap_mapping_range() (mm/truncate.c,
 * mm/memory.c), and one-page file reclaim through i_mmap (mm/vmscan.c).
 */
#include "mm_fixture.h"

#define SHARED_RW (VM_READ | VM_WRITE | VM_SHARED)

/*
 * Truncation unmaps a file page from every mapping of the file, whatever
 * mm and address it sits at, frees it, and later faults past the new size
 * get SIGBUS (-EFAULT). Pages below the new size stay mapped.
 *
 *   file pages:  0 1 2 3      truncate to 1 page
 *   mm A maps the file at 0x100000, mm B at 0x200000 from page 1.
 */
static void test_truncate_unmaps_every_mapping(void)
{
	struct mm_struct *a = fixture_begin(&arch_x86_native, 2, 0);
	struct mm_struct *b = mm_alloc();
	struct address_space *file = file_create(4);
	struct page *page2;

	CHECK_EQ(do_mmap(a, 0x100000, KB(16), SHARED_RW, file, 0), 0x100000);
	CHECK_EQ(do_mmap(b, 0x200000, KB(12), SHARED_RW, file, 1), 0x200000);
	CHECK_EQ(user_access(a, 0x100000, true), 0);
	CHECK_EQ(user_access(a, 0x102000, true), 0);
	cpu_switch_mm(&tlbf_cpus[0], b);
	CHECK_EQ(user_access(b, 0x201000, false), 0);
	page2 = mapped_page(a, 0x102000);
	CHECK(page2 && mapped_page(b, 0x201000) == page2);
	CHECK_EQ(page_mapcount(page2), 2);
	/* CPU1 still caches mm A's view of page 2. */
	cpu_cache_translation(1, a, 0x102000);

	truncate_pagecache(file, 1);
	CHECK(!mapped_page(a, 0x102000));
	CHECK(!mapped_page(b, 0x201000));
	CHECK(mapped_page(a, 0x100000));
	CHECK(!file->cache[2]);
	CHECK(!tlb_has(&tlbf_cpus[1], a, 0x102000));
	CHECK(!tlb_has(&tlbf_cpus[0], b, 0x201000));
	CHECK_EQ(tlbf_page_stats.frames, 1);
	CHECK_EQ(user_access(b, 0x201000, false), -14);

	exit_mmap(b);
	mm_free(b);
	cpu_switch_mm(&tlbf_cpus[0], a);
	fixture_end_file(a, file);
	CHECK_EQ(report_total(), 0);
}

/*
 * Reclaim of a file page finds both mappings through i_mmap, clears them
 * (a dirty pte makes the page dirty: written back first), and removes the
 * page from the cache once no one else holds it.
 */
static void test_truncate_reclaim_file_page(void)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 2, 0);
	struct address_space *file = file_create(2);

	CHECK_EQ(do_mmap(mm, 0x100000, KB(8), SHARED_RW, file, 0), 0x100000);
	CHECK_EQ(do_mmap(mm, 0x180000, KB(8), SHARED_RW, file, 0), 0x180000);
	CHECK_EQ(user_access(mm, 0x101000, true), 0);
	CHECK_EQ(user_access(mm, 0x181000, false), 0);
	cpu_cache_translation(1, mm, 0x181000);
	CHECK(reclaim_file_page(file, 1));
	CHECK(!file->cache[1]);
	CHECK(!mapped_page(mm, 0x101000));
	CHECK(!mapped_page(mm, 0x181000));
	CHECK(!tlb_has(&tlbf_cpus[1], mm, 0x181000));
	CHECK_EQ(tlbf_page_stats.frames, 0);
	/* It comes back from the "disk" on the next fault. */
	CHECK_EQ(user_access(mm, 0x181000, false), 0);
	fixture_end_file(mm, file);
	CHECK_EQ(report_total(), 0);
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_truncate_unmaps_every_mapping),
		TEST_CASE(test_truncate_reclaim_file_page),
	};

	return harness_run("truncate", cases, ARRAY_SIZE(cases), argc, argv);
}
