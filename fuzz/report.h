/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The crash report, shared by the CLI and every fuzz target: the oracle and
 * its one-line reason, the object, the stack of the place that fired, the
 * decoded program, a per-CPU-column trace around the fatal step (named by
 * core/trace_names.h), the object's life (core/objlog.h) and the exact
 * replay command. docs/reading-a-finding.md explains it.
 *
 * ASan, TSan and UBSan findings are the sanitizers' own reports; a run
 * registers its input with report_set_current() and the summary hook
 * (fuzz/sanitizer_hook.c) prints the program and the replay command after
 * the sanitizer's summary line. libFuzzer's own death callback is left
 * alone, so it still saves the crash file.
 */
#ifndef TLBF_REPORT_H
#define TLBF_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "program.h"
#include "run.h"

struct report_input {
	const struct program *prog;
	/* The file to replay; NULL: libFuzzer's crash-<sha1 of data>. */
	const char *file;
	const uint8_t *data;
	size_t size;
	const char *target; /* "gather"...: replay with --target */
	unsigned int inject; /* switches from the environment/--inject */
};

void report_print(FILE *out, const struct report_input *in,
		  const struct run_result *res);
void report_replay_command(const struct report_input *in, char *buf,
			   size_t len);
/*
 * The per-CPU-column trace, the fatal step marked with '>': its last
 * @max_lines lines (0: all the run kept).
 */
void report_print_trace(FILE *out, const struct run_result *res,
			unsigned int nr_cpus, unsigned int max_lines);
/* What the sanitizer hook prints; NULL when no run is in progress. */
void report_set_current(const struct report_input *in);
const struct report_input *report_current(void);
/* Called after a sanitizer's report, before the process dies (fuzz.c). */
extern void (*report_death_hook)(void);

#endif
