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
	unsigned long
		fail_at[FAULTINJ_MAX_PENDING]; /* absolute attempt numbers */
	unsigned long failed; /* how many failures were injected */
};

extern struct faultinj tlbf_faultinj;

/* Count only allocations whose kind bit is in @kinds (all: ~0u). */
void faultinj_reset(unsigned int kinds);
/* Fail the @nth counted attempt from now (1 = the very next). */
void faultinj_fail_nth(unsigned long nth);
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
