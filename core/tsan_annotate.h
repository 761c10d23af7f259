/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * TSan's benign-race annotation, for memory that simulated CPUs (fibers
 * switched with no-sync) write with no order between them on purpose:
 * report-only bookkeeping that never decides what the model does.
 * TSAN_BENIGN(obj) marks the whole object; a no-op without TSan.
 */
#ifndef TLBF_TSAN_ANNOTATE_H
#define TLBF_TSAN_ANNOTATE_H

#ifndef __has_feature
#define __has_feature(x) 0
#endif
#if __has_feature(thread_sanitizer)
void AnnotateBenignRaceSized(const char *file, int line,
			     const volatile void *mem, unsigned long size,
			     const char *desc);
#define TSAN_BENIGN(obj) \
	AnnotateBenignRaceSized(__FILE__, __LINE__, &(obj), sizeof(obj), #obj)
#else
#define TSAN_BENIGN(obj) ((void)0)
#endif

#endif
