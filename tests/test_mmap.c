// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmap, munmap and exit_mmap (mm/mmap.c), free_pgtables (mm/memory.c).
 * Geometry "fuzz": 4 KiB pages, 8 entries a table, so a PTE table spans
 * 32 KiB, a PMD table 256 KiB, a PUD table 2 MiB.
 */
#include "inject.h"
#include "mm_fixture.h"
#include "trace.h"

#define PROT_RW (VM_READ | VM_WRITE)

static void touch_range(struct mm_struct *mm, unsigned long start,
			unsigned long end)
{
	unsigned long a;

	for (a = start; a < end; a += PAGE_SIZE)
		CHECK_EQ(user_access(mm, a, true), 0);
}

/*
 * exit_mmap() leaves nothing: every table but the pgd, every rss count,
 * every anonymous frame is gone (check_mm), and after the file is dropped
 * and the mm freed, no frame, table or RCU callback is left.
 *
 *   [0x100000 anon 16 pages][gap][0x180000 file 4 pages]
 */
static void test_mmap_exit_mmap_leaves_nothing(void)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 2, 0);
	struct address_space *file = file_create(4);

	CHECK_EQ(do_mmap(mm, 0x100000, KB(64), PROT_RW, NULL, 0), 0x100000);
	CHECK_EQ(do_mmap(mm, 0x180000, KB(16), PROT_RW | VM_SHARED, file, 0),
		 0x180000);
	touch_range(mm, 0x100000, 0x110000);
	touch_range(mm, 0x180000, 0x184000);
	CHECK_EQ(atomic_long_read(&mm->rss), 20);
	CHECK_EQ(atomic_long_read(&mm->nr_ptes), 3);
	CHECK(tlbf_page_stats.frames == 20);
	/* CPU1 ran this mm too and cached one translation. */
	cpu_cache_translation(1, mm, 0x100000);

	exit_mmap(mm);
	CHECK(mm->dead);
	CHECK_EQ(atomic_long_read(&mm->nr_ptes), 0);
	CHECK_EQ(atomic_long_read(&mm->pgtables_bytes), 0);
	CHECK_EQ(tlbf_page_stats.tables, 1); /* the pgd */
	CHECK_EQ(tlbf_page_stats.frames, 4); /* the file's cache */
	CHECK(!file->i_mmap);
	file_destroy(file);
	mm_free(mm);
	synchronize_rcu();
	oracle_run_end();
	CHECK_EQ(report_total(), 0);
}

/*
 * exit_mmap() on every profile, with another CPU still caching the mm
 * (it ran a thread of it) and enough pages to fill the gather's batches
 * mid-zap: arm64's fullmm gather sends no TLBI before tables are freed,
 * which is right only because no CPU can use the dying mm's entries.
 */
static void test_mmap_exit_mmap_all_profiles(void)
{
	unsigned int i;

	for (i = 0; i < arch_nr_profiles; i++) {
		struct mm_struct *mm = fixture_begin(arch_profiles[i], 2, 0);

		CHECK_EQ(do_mmap(mm, 0x100000, KB(96), PROT_RW, NULL, 0),
			 0x100000);
		touch_range(mm, 0x100000, 0x118000);
		cpu_cache_translation(1, mm, 0x100000);
		cpu_cache_translation(1, mm, 0x114000);
		fixture_end(mm);
		CHECK_EQ(report_total(), 0);
	}
}

/*
 * munmap of the middle of a VMA splits it, zaps the hole, frees the PTE
 * table that only the hole used, and keeps the tables the neighbours
 * share (floor/ceiling). CPU1's cached translation of the hole is gone.
 *
 *   0x100000        0x108000        0x110000        0x118000
 *   [   keep        |   unmap       |    keep       ]
 */
static void test_mmap_munmap_middle(void)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 2, 0);

	CHECK_EQ(do_mmap(mm, 0x100000, KB(96), PROT_RW, NULL, 0), 0x100000);
	touch_range(mm, 0x100000, 0x118000);
	cpu_cache_translation(1, mm, 0x10c000);
	CHECK_EQ(atomic_long_read(&mm->nr_ptes), 3);

	CHECK_EQ(do_munmap(mm, 0x108000, KB(32), false), 0);
	CHECK_EQ(mm->map_count, 2);
	CHECK_EQ(find_vma(mm, 0x108000)->vm_start, 0x110000);
	CHECK(!pte_table_at(mm, 0x108000));
	CHECK(pte_table_at(mm, 0x100000));
	CHECK(pte_table_at(mm, 0x110000));
	CHECK_EQ(atomic_long_read(&mm->nr_ptes), 2);
	CHECK_EQ(atomic_long_read(&mm->rss), 16);
	CHECK(!tlb_has(&tlbf_cpus[1], mm, 0x10c000));
	CHECK(!tlb_has(&tlbf_cpus[0], mm, 0x108000));
	CHECK_EQ(user_access(mm, 0x108000, false), -14);
	CHECK_EQ(user_access(mm, 0x110000, false), 0);
	fixture_end(mm);
	CHECK_EQ(report_total(), 0);
}

static struct mm_struct *lock_probe_mm;
static int lock_probe; /* -1: not seen; 0 read; 1 write */

static void probe_unmap_region(const char *fn, unsigned long arg)
{
	(void)arg;
	if (!strcmp(fn, "unmap_region"))
		lock_probe = rwsem_is_write_locked(&lock_probe_mm->mmap_lock);
}

/* Run munmap([0x108000, +32K), downgrade) and return the lock state seen
 * by unmap_region. @next_flags: flags of the VMA above the hole. */
static int munmap_lock_state(unsigned long next_flags)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 1, 0);
	int seen;

	CHECK_EQ(do_mmap(mm, 0x100000, KB(64), PROT_RW, NULL, 0), 0x100000);
	CHECK_EQ(do_mmap(mm, 0x110000, KB(32), PROT_RW | next_flags, NULL, 0),
		 0x110000);
	touch_range(mm, 0x100000, 0x118000);
	lock_probe_mm = mm;
	lock_probe = -1;
	tlbf_trace_func = probe_unmap_region;
	CHECK_EQ(do_munmap(mm, 0x108000, KB(32), true), 0);
	tlbf_trace_func = NULL;
	seen = lock_probe;
	/* Whatever the path, the lock is free again afterwards. */
	CHECK(!rwsem_is_locked(&mm->mmap_lock));
	CHECK(!mapped_page(mm, 0x108000));
	fixture_end(mm);
	return seen;
}

/*
 * munmap with downgrade (dd2283f2605e): the zap and free_pgtables run
 * under mmap_lock held for read, unless the VMA above the hole is a
 * VM_GROWSDOWN stack, which may grow into the hole under the read lock.
 */
static void test_mmap_munmap_downgrade(void)
{
	CHECK_EQ(munmap_lock_state(0), 0);
	CHECK_EQ(munmap_lock_state(VM_GROWSDOWN), 1);
	CHECK_EQ(report_total(), 0);
}

/* munmap without downgrade keeps the write lock throughout. */
static void test_mmap_munmap_no_downgrade(void)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 1, 0);

	CHECK_EQ(do_mmap(mm, 0x100000, KB(64), PROT_RW, NULL, 0), 0x100000);
	touch_range(mm, 0x100000, 0x110000);
	lock_probe_mm = mm;
	lock_probe = -1;
	tlbf_trace_func = probe_unmap_region;
	CHECK_EQ(do_munmap(mm, 0x100000, KB(64), false), 0);
	tlbf_trace_func = NULL;
	CHECK_EQ(lock_probe, 1);
	CHECK_EQ(mm->map_count, 0);
	CHECK_EQ(atomic_long_read(&mm->nr_ptes), 0);
	fixture_end(mm);
	CHECK_EQ(report_total(), 0);
}

static struct address_space *unlink_probe_file;
static int unlink_probe; /* -1 unseen, 1 still on i_mmap, 0 unlinked */

static void probe_free_pgd_range(const char *fn, unsigned long arg)
{
	(void)arg;
	if (!strcmp(fn, "free_pgd_range") && unlink_probe != 1)
		unlink_probe = unlink_probe_file->i_mmap != NULL;
}

static int free_pgtables_rmap_state(unsigned int inject)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 1, inject);
	struct address_space *file = file_create(8);

	CHECK_EQ(do_mmap(mm, 0x100000, KB(32), PROT_RW | VM_SHARED, file, 0),
		 0x100000);
	touch_range(mm, 0x100000, 0x108000);
	unlink_probe_file = file;
	unlink_probe = -1;
	tlbf_trace_func = probe_free_pgd_range;
	CHECK_EQ(do_munmap(mm, 0x100000, KB(32), false), 0);
	tlbf_trace_func = NULL;
	CHECK(!file->i_mmap);
	fixture_end_file(mm, file);
	return unlink_probe;
}

/*
 * free_pgtables() hides each VMA from rmap (here: the file's i_mmap)
 * before free_pgd_range() hands its tables to the gather, so truncate or
 * reclaim cannot walk a table being freed. BUG_FREE_BEFORE_UNLINK reverses
 * the order, and the probe sees the VMA still on i_mmap.
 */
static void test_mmap_free_pgtables_unlinks_first(void)
{
	CHECK_EQ(free_pgtables_rmap_state(0), 0);
	CHECK_EQ(free_pgtables_rmap_state(1u << BUG_FREE_BEFORE_UNLINK), 1);
	CHECK_EQ(report_total(), 0);
}

/*
 * The table walk at mmap_write_unlock() (core/validate_tables.c): an
 * entry left where no VMA is gets reported when the next writer drops
 * the lock, here an mmap of another range.
 */
static void test_mmap_unlock_walks_the_tables(void)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 1, 0);
	unsigned long *stray;

	CHECK_EQ(do_mmap(mm, 0x100000, KB(8), PROT_RW, NULL, 0), 0x100000);
	touch_range(mm, 0x100000, 0x101000);
	/* The first page's entry copied two pages up, past the VMA's end. */
	stray = pt_lookup(mm, 0x103000, PT_PTE);
	entry_write(stray, entry_read(pt_lookup(mm, 0x100000, PT_PTE)));
	report_expect(ORACLE_KERNEL_BUG);
	CHECK_EQ(do_mmap(mm, 0x200000, KB(8), PROT_RW, NULL, 0), 0x200000);
	CHECK_EQ(report_count(ORACLE_KERNEL_BUG), 1);
	entry_write(stray, 0);
	fixture_end(mm);
	CHECK_EQ(report_total(), 1);
}

/* do_mmap refuses a range that is taken, misaligned or out of range. */
static void test_mmap_fixed_range_errors(void)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 1, 0);

	CHECK_EQ(do_mmap(mm, 0x100000, KB(8), PROT_RW, NULL, 0), 0x100000);
	CHECK_EQ(do_mmap(mm, 0x101000, KB(8), PROT_RW, NULL, 0), -22);
	CHECK_EQ(do_mmap(mm, 0x100800, KB(8), PROT_RW, NULL, 0), -22);
	CHECK_EQ(do_mmap(mm, TASK_SIZE, KB(8), PROT_RW, NULL, 0), -12);
	CHECK_EQ(mm->map_count, 1);
	fixture_end(mm);
	CHECK_EQ(report_total(), 0);
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_mmap_exit_mmap_leaves_nothing),
		TEST_CASE(test_mmap_exit_mmap_all_profiles),
		TEST_CASE(test_mmap_munmap_middle),
		TEST_CASE(test_mmap_munmap_downgrade),
		TEST_CASE(test_mmap_munmap_no_downgrade),
		TEST_CASE(test_mmap_free_pgtables_unlinks_first),
		TEST_CASE(test_mmap_unlock_walks_the_tables),
		TEST_CASE(test_mmap_fixed_range_errors),
	};

	return harness_run("mmap", cases, ARRAY_SIZE(cases), argc, argv);
}
