// SPDX-License-Identifier: GPL-2.0-only
/*
 * SUMMARY and DEDUP_TOKEN of a finding (see crash_state.h). Frames are
 * named with the sanitizer runtime's own symbolizer when one is linked
 * (inlined functions are frames too, as in the sanitizer's trace); a
 * build without one names only the oracle's function.
 */
#include "crash_state.h"

#include <string.h>

#include "oracle.h"

#define TOKEN_FRAMES 3
#define MAX_FRAMES   8

void __sanitizer_symbolize_pc(void *pc, const char *fmt, char *out, size_t len)
	__attribute__((weak));

/*
 * Append the function names at return address @pc (innermost inlined
 * first) to @names; returns the new count.
 */
static unsigned int frames_at(void *pc, char names[][96], unsigned int n,
			      unsigned int max)
{
	char buf[512];
	const char *p;

	if (!__sanitizer_symbolize_pc)
		return n;
	buf[0] = buf[1] = '\0';
	/* The call instruction, not the one after it. */
	__sanitizer_symbolize_pc((char *)pc - 1, "%f", buf, sizeof(buf));
	for (p = buf; *p && n < max; p += strlen(p) + 1)
		snprintf(names[n++], sizeof(names[0]), "%s", p);
	return n;
}

unsigned int crash_state_frames(enum oracle o, unsigned int max,
				const char *sep, char *buf, size_t len)
{
	char names[MAX_FRAMES][96];
	void *pcs[REPORT_MAX_PCS];
	unsigned int i, nr, n = 0;
	size_t used;

	if (max > MAX_FRAMES)
		max = MAX_FRAMES;
	snprintf(names[n++], sizeof(names[0]), "%s", oracle_die_name(o));
	nr = report_stack(pcs, REPORT_MAX_PCS);
	for (i = 0; i < nr && n < max; i++)
		n = frames_at(pcs[i], names, n, max);
	used = (size_t)snprintf(buf, len, "%s", names[0]);
	for (i = 1; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", sep,
					 names[i]);
	return n;
}

void crash_state_print(FILE *out, const struct run_result *res)
{
	char token[3 * 96 + 8];
	const char *site;

	crash_state_frames(res->oracle, TOKEN_FRAMES, "--", token,
			   sizeof(token));
	site = strstr(token, "--");
	fprintf(out, "SUMMARY: tlbfuzz: %s: %s", oracle_name(res->oracle),
		res->detail[0] ? res->detail : res->reason);
	if (site) {
		const char *end = strstr(site + 2, "--");

		fprintf(out, " in %.*s",
			end ? (int)(end - site - 2) : (int)strlen(site + 2),
			site + 2);
	}
	fprintf(out, "\nDEDUP_TOKEN: %s\n", token);
}
