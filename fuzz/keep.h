/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Corpus admission for the model fuzz targets (TLBFUZZ_KEEP).
 *
 * libFuzzer keeps an input when its run shows a feature it has not seen:
 * an edge counter or one of our interleaving counters. With
 * TLBFUZZ_KEEP=window, a mutated input whose run never preempted a CPU
 * inside a window (core/interleave.h: another CPU touched the same
 * entry, table, frame, TLB or gather range while the first was away in
 * the middle of its operation) shows no feature at all: the edge
 * counters are cleared before libFuzzer reads them and the interleaving
 * counters are not published. Such an input still runs, and an oracle
 * that fires in it still reports; it only does not enter the corpus, so
 * the corpus holds inputs that interleave where it matters.
 *
 * Inputs libFuzzer runs before its first mutation (the seeds, a corpus
 * being loaded, -runs=0 replays, -merge) are never filtered: a seed
 * corpus without windows must not leave libFuzzer with nothing.
 */
#ifndef TLBF_KEEP_H
#define TLBF_KEEP_H

#include <stdbool.h>

/*
 * Read TLBFUZZ_KEEP: window (the default) or all (every input with a new
 * feature, as plain libFuzzer); exits with one line on a bad value.
 */
void keep_from_env(void);
/* Whether inputs are filtered at all (the run must record windows). */
bool keep_wants_windows(void);
/* libFuzzer asked for a mutation: from now on, inputs are its own. */
void keep_note_mutating(void);
/*
 * After a run: true if the run's coverage should reach the engine; false
 * if it was withheld (and the edge counters cleared).
 */
bool keep_this_run(void);

#endif
