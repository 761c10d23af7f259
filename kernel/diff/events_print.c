// SPDX-License-Identifier: GPL-2.0-only
/* One canonical line per gather decision (events_print.h). */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "events_print.h"
#include "faultinj.h"
#include "geometry.h"
#include "input/input.h"
#include "page.h"
#include "trace.h"

static const char *const fn_names[] = {
	[FN_FLUSH_TLB_MM_RANGE] = "flush_tlb_mm_range",
	[FN___FLUSH_TLB_RANGE] = "__flush_tlb_range",
	[FN_FLUSH_TLB_MM] = "flush_tlb_mm",
	[FN_FLUSH_TLB_RANGE] = "flush_tlb_range",
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

	__atomic_add_fetch(&nr_events, 1, __ATOMIC_RELAXED);
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
		fprintf(out, " %s n=%lu ok=%d", alloc_kind_name(ev->alloc),
			ev->n, ev->ok);
		break;
	case EV_FREE_BATCH:
		fprintf(out, " %s", alloc_kind_name(ev->alloc));
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

double events_cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

void events_x86_64(struct program *prog)
{
	static struct program folded;

	/* The fuzzing shapes of x86-64 become x86-64: 0 fuzz -> 1 x86_64,
	 * fuzz-5l -> 2 x86_64-la57 (the others fold to the build's below). */
	if (prog->geometry == 0)
		prog->geometry = 1;
	else if (!strcmp(input_geometry(prog->geometry)->name, "fuzz-5l"))
		prog->geometry = 2;
	/* Both sides run the geometry this kernel build runs it at. */
	if (input_fold_geometry(prog, &folded))
		*prog = folded;
}

void events_own_geometry(struct program *prog)
{
	static struct program folded;

	if (input_fold_geometry(prog, &folded))
		*prog = folded;
}

bool small_tables_from_env(void)
{
	const char *v = getenv("TLBFUZZ_DIFF_SMALL_TABLES");
	bool on = v && !strcmp(v, "1");

	if (on)
		geometry_kernel_batches(true);
	return on;
}

int events_run(struct program *prog, const struct run_options *opt, FILE *out,
	       struct run_result *res)
{
	static const struct run_options defaults;

	prog->injected = 0;
	nr_events = 0;
	trace_set_sink(print_event, out);
	run_program(prog, opt ? opt : &defaults, res);
	trace_set_sink(NULL, NULL);
	fprintf(out, "end %s events=%lu", res->finding ? "finding" : "clean",
		nr_events);
	if (res->finding)
		fprintf(out, " oracle=\"%s\"", res->reason);
	fputc('\n', out);
	return res->finding;
}
