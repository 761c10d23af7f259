// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_race: every operation the model has, on 2-4 CPUs: mmap, munmap,
 * madvise, mremap, exec shift, exit, truncate, reclaim, khugepaged,
 * accesses, walks, gup and lazy TLB.
 * Its operation set is in fuzz/input/opset.c.
 */
#define TLBF_TARGET "race"
#include "model_target.h"
