// SPDX-License-Identifier: GPL-2.0-only
/* The test harness (see harness.h). */
#include "harness.h"

#include <stdlib.h>

int harness_case_failed;
bool harness_verbose;

static unsigned int counts[ORACLE_NR];
static unsigned int total;
static char last_reason[256];
static unsigned int expected; /* bit per oracle the case asked for */
static bool unexpected; /* a report the case did not ask for */

static void count_report(enum oracle o, const char *reason, const char *detail,
			 void *ctx)
{
	(void)ctx;
	if (o < ORACLE_NR)
		counts[o]++;
	total++;
	snprintf(last_reason, sizeof(last_reason), "%s: %s (%s)",
		 oracle_name(o), reason, detail);
	if (o >= ORACLE_NR || !(expected & (1u << o))) {
		if (!unexpected)
			fprintf(stderr, "  unexpected report: %s\n",
				last_reason);
		unexpected = true;
	}
	if (harness_verbose)
		fprintf(stderr, "  report: %s\n", last_reason);
}

void report_expect(enum oracle o)
{
	expected |= 1u << o;
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

static int find_case(const struct harness_case *cases, unsigned int nr,
		     const char *name)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (!strcmp(cases[i].name, name))
			return (int)i;
	return -1;
}

static bool run_case(const char *suite, const struct harness_case *c)
{
	harness_case_failed = 0;
	expected = 0;
	unexpected = false;
	report_reset();
	c->fn();
	if (unexpected) {
		fprintf(stderr,
			"%s/%s: an oracle reported what the case did not expect\n",
			suite, c->name);
		harness_case_failed = 1;
	}
	if (harness_case_failed) {
		fprintf(stderr, "FAIL %s/%s\n", suite, c->name);
		return false;
	}
	if (harness_verbose)
		fprintf(stderr, "ok   %s/%s\n", suite, c->name);
	return true;
}

void harness_backend_wait(enum sched_site site)
{
	report(ORACLE_LIVENESS, "test back end cannot wait", "site %d",
	       (int)site);
}

int harness_run(const char *suite, const struct harness_case *cases,
		unsigned int nr, int argc, char **argv)
{
	unsigned int i, passed = 0, failed = 0;
	const char *only = NULL;
	int a;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "-v")) {
			harness_verbose = true;
		} else if (!strcmp(argv[a], "--list")) {
			for (i = 0; i < nr; i++)
				printf("%s\n", cases[i].name);
			return EXIT_SUCCESS;
		} else if (argv[a][0] == '-' || only) {
			fprintf(stderr,
				"usage: %s [-v] [--list] [CASE]: bad argument '%s'\n",
				argv[0], argv[a]);
			return 2;
		} else {
			only = argv[a];
		}
	}
	if (only && find_case(cases, nr, only) < 0) {
		fprintf(stderr, "%s: no case '%s' (--list lists them)\n", suite,
			only);
		return 2;
	}
	report_set_handler(count_report, NULL);
	for (i = 0; i < nr; i++) {
		if (only && strcmp(only, cases[i].name))
			continue;
		if (run_case(suite, &cases[i]))
			passed++;
		else
			failed++;
	}
	printf("%s: %u passed, %u failed\n", suite, passed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
