// SPDX-License-Identifier: GPL-2.0-only
/* The test harness (see harness.h). */
#include "harness.h"

#include <stdlib.h>

int harness_case_failed;
bool harness_verbose;

static unsigned int counts[ORACLE_NR];
static unsigned int total;
static char last_reason[256];

static void count_report(enum oracle o, const char *reason, const char *detail,
			 void *ctx)
{
	(void)ctx;
	if (o < ORACLE_NR)
		counts[o]++;
	total++;
	snprintf(last_reason, sizeof(last_reason), "%s: %s (%s)",
		 oracle_name(o), reason, detail);
	if (harness_verbose)
		fprintf(stderr, "  report: %s\n", last_reason);
}

void report_reset(void)
{
	memset(counts, 0, sizeof(counts));
	total = 0;
	last_reason[0] = 0;
}

unsigned int report_count(enum oracle o)
{
	return o < ORACLE_NR ? counts[o] : 0;
}

unsigned int report_total(void)
{
	return total;
}

const char *report_last_reason(void)
{
	return last_reason;
}

int harness_run(const char *suite, const struct harness_case *cases,
		unsigned int nr, int argc, char **argv)
{
	unsigned int i, passed = 0, failed = 0;
	const char *only = NULL;
	int a;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "-v"))
			harness_verbose = true;
		else
			only = argv[a];
	}
	report_set_handler(count_report, NULL);
	for (i = 0; i < nr; i++) {
		if (only && strcmp(only, cases[i].name))
			continue;
		harness_case_failed = 0;
		report_reset();
		cases[i].fn();
		if (harness_case_failed) {
			failed++;
			fprintf(stderr, "FAIL %s/%s\n", suite, cases[i].name);
		} else {
			passed++;
			if (harness_verbose)
				fprintf(stderr, "ok   %s/%s\n", suite,
					cases[i].name);
		}
	}
	printf("%s: %u passed, %u failed\n", suite, passed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
