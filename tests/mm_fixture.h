/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared set-up for the address-space tests: one run of the model on the
 * direct back end (only CPU 0 runs), an mm loaded on CPU 0, and the
 * teardown every case ends with: exit_mmap (check_mm), the mm freed, RCU
 * drained, the end-of-run leak check. Helpers to read what the tables map.
 */
#ifndef TLBF_TEST_MM_FIXTURE_H
#define TLBF_TEST_MM_FIXTURE_H

#include "core.h"
#include "cpu.h"
#include "harness.h"
#include "memory.h"
#include "mm.h"
#include "oracle.h"
#include "page.h"
#include "pgtable.h"

static inline struct mm_struct *fixture_begin(const struct arch_profile *arch,
					      unsigned int nr_cpus,
					      unsigned int inject)
{
	struct core_config cfg = {
		.geometry = &geometry_fuzz,
		.arch = arch,
		.nr_cpus = nr_cpus,
		.injected = inject,
	};
	struct mm_struct *mm;

	core_reset(&cfg);
	mm = mm_alloc();
	cpu_switch_mm(&tlbf_cpus[0], mm);
	return mm;
}

/*
 * exit_mmap (which runs check_mm), drop @file's cache (may be NULL), free
 * the mm, drain RCU, leak check.
 */
static inline void fixture_end_file(struct mm_struct *mm,
				    struct address_space *file)
{
	exit_mmap(mm);
	CHECK(mm->dead);
	CHECK_EQ(mm->map_count, 0);
	if (file)
		file_destroy(file);
	mm_free(mm);
	synchronize_rcu();
	oracle_run_end();
}

static inline void fixture_end(struct mm_struct *mm)
{
	fixture_end_file(mm, NULL);
}

/* The frame the tables map at @addr, or NULL. */
static inline struct page *mapped_page(struct mm_struct *mm, unsigned long addr)
{
	unsigned long *pte = pt_lookup(mm, addr, PT_PTE);

	if (!pte || !pte_present(entry_read(pte)))
		return NULL;
	return pte_page(entry_read(pte));
}

/* The PTE table under @addr, or NULL. */
static inline struct page *pte_table_at(struct mm_struct *mm,
					unsigned long addr)
{
	unsigned long *pmd = pt_lookup(mm, addr, PT_PMD);

	if (!pmd || entry_none(entry_read(pmd)) || entry_leaf(entry_read(pmd)))
		return NULL;
	return entry_table(entry_read(pmd));
}

/* Does @cpu's TLB translate @addr of @mm? */
static inline bool tlb_has(struct sim_cpu *cpu, struct mm_struct *mm,
			   unsigned long addr)
{
	return tlb_lookup(cpu, mm, addr) != NULL;
}

/* Load @mm on CPU @id as a walk would have left it, with @addr cached. */
static inline void cpu_cache_translation(unsigned int id, struct mm_struct *mm,
					 unsigned long addr)
{
	struct sim_cpu *c = &tlbf_cpus[id];
	struct tlb_entry t = {
		.mm = mm,
		.va = addr & PAGE_MASK,
		.level = PT_PTE,
		.page = mapped_page(mm, addr),
		.writable = true,
	};
	struct walk_entry w = {
		.mm = mm,
		.va = addr & PAGE_MASK,
		.level = PT_PTE,
		.table = pte_table_at(mm, addr),
	};

	cpu_switch_mm(c, mm);
	if (t.page) {
		t.page_id = page_incarnation(t.page);
		tlb_fill(c, &t);
	}
	if (w.table)
		walk_fill(c, &w);
}

#define KB(x) ((unsigned long)(x) << 10)

#endif
