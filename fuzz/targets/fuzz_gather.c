// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_gather: zap, unmap and exit sequences (munmap with and without the
 * mmap_lock downgrade, MADV_DONTNEED/FREE, truncate, exit_mmap) with user
 * accesses, hardware walks and gup_fast running beside them on the other
 * CPUs: the mmu_gather range tracking, batching and table freeing.
 * Its operation set is in fuzz/input/opset.c.
 */
#define TLBF_TARGET "gather"
#include "model_target.h"
