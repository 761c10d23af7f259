/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One place to set up and tear down a run of the model: geometry, arch
 * profile, CPUs, sync back end, fault injection, injected bugs. Everything
 * per-run is reset here; no state survives from one input to the next.
 */
#ifndef TLBF_CORE_H
#define TLBF_CORE_H

#include "arch.h"
#include "geometry.h"
#include "sync.h"

struct core_config {
	const struct pt_geometry *geometry;
	const struct arch_profile *arch;
	unsigned int nr_cpus;
	unsigned int injected; /* bit per enum inject_bug */
	unsigned int faultinj_kinds; /* alloc kinds fail_nth counts */
	const struct sync_backend *backend;
	unsigned int kver; /* zap and gather rules (core/rules.h); 0: 6.1 */
	bool large_folios; /* anonymous faults map 4-page folios */
};

void core_reset(const struct core_config *cfg);

#endif
