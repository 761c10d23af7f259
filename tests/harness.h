/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small test harness in the style of tools/testing/vma/shared.h: each
 * case is a function, CHECK() prints file:line:function and the failing
 * expression, and main() closes with "N passed, M failed" and the exit
 * status. Reports from the model's oracles are counted, not fatal; a case
 * fails on a report by any oracle it did not name with report_expect()
 * first. `--list` prints the case names; a name given that no case has is
 * an error (exit 2).
 */
#ifndef TLBF_TEST_HARNESS_H
#define TLBF_TEST_HARNESS_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "oracle.h"
#include "sync.h"

extern int harness_case_failed;
extern bool harness_verbose;

#define CHECK(expr)                                                      \
	do {                                                             \
		if (!(expr)) {                                           \
			fprintf(stderr, "%s:%d: %s: CHECK(%s) failed\n", \
				__FILE__, __LINE__, __func__, #expr);    \
			harness_case_failed = 1;                         \
		}                                                        \
	} while (0)

#define CHECK_EQ(a, b)                                                                  \
	do {                                                                            \
		unsigned long long __a = (unsigned long long)(a);                       \
		unsigned long long __b = (unsigned long long)(b);                       \
		if (__a != __b) {                                                       \
			fprintf(stderr,                                                 \
				"%s:%d: %s: CHECK_EQ(%s, %s) failed: %#llx != %#llx\n", \
				__FILE__, __LINE__, __func__, #a, #b, __a,              \
				__b);                                                   \
			harness_case_failed = 1;                                        \
		}                                                                       \
	} while (0)

struct harness_case {
	const char *name;
	void (*fn)(void);
};

#define TEST_CASE(name)     \
	{                   \
#name, name \
	}

/* Run the cases; returns the process exit status. */
int harness_run(const char *suite, const struct harness_case *cases,
		unsigned int nr, int argc, char **argv);

/*
 * Oracle reports during a case: recorded, not fatal. report_count(o) is
 * the number of reports by oracle @o since the case began (or the last
 * report_reset()). report_expect(o): the case provokes oracle @o on
 * purpose; a report by any other oracle fails the case.
 */
void report_expect(enum oracle o);
unsigned int report_count(enum oracle o);
unsigned int report_total(void);
const char *report_last_reason(void);
void report_reset(void);

/*
 * A sync back end of a test (core/sync.h) that runs one CPU at a time and
 * plays the others by hand at its points: it cannot wait for another CPU,
 * so a wait is a liveness report. HARNESS_BACKEND names the rest.
 */
void harness_backend_wait(enum sched_site site);

#define HARNESS_BACKEND(name_, cpu_id_, point_)                          \
	{                                                                \
		.name = (name_), .cpu_id = (cpu_id_), .point = (point_), \
		.wait = harness_backend_wait                             \
	}

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
