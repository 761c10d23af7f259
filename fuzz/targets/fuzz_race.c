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
	static struct program prog;
	static struct run_result res;

	fuzz_decode(data, size, "race", &prog);
	run_program(&prog, fuzz_run_options(), &res);
	fuzz_check(&res);
	return 0;
}
