// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page-table geometry: the run-time stand-in for the kernel's compile-time
 * PAGE_SHIFT/PMD_SHIFT/... and the mmu_gather batch sizes derived from them.
 */
#include "geometry.h"

struct pt_geometry tlbf_geom;
unsigned int tlbf_level_shift[PT_NR_LEVELS];

/*
 * Batch sizes as include/asm-generic/tlb.h derives them for 64-bit: a page
 * batch is one page holding a 16-byte header and page pointers; a table
 * batch is one page holding an rcu_head, a count and table pointers; the
 * number of page batches is capped so that about 10000 pages are queued.
 */
void geometry_derive_batches(struct pt_geometry *g)
{
	unsigned long page = 1UL << g->page_shift;
	unsigned long ptr = sizeof(void *);

	g->gather_bundle = 8;
	g->gather_batch_max = (page - 2 * ptr) / ptr;
	g->gather_batch_count_max = 10000UL / g->gather_batch_max;
	g->table_batch_max = (page - 3 * ptr) / ptr;
}

const struct pt_geometry geometry_x86_64 = {
	.name = "x86_64",
	.levels = 4,
	.page_shift = 12,
	.table_bits = 9,
	.task_size = 0x7ffffffff000UL,
	.gather_bundle = 8,
	.gather_batch_max = 510,
	.gather_batch_count_max = 19,
	.table_batch_max = 509,
};

const struct pt_geometry geometry_x86_64_la57 = {
	.name = "x86_64-la57",
	.levels = 5,
	.page_shift = 12,
	.table_bits = 9,
	.task_size = 0xfffffffffff000UL,
	.gather_bundle = 8,
	.gather_batch_max = 510,
	.gather_batch_count_max = 19,
	.table_batch_max = 509,
};

/*
 * The fuzzing geometry: 8 entries a table, so a PTE table spans 32 KiB,
 * a PMD table 256 KiB, a PUD table 2 MiB and the whole space 16 MiB; a
 * handful of pages reach every boundary. Batches are tiny so that the
 * bundle, the batch cap and the table batch fill within a short program.
 */
const struct pt_geometry geometry_fuzz = {
	.name = "fuzz",
	.levels = 4,
	.page_shift = 12,
	.table_bits = 3,
	.task_size = (1UL << 24) - (1UL << 12),
	.gather_bundle = 2,
	.gather_batch_max = 3,
	.gather_batch_count_max = 2,
	.table_batch_max = 2,
};

void geometry_use(const struct pt_geometry *g)
{
	unsigned int l;

	tlbf_geom = *g;
	for (l = PT_PTE; l <= PT_P4D; l++)
		tlbf_level_shift[l] = g->page_shift + l * g->table_bits;
	tlbf_level_shift[PT_PGD] =
		g->page_shift + (g->levels - 1) * g->table_bits;
}

const char *level_name(enum pt_level level)
{
	static const char *const names[PT_NR_LEVELS] = {
		"pte", "pmd", "pud", "p4d", "pgd",
	};

	return level < PT_NR_LEVELS ? names[level] : "?";
}
