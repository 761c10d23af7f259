// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_diff: the differential oracle as a fuzz target (kernel builds).
 * Each input runs here on the kernel tree's gather and, through a model
 * build's `tlbf-events --serve` (model_peer.c), on the model's; the two
 * event texts (events_print.h) must be equal. A difference is a finding:
 * both sides are printed next to each other from five events before it.
 * An oracle firing on the kernel side is a finding as in the other
 * targets. Coverage is the kernel side's edges and interleaving pairs.
 *
 * The peer takes this tree's gather rules where they changed since 6.1
 * (`tlbf-events --like X.Y`). Every input runs at the x86-64 geometry (la57 stays la57): the
 * kernel's batches are PAGE_SIZE-sized whatever the tables' geometry.
 *
 * Environment:
 *   TLBFUZZ_DIFF_MODEL=PATH   the model build's tlbf-events (required)
 *   TLBFUZZ_DIFF_TARGET=NAME  the operation set (default gather)
 *   TLBFUZZ_DIFF_ARCH=NAME    run every input on this arch profile
 *   TLBFUZZ_DIFF_SMALL_TABLES=1  run every input at its own geometry
 *                             (folded to this build's), the peer with
 *                             the kernel's batch sizes (tlbf-events
 *                             --kernel-batches): the fuzzing geometry's
 *                             small tables, where hugetlb PMD sharing
 *                             is in reach
 *   TLBFUZZ_DIFF_KEEP=DIR     do not stop at a divergence: save the
 *                             program (as both sides ran it) and its
 *                             report in DIR, at most 3 of each kind, and
 *                             go on; DIR/summary.txt counts the kinds
 *   TLBFUZZ_INJECT=NAME,...   bug switches, for the model peer only: the
 *                             kernel's code never takes them, so a
 *                             switched model must diverge (a self-test)
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "diff_report.h"
#include "events_print.h"
#include "fuzz.h"
#include "ilv_counters.h"
#include "input/input.h"
#include "model_peer.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_KINDS 64

static const char *target = "gather";
static int forced_arch = -1;
static const char *keep_dir;
static bool small_tables;
static unsigned long nr_inputs, nr_diverged;
static struct {
	char kind[120];
	unsigned long count;
} kinds[MAX_KINDS];
static unsigned int nr_kinds;

static __attribute__((noreturn)) void bad_env(const char *what)
{
	fprintf(stderr, "fuzz_diff: %s\n", what);
	exit(2);
}

static void print_summary(FILE *out)
{
	unsigned int i;

	fprintf(out,
		"fuzz_diff: %lu inputs compared, %lu diverged, %.1f s CPU "
		"(the model peer's apart)\n",
		nr_inputs, nr_diverged, events_cpu_seconds());
	for (i = 0; i < nr_kinds; i++)
		fprintf(out, "  %lu  %s\n", kinds[i].count, kinds[i].kind);
}

static void summary_at_exit(void)
{
	print_summary(stderr);
}

static void arch_from_env(void)
{
	const char *v = getenv("TLBFUZZ_DIFF_ARCH");
	unsigned int i;

	if (!v || !*v)
		return;
	for (i = 0; i < arch_nr_profiles; i++)
		if (!strcmp(v, arch_profiles[i]->name))
			forced_arch = (int)i;
	if (forced_arch < 0)
		bad_env("TLBFUZZ_DIFF_ARCH names no arch profile "
			"(`tlbfuzz list-arches` lists them)");
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *model = getenv("TLBFUZZ_DIFF_MODEL");
	struct program probe;

	(void)argc, (void)argv;
	fuzz_init();
	if (!model || !*model)
		bad_env("set TLBFUZZ_DIFF_MODEL to a model build's tlbf-events");
	if (getenv("TLBFUZZ_DIFF_TARGET") && *getenv("TLBFUZZ_DIFF_TARGET"))
		target = getenv("TLBFUZZ_DIFF_TARGET");
	input_default(&probe);
	if (input_restrict(&probe, target))
		bad_env("TLBFUZZ_DIFF_TARGET names no target");
	arch_from_env();
	small_tables = small_tables_from_env();
	keep_dir = getenv("TLBFUZZ_DIFF_KEEP");
	if (keep_dir && !*keep_dir)
		keep_dir = NULL;
	model_peer_start(model, TLBF_DIFF_KVER_SHORT);
	atexit(summary_at_exit);
	return 0;
}

/* The kind's slot, a new one if there is room; NULL when full. */
static unsigned long *kind_count(const char *kind)
{
	unsigned int i;

	for (i = 0; i < nr_kinds; i++)
		if (!strcmp(kinds[i].kind, kind))
			return &kinds[i].count;
	if (nr_kinds == MAX_KINDS)
		return NULL;
	snprintf(kinds[nr_kinds].kind, sizeof(kinds[0].kind), "%s", kind);
	return &kinds[nr_kinds++].count;
}

static void print_divergence(FILE *out, const char *kind, const char *model,
			     const char *kernel, unsigned int n)
{
	fprintf(out,
		"==== fuzz_diff: model and kernel diverge at event %u (%s)\n",
		n, kind);
	diff_side_by_side(out, model, kernel, n);
}

/* TLBFUZZ_DIFF_KEEP: the program and its report, kept by kind. */
static void keep(const char *kind, unsigned long count, const uint8_t *bytes,
		 size_t len, const char *model, const char *kernel,
		 unsigned int n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/diverge-%lu.bin", keep_dir,
		 nr_diverged);
	f = fopen(path, "wb");
	if (f) {
		fwrite(bytes, 1, len, f);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/diverge-%lu.txt", keep_dir,
		 nr_diverged);
	f = fopen(path, "w");
	if (f) {
		print_divergence(f, kind, model, kernel, n);
		fprintf(f, "(kind seen %lu times so far)\n", count);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/summary.txt", keep_dir);
	f = fopen(path, "w");
	if (f) {
		print_summary(f);
		fclose(f);
	}
}

static void diverged(const uint8_t *bytes, size_t len, const char *model,
		     const char *kernel, unsigned int n)
{
	unsigned long *count;
	char kind[120];

	diff_kind(model, kernel, n, kind, sizeof(kind));
	nr_diverged++;
	if (!keep_dir) {
		print_divergence(stderr, kind, model, kernel, n);
		fflush(stderr);
		abort();
	}
	count = kind_count(kind);
	if (count && ++*count <= 3)
		keep(kind, *count, bytes, len, model, kernel, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct program prog, sent;
	static struct run_result res;
	static uint8_t bytes[INPUT_MAX_SIZE];
	struct run_options opt = *fuzz_run_options();
	const char *model;
	char *kernel = NULL;
	size_t len, kernel_len;
	unsigned int n;
	FILE *out;

	fuzz_decode(data, size, target, &prog);
	if (small_tables)
		events_own_geometry(&prog);
	else
		events_x86_64(&prog);
	if (forced_arch >= 0)
		prog.arch = (uint8_t)forced_arch;
	/* The model gets the program as bytes: they must decode to it. */
	len = input_encode(&prog, bytes);
	input_decode(bytes, len, &sent);
	if (!program_equal(&prog, &sent)) {
		fprintf(stderr, "fuzz_diff: the program does not survive "
				"encoding; the two sides would differ\n");
		abort();
	}
	model = model_peer_ask(bytes, len);
	out = open_memstream(&kernel, &kernel_len);
	if (!out)
		abort();
	opt.inject_or = 0; /* switches are the model peer's */
	events_run(&prog, &opt, out, &res);
	fclose(out);
	ilv_counters_publish();
	nr_inputs++;
	n = diff_first_line(model, kernel);
	if (n)
		diverged(bytes, len, model, kernel, n);
	free(kernel);
	fuzz_check(&res);
	return 0;
}
