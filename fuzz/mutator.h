/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Structure-aware mutation: edit the program an input decodes to, not its
 * bytes (libFuzzer's LLVMFuzzerCustomMutator and CustomCrossOver call
 * these; fuzz/targets/model_target.h). One mutation per call, picked at
 * random: insert, delete, duplicate or swap an operation on one CPU, move
 * one to another CPU, retarget an address (an existing mapping's start or
 * end, a table boundary, a floor or ceiling), change a count or
 * argument, change the arch profile, geometry, CPU count or fail_nth,
 * mutate the schedule bytes or strategy, give another CPU an accessor or
 * a changer at one CPU's page (meet); or, a share of the time, plain
 * byte mutation (LLVMFuzzerMutate). Cross-over splices CPU programs of
 * two inputs. Operation kinds and their fields come from the op tables
 * (fuzz/input/opinfo.c, opset.c), geometries from input_geometry(),
 * profiles from arch_nr_profiles: new kinds, geometries and profiles are
 * picked up with no edit here.
 *
 * Deterministic in (data, seed). The result is at most @max bytes; a
 * structural result is canonical (input_encode()).
 */
#ifndef TLBF_MUTATOR_H
#define TLBF_MUTATOR_H

#include <stddef.h>
#include <stdint.h>

/*
 * Operations per CPU the mutator grows a program to (insertions stop
 * there; byte mutation may still go past it, up to PROGRAM_MAX_OPS).
 * TLBFUZZ_MUTATOR_OPS overrides it (1..PROGRAM_MAX_OPS).
 */
#define MUTATOR_DEFAULT_OPS 12

/*
 * Bytes a mutation or cross-over may grow an input to, whatever
 * libFuzzer's -max_len allows; TLBFUZZ_MUTATOR_MAX_LEN overrides it (0:
 * no cap of ours). Chosen by time to bug (docs/ablation.md): larger
 * inputs cost more per run and found the catalog no sooner.
 */
#define MUTATOR_DEFAULT_MAX_LEN 512

size_t fuzz_mutate(uint8_t *data, size_t size, size_t max, unsigned int seed,
		   const char *target);
size_t fuzz_cross_over(const uint8_t *d1, size_t s1, const uint8_t *d2,
		       size_t s2, uint8_t *out, size_t max, unsigned int seed,
		       const char *target);

#endif
