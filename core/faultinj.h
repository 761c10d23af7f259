/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one fault-injection point: every fallible allocation in the model
 * (gather batch page, table batch page, page-table page, frame, VMA,
 * anon_vma) asks should_fail() first, as syzkaller's fail_nth does. The
 * input chooses which attempt fails; the run is the same every time.
 */
#ifndef TLBF_FAULTINJ_H
#define TLBF_FAULTINJ_H

#include <stdbool.h>

#include "trace.h"

#define FAULTINJ_MAX_PENDING 8

struct faultinj {
	unsigned long attempts; /* counted attempts so far */
	unsigned long per_kind[ALLOC_NR];
	unsigned int kinds; /* bit per alloc_kind that counts */
	unsigned int nr_pending;
	/*
	 * Absolute attempt numbers: of every kind (fail_kind[i] ==
	 * ALLOC_NR), or of one kind only (per_kind's count).
	 */
	unsigned long fail_at[FAULTINJ_MAX_PENDING];
	enum alloc_kind fail_kind[FAULTINJ_MAX_PENDING];
	unsigned long failed; /* how many failures were injected */
};

extern struct faultinj tlbf_faultinj;

/* Count only allocations whose kind bit is in @kinds (all: ~0u). */
void faultinj_reset(unsigned int kinds);
/* Fail the @nth counted attempt from now (1 = the very next). */
void faultinj_fail_nth(unsigned long nth);
/*
 * The same, counting only attempts of @kind (ALLOC_NR: every kind):
 * where syzkaller counts within one call, this counts within one kind
 * of allocation, so the index of, say, the first table batch of a run
 * stays put when the program around it allocates more or less.
 */
void faultinj_fail_nth_of(enum alloc_kind kind, unsigned long nth);
/*
 * "page_batch", "table_batch", ...; "any" for ALLOC_NR. Inline: the
 * input layer names kinds in builds without the model (fuzz/aflmut).
 */
static inline const char *alloc_kind_name(enum alloc_kind kind)
{
	static const char *const names[ALLOC_NR + 1] = {
		[ALLOC_PAGE_BATCH] = "page_batch",
		[ALLOC_TABLE_BATCH] = "table_batch",
		[ALLOC_PT_PAGE] = "pt_page",
		[ALLOC_FRAME] = "frame",
		[ALLOC_VMA] = "vma",
		[ALLOC_ANON_VMA] = "anon_vma",
		[ALLOC_NR] = "any",
	};

	return names[kind < ALLOC_NR ? kind : ALLOC_NR];
}
/*
 * Called by every fallible allocation; true: pretend it failed. Built
 * with -DTLBFUZZ_INJECT_POINTS=OFF (bench/run's cost of a switched-off
 * point) it is constant false and fail_nth does nothing.
 */
#ifdef TLBFUZZ_NO_INJECT_POINTS
static inline bool should_fail(enum alloc_kind kind)
{
	return false;
}
#else
bool should_fail(enum alloc_kind kind);
#endif

#endif
