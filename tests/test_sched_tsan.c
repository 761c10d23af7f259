// SPDX-License-Identifier: GPL-2.0-only
/*
 * TSan sees the simulated CPUs: a plain, unsynchronised access pair
 * between two fibers is reported as a data race, and the same program
 * with READ_ONCE/WRITE_ONCE or under a spinlock is not. Runs the helper
 * (tests/helpers/sched_race_helper.c) and reads its stderr. Skipped (77)
 * when the build has no TSan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "harness.h"

#ifndef __has_feature
#define __has_feature(x) 0
#endif

struct outcome {
	int status;
	bool race;
};

static struct outcome run_helper(const char *mode)
{
	char cmd[1024];
	char line[512];
	struct outcome o = {.status = -1};
	FILE *p;

	snprintf(
		cmd, sizeof(cmd),
		"TSAN_OPTIONS=halt_on_error=0:exitcode=66 UBSAN_OPTIONS= '%s' %s 2>&1",
		SCHED_RACE_HELPER, mode);
	p = popen(cmd, "r");
	if (!p)
		return o;
	while (fgets(line, sizeof(line), p))
		if (strstr(line, "WARNING: ThreadSanitizer: data race"))
			o.race = true;
	o.status = pclose(p);
	if (o.status >= 0 && WIFEXITED(o.status))
		o.status = WEXITSTATUS(o.status);
	return o;
}

/* A plain read-modify-write split by a switch is a reported race. */
static void test_sched_tsan_reports_plain_race(void)
{
	struct outcome o = run_helper("racy");

	CHECK(o.race);
	CHECK_EQ(o.status, 66);
}

/* Marked accesses are not races, as in the kernel's memory model. */
static void test_sched_tsan_quiet_on_marked(void)
{
	struct outcome o = run_helper("once");

	CHECK(!o.race);
	CHECK_EQ(o.status, 0);
}

/* A lock's release -> acquire orders the two CPUs: no report. */
static void test_sched_tsan_quiet_under_lock(void)
{
	struct outcome o = run_helper("locked");

	CHECK(!o.race);
	CHECK_EQ(o.status, 0);
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_sched_tsan_reports_plain_race),
		TEST_CASE(test_sched_tsan_quiet_on_marked),
		TEST_CASE(test_sched_tsan_quiet_under_lock),
	};

	if (!__has_feature(thread_sanitizer)) {
		printf("sched_tsan: skipped, not a TSan build\n");
		return 77;
	}
	return harness_run("sched_tsan", cases, ARRAY_SIZE(cases), argc, argv);
}
