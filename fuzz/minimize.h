/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ddmin (Zeller and Hildebrandt, "Simplifying and Isolating
 * Failure-Inducing Input", 2002) over a program's units: every operation
 * (set-up and per CPU) and every schedule byte. A candidate is kept while
 * the same oracle still fires; the result is 1-minimal: removing any one
 * unit loses the finding. Then idle CPUs at the end and fail_nth go if
 * the finding stays. Deterministic: same input, same result.
 */
#ifndef TLBF_MINIMIZE_H
#define TLBF_MINIMIZE_H

#include "program.h"
#include "run.h"

struct minimize_stats {
	unsigned int units_before;
	unsigned int units_after;
	unsigned int runs;
};

/*
 * Shrink @prog in place while run_program(@opt) reports @oracle.
 * Returns false (and leaves @prog alone) if @prog does not report it.
 */
bool minimize_program(struct program *prog, const struct run_options *opt,
		      enum oracle oracle, struct minimize_stats *st);

#endif
