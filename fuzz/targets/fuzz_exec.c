// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_exec: exec's shift_arg_pages moving a stack VMA down while other
 * CPUs walk it (user accesses, hardware walks, gup_fast and slow gup):
 * the free_pgd_range floor/ceiling logic and the stack-move flush.
 * Its operation set is in fuzz/input/opset.c.
 */
#define TLBF_TARGET "exec"
#include "model_target.h"
