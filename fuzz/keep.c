// SPDX-License-Identifier: GPL-2.0-only
/* Corpus admission by interleaving (see keep.h). */
#include "keep.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interleave.h"

/*
 * The inline 8-bit edge counters of -fsanitize=fuzzer live in this
 * section; the linker defines its bounds when the section exists. Weak:
 * a build without coverage has neither, and then there is nothing to
 * clear.
 */
extern uint8_t __start___sancov_cntrs[] __attribute__((weak));
extern uint8_t __stop___sancov_cntrs[] __attribute__((weak));

static bool windows_only = true; /* TLBFUZZ_KEEP=window, the default */
static bool mutating; /* libFuzzer has asked for a mutation */

void keep_from_env(void)
{
	const char *v = getenv("TLBFUZZ_KEEP");

	if (!v || !*v || !strcmp(v, "window"))
		return;
	if (!strcmp(v, "all")) {
		windows_only = false;
		return;
	}
	fprintf(stderr, "tlbfuzz: TLBFUZZ_KEEP must be window or all\n");
	exit(2);
}

bool keep_wants_windows(void)
{
	return windows_only;
}

void keep_note_mutating(void)
{
	mutating = true;
}

static void hide_edges(void)
{
	uint8_t *start = __start___sancov_cntrs, *stop = __stop___sancov_cntrs;

	if (start && stop > start)
		memset(start, 0, (size_t)(stop - start));
}

bool keep_this_run(void)
{
	struct ilv_windows w;

	if (!windows_only || !mutating)
		return true;
	ilv_run_windows(&w);
	if (w.preempted)
		return true;
	hide_edges();
	return false;
}
