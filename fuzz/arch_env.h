/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * TLBFUZZ_ARCHES=a,b: the arch profiles a run may use. A kernel-mode
 * build for one arch (scripts/fuzz --kernel --arch) compiles only that
 * arch's profiles, so an input whose header names another is folded onto
 * one of these, by its index: every input still runs, the same way each
 * time. The fuzz targets, `tlbfuzz run --target` and tlbf-events fold
 * alike, so a saved input replays as it ran. Unset: no fold.
 */
#ifndef TLBF_ARCH_ENV_H
#define TLBF_ARCH_ENV_H

struct program;

/* Fold @prog's arch onto TLBFUZZ_ARCHES; exits 2 if it names no profile. */
void arch_fold_from_env(struct program *prog);

#endif
