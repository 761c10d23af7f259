// SPDX-License-Identifier: GPL-2.0-only
/* The arch profiles a run may use, from TLBFUZZ_ARCHES (see arch_env.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "arch_env.h"
#include "program.h"

static int allowed[16];
static unsigned int nr_allowed;
static int parsed; /* 0 not yet, 1 parsed */

static void parse(void)
{
	const char *env = getenv("TLBFUZZ_ARCHES"), *p;
	unsigned int i;
	size_t n;

	parsed = 1;
	for (p = env; p && *p; p += n + (p[n] == ',')) {
		n = strcspn(p, ",");
		for (i = 0; i < arch_nr_profiles; i++)
			if (strlen(arch_profiles[i]->name) == n &&
			    !strncmp(p, arch_profiles[i]->name, n))
				break;
		if (i == arch_nr_profiles || nr_allowed == 16) {
			fprintf(stderr,
				"tlbfuzz: TLBFUZZ_ARCHES: unknown profile '%.*s'\n",
				(int)n, p);
			exit(2);
		}
		allowed[nr_allowed++] = (int)i;
	}
}

void arch_fold_from_env(struct program *prog)
{
	unsigned int i;

	if (!parsed)
		parse();
	if (!nr_allowed)
		return;
	for (i = 0; i < nr_allowed; i++)
		if (prog->arch == allowed[i])
			return;
	prog->arch = (uint8_t)allowed[prog->arch % nr_allowed];
}
