// SPDX-License-Identifier: GPL-2.0-only
/*
 * ASan, TSan and UBSan call __sanitizer_report_error_summary() with their
 * SUMMARY line just before they stop the process. Defining it here (the
 * runtimes' copy is weak) adds the program and the replay command of the
 * run in progress to every sanitizer report, while libFuzzer's death
 * callback, which saves the crash file, stays in place. The current
 * input lives in this file so that any run registering one links the hook
 * in from the static library.
 */
#include <stdio.h>

#include "input/input.h"
#include "report.h"

static const struct report_input *current_input;
void (*report_death_hook)(void);

void report_set_current(const struct report_input *in)
{
	current_input = in;
}

const struct report_input *report_current(void)
{
	return current_input;
}

void __sanitizer_report_error_summary(const char *summary);

void __sanitizer_report_error_summary(const char *summary)
{
	const struct report_input *in = report_current();
	char cmd[512];

	fprintf(stderr, "%s\n", summary);
	if (!in)
		return;
	fputs("---- tlbfuzz program being run\n", stderr);
	input_print(in->prog, stderr);
	report_replay_command(in, cmd, sizeof(cmd));
	fprintf(stderr, "---- replay\n  %s\n", cmd);
	if (report_death_hook)
		report_death_hook();
}
