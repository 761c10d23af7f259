// SPDX-License-Identifier: GPL-2.0-only
/* mm_struct and file (address_space) lifetime. */
#include "mm.h"

#include <stdlib.h>

#include "arch_x86.h"
#include "cpu.h"
#include "objlog.h"
#include "oracle.h"
#include "pgtable.h"
#include "registry.h"

static unsigned int next_mm_id;

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = tlbf_zalloc(sizeof(*mm));

	if (!mm)
		abort();
	/* pgd_alloc() cannot fail here: a run always has its mm. */
	mm->pgd = alloc_pt_page_nofail(PT_PGD);
	mm->pgd->pt_mm = mm;
	init_rwsem(&mm->mmap_lock);
	spin_lock_init(&mm->page_table_lock);
	/*
	 * Two CPUs may create a process at once (use_mm of a new one on
	 * each): an atomic count. Under fibers the order is the schedule's,
	 * so the ids stay deterministic.
	 */
	mm->id = __atomic_fetch_add(&next_mm_id, 1, __ATOMIC_RELAXED);
	/* x86 init_new_context(): a fresh ctx_id (init_mm has 1), gen 0. */
	mm->context.ctx_id = (uint64_t)mm->id + 2;
	if (tlbf_trace_names)
		objlog_mm(mm);
	return mm;
}

void mm_ids_reset(void)
{
	__atomic_store_n(&next_mm_id, 0, __ATOMIC_RELAXED);
}

/*
 * In the kernel an mm_struct outlives exit_mmap() while a lazy CPU still
 * runs on it (mm_count); __mmdrop() comes only after that CPU switched
 * away. The model's teardown frees every mm at once, so let each CPU go
 * here first: no TLB or walk-cache entry may keep pointing at a freed mm
 * (the oracles of a later page free look at each entry's mm).
 */
static void cpus_let_go(struct mm_struct *mm)
{
	struct sim_cpu *c;

	for_each_online_cpu (c) {
		cpu_flush_mm(c, mm);
		if (cpu_active_mm(c) == mm)
			__atomic_store_n(&c->active_mm, NULL, __ATOMIC_RELAXED);
	}
}

void mm_free(struct mm_struct *mm)
{
	x86_mm_free(mm);
	cpus_let_go(mm);
	free_pt_page(mm->pgd, VIA_FREE);
	tlbf_free(mm);
}

struct address_space *file_create(unsigned long nr_pages)
{
	struct address_space *mapping = tlbf_zalloc(sizeof(*mapping));
	unsigned int i;

	if (!mapping)
		abort();
	mapping->cache =
		tlbf_zalloc((nr_pages ? nr_pages : 1) * sizeof(struct page *));
	if (!mapping->cache)
		abort();
	mapping->nr_pages = nr_pages;
	init_rwsem(&mapping->i_mmap_rwsem);
	for (i = 0; i < HUGETLB_FAULT_MUTEXES; i++)
		init_rwsem(&mapping->fault_mutex[i]);
	spin_lock_init(&mapping->cache_lock);
	if (tlbf_trace_names)
		objlog_file(mapping);
	return mapping;
}

void file_destroy(struct address_space *mapping)
{
	unsigned long i;

	for (i = 0; i < mapping->nr_pages; i++) {
		struct page *page = mapping->cache[i];

		if (page) {
			mapping->cache[i] = NULL;
			page->flags &= ~PG_pagecache;
			put_page(page);
		}
	}
	if (mapping->i_mmap)
		report(ORACLE_TEARDOWN, "file destroyed while still mapped",
		       "i_mmap not empty");
	tlbf_free(mapping->cache);
	tlbf_free(mapping);
}
