// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_gather: zap, unmap and exit sequences (munmap with and without the
 * mmap_lock downgrade, MADV_DONTNEED/FREE, truncate, exit_mmap) with user
 * accesses, hardware walks and gup_fast running beside them on the other
 * CPUs: the mmu_gather range tracking, batching and table freeing.
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
	return fuzz_run_one(data, size, "gather");
}
