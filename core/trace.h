/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Events: what the arch and the allocator saw, in order. The kernel-derived
 * vectors, the differential oracle (model vs kernel code) and crash reports
 * all read this one stream. A run installs a sink; with none, emitting an
 * event costs one test of a pointer.
 */
#ifndef TLBF_TRACE_H
#define TLBF_TRACE_H

#include <stdbool.h>

#include "geometry.h"

enum trace_kind {
	EV_FLUSH, /* one arch flush call */
	EV_FLUSH_SKIPPED, /* arm64 fullmm with no tables: nothing sent */
	EV_BATCH_FULL, /* __tlb_remove_page_size returned true */
	EV_ALLOC, /* a batch page was requested */
	EV_FREE_BATCH, /* a batch page was freed */
	EV_FREE_PAGE, /* a data frame was really released */
	EV_FREE_TABLE, /* a page-table page was really released */
	EV_IPI_SYNC, /* tlb_remove_table_sync_one */
	EV_CALL_RCU, /* a table batch handed to RCU */
	EV_RCU_GP, /* a grace period ended */
	EV_NR,
};

enum flush_fn {
	FN_FLUSH_TLB_MM_RANGE, /* x86 */
	FN___FLUSH_TLB_RANGE, /* arm64 */
	FN_FLUSH_TLB_MM,
	FN_FLUSH_TLB_RANGE, /* generic / range-only */
};

enum alloc_kind {
	ALLOC_PAGE_BATCH,
	ALLOC_TABLE_BATCH,
	ALLOC_PT_PAGE,
	ALLOC_FRAME,
	ALLOC_VMA,
	ALLOC_ANON_VMA,
	ALLOC_NR,
};

enum table_via {
	VIA_PAGE_BATCH,
	VIA_RCU,
	VIA_DIRECT,
	VIA_FREE, /* freed outside any gather */
};

struct trace_event {
	enum trace_kind kind;
	unsigned int cpu;
	/* EV_FLUSH */
	enum flush_fn fn;
	unsigned long start, end;
	int stride_shift; /* -1: none (flush_tlb_mm) */
	bool freed_tables;
	bool last_level; /* arm64 */
	int tlb_level; /* arm64 TTL hint */
	bool fullmm_all;
	/* EV_ALLOC / EV_FREE_BATCH */
	enum alloc_kind alloc;
	bool ok;
	unsigned long n; /* EV_ALLOC: running count; EV_CALL_RCU: tables */
	/* EV_FREE_PAGE / EV_FREE_TABLE */
	const void *object;
	enum pt_level level;
	unsigned long addr; /* table: its pt_base */
	enum table_via via;
};

typedef void (*trace_sink_fn)(const struct trace_event *ev, void *ctx);

void trace_set_sink(trace_sink_fn sink, void *ctx);

extern trace_sink_fn tlbf_trace_sink;
void trace_emit(struct trace_event *ev);

static inline bool trace_on(void)
{
	return tlbf_trace_sink != 0;
}

const char *trace_kind_name(enum trace_kind kind);

/*
 * Function-level trace for reports: kernel paths call
 * trace_func(__func__, arg) on entry (zap_pte_range, tlb_flush_mmu,
 * free_pgd_range, gup_fast, ...). The runner installs a recorder; with
 * none it costs one test of a pointer. @fn must be a string that lives
 * as long as the program and never changes (a literal, __func__): the
 * recorder caches each name's hash by its address.
 */
typedef void (*trace_func_fn)(const char *fn, unsigned long arg);
extern trace_func_fn tlbf_trace_func;

static inline void trace_func(const char *fn, unsigned long arg)
{
	if (tlbf_trace_func)
		tlbf_trace_func(fn, arg);
}

#endif
