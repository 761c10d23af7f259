// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_race: every operation the model has, on 2-4 CPUs: mmap, munmap,
 * madvise, mremap, exec shift, exit, truncate, reclaim, khugepaged,
 * accesses, walks, gup and lazy TLB.
 * Its operation set is in fuzz/input/opset.c.
 */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_run_one(data, size, "race");
}
