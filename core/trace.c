// SPDX-License-Identifier: GPL-2.0-only
/* The event stream (see core/trace.h). */
#include "trace.h"

#include "sync.h"

trace_sink_fn tlbf_trace_sink;
trace_func_fn tlbf_trace_func;
static void *trace_ctx;

void trace_set_sink(trace_sink_fn sink, void *ctx)
{
	tlbf_trace_sink = sink;
	trace_ctx = ctx;
}

void trace_emit(struct trace_event *ev)
{
	if (!tlbf_trace_sink)
		return;
	ev->cpu = smp_processor_id();
	tlbf_trace_sink(ev, trace_ctx);
}

const char *trace_kind_name(enum trace_kind kind)
{
	static const char *const names[EV_NR] = {
		[EV_FLUSH] = "flush",
		[EV_FLUSH_SKIPPED] = "flush_skipped",
		[EV_BATCH_FULL] = "batch_full",
		[EV_ALLOC] = "alloc",
		[EV_FREE_BATCH] = "free_batch",
		[EV_FREE_PAGE] = "free_page",
		[EV_FREE_TABLE] = "free_table",
		[EV_IPI_SYNC] = "ipi_sync",
		[EV_CALL_RCU] = "call_rcu",
		[EV_RCU_GP] = "rcu_gp",
	};

	return kind < EV_NR ? names[kind] : "?";
}
