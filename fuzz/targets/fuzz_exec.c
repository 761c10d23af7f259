// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_exec: exec's shift_arg_pages moving a stack VMA down while other
 * CPUs walk it (user accesses, hardware walks, gup_fast and slow gup):
 * the free_pgd_range floor/ceiling logic and the stack-move flush.
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

	fuzz_decode(data, size, "exec", &prog);
	run_program(&prog, fuzz_run_options(), &res);
	fuzz_check(&res);
	return 0;
}
