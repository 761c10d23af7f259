// SPDX-License-Identifier: GPL-2.0-only
/*
 * tlbf-events [--target NAME] [--x86-64] FILE: run one input (as
 * `tlbfuzz run` does, switches off) and print every gather decision the
 * trace records, one canonical line each (events_print.c): flushes with
 * range, stride, freed_tables and the arm64 leaf/TTL bits; batch
 * allocations and frees; RCU hand-overs and grace periods; IPI syncs;
 * which frame or table (by allocation serial) is freed, and how. The same
 * program built against the model's gather and against a kernel tree's
 * prints the same lines exactly when both made the same decisions in the
 * same order: scripts/kdiff compares them.
 * --x86-64 runs the input at the x86-64 geometry (la57 stays la57): the
 * kernel's batch sizes follow PAGE_SIZE, while the model's fuzzing
 * geometry shrinks them, which would make every batch boundary differ.
 *
 * --like X.Y (model builds): follow Linux X.Y's gather rules where they
 * changed since 6.1 (tlb_gather_rules()), to compare with that tree.
 * --version: "linux X.Y.Z" for a kernel build, "model" for a model one.
 * --build-geometry: the geometry a kernel build compiled
 * (TLBFUZZ_KERNEL_GEOMETRY), "any" for a model build. --geometry NAME
 * reads the input's bytes at geometry NAME (after --x86-64), as a kernel
 * build of that geometry reads every input (docs/geometries.md).
 * --kernel-batches (model builds): every geometry's batch sizes follow its
 * page size, as the kernel's do, the fuzzing geometry's too; with it the
 * two sides compare at the small tables where hugetlb PMD sharing is in
 * reach (scripts/kdiff --small-tables).
 *
 * tlbf-events [--like X.Y] --serve: the model side of fuzz_diff. Reads programs from
 * stdin, each a 4-byte little-endian length and that many bytes of the
 * binary format (already restricted and set to their geometry: decoded
 * as they are), and answers each with its event lines, "end" line last.
 * There TLBFUZZ_INJECT's bug switches act on this side, so a switched
 * model must diverge from the kernel's code (the differential's test).
 *
 * Exit: 0 clean run (or end of input with --serve), 1 a finding (its
 * oracle printed last), 2 bad usage.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arch_env.h"
#include "events_print.h"
#include "inject_env.h"
#include "input/input.h"
#include "mmu_gather.h"

static int serve(void)
{
	static uint8_t buf[INPUT_MAX_SIZE];
	static struct program prog;
	static struct run_result res;
	struct run_options opt = {0};
	unsigned long served = 0;
	uint8_t len_le[4];
	char err[200];
	uint32_t len;

	/* fuzz_diff's TLBFUZZ_DIFF_SMALL_TABLES: the kernel's batch sizes. */
	small_tables_from_env();
	if (inject_from_env(&opt.inject_or, err, sizeof(err))) {
		fprintf(stderr, "tlbf-events: %s\n", err);
		return 2;
	}

	while (fread(len_le, 1, 4, stdin) == 4) {
		len = len_le[0] | len_le[1] << 8 | len_le[2] << 16 |
		      (uint32_t)len_le[3] << 24;
		if (len > sizeof(buf) || fread(buf, 1, len, stdin) != len) {
			fprintf(stderr, "tlbf-events: bad request\n");
			return 2;
		}
		input_decode(buf, len, &prog);
		events_run(&prog, &opt, stdout, &res);
		fflush(stdout);
		served++;
	}
	fprintf(stderr, "tlbf-events: served %lu programs in %.1f s CPU\n",
		served, events_cpu_seconds());
	return 0;
}

/* --build-geometry: the geometry a kernel build compiled; "any" for the model. */
static int build_geometry(void)
{
#ifdef TLBF_EVENTS_KGEOMETRY
	puts(TLBF_EVENTS_KGEOMETRY);
#else
	puts("any");
#endif
	return 0;
}

static int version(void)
{
#ifdef TLBF_EVENTS_KVERSION
	puts("linux " TLBF_EVENTS_KVERSION);
#else
	puts("model");
#endif
	return 0;
}

/* --like X.Y: 0 if taken, else one line and 2. */
static int like(const char *ver)
{
	unsigned int major, minor;
	char end;

	if (sscanf(ver, "%u.%u%c", &major, &minor, &end) != 2 ||
	    major * 100 + minor < 601) {
		fprintf(stderr,
			"tlbf-events: --like wants a version from 6.1 "
			"on, as 6.12, not '%s'\n",
			ver);
		return 2;
	}
#ifdef TLBF_EVENTS_KVERSION
	fprintf(stderr, "tlbf-events: --like: a kernel build runs its own "
			"tree's rules\n");
	return 2;
#else
	tlb_gather_rules(major * 100 + minor);
	return 0;
#endif
}

int main(int argc, char **argv)
{
	static struct program prog;
	static struct run_result res;
	const char *target = NULL, *file = NULL;
	const struct pt_geometry *geometry = NULL;
	bool x86_64 = false, serving = false;
	char err[320];
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--version"))
			return version();
		if (!strcmp(argv[i], "--build-geometry"))
			return build_geometry();
		if (!strcmp(argv[i], "--serve"))
			serving = true;
		else if (!strcmp(argv[i], "--like") && i + 1 < argc) {
			if (like(argv[++i]))
				return 2;
		} else if (!strcmp(argv[i], "--target") && i + 1 < argc)
			target = argv[++i];
		else if (!strcmp(argv[i], "--x86-64"))
			x86_64 = true;
		else if (!strcmp(argv[i], "--kernel-batches"))
			geometry_kernel_batches(true);
		else if (!strcmp(argv[i], "--geometry") && i + 1 < argc) {
			geometry = geometry_by_name(argv[++i]);
			if (!geometry) {
				fprintf(stderr,
					"tlbf-events: unknown geometry '%s' "
					"(docs/geometries.md)\n",
					argv[i]);
				return 2;
			}
		} else if (argv[i][0] == '-' || file)
			file = NULL, i = argc + 1;
		else
			file = argv[i];
	}
	if (serving && !file && !target && !x86_64 && !geometry && i == argc)
		return serve();
	if (!file || serving || i > argc) {
		fprintf(stderr,
			"usage: tlbf-events [--like X.Y] [--target NAME] "
			"[--x86-64] [--geometry NAME] [--kernel-batches] FILE "
			"| [--like X.Y] [--kernel-batches] --serve | --version "
			"| --build-geometry\n");
		return 2;
	}
	if (input_load(file, &prog, err, sizeof(err))) {
		fprintf(stderr, "tlbf-events: %s\n", err);
		return 2;
	}
	if (target && input_restrict(&prog, target)) {
		fprintf(stderr, "tlbf-events: unknown target '%s'\n", target);
		return 2;
	}
	if (target)
		arch_fold_from_env(&prog);
	if (x86_64)
		events_x86_64(&prog);
	/* A kernel build's geometry, for the model side of scripts/kdiff. */
	for (i = 0; geometry && i < (int)geometry_nr; i++)
		if (geometry_table[i] == geometry)
			input_reread(&prog, (unsigned int)i);
	events_run(&prog, NULL, stdout, &res);
	fprintf(stderr, "tlbf-events: %lu scheduling steps\n", res.steps);
	return res.finding ? 1 : 0;
}
