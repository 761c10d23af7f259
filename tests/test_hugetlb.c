// SPDX-License-Identifier: GPL-2.0-only
/*
 * hugetlb PMD-table sharing (core/hugetlb.c): share counts, unsharing by
 * munmap, split and truncate, the two unshare forms, and the hand-over
 * oracle (oracle_table_released).
 *
 * Every mapping here covers one whole PUD span of the fuzzing geometry
 * (PUD_SIZE / PMD_SIZE huge pages) at the same file offset, the
 * condition for sharing; sizes come from the geometry, never constants,
 * and only after fixture_begin() has set it (a case run alone starts with
 * no geometry).
 */
#include <errno.h>
#include <string.h>

#include "arch_tlbi.h"
#include "inject.h"
#include "mm_fixture.h"

#include "mm_internal.h"
#include "rules.h"

#define HUGE_SHARED (VM_READ | VM_WRITE | VM_SHARED | VM_MAYSHARE | VM_HUGETLB)

/* Three PUD spans of huge pages: room for two mappings and an offset. */
static struct address_space *hfile(void)
{
	return file_create(3 * (PUD_SIZE / PMD_SIZE));
}

static unsigned long base(void)
{
	return 2 * PUD_SIZE;
}

/* The PMD table @mm reaches for @addr, or NULL. */
static struct page *pmd_table_at(struct mm_struct *mm, unsigned long addr)
{
	unsigned long *pud = pt_lookup(mm, addr, PT_PUD);

	if (!pud || !entry_present(entry_read(pud)))
		return NULL;
	return entry_table(entry_read(pud));
}

/* The huge page @mm maps at @addr, or NULL. */
static struct page *huge_at(struct mm_struct *mm, unsigned long addr)
{
	unsigned long *pmd = pt_lookup(mm, addr, PT_PMD);

	if (!pmd || !pmd_trans_huge(entry_read(pmd)))
		return NULL;
	return pmd_page(entry_read(pmd));
}

/* Map the file's first PUD span at base() in @mm and write to it. */
static void map_and_touch(struct mm_struct *mm, struct address_space *f,
			  unsigned long off)
{
	cpu_switch_mm(&tlbf_cpus[0], mm);
	CHECK_EQ(do_mmap(mm, base(), PUD_SIZE, HUGE_SHARED, f, 0),
		 (long)base());
	CHECK_EQ(user_access(mm, base() + off, true), 0);
}

/*
 * Processes 0 and 1 (arm64, two CPUs) map the file's first PUD span and
 * fault in one huge page each: process 0 allocates the PMD table, process
 * 1 takes a share of it. Returns the table.
 */
static struct page *two_sharers(struct mm_struct **mm, struct address_space **f)
{
	mm[0] = fixture_begin(&arch_arm64, 2, 0);
	*f = hfile();
	mm[1] = mm_alloc();
	map_and_touch(mm[0], *f, 0);
	map_and_touch(mm[1], *f, PMD_SIZE);
	return pmd_table_at(mm[0], base());
}

static void end_all(struct mm_struct **mms, unsigned int n,
		    struct address_space *f)
{
	unsigned int i;

	for (i = 1; i < n; i++) {
		exit_mmap(mms[i]);
		mm_free(mms[i]);
	}
	cpu_switch_mm(&tlbf_cpus[0], mms[0]);
	fixture_end_file(mms[0], f);
}

/*
 * The first fault allocates the table; every later process's first fault
 * points its PUD entry at it and counts one more sharer; nr_pmds counts
 * the shared table in each process. Unmapping in one process gives its
 * share back; the others keep the table and its pages.
 */
static void test_hugetlb_share_counts(void)
{
	struct mm_struct *mm[3];
	struct address_space *f;
	struct page *t;
	unsigned int i;

	mm[0] = fixture_begin(&arch_x86_native, 2, 0);
	f = hfile();
	mm[1] = mm_alloc();
	mm[2] = mm_alloc();
	map_and_touch(mm[0], f, 0);
	t = pmd_table_at(mm[0], base());
	CHECK(t);
	CHECK_EQ(atomic_read(&t->pt_share_count), 0);
	for (i = 1; i < 3; i++) {
		map_and_touch(mm[i], f, i * PMD_SIZE);
		CHECK(pmd_table_at(mm[i], base()) == t);
		CHECK_EQ(atomic_read(&t->pt_share_count), (int)i);
		CHECK_EQ(atomic_long_read(&mm[i]->nr_pmds), 1);
	}
	/* One table, so every process sees every fault's page. */
	CHECK(huge_at(mm[0], base() + 2 * PMD_SIZE) ==
	      huge_at(mm[2], base() + 2 * PMD_SIZE));

	CHECK_EQ(do_munmap(mm[1], base(), PUD_SIZE, false), 0);
	CHECK(!pmd_table_at(mm[1], base()));
	CHECK_EQ(atomic_read(&t->pt_share_count), 1);
	CHECK_EQ(atomic_long_read(&mm[1]->nr_pmds), 0);
	CHECK(huge_at(mm[0], base() + PMD_SIZE));
	CHECK(pmd_table_at(mm[2], base()) == t);
	end_all(mm, 3, f);
	CHECK_EQ(report_total(), 0);
}

/*
 * No sharing where the PUD span is not wholly inside both mappings, at
 * another file offset, or on a profile whose kernels lack
 * CONFIG_ARCH_WANT_HUGE_PMD_SHARE.
 */
static void test_hugetlb_no_share(void)
{
	struct mm_struct *mm[2];
	struct address_space *f;
	unsigned long other;

	mm[0] = fixture_begin(&arch_x86_native, 2, 0);
	f = hfile();
	other = PUD_SIZE >> PAGE_SHIFT;
	mm[1] = mm_alloc();
	map_and_touch(mm[0], f, 0);
	cpu_switch_mm(&tlbf_cpus[0], mm[1]);
	/* Same range, file offset one PUD further: other pages. */
	CHECK_EQ(do_mmap(mm[1], base(), PUD_SIZE, HUGE_SHARED, f, other),
		 (long)base());
	CHECK_EQ(user_access(mm[1], base(), true), 0);
	CHECK(pmd_table_at(mm[1], base()) != pmd_table_at(mm[0], base()));
	CHECK_EQ(do_munmap(mm[1], base(), PUD_SIZE, false), 0);
	/* Half a PUD span: not shareable. */
	CHECK_EQ(do_mmap(mm[1], base(), PUD_SIZE / 2, HUGE_SHARED, f, 0),
		 (long)base());
	CHECK_EQ(user_access(mm[1], base(), false), 0);
	CHECK(pmd_table_at(mm[1], base()) != pmd_table_at(mm[0], base()));
	CHECK(huge_at(mm[1], base()) == huge_at(mm[0], base()));
	end_all(mm, 2, f);

	mm[0] = fixture_begin(&arch_ia64, 2, 0);
	mm[1] = mm_alloc();
	f = hfile();
	map_and_touch(mm[0], f, 0);
	map_and_touch(mm[1], f, 0);
	CHECK(pmd_table_at(mm[1], base()) != pmd_table_at(mm[0], base()));
	end_all(mm, 2, f);
	CHECK_EQ(report_total(), 0);
}

/*
 * A munmap of one huge page inside the span splits the VMA off the PUD
 * boundary: hugetlb_split() unshares first, so the process gets a table
 * of its own on its next fault while the other keeps the shared one.
 * Truncation then unmaps the dropped pages from every process.
 */
static void test_hugetlb_split_and_truncate(void)
{
	struct mm_struct *mm[2];
	struct address_space *f;
	struct page *t;

	t = two_sharers(mm, &f);
	CHECK_EQ(atomic_read(&t->pt_share_count), 1);
	/* Not huge-page aligned: the split refuses. */
	CHECK_EQ(do_munmap(mm[1], base() + PAGE_SIZE, PAGE_SIZE, false),
		 -EINVAL);
	CHECK_EQ(do_munmap(mm[1], base() + PMD_SIZE, PMD_SIZE, false), 0);
	CHECK_EQ(atomic_read(&t->pt_share_count), 0);
	CHECK(huge_at(mm[0], base() + PMD_SIZE));
	CHECK_EQ(user_access(mm[1], base(), false), 0);
	CHECK(pmd_table_at(mm[1], base()) != t);
	CHECK(huge_at(mm[1], base()) == huge_at(mm[0], base()));

	hugetlb_vmtruncate(f, 1);
	CHECK(huge_at(mm[0], base()));
	CHECK(!huge_at(mm[0], base() + PMD_SIZE));
	CHECK_EQ(user_access(mm[0], base() + PMD_SIZE, false), -EFAULT);
	end_all(mm, 2, f);
	CHECK_EQ(report_total(), 0);
}

/*
 * mprotect of one huge page in process 1 splits its VMA and unshares the
 * table: process 1's stores there fail, process 0's still work; flipping
 * it back makes it writable again (refaulted into process 1's own table,
 * which the different VM_WRITE of the middle VMA keeps unshared).
 */
static void test_hugetlb_mprotect_unshares(void)
{
	struct mm_struct *mm[2];
	struct address_space *f;
	unsigned long mid;
	struct page *t;

	mm[0] = fixture_begin(&arch_x86_native, 2, 0);
	f = hfile();
	mid = base() + PMD_SIZE;
	mm[1] = mm_alloc();
	map_and_touch(mm[0], f, PMD_SIZE);
	map_and_touch(mm[1], f, 0);
	t = pmd_table_at(mm[0], base());
	CHECK_EQ(atomic_read(&t->pt_share_count), 1);
	CHECK_EQ(hugetlb_mprotect(mm[1], mid, mid + PMD_SIZE), 0);
	CHECK_EQ(atomic_read(&t->pt_share_count), 0);
	CHECK_EQ(user_access(mm[1], mid, true), -EFAULT);
	CHECK_EQ(user_access(mm[1], mid, false), 0);
	CHECK(pmd_table_at(mm[1], base()) != t);
	cpu_switch_mm(&tlbf_cpus[0], mm[0]);
	CHECK_EQ(user_access(mm[0], mid, true), 0);
	CHECK_EQ(hugetlb_mprotect(mm[1], mid + PAGE_SIZE, mid + PMD_SIZE),
		 -EINVAL);
	CHECK_EQ(hugetlb_mprotect(mm[1], mid, mid + PMD_SIZE), 0);
	cpu_switch_mm(&tlbf_cpus[0], mm[1]);
	CHECK_EQ(user_access(mm[1], mid, true), 0);
	CHECK(huge_at(mm[1], mid) == huge_at(mm[0], mid));
	end_all(mm, 2, f);
	CHECK_EQ(report_total(), 0);
}

/*
 * CPU1 runs process 0 and has walked into the shared table. Process 0
 * unmaps it: with the gather API the flush drops CPU1's walk-cache entry
 * (arm64: not a leaf-only TLBI, unshared_tables) and nothing is reported.
 * The older form flushes the PUD span with a PMD stride, leaf-only: a
 * whole span is MAX_TLBI_OPS strides, so arm64 without range TLBIs
 * flushes the whole ASID, walk caches included, and is clean too; x86's
 * flush drops the mm's walk caches on the CPUs it reaches.
 */
static void unshare_with_walker(const struct arch_profile *arch,
				enum hugetlb_unshare_rule rule)
{
	struct mm_struct *mm[2];
	struct address_space *f;

	mm[0] = fixture_begin(arch, 2, 0);
	f = hfile();
	mm[1] = mm_alloc();
	hugetlb_unshare_rules(rule);
	map_and_touch(mm[1], f, 0);
	map_and_touch(mm[0], f, PMD_SIZE);
	cpu_switch_mm(&tlbf_cpus[1], mm[0]);
	{
		struct walk_entry w = {
			.mm = mm[0],
			.va = base(),
			.level = PT_PMD,
			.table = pmd_table_at(mm[0], base()),
		};

		walk_fill(&tlbf_cpus[1], &w);
	}
	CHECK_EQ(do_munmap(mm[0], base(), PUD_SIZE, false), 0);
	hugetlb_unshare_rules(UNSHARE_GATHER);
	cpu_switch_mm(&tlbf_cpus[1], NULL);
	end_all(mm, 2, f);
}

/*
 * arm64 flushes at tlb_end_vma already (no MERGE_VMAS); on x86 the VMAs
 * merge, so only tlb_flush_unshared_tables() flushes before the lock
 * drops.
 */
static void test_hugetlb_unshare_flushes_walk_cache(void)
{
	unshare_with_walker(&arch_arm64, UNSHARE_GATHER);
	CHECK_EQ(report_total(), 0);
	{
		/*
		 * The older form's leaf-only flush is clean on arm64 only
		 * through the whole-ASID fall-back: a CPU with range TLBIs
		 * (kernel mode compiles the tree's __flush_tlb_range) keeps
		 * the walk-cache entry, which is why the gather API has
		 * arm64 flush non-leaf on unshared_tables (docs/hugetlb.md).
		 */
		unsigned int caps = tlbf_arm64_caps;

		tlbf_arm64_caps &= ~(unsigned int)ARM64_CAP_TLB_RANGE;
		unshare_with_walker(&arch_arm64, UNSHARE_SYNC_EACH);
		tlbf_arm64_caps = caps;
	}
	CHECK_EQ(report_total(), 0);
	unshare_with_walker(&arch_x86_native, UNSHARE_GATHER);
	CHECK_EQ(report_total(), 0);
	unshare_with_walker(&arch_x86_rcu, UNSHARE_SYNC_EACH);
	CHECK_EQ(report_total(), 0);
}

/*
 * The hand-over rule on walk caches, on any table: a CPU that can run the
 * mm's code and still caches a table the mm no longer reaches is reported
 * whether or not others still share the table; once flushed, nothing is.
 */
static void test_hugetlb_release_sees_walk_cache(void)
{
	struct mm_struct *mm = fixture_begin(&arch_arm64, 2, 0);
	struct page *t = alloc_pt_page_nofail(PT_PMD);
	struct walk_entry w = {
		.mm = mm, .va = base(), .level = PT_PMD, .table = t};

	cpu_switch_mm(&tlbf_cpus[1], mm);
	walk_fill(&tlbf_cpus[1], &w);
	/* mm does not reach t at base(): a stale entry for a live table. */
	report_expect(ORACLE_STALE_WALK);
	oracle_table_released(mm, t, base(), false);
	CHECK_EQ(report_count(ORACLE_STALE_WALK), 1);
	cpu_flush_mm(&tlbf_cpus[1], mm);
	oracle_table_released(mm, t, base(), true);
	CHECK_EQ(report_total(), 1);
	cpu_switch_mm(&tlbf_cpus[1], NULL);
	free_pt_page(t, VIA_FREE);
	fixture_end(mm);
}

/*
 * The hand-over rule itself, on any table: a lockless walker of the mm
 * that gave the table up may stay inside while others still share it,
 * not once one owner is left.
 */
static void test_hugetlb_released_walker(void)
{
	struct mm_struct *mm = fixture_begin(&arch_arm64, 2, 0);
	struct page *t = alloc_pt_page_nofail(PT_PMD);
	struct sim_cpu *c = &tlbf_cpus[1];

	c->lockless_mm = mm;
	c->lockless_tables[PT_PMD] = t;
	oracle_table_released(mm, t, base(), false);
	CHECK_EQ(report_total(), 0);
	report_expect(ORACLE_WALKER_IN_TABLE);
	oracle_table_released(mm, t, base(), true);
	CHECK_EQ(report_count(ORACLE_WALKER_IN_TABLE), 1);
	c->lockless_mm = NULL;
	c->lockless_tables[PT_PMD] = NULL;
	oracle_table_released(mm, t, base(), true);
	CHECK_EQ(report_total(), 1);
	free_pt_page(t, VIA_FREE);
	fixture_end(mm);
}

/*
 * The split path hands tables over too: a munmap of one huge page inside
 * the span splits process 0's VMA, and hugetlb_split() unshares under the
 * rmap lock __split_vma() holds. Process 0 allocated the table, so
 * process 1 is left its only owner. A gup_fast of process 0 still inside
 * it when that lock drops is reported there, as on the unmap path; with
 * unshare-nosync nothing waits it out. (CPU1's walker is set by hand:
 * with the IPI in place the test back end would wait for it forever.)
 */
static void test_hugetlb_split_hands_over(void)
{
	struct mm_struct *mm[2];
	struct address_space *f;
	struct sim_cpu *c = &tlbf_cpus[1];
	struct page *t;

	t = two_sharers(mm, &f);
	c->lockless_mm = mm[0];
	c->lockless_tables[PT_PMD] = t;
	tlbf_injected = 1u << BUG_UNSHARE_NOSYNC;
	report_expect(ORACLE_WALKER_IN_TABLE);
	CHECK_EQ(do_munmap(mm[0], base() + PMD_SIZE, PMD_SIZE, false), 0);
	CHECK_EQ(report_count(ORACLE_WALKER_IN_TABLE), 1);
	CHECK_EQ(atomic_read(&t->pt_share_count), 0);
	CHECK(pmd_table_at(mm[1], base()) == t);
	tlbf_injected = 0;
	c->lockless_mm = NULL;
	c->lockless_tables[PT_PMD] = NULL;
	end_all(mm, 2, f);
	CHECK_EQ(report_total(), 1);
}

/*
 * Map the file's first PUD span in @mm, fault in the first huge page and
 * make its leaf read-only (mprotect can leave one so in a writable
 * mapping: fp-hugetlb-wp-shared.txt); returns the leaf's slot.
 */
static unsigned long *readonly_leaf(struct mm_struct *mm,
				    struct address_space *f)
{
	unsigned long *pmd;

	map_and_touch(mm, f, 0);
	pmd = pt_lookup(mm, base(), PT_PMD);
	entry_write(pmd, entry_read(pmd) & ~_PAGE_RW);
	cpu_flush_mm(&tlbf_cpus[0], mm);
	return pmd;
}

/*
 * A write fault on a read-only huge leaf of a writable MAP_SHARED
 * mapping makes the leaf writable (hugetlb_wp()), so the slow gup that
 * faulted finds it on its next look. Before, hugetlb_fault() returned 0
 * on any present leaf and a write gup retried follow_page() and the fault
 * forever (corpus/regress/fp-hugetlb-wp-shared.txt: how a leaf gets
 * there).
 */
static void test_hugetlb_write_fault_on_readonly_leaf(void)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 1, 0);
	struct address_space *f = hfile();
	struct vm_area_struct *vma;
	unsigned long *pmd;
	struct page *page;

	pmd = readonly_leaf(mm, f);
	down_read(&mm->mmap_lock);
	vma = vma_lookup(mm, base());
	CHECK(!follow_page(vma, base(), true));
	CHECK_EQ(handle_mm_fault(vma, base(), true), 0);
	CHECK(pte_write(entry_read(pmd)));
	page = follow_page(vma, base(), true);
	up_read(&mm->mmap_lock);
	CHECK(page && page == huge_at(mm, base()));
	if (page)
		put_page(page);
	fixture_end_file(mm, f);
	CHECK_EQ(report_total(), 0);
}

/*
 * A user store to that leaf takes the same write-protect fault: the
 * store succeeds and the leaf is writable after. Before, user_access()
 * answered -EFAULT on any read-only leaf.
 */
static void test_hugetlb_user_store_on_readonly_leaf(void)
{
	struct mm_struct *mm = fixture_begin(&arch_x86_native, 1, 0);
	struct address_space *f = hfile();
	unsigned long *pmd;

	pmd = readonly_leaf(mm, f);
	CHECK_EQ(user_access(mm, base() + PAGE_SIZE, true), 0);
	CHECK(pte_write(entry_read(pmd)));
	fixture_end_file(mm, f);
	CHECK_EQ(report_total(), 0);
}

/*
 * mincore() reads residency from the tables: a shared PMD table shows
 * process 0 the huge page process 1 faulted in as well; a range that
 * starts inside a huge page counts from there; an ordinary VMA counts
 * the PTEs present; a hole is -ENOMEM.
 */
static void test_hugetlb_mincore(void)
{
	struct mm_struct *mm[2];
	struct address_space *f;
	unsigned long huge, anon;

	two_sharers(mm, &f);
	huge = PMD_SIZE >> PAGE_SHIFT;
	anon = PUD_SIZE;
	CHECK_EQ(sys_mincore(mm[0], base(), PUD_SIZE), (long)(2 * huge));
	CHECK_EQ(sys_mincore(mm[1], base() + PAGE_SIZE, PMD_SIZE), (long)huge);
	CHECK_EQ(sys_mincore(mm[0], base() + 2 * PMD_SIZE, PMD_SIZE), 0);
	cpu_switch_mm(&tlbf_cpus[0], mm[0]);
	CHECK_EQ(do_mmap(mm[0], anon, 4 * PAGE_SIZE, VM_READ | VM_WRITE, NULL,
			 0),
		 (long)anon);
	CHECK_EQ(user_access(mm[0], anon, true), 0);
	CHECK_EQ(user_access(mm[0], anon + 2 * PAGE_SIZE, false), 0);
	CHECK_EQ(sys_mincore(mm[0], anon, 4 * PAGE_SIZE), 2);
	CHECK_EQ(sys_mincore(mm[0], anon + 4 * PAGE_SIZE, PAGE_SIZE), -ENOMEM);
	end_all(mm, 2, f);
	CHECK_EQ(report_total(), 0);
}

/* What CPU 0's lockless-walker record held at the first point it was set. */
static struct page *look_table;
static const char *look_who;

static unsigned int cpu_zero(void)
{
	return 0;
}

static void look_point(enum sched_site site)
{
	struct sim_cpu *c = &tlbf_cpus[0];
	struct page *t =
		__atomic_load_n(&c->lockless_tables[PT_PMD], __ATOMIC_RELAXED);

	(void)site;
	if (t && !look_table) {
		look_table = t;
		look_who = c->lockless_who;
	}
}

static const struct sync_backend look_backend =
	HARNESS_BACKEND("test-first-look", cpu_zero, look_point);

static void look_begin(void)
{
	look_table = NULL;
	look_who = NULL;
	sync_use(&look_backend);
}

/* The table CPU 0 was seen in as a lockless walker since look_begin(). */
static struct page *look_end(void)
{
	sync_use(&sync_backend_direct);
	CHECK(!tlbf_cpus[0].lockless_tables[PT_PMD]);
	CHECK(!tlbf_cpus[0].lockless_mm);
	return look_table;
}

static struct page *fault_seen_in(struct mm_struct *mm, unsigned long addr)
{
	look_begin();
	CHECK_EQ(user_access(mm, addr, false), 0);
	return look_end();
}

/*
 * 6.1's hugetlb_fault() reads the PMD entry before it holds anything that
 * keeps the table (the fault mutex and VMA lock come after): while it
 * does, CPU 0 counts as a lockless walker of that table, which the
 * hand-over and free-time oracles check. 6.12 rules, or the fix, read it
 * under the VMA lock only: no walker.
 */
static void test_hugetlb_fault_first_look(void)
{
	struct mm_struct *mm[2];
	struct address_space *f;
	struct page *table = two_sharers(mm, &f);
	unsigned int kver = tlbf_rules.kver; /* a kernel-mode build's tree */

	cpu_switch_mm(&tlbf_cpus[0], mm[0]);
	tlbf_rules.kver = 601;
	CHECK(fault_seen_in(mm[0], base() + 2 * PMD_SIZE) == table);
	CHECK(look_who && !strcmp(look_who, "hugetlb_fault"));
	tlbf_rules_fixes = 1u << FIX_HUGETLB_FAULT_VMA_LOCK;
	CHECK(!fault_seen_in(mm[0], base() + 3 * PMD_SIZE));
	tlbf_rules_fixes = 0;
	tlbf_rules.kver = 612;
	CHECK(!fault_seen_in(mm[0], base() + 4 * PMD_SIZE));
	tlbf_rules.kver = kver;
	CHECK(huge_at(mm[0], base() + 4 * PMD_SIZE));
	end_all(mm, 2, f);
	CHECK_EQ(report_total(), 0);
}

/*
 * move_pages(2)'s status query counts the mapped pages of a range: the
 * huge pages of the shared table, none past them, an ordinary VMA's
 * present pages (their FOLL_GET references dropped again). Under 6.1
 * rules its follow_page() of a hugetlb VMA is a walker in the PMD table
 * (follow_huge_pmd_pte() holds no VMA lock); 6.12 rules or the fix: none.
 */
static void test_hugetlb_move_pages_status(void)
{
	struct mm_struct *mm[2];
	struct address_space *f;
	struct page *table = two_sharers(mm, &f);
	unsigned long huge = PMD_SIZE >> PAGE_SHIFT, anon = PUD_SIZE;
	unsigned int kver = tlbf_rules.kver;
	struct page *page;
	int refs;

	cpu_switch_mm(&tlbf_cpus[0], mm[0]);
	tlbf_rules.kver = 601;
	look_begin();
	CHECK_EQ(do_pages_stat(mm[0], base(), 2 * huge + 3), (long)(2 * huge));
	CHECK(look_end() == table);
	CHECK(look_who && !strcmp(look_who, "follow_huge_pmd_pte"));
	tlbf_rules_fixes = 1u << FIX_HUGETLB_FOLLOW_PAGE_VMA_LOCK;
	look_begin();
	CHECK_EQ(do_pages_stat(mm[0], base(), huge), (long)huge);
	CHECK(!look_end());
	tlbf_rules_fixes = 0;
	tlbf_rules.kver = 612;
	look_begin();
	CHECK_EQ(do_pages_stat(mm[0], base() + PMD_SIZE, 1), 1);
	CHECK(!look_end());
	tlbf_rules.kver = kver;
	CHECK_EQ(do_mmap(mm[0], anon, 4 * PAGE_SIZE, VM_READ | VM_WRITE, NULL,
			 0),
		 (long)anon);
	CHECK_EQ(user_access(mm[0], anon, true), 0);
	CHECK_EQ(user_access(mm[0], anon + 2 * PAGE_SIZE, true), 0);
	page = pte_page(entry_read(pt_lookup(mm[0], anon, PT_PTE)));
	refs = page_ref_count(page);
	CHECK_EQ(do_pages_stat(mm[0], anon - PAGE_SIZE, 6), 2);
	CHECK_EQ(page_ref_count(page), refs);
	end_all(mm, 2, f);
	CHECK_EQ(report_total(), 0);
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_hugetlb_share_counts),
		TEST_CASE(test_hugetlb_no_share),
		TEST_CASE(test_hugetlb_split_and_truncate),
		TEST_CASE(test_hugetlb_mprotect_unshares),
		TEST_CASE(test_hugetlb_unshare_flushes_walk_cache),
		TEST_CASE(test_hugetlb_release_sees_walk_cache),
		TEST_CASE(test_hugetlb_released_walker),
		TEST_CASE(test_hugetlb_split_hands_over),
		TEST_CASE(test_hugetlb_write_fault_on_readonly_leaf),
		TEST_CASE(test_hugetlb_user_store_on_readonly_leaf),
		TEST_CASE(test_hugetlb_mincore),
		TEST_CASE(test_hugetlb_fault_first_look),
		TEST_CASE(test_hugetlb_move_pages_status),
	};

	return harness_run("hugetlb", cases, ARRAY_SIZE(cases), argc, argv);
}
