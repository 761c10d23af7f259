// SPDX-License-Identifier: GPL-2.0-only
/* The fault-injection point (fail_nth), shared by every allocation. */
#include "faultinj.h"

#include <string.h>

struct faultinj tlbf_faultinj;

void faultinj_reset(unsigned int kinds)
{
	memset(&tlbf_faultinj, 0, sizeof(tlbf_faultinj));
	tlbf_faultinj.kinds = kinds;
}

void faultinj_fail_nth_of(enum alloc_kind kind, unsigned long nth)
{
	struct faultinj *f = &tlbf_faultinj;
	unsigned int i;

	if (!nth || f->nr_pending == FAULTINJ_MAX_PENDING)
		return;
	if (kind > ALLOC_NR)
		kind = ALLOC_NR;
	i = f->nr_pending++;
	f->fail_kind[i] = kind;
	f->fail_at[i] =
		(kind == ALLOC_NR ? f->attempts : f->per_kind[kind]) + nth;
}

void faultinj_fail_nth(unsigned long nth)
{
	faultinj_fail_nth_of(ALLOC_NR, nth);
}

#ifndef TLBFUZZ_NO_INJECT_POINTS
bool should_fail(enum alloc_kind kind)
{
	struct faultinj *f = &tlbf_faultinj;
	unsigned int i;

	if (!(f->kinds & (1u << kind)))
		return false;
	/* Allocations on several CPUs share the count: keep it exact. */
	unsigned long of_kind =
		__atomic_add_fetch(&f->per_kind[kind], 1, __ATOMIC_RELAXED);
	unsigned long n = __atomic_add_fetch(&f->attempts, 1, __ATOMIC_RELAXED);

	for (i = 0; i < f->nr_pending; i++) {
		bool any = f->fail_kind[i] == ALLOC_NR;

		if (!any && f->fail_kind[i] != kind)
			continue;
		if (f->fail_at[i] == (any ? n : of_kind)) {
			__atomic_add_fetch(&f->failed, 1, __ATOMIC_RELAXED);
			return true;
		}
	}
	return false;
}
#endif
