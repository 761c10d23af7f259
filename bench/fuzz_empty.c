// SPDX-License-Identifier: GPL-2.0-only
/*
 * The empty libFuzzer target: the engine's own cost per input, the
 * baseline bench/fuzz_speed.sh divides by.
 */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return 0;
}
