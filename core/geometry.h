/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Page-table geometry, chosen at run time.
 *
 * The kernel fixes PAGE_SHIFT, PMD_SHIFT, ... at compile time. The model
 * reads them from one per-run structure so that one binary can run the
 * small fuzzing geometry (a few pages already cross PMD and PUD boundaries)
 * and the x86-64 one the kernel-derived vectors use. The kernel's macro
 * names are kept so that core/ reads side by side with mm/.
 *
 * Levels are numbered from the leaf: PT_PTE = 0 ... PT_PGD = 4. With four
 * levels the p4d is folded into the pgd, as in include/asm-generic/
 * pgtable-nop4d.h: p4d_offset() returns the pgd entry itself and freeing a
 * p4d table is a no-op. With three levels (arm64 64K pages, or 16K pages
 * and 47-bit VAs) the pud is folded as well, as in pgtable-nopud.h:
 * pud_offset() returns the p4d (that is, the pgd) entry, pud tables are
 * never allocated, freed or counted. A folded level's shift is the pgd's.
 *
 * Every table below the pgd has 1 << table_bits entries (PTRS_PER_PTE =
 * PTRS_PER_PMD = PTRS_PER_PUD on every arch we model); the pgd may have
 * fewer (arm64: PTRS_PER_PGD = 1 << (VA_BITS - PGDIR_SHIFT), 2 entries
 * with 16K pages and 48-bit VAs).
 */
#ifndef TLBF_GEOMETRY_H
#define TLBF_GEOMETRY_H

#include <stdbool.h>

enum pt_level {
	PT_PTE = 0,
	PT_PMD = 1,
	PT_PUD = 2,
	PT_P4D = 3,
	PT_PGD = 4,
	PT_NR_LEVELS = 5,
};

struct pt_geometry {
	const char *name;
	unsigned int levels; /* 3 (pud, p4d folded), 4 (p4d folded) or 5 */
	unsigned int page_shift;
	unsigned int table_bits; /* log2 of entries per table below the pgd */
	unsigned int pgd_bits; /* log2 of pgd entries; 0: table_bits */
	unsigned long task_size; /* TASK_SIZE */
	/*
	 * Input addressing (fuzz/input/binary.c): a 24-bit page index
	 * reaches 16M pages. When that falls short of the boundaries that
	 * matter (64K pages: PUD_SIZE is 4 TiB), the upper half of the index
	 * space is a window centred on @window_shift's first boundary.
	 * 0: the index is the page number (the first three geometries).
	 */
	unsigned int window_shift;
	/*
	 * mmu_gather sizing. The kernel derives these from PAGE_SIZE
	 * (MMU_GATHER_BUNDLE, MAX_GATHER_BATCH, MAX_GATHER_BATCH_COUNT,
	 * MAX_TABLE_BATCH); geometry_derive_batches() does the same, and the
	 * fuzzing geometry shrinks them so that the caps are reachable.
	 */
	unsigned int gather_bundle;
	unsigned int gather_batch_max;
	unsigned int gather_batch_count_max;
	unsigned int table_batch_max;
};

/* The geometry of the current run; set by geometry_use() before anything. */
extern struct pt_geometry tlbf_geom;

extern const struct pt_geometry geometry_x86_64; /* 4 KiB, 9 bits, 4 levels */
extern const struct pt_geometry geometry_x86_64_la57; /* the same, 5 levels */
extern const struct pt_geometry geometry_fuzz; /* 4 KiB pages, 8 entries */
extern const struct pt_geometry geometry_arm64_4k_48;
extern const struct pt_geometry geometry_arm64_16k_48;
extern const struct pt_geometry geometry_arm64_16k_47;
extern const struct pt_geometry geometry_arm64_64k_48;
extern const struct pt_geometry geometry_arm64_64k_52;
extern const struct pt_geometry geometry_arm64_4k_52;
extern const struct pt_geometry geometry_arm64_16k_52;

/*
 * Every geometry, in the order of the input header's geometry byte (the
 * first three keep their values 0, 1, 2). Loops over geometries take
 * their count from here.
 */
extern const struct pt_geometry *const geometry_table[];
extern const unsigned int geometry_nr;
/* By name; NULL if unknown. */
const struct pt_geometry *geometry_by_name(const char *name);

void geometry_use(const struct pt_geometry *g);
/* Fill the gather sizes from page_shift as the kernel's macros do. */
void geometry_derive_batches(struct pt_geometry *g);
/*
 * From now on every geometry gets the batch sizes its page size gives, as
 * a kernel build's gather has them, the fuzzing geometries' small ones
 * too (tlbf-events --kernel-batches: the differential at small tables).
 */
void geometry_kernel_batches(bool on);
/* Filled by geometry_use(): log2 of the span one entry at a level maps. */
extern unsigned int tlbf_level_shift[PT_NR_LEVELS];
/* Filled by geometry_use(): log2 of the entries of a table at a level. */
extern unsigned int tlbf_level_bits[PT_NR_LEVELS];

/*
 * The geometry a run uses for @g: @g itself, except in a kernel-mode build
 * whose compiled PAGE_SHIFT and level count @g does not have (the gather
 * library defines it: core/arch_tables.c, kernel/kapi.c).
 */
const struct pt_geometry *geometry_for_gather(const struct pt_geometry *g);

/* log2 of the span one entry at @level maps (PAGE_SHIFT for a pte). */
static inline unsigned int level_shift(enum pt_level level)
{
	return tlbf_level_shift[level];
}

/*
 * The p4d level is folded into the pgd with four levels or fewer, the pud
 * too with three.
 */
static inline bool level_folded(enum pt_level level)
{
	return (level == PT_P4D && tlbf_geom.levels <= 4) ||
	       (level == PT_PUD && tlbf_geom.levels <= 3);
}

/* The level of the tables an entry at @level points to (folds skipped). */
static inline enum pt_level level_below(enum pt_level level)
{
	level = (enum pt_level)(level - 1);
	while (level > PT_PMD && level_folded(level))
		level = (enum pt_level)(level - 1);
	return level;
}

/* Entries in a table at @level (PTRS_PER_PGD for the pgd). */
static inline unsigned long ptrs_per_table(enum pt_level level)
{
	return 1UL << tlbf_level_bits[level];
}

/* log2 of the span a whole table at @level maps. */
static inline unsigned int table_span_shift(enum pt_level level)
{
	return level_shift(level) + tlbf_level_bits[level];
}

const char *level_name(enum pt_level level);

#define PAGE_SHIFT  (tlbf_geom.page_shift)
#define PAGE_SIZE   (1UL << PAGE_SHIFT)
#define PAGE_MASK   (~(PAGE_SIZE - 1))
#define PMD_SHIFT   (level_shift(PT_PMD))
#define PUD_SHIFT   (level_shift(PT_PUD))
#define P4D_SHIFT   (level_shift(PT_P4D))
#define PGDIR_SHIFT (level_shift(PT_PGD))
#define PMD_SIZE    (1UL << PMD_SHIFT)
#define PUD_SIZE    (1UL << PUD_SHIFT)
#define P4D_SIZE    (1UL << P4D_SHIFT)
#define PGDIR_SIZE  (1UL << PGDIR_SHIFT)
#define PMD_MASK    (~(PMD_SIZE - 1))
#define PUD_MASK    (~(PUD_SIZE - 1))
#define P4D_MASK    (~(P4D_SIZE - 1))
#define PGDIR_MASK  (~(PGDIR_SIZE - 1))
/* Entries of a table below the pgd; PTRS_PER_PTE is the leaf table's. */
#define PTRS_PER_TABLE	      (1UL << tlbf_geom.table_bits)
#define PTRS_PER_PTE	      ptrs_per_table(PT_PTE)
#define PTRS_PER_PGD	      ptrs_per_table(PT_PGD)
#define TASK_SIZE	      (tlbf_geom.task_size)
#define FIRST_USER_ADDRESS    0UL
#define USER_PGTABLES_CEILING 0UL
#define TLB_FLUSH_ALL	      (~0UL)

#define ALIGN_DOWN_TO(x, size) ((x) & ~((size)-1))
#define ALIGN_UP_TO(x, size)   (((x) + (size)-1) & ~((size)-1))

#endif
