// SPDX-License-Identifier: GPL-2.0-only
/*
 * tlbf-events [--target NAME] [--x86-64] FILE: run one input (as
 * `tlbfuzz run` does, switches off) and print every gather decision the
 * trace records, one canonical line each: flushes with range, stride,
 * freed_tables and the arm64 leaf/TTL bits; batch allocations and frees;
 * RCU hand-overs and grace periods; IPI syncs; which frame or table (by
 * allocation serial) is freed, and how. The same program built against
 * the model's gather and against a kernel tree's prints the same lines
 * exactly when both made the same decisions in the same order:
 * scripts/kdiff compares them.
 * --x86-64 runs the input at the x86-64 geometry (la57 stays la57): the
 * kernel's batch sizes follow PAGE_SIZE, while the model's fuzzing
 * geometry shrinks them, which would make every batch boundary differ.
 * Exit: 0 clean run, 1 a finding (its oracle printed last), 2 bad usage.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "input/input.h"
#include "page.h"
#include "run.h"
#include "trace.h"

static const char *const fn_names[] = {
	[FN_FLUSH_TLB_MM_RANGE] = "flush_tlb_mm_range",
	[FN___FLUSH_TLB_RANGE] = "__flush_tlb_range",
	[FN_FLUSH_TLB_MM] = "flush_tlb_mm",
	[FN_FLUSH_TLB_RANGE] = "flush_tlb_range",
};

static const char *const alloc_names[] = {
	[ALLOC_PAGE_BATCH] = "page_batch",
	[ALLOC_TABLE_BATCH] = "table_batch",
	[ALLOC_PT_PAGE] = "pt_page",
	[ALLOC_FRAME] = "frame",
	[ALLOC_VMA] = "vma",
	[ALLOC_ANON_VMA] = "anon_vma",
};

static const char *const via_names[] = {
	[VIA_PAGE_BATCH] = "page_batch",
	[VIA_RCU] = "rcu",
	[VIA_DIRECT] = "direct",
	[VIA_FREE] = "free",
};

static unsigned long nr_events;

static void print_event(const struct trace_event *ev, void *ctx)
{
	FILE *out = ctx;
	const struct page *pg = ev->object;

	nr_events++;
	fprintf(out, "cpu%u %s", ev->cpu, trace_kind_name(ev->kind));
	switch (ev->kind) {
	case EV_FLUSH:
		fprintf(out,
			" %s %#lx-%#lx stride=%d ft=%d ll=%d ttl=%d all=%d",
			fn_names[ev->fn], ev->start, ev->end, ev->stride_shift,
			ev->freed_tables, ev->last_level, ev->tlb_level,
			ev->fullmm_all);
		break;
	case EV_FLUSH_SKIPPED:
		fprintf(out, " ft=%d", ev->freed_tables);
		break;
	case EV_ALLOC:
		fprintf(out, " %s n=%lu ok=%d", alloc_names[ev->alloc], ev->n,
			ev->ok);
		break;
	case EV_FREE_BATCH:
		fprintf(out, " %s", alloc_names[ev->alloc]);
		break;
	case EV_FREE_PAGE:
		fprintf(out, " page#%u", pg ? pg->id : 0);
		break;
	case EV_FREE_TABLE:
		fprintf(out, " page#%u %s@%#lx via=%s", pg ? pg->id : 0,
			level_name(ev->level), ev->addr, via_names[ev->via]);
		break;
	case EV_CALL_RCU:
		fprintf(out, " n=%lu", ev->n);
		break;
	default:
		break;
	}
	fputc('\n', out);
}

int main(int argc, char **argv)
{
	static struct program prog;
	static struct run_result res;
	struct run_options opt = {0};
	const char *target = NULL, *file = NULL;
	bool x86_64 = false;
	char err[320];
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--target") && i + 1 < argc)
			target = argv[++i];
		else if (!strcmp(argv[i], "--x86-64"))
			x86_64 = true;
		else if (argv[i][0] == '-' || file)
			file = NULL, i = argc + 1;
		else
			file = argv[i];
	}
	if (!file || i > argc) {
		fprintf(stderr,
			"usage: tlbf-events [--target NAME] [--x86-64] FILE\n");
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
	prog.injected = 0;
	if (x86_64 && prog.geometry == 0) /* 0 fuzz, 1 x86_64, 2 la57 */
		prog.geometry = 1;
	trace_set_sink(print_event, stdout);
	run_program(&prog, &opt, &res);
	trace_set_sink(NULL, NULL);
	/* Scheduling steps are not decisions: stderr, out of the compare. */
	fprintf(stderr, "tlbf-events: %lu scheduling steps\n", res.steps);
	printf("end %s events=%lu", res.finding ? "finding" : "clean",
	       nr_events);
	if (res.finding)
		printf(" oracle=\"%s\"", res.reason);
	putchar('\n');
	return res.finding ? 1 : 0;
}
