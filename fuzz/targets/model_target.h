/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one body of every model fuzz target (fuzz_gather, fuzz_exec,
 * fuzz_race): a target's file defines TLBF_TARGET, its name (which picks
 * its operation set, fuzz/input/opset.c), and includes this. libFuzzer
 * gets the structure-aware mutator and cross-over (fuzz/mutator.h);
 * TLBFUZZ_MUTATOR=0 hands every mutation back to libFuzzer's own.
 */
#ifndef TLBF_MODEL_TARGET_H
#define TLBF_MODEL_TARGET_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "keep.h"
#include "mutator.h"

#ifndef TLBF_TARGET
#error "define TLBF_TARGET before including model_target.h"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max,
			       unsigned int seed);
size_t LLVMFuzzerCustomCrossOver(const uint8_t *d1, size_t s1,
				 const uint8_t *d2, size_t s2, uint8_t *out,
				 size_t max, unsigned int seed);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max)
	__attribute__((weak));

static int structured = 1; /* TLBFUZZ_MUTATOR */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *v = getenv("TLBFUZZ_MUTATOR");

	(void)argc;
	(void)argv;
	fuzz_init();
	if (v && *v && strcmp(v, "0") && strcmp(v, "1")) {
		fprintf(stderr, "tlbfuzz: TLBFUZZ_MUTATOR must be 0 or 1\n");
		exit(2);
	}
	if (v && !strcmp(v, "0"))
		structured = 0;
	return 0;
}

/* No coverage: see fuzz_run_one(). */
__attribute__((no_sanitize("coverage"))) int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_run_one(data, size, TLBF_TARGET);
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max,
			       unsigned int seed)
{
	keep_note_mutating();
	if (!structured && LLVMFuzzerMutate)
		return LLVMFuzzerMutate(data, size, max);
	return fuzz_mutate(data, size, max, seed, TLBF_TARGET);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *d1, size_t s1,
				 const uint8_t *d2, size_t s2, uint8_t *out,
				 size_t max, unsigned int seed)
{
	size_t n = s1 < max ? s1 : max;

	keep_note_mutating();
	if (structured)
		return fuzz_cross_over(d1, s1, d2, s2, out, max, seed,
				       TLBF_TARGET);
	/*
	 * Off: libFuzzer's own cross-over is not callable from here, and a
	 * copy would waste the execution; mutate the first input's bytes.
	 */
	memcpy(out, d1, n);
	return LLVMFuzzerMutate ? LLVMFuzzerMutate(out, n, max) : n;
}

#endif
