/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A finding as one self-contained HTML page (`tlbfuzz report --html`): a
 * lane per CPU, the run's steps down the page, the reported object's life
 * beside the lanes, the fatal step marked, and each event's kernel
 * function and arguments on hover or click. The data travel as JSON in
 * the page; the script and style are inline (fuzz/html/): no network.
 */
#ifndef TLBF_REPORT_HTML_H
#define TLBF_REPORT_HTML_H

#include <stdio.h>

#include "report.h"

/* After run_program() with run_options.trace, before the next run. */
void report_print_html(FILE *out, const struct report_input *in,
		       const struct run_result *res);

#endif
