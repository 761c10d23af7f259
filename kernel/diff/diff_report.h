/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Two event texts (events_print.h) side by side: where they first differ,
 * the lines around it, and a short kind of the difference that names the
 * event and fields, not their values, so one kind is counted once.
 */
#ifndef TLBF_DIFF_REPORT_H
#define TLBF_DIFF_REPORT_H

#include <stddef.h>
#include <stdio.h>

/* 1-based number of the first line that differs; 0 if the texts match. */
unsigned int diff_first_line(const char *model, const char *kernel);
/* Lines @n-5 .. @n+2 of both, the differing one marked '>'. */
void diff_side_by_side(FILE *out, const char *model, const char *kernel,
		       unsigned int n);
/* "model-event/kernel-event:field,field" of line @n. */
void diff_kind(const char *model, const char *kernel, unsigned int n,
	       char *kind, size_t size);

#endif
