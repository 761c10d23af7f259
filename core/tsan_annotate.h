/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * TSan's benign-race annotation, for memory that simulated CPUs (fibers
 * switched with no-sync) write with no order between them on purpose:
 * report-only bookkeeping that never decides what the model does.
 * TSAN_BENIGN(obj) marks the whole object; a no-op without TSan.
 * data_race_copy() is the kernel's data_race() around a copy whose
 * source fields other CPUs may be changing under locks this copy does not
 * hold (the copy re-initialises or re-reads those fields itself).
 */
#ifndef TLBF_TSAN_ANNOTATE_H
#define TLBF_TSAN_ANNOTATE_H

#include <string.h>

#ifndef __has_feature
#define __has_feature(x) 0
#endif
#if __has_feature(thread_sanitizer)
void AnnotateBenignRaceSized(const char *file, int line,
			     const volatile void *mem, unsigned long size,
			     const char *desc);
void AnnotateIgnoreReadsBegin(const char *file, int line);
void AnnotateIgnoreReadsEnd(const char *file, int line);
#define TSAN_BENIGN(obj) \
	AnnotateBenignRaceSized(__FILE__, __LINE__, &(obj), sizeof(obj), #obj)
#define data_race_copy(dst, src, n)                           \
	do {                                                  \
		AnnotateIgnoreReadsBegin(__FILE__, __LINE__); \
		memcpy((dst), (src), (n));                    \
		AnnotateIgnoreReadsEnd(__FILE__, __LINE__);   \
	} while (0)
#else
#define TSAN_BENIGN(obj)	    ((void)0)
#define data_race_copy(dst, src, n) memcpy((dst), (src), (n))
#endif

#endif
