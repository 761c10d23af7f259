// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every geometry (core/geometry.c): level sizes as the arm64 and x86-64
 * headers give them, the folded pud of three-level shapes, how far the
 * input's page index reaches, free_pgd_range() at floor and ceiling on
 * each shape, and the seeds run clean at every geometry.
 */
#include <dirent.h>
#include <stdlib.h>

#include "arch.h"
#include "core.h"
#include "harness.h"
#include "input/input.h"
#include "memory.h"
#include "mmu_gather.h"
#include "pgtable.h"
#include "run.h"

#define KB(x) ((unsigned long)(x) << 10)
#define MB(x) ((unsigned long)(x) << 20)
#define GB(x) ((unsigned long)(x) << 30)
#define TB(x) ((unsigned long)(x) << 40)

/*
 * Expected sizes, written out from the kernel's definitions (arm64:
 * pgtable-hwdef.h with ARM64_HW_PGTABLE_LEVEL_SHIFT; x86-64:
 * pgtable_64_types.h) rather than computed the way geometry.c does.
 */
struct expect {
	const char *name;
	unsigned int levels;
	unsigned long page, pmd, pud, p4d, pgdir;
	unsigned long ptrs_pgd, ptrs_pte;
};

static const struct expect expected[] = {
	{"fuzz", 4, KB(4), KB(32), KB(256), MB(2), MB(2), 8, 8},
	{"x86_64", 4, KB(4), MB(2), GB(1), GB(512), GB(512), 512, 512},
	{"x86_64-la57", 5, KB(4), MB(2), GB(1), GB(512), TB(256), 512, 512},
	{"arm64-4k-48", 4, KB(4), MB(2), GB(1), GB(512), GB(512), 512, 512},
	{"arm64-16k-48", 4, KB(16), MB(32), GB(64), TB(128), TB(128), 2, 2048},
	{"arm64-16k-47", 3, KB(16), MB(32), GB(64), GB(64), GB(64), 2048, 2048},
	{"arm64-64k-48", 3, KB(64), MB(512), TB(4), TB(4), TB(4), 64, 8192},
	{"arm64-64k-52", 3, KB(64), MB(512), TB(4), TB(4), TB(4), 1024, 8192},
	{"arm64-4k-52", 5, KB(4), MB(2), GB(1), GB(512), TB(256), 16, 512},
	{"arm64-16k-52", 4, KB(16), MB(32), GB(64), TB(128), TB(128), 32, 2048},
	{"fuzz-3l", 3, KB(4), KB(64), MB(1), MB(1), MB(1), 16, 16},
	{"fuzz-16k", 4, KB(16), KB(128), MB(1), MB(8), MB(8), 2, 8},
	{"fuzz-64k", 3, KB(64), KB(512), MB(4), MB(4), MB(4), 4, 8},
	{"fuzz-5l", 5, KB(4), KB(32), KB(256), MB(2), MB(16), 2, 8},
};

/* Name the geometry after the first failed check of an iteration. */
static void note_geometry(const char *name)
{
	static int noted;

	if (harness_case_failed && !noted)
		fprintf(stderr, "  geometry: %s\n", name);
	noted = harness_case_failed;
}

static const struct expect *expect_for(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(expected); i++)
		if (!strcmp(expected[i].name, name))
			return &expected[i];
	return NULL;
}

/* Every geometry in the table has its expected sizes, and no other. */
static void test_geometry_level_sizes(void)
{
	unsigned int i;

	CHECK_EQ(geometry_nr, ARRAY_SIZE(expected));
	for (i = 0; i < geometry_nr; i++) {
		const struct expect *e = expect_for(geometry_table[i]->name);

		CHECK(e != NULL);
		if (!e)
			continue;
		CHECK(geometry_by_name(e->name) == geometry_table[i]);
		geometry_use(geometry_table[i]);
		CHECK_EQ(tlbf_geom.levels, e->levels);
		CHECK_EQ(PAGE_SIZE, e->page);
		CHECK_EQ(PMD_SIZE, e->pmd);
		CHECK_EQ(PUD_SIZE, e->pud);
		CHECK_EQ(P4D_SIZE, e->p4d);
		CHECK_EQ(PGDIR_SIZE, e->pgdir);
		CHECK_EQ(PTRS_PER_PGD, e->ptrs_pgd);
		CHECK_EQ(PTRS_PER_PTE, e->ptrs_pte);
		/* The pgd covers TASK_SIZE (x86: twice, the kernel has half). */
		CHECK(TASK_SIZE <= PGDIR_SIZE * PTRS_PER_PGD);
		CHECK(TASK_SIZE >= PGDIR_SIZE * PTRS_PER_PGD / 2 - PAGE_SIZE);
		CHECK_EQ(level_folded(PT_PUD), e->levels == 3);
		CHECK_EQ(level_folded(PT_P4D), e->levels < 5);
		note_geometry(e->name);
	}
	/* Existing inputs keep their geometry byte. */
	CHECK(!strcmp(geometry_table[0]->name, "fuzz"));
	CHECK(!strcmp(geometry_table[1]->name, "x86_64"));
	CHECK(!strcmp(geometry_table[2]->name, "x86_64-la57"));
}

/* Batches follow PAGE_SIZE as MAX_GATHER_BATCH and friends do. */
static void test_geometry_batches(void)
{
	geometry_use(&geometry_arm64_16k_48);
	CHECK_EQ(tlbf_geom.gather_batch_max, 2046);
	CHECK_EQ(tlbf_geom.gather_batch_count_max, 4);
	CHECK_EQ(tlbf_geom.table_batch_max, 2045);
	geometry_use(&geometry_arm64_64k_48);
	CHECK_EQ(tlbf_geom.gather_batch_max, 8190);
	CHECK_EQ(tlbf_geom.gather_batch_count_max, 1);
	CHECK_EQ(tlbf_geom.table_batch_max, 8189);
	geometry_use(&geometry_arm64_4k_48);
	CHECK_EQ(tlbf_geom.gather_batch_max, 510);
	CHECK_EQ(tlbf_geom.gather_batch_count_max, 19);
}

/*
 * A kernel-mode build runs the geometries of its PAGE_SHIFT and level
 * count (kernel/kgeometry.cmake) and folds the others onto its own; a
 * model build runs them all. Cases below skip what this build folds.
 */
static unsigned int geometries_run;

static bool runs_here(const struct pt_geometry *g)
{
	bool ok = geometry_for_gather(g) == g;

	geometries_run += ok;
	return ok;
}

static struct mm_struct *setup(const struct pt_geometry *g)
{
	struct core_config cfg = {
		.geometry = g,
		.arch = &arch_x86_native,
		.nr_cpus = 1,
	};

	core_reset(&cfg);
	return mm_alloc();
}

static void free_rest(struct mm_struct *mm, struct page *table)
{
	unsigned long i, n = ptrs_per_table(table->pt_level);

	for (i = 0; table->pt_level > PT_PTE && i < n; i++) {
		unsigned long e = entry_read(&table->words[i]);

		if (entry_none(e))
			continue;
		free_rest(mm, entry_table(e));
		mm_dec_nr_table(mm, entry_table(e)->pt_level);
		free_pt_page(entry_table(e), VIA_FREE);
	}
}

static void teardown(struct mm_struct *mm)
{
	free_rest(mm, mm->pgd);
	CHECK_EQ(atomic_long_read(&mm->pgtables_bytes), 0);
	CHECK_EQ(atomic_long_read(&mm->nr_ptes), 0);
	CHECK_EQ(atomic_long_read(&mm->nr_pmds), 0);
	CHECK_EQ(atomic_long_read(&mm->nr_puds), 0);
	CHECK_EQ(atomic_long_read(&mm->nr_p4ds), 0);
	mm_free(mm);
	CHECK_EQ(tlbf_page_stats.tables, 0);
}

/*
 * Three levels: pud_offset() is the pgd slot, the pgd entry points at a
 * PMD table, and a walk allocates and counts no pud (or p4d) table.
 */
static void test_geometry_folded_pud(void)
{
	const struct pt_geometry *three[] = {
		&geometry_arm64_16k_47,	      &geometry_arm64_64k_48,
		&geometry_arm64_64k_52,	      geometry_by_name("fuzz-3l"),
		geometry_by_name("fuzz-64k"),
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(three); i++) {
		struct mm_struct *mm;

		if (!runs_here(three[i]))
			continue;
		mm = setup(three[i]);
		unsigned long a = PMD_SIZE + 3 * PAGE_SIZE;
		pgd_t *pgd = pgd_offset(mm, a);

		CHECK(pt_alloc_walk(mm, a, PT_PTE) != NULL);
		CHECK(pud_offset(p4d_offset(pgd, a), a) == pgd);
		CHECK(pt_lookup(mm, a, PT_PUD) == pgd);
		CHECK_EQ(entry_table(entry_read(pgd))->pt_level, PT_PMD);
		CHECK(pmd_offset(pud_offset(pgd, a), a) ==
		      pt_lookup(mm, a, PT_PMD));
		CHECK_EQ(atomic_long_read(&mm->nr_ptes), 1);
		CHECK_EQ(atomic_long_read(&mm->nr_pmds), 1);
		CHECK_EQ(atomic_long_read(&mm->nr_puds), 0);
		CHECK_EQ(atomic_long_read(&mm->nr_p4ds), 0);
		CHECK_EQ(tlbf_page_stats.tables, 3); /* pgd, PMD, PTE */
		teardown(mm);
		note_geometry(three[i]->name);
	}
}

/*
 * The 24-bit page index reaches both sides of a PMD and a PUD boundary at
 * every geometry, and of the first pgd boundary wherever 16M pages fall
 * short of it (core/geometry.h: window_shift).
 */
static bool reaches(const struct program *prog, unsigned long addr)
{
	unsigned long page = addr >> PAGE_SHIFT;

	return input_page_index(prog, page) < INPUT_INDEX_LIMIT &&
	       input_page_index(prog, page - 1) < INPUT_INDEX_LIMIT &&
	       input_index_page(prog, input_page_index(prog, page)) == page;
}

static void test_geometry_input_reach(void)
{
	struct program prog;
	unsigned int i;

	input_default(&prog);
	for (i = 0; i < geometry_nr; i++) {
		prog.geometry = i;
		geometry_use(geometry_table[i]);
		CHECK(reaches(&prog, PMD_SIZE));
		CHECK(reaches(&prog, PUD_SIZE));
		if (geometry_table[i]->window_shift)
			CHECK(reaches(&prog,
				      1UL << geometry_table[i]->window_shift));
		note_geometry(geometry_table[i]->name);
	}
}

/*
 * Text at a windowed geometry: a range across the 4 TiB boundary of
 * arm64-64k-48 parses, prints back and re-encodes to itself; an address
 * between the windows is an error of one line.
 */
static void test_geometry_window_text(void)
{
	static const char ok[] =
		"geometry: arm64-64k-48\n"
		"setup: mmap_anon 0x3ffffff0000 pages=32\n"
		"cpu1: mremap 0x3ffffff0000 new=0x40000100000\n";
	static const char gap[] = "geometry: arm64-64k-48\n"
				  "setup: mmap_anon 0x100000000000\n";
	static uint8_t buf[INPUT_MAX_SIZE];
	struct program prog, back;
	char err[200];
	size_t len;

	CHECK_EQ(input_parse(ok, sizeof(ok) - 1, &prog, err, sizeof(err)), 0);
	CHECK_EQ(prog.setup[0].addr, 0x3ffffff0000UL);
	CHECK_EQ(prog.ops[1][0].arg, 0x40000100000UL);
	len = input_encode(&prog, buf);
	input_decode(buf, len, &back);
	CHECK(program_equal(&prog, &back));
	CHECK_EQ(input_parse(gap, sizeof(gap) - 1, &prog, err, sizeof(err)),
		 -1);
	CHECK(strstr(err, "line 2:") != NULL);
}

static unsigned int freed[PT_NR_LEVELS];

static void count_free(const struct trace_event *ev, void *ctx)
{
	(void)ctx;
	if (ev->kind == EV_FREE_TABLE && ev->via != VIA_FREE)
		freed[ev->level]++;
}

/*
 * One free_pgd_range() call with pages mapped at @mapped (0-terminated),
 * counting the tables the gather frees per level.
 */
static void fpr_run(const struct pt_geometry *g, const unsigned long *mapped,
		    unsigned long addr, unsigned long end, unsigned long floor,
		    unsigned long ceiling)
{
	struct mm_struct *mm = setup(g);
	struct mmu_gather tlb;

	for (; *mapped; mapped++)
		CHECK(pt_alloc_walk(mm, *mapped, PT_PTE) != NULL);
	memset(freed, 0, sizeof(freed));
	tlb_gather_mmu(&tlb, mm);
	trace_set_sink(count_free, NULL);
	free_pgd_range(&tlb, addr, end, floor, ceiling);
	tlb_finish_mmu(&tlb);
	trace_set_sink(NULL, NULL);
	teardown(mm);
}

/*
 * Per shape: alone (floor and ceiling 0) every table over the range goes,
 * a pud table only where the pud is not folded, a p4d only with five
 * levels; a neighbour in the same PMD table keeps it; a neighbour one PUD
 * span up keeps the pud table (or, folded, nothing above the PMD table).
 */
static void test_geometry_free_pgd_range(void)
{
	unsigned int i;

	geometries_run = 0;
	for (i = 0; i < geometry_nr; i++) {
		const struct pt_geometry *g = geometry_table[i];
		unsigned long a, mapped[3] = {0};
		bool pud_table, p4d_table;

		if (!runs_here(g))
			continue;
		geometry_use(g);
		a = PMD_SIZE + 5 * PAGE_SIZE;
		pud_table = !level_folded(PT_PUD);
		p4d_table = !level_folded(PT_P4D);

		mapped[0] = a;
		fpr_run(g, mapped, a & PMD_MASK, (a & PMD_MASK) + PMD_SIZE, 0,
			0);
		CHECK_EQ(freed[PT_PTE], 1);
		CHECK_EQ(freed[PT_PMD], 1);
		CHECK_EQ(freed[PT_PUD], pud_table);
		CHECK_EQ(freed[PT_P4D], p4d_table);

		mapped[1] = 2 * PMD_SIZE;
		fpr_run(g, mapped, a & PMD_MASK, (a & PMD_MASK) + PMD_SIZE, 0,
			2 * PMD_SIZE);
		CHECK_EQ(freed[PT_PTE], 1);
		CHECK_EQ(freed[PT_PMD] + freed[PT_PUD] + freed[PT_P4D], 0);

		mapped[1] = PUD_SIZE;
		fpr_run(g, mapped, a & PMD_MASK, (a & PMD_MASK) + PMD_SIZE, 0,
			PUD_SIZE);
		CHECK_EQ(freed[PT_PTE], 1);
		CHECK_EQ(freed[PT_PMD], 1);
		CHECK_EQ(freed[PT_PUD] + freed[PT_P4D], 0);

		/* At the floor: a neighbour below in the same PUD span. */
		mapped[0] = PUD_SIZE + PMD_SIZE;
		mapped[1] = PUD_SIZE;
		fpr_run(g, mapped, PUD_SIZE + PMD_SIZE, PUD_SIZE + 2 * PMD_SIZE,
			PUD_SIZE + PAGE_SIZE, 0);
		CHECK_EQ(freed[PT_PTE], 1);
		CHECK_EQ(freed[PT_PMD] + freed[PT_PUD] + freed[PT_P4D], 0);
		note_geometry(g->name);
	}
	CHECK(geometries_run > 0);
}

/* ---- the seeds at every geometry ---------------------------------- */

static unsigned int seed_runs;

static void run_at_every_geometry(const char *path)
{
	static uint8_t orig[INPUT_MAX_SIZE], buf[INPUT_MAX_SIZE];
	struct program prog;
	char err[256];
	unsigned int g, v;
	size_t len, s;

	if (input_load(path, &prog, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		CHECK(0);
		return;
	}
	len = input_encode(&prog, orig);
	for (g = 0; g < geometry_nr; g++) {
		if (!runs_here(geometry_table[g]))
			continue;
		/* The seed as it is, then three variants of its body. */
		for (v = 0; v < 4; v++) {
			struct run_options opt = {0};
			struct run_result res;

			memcpy(buf, orig, len);
			buf[0] = (uint8_t)g;
			for (s = INPUT_HEADER_SIZE; v && s < len; s += v + 2)
				buf[s] = (uint8_t)(buf[s] * 37 + v * 11);
			input_decode(buf, len, &prog);
			prog.injected = 0;
			if (run_program(&prog, &opt, &res)) {
				fprintf(stderr,
					"%s at %s (variant %u): %s: %s\n", path,
					geometry_table[g]->name, v, res.reason,
					res.detail);
				CHECK(0);
			}
			seed_runs++;
		}
	}
}

static void run_dir(const char *dir)
{
	struct dirent **names;
	char path[1024];
	int n, i;

	n = scandir(dir, &names, NULL, alphasort);
	CHECK(n > 2);
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir,
				 names[i]->d_name);
			run_at_every_geometry(path);
		}
		free(names[i]);
	}
	free(names);
}

/*
 * The correct model at every geometry: each seed of the three corpora,
 * its bytes read at each geometry (so operations land where that
 * geometry's page index puts them), with its schedule and three mutated
 * ones, must end without a report.
 */
static void test_geometry_seeds_clean(void)
{
	seed_runs = 0;
	geometries_run = 0;
	run_dir(TLBF_CORPUS "/gather/seeds");
	run_dir(TLBF_CORPUS "/race/seeds");
	run_dir(TLBF_CORPUS "/exec/seeds");
	CHECK(geometries_run > 0);
	CHECK(seed_runs >= 4 * 10);
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_geometry_level_sizes),
		TEST_CASE(test_geometry_batches),
		TEST_CASE(test_geometry_folded_pud),
		TEST_CASE(test_geometry_input_reach),
		TEST_CASE(test_geometry_window_text),
		TEST_CASE(test_geometry_free_pgd_range),
		TEST_CASE(test_geometry_seeds_clean),
	};

	return harness_run("geometry", cases, ARRAY_SIZE(cases), argc, argv);
}
