/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interleaving feedback for the engines: after each run, the run's
 * interleaving pairs (core/interleave.h) become
 *   - libFuzzer extra counters: one byte per counter index in the
 *     __libfuzzer_extra_counters section, which libFuzzer clears before
 *     each input and reads after it, as it reads its edge counters;
 *   - AFL++ map bytes: AFL++'s runtime has no extra-counter section, so
 *     each pair sets one byte of its map, at a hashed index below
 *     __afl_map_size, with __afl_coverage_interesting() (weak symbols:
 *     absent outside an afl-clang-fast build). The bytes share the map
 *     with edges, as edges share it with each other.
 * The process also keeps every index it ever saw; with TLBFUZZ_ILV_OUT
 * set it writes them as a bitmap to $TLBFUZZ_ILV_OUT.<pid> (for the
 * campaign's progress line).
 */
#ifndef TLBF_ILV_COUNTERS_H
#define TLBF_ILV_COUNTERS_H

/* Fold the last run's pairs into the engine's feedback. */
void ilv_counters_publish(void);

#endif
