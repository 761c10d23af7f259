// SPDX-License-Identifier: GPL-2.0-only
/*
 * TSan and libFuzzer's own counters. Fibers switch with no-sync, so TSan
 * sees every fiber as a thread with no order between them; libFuzzer's
 * coverage counters (one byte per edge, bumped by every fiber) and its
 * __sancov_lowest_stack word would then read as races in every run. They
 * are the fuzzer's bookkeeping, not the model's: mark them benign.
 *
 * This file is built without coverage instrumentation (fuzz/CMakeLists.txt):
 * a file that is instrumented and names the counters section stops its own
 * counters from registering with libFuzzer.
 */
#include "sched.h"

#include <stdbool.h>
#include <stdint.h>

#ifndef __has_feature
#define __has_feature(x) 0
#endif

#if __has_feature(thread_sanitizer)
void AnnotateBenignRaceSized(const char *file, int line,
			     const volatile void *mem, unsigned long size,
			     const char *desc);

extern char __start___sancov_cntrs[] __attribute__((weak));
extern char __stop___sancov_cntrs[] __attribute__((weak));
/* Defined by libFuzzer only; never touched unless libFuzzer is linked. */
extern __thread uintptr_t __sancov_lowest_stack
	__attribute__((weak, tls_model("initial-exec")));
int LLVMFuzzerRunDriver(int *argc, char ***argv,
			int (*cb)(const uint8_t *data, size_t size))
	__attribute__((weak));

static bool marked;

void sched_sanitizer_init(void)
{
	if (marked)
		return;
	marked = true;
	if (__start___sancov_cntrs &&
	    __stop___sancov_cntrs > __start___sancov_cntrs)
		AnnotateBenignRaceSized(
			__FILE__, __LINE__, __start___sancov_cntrs,
			__stop___sancov_cntrs - __start___sancov_cntrs,
			"libFuzzer coverage counters");
	if (LLVMFuzzerRunDriver)
		AnnotateBenignRaceSized(
			__FILE__, __LINE__, &__sancov_lowest_stack,
			sizeof(__sancov_lowest_stack), "libFuzzer stack depth");
}
#else
void sched_sanitizer_init(void)
{
}
#endif
