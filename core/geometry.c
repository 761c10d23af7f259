// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page-table geometry: the run-time stand-in for the kernel's compile-time
 * PAGE_SHIFT/PMD_SHIFT/... and the mmu_gather batch sizes derived from them.
 */
#include <string.h>

#include "geometry.h"

struct pt_geometry tlbf_geom;
unsigned int tlbf_level_shift[PT_NR_LEVELS];
unsigned int tlbf_level_bits[PT_NR_LEVELS];

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

/*
 * arm64 (arch/arm64/include/asm/pgtable-hwdef.h): every table below the
 * pgd fills one page, (PAGE_SHIFT - 3) bits; the pgd takes the VA bits
 * left over, so TASK_SIZE is 1 << VA_BITS. Batches are derived from the
 * page size at first use (geometry_derive_batches), as the kernel's are.
 */
#define ARM64(nm, lv, shift, va, win)                                \
	{                                                            \
		.name = (nm), .levels = (lv), .page_shift = (shift), \
		.table_bits = (shift)-3,                             \
		.pgd_bits = (va) - (shift) - ((lv)-1) * ((shift)-3), \
		.task_size = 1UL << (va), .window_shift = (win),     \
	}

const struct pt_geometry geometry_arm64_4k_48 =
	ARM64("arm64-4k-48", 4, 12, 48, 39);
const struct pt_geometry geometry_arm64_16k_48 =
	ARM64("arm64-16k-48", 4, 14, 48, 47);
const struct pt_geometry geometry_arm64_16k_47 =
	ARM64("arm64-16k-47", 3, 14, 47, 0);
const struct pt_geometry geometry_arm64_64k_48 =
	ARM64("arm64-64k-48", 3, 16, 48, 42);
const struct pt_geometry geometry_arm64_64k_52 =
	ARM64("arm64-64k-52", 3, 16, 52, 42);
/* LPA2 (Linux 6.9 and later): 4K pages take a fifth level for 52 bits. */
const struct pt_geometry geometry_arm64_4k_52 =
	ARM64("arm64-4k-52", 5, 12, 52, 39);
const struct pt_geometry geometry_arm64_16k_52 =
	ARM64("arm64-16k-52", 4, 14, 52, 47);

/*
 * Small shapes of the arm64 configurations, sized like the fuzz geometry
 * (16 MiB of user space, tiny batches) so that a few pages cross every
 * boundary: a folded pud with 4K and with 64K pages, and 16K pages under
 * a two-entry pgd (as arm64-16k-48 has).
 */
static const struct pt_geometry geometry_fuzz_3l = {
	.name = "fuzz-3l",
	.levels = 3,
	.page_shift = 12,
	.table_bits = 4,
	.task_size = (1UL << 24) - (1UL << 12),
	.gather_bundle = 2,
	.gather_batch_max = 3,
	.gather_batch_count_max = 2,
	.table_batch_max = 2,
};

static const struct pt_geometry geometry_fuzz_16k = {
	.name = "fuzz-16k",
	.levels = 4,
	.page_shift = 14,
	.table_bits = 3,
	.pgd_bits = 1,
	.task_size = (1UL << 24) - (1UL << 14),
	.gather_bundle = 2,
	.gather_batch_max = 3,
	.gather_batch_count_max = 2,
	.table_batch_max = 2,
};

static const struct pt_geometry geometry_fuzz_64k = {
	.name = "fuzz-64k",
	.levels = 3,
	.page_shift = 16,
	.table_bits = 3,
	.pgd_bits = 2,
	.task_size = (1UL << 24) - (1UL << 16),
	.gather_bundle = 2,
	.gather_batch_max = 3,
	.gather_batch_count_max = 2,
	.table_batch_max = 2,
};

/*
 * Five levels at the fuzzing sizes (x86-64 with LA57, arm64 4K/52 with
 * LPA2): the p4d is a real level, so a few pages cross a p4d boundary and
 * a p4d table can be allocated (and fail) and freed; a two-entry pgd, as
 * fuzz-16k, keeps the space small (32 MiB).
 */
static const struct pt_geometry geometry_fuzz_5l = {
	.name = "fuzz-5l",
	.levels = 5,
	.page_shift = 12,
	.table_bits = 3,
	.pgd_bits = 1,
	.task_size = (1UL << 25) - (1UL << 12),
	.gather_bundle = 2,
	.gather_batch_max = 3,
	.gather_batch_count_max = 2,
	.table_batch_max = 2,
};

const struct pt_geometry *const geometry_table[] = {
	&geometry_fuzz,		&geometry_x86_64,	&geometry_x86_64_la57,
	&geometry_arm64_4k_48,	&geometry_arm64_16k_48, &geometry_arm64_16k_47,
	&geometry_arm64_64k_48, &geometry_arm64_64k_52, &geometry_arm64_4k_52,
	&geometry_arm64_16k_52, &geometry_fuzz_3l,	&geometry_fuzz_16k,
	&geometry_fuzz_64k,	&geometry_fuzz_5l,
};

const unsigned int geometry_nr =
	sizeof(geometry_table) / sizeof(geometry_table[0]);

const struct pt_geometry *geometry_by_name(const char *name)
{
	unsigned int i;

	for (i = 0; i < geometry_nr; i++)
		if (!strcmp(geometry_table[i]->name, name))
			return geometry_table[i];
	return NULL;
}

/*
 * Level shifts: each level below the pgd adds table_bits; a folded level
 * has the shift of the level it is folded into (PUD_SHIFT = P4D_SHIFT =
 * PGDIR_SHIFT with three levels), as pgtable-nopud.h/-nop4d.h define it.
 */
static bool kernel_batches;

void geometry_kernel_batches(bool on)
{
	kernel_batches = on;
}

void geometry_use(const struct pt_geometry *g)
{
	unsigned int l, shift = g->page_shift;

	tlbf_geom = *g;
	if (!tlbf_geom.pgd_bits)
		tlbf_geom.pgd_bits = g->table_bits;
	if (!tlbf_geom.gather_bundle || kernel_batches)
		geometry_derive_batches(&tlbf_geom);
	for (l = PT_PTE; l < PT_NR_LEVELS; l++) {
		tlbf_level_bits[l] = g->table_bits;
		tlbf_level_shift[l] = shift;
		if (l + 1 < g->levels)
			shift += g->table_bits;
	}
	tlbf_level_bits[PT_PGD] = tlbf_geom.pgd_bits;
	tlbf_level_shift[PT_PGD] =
		g->page_shift + (g->levels - 1) * g->table_bits;
	for (l = PT_PUD; l < PT_PGD; l++)
		if (level_folded((enum pt_level)l))
			tlbf_level_shift[l] = tlbf_level_shift[PT_PGD];
}

const char *level_name(enum pt_level level)
{
	static const char *const names[PT_NR_LEVELS] = {
		"pte", "pmd", "pud", "p4d", "pgd",
	};

	return level < PT_NR_LEVELS ? names[level] : "?";
}
