/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every fuzz target shares (libxml2's fuzz.c): the switches from
 * TLBFUZZ_INJECT, decoding an input the way a target sees it, and turning
 * a finding into a report and an abort that libFuzzer or AFL++ records.
 *
 * Targets take bug switches only from TLBFUZZ_INJECT; the header's switch
 * bits are cleared, so with the variable unset nothing may fire. `tlbfuzz
 * run --target NAME` decodes the same way.
 */
#ifndef TLBF_FUZZ_H
#define TLBF_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "program.h"
#include "run.h"

/*
 * Read TLBFUZZ_INJECT (a bad name is one line on stderr and exit(2)); from
 * now on an oracle report prints the finding and ends the process from
 * the oracle's function, called where it fired.
 */
void fuzz_init(void);
/* The run options every target uses (switches from the environment). */
const struct run_options *fuzz_run_options(void);
/* Decode @data as fuzz_<target> does; registers it for sanitizer reports. */
void fuzz_decode(const uint8_t *data, size_t size, const char *target,
		 struct program *prog);
/* After run_program(): on a finding print the report and abort(). */
void fuzz_check(const struct run_result *res);
/* The whole body of a model target: decode as @target, run, check. */
int fuzz_run_one(const uint8_t *data, size_t size, const char *target);

#endif
