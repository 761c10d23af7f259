/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The last lines a fuzz target prints before a finding ends it: one
 * SUMMARY line (the oracle, the object, the kernel function where it
 * fired) and a DEDUP_TOKEN of the three frames the sanitizer will show
 * from the oracle's function down (tlbf_oracle_<name>--f2--f3), the way
 * libFuzzer prints one. Call from the report handler, while the stack of
 * the report (report_stack()) is the one that will die.
 */
#ifndef TLBF_CRASH_STATE_H
#define TLBF_CRASH_STATE_H

#include <stddef.h>
#include <stdio.h>

#include "run.h"

/*
 * The oracle's function and the @max - 1 frames under it, joined by @sep
 * ("--" for a DEDUP_TOKEN); returns the number of frames written.
 */
unsigned int crash_state_frames(enum oracle o, unsigned int max,
				const char *sep, char *buf, size_t len);
void crash_state_print(FILE *out, const struct run_result *res);

#endif
