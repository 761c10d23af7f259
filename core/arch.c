// SPDX-License-Identifier: GPL-2.0-only
/*
 * The arch profiles (see arch.h): which MMU_GATHER_* options each selects
 * and how its flush behaves. The flush and table hooks themselves live in
 * arch_flush.c and arch_tables.c.
 */
#include "arch.h"

#include "arch_x86.h"

#include <string.h>

const struct arch_profile *tlbf_arch = &arch_x86_native;

/* Both x86 profiles: MERGE_VMAS, flush by IPI, lazy CPUs skipped. */
#define X86_FLUSH_OPTIONS \
	.flush = FLUSH_X86, .merge_vmas = true, .ipi_flush = true

const struct arch_profile arch_x86_native = {
	.name = "x86-native",
	X86_FLUSH_OPTIONS,
};

/* The PV-guest (6.1) and every-x86 (a37259732a7d) RCU table freeing. */
const struct arch_profile arch_x86_rcu = {
	.name = "x86-rcu",
	X86_FLUSH_OPTIONS,
	.table_free = true,
	.rcu_table_free = true,
};

const struct arch_profile arch_arm64 = {
	.name = "arm64",
	.flush = FLUSH_ARM64,
	.table_free = true,
	.rcu_table_free = true,
};

const struct arch_profile arch_range_only = {
	.name = "range-only",
	.flush = FLUSH_RANGE_ONLY,
	.ipi_flush = true,
};

/* MMU_GATHER_NO_RANGE implies MERGE_VMAS (include/asm-generic/tlb.h). */
const struct arch_profile arch_no_range = {
	.name = "no-range",
	.flush = FLUSH_NO_RANGE,
	.merge_vmas = true,
	.ipi_flush = true,
};

/* range-only's flush, but tlb_end_vma was empty: VMAs merge. */
const struct arch_profile arch_ia64 = {
	.name = "ia64",
	.flush = FLUSH_RANGE_ONLY,
	.merge_vmas = true,
	.ipi_flush = true,
};

const struct arch_profile *const arch_profiles[] = {
	&arch_x86_native, &arch_x86_rcu,  &arch_arm64,
	&arch_range_only, &arch_no_range, &arch_ia64,
};

const unsigned int arch_nr_profiles =
	sizeof(arch_profiles) / sizeof(arch_profiles[0]);

void arch_use(const struct arch_profile *profile)
{
	tlbf_arch = profile;
	x86_tree_use(profile);
}

const struct arch_profile *arch_by_name(const char *name)
{
	unsigned int i;

	for (i = 0; i < arch_nr_profiles; i++)
		if (!strcmp(arch_profiles[i]->name, name))
			return arch_profiles[i];
	return NULL;
}
