// SPDX-License-Identifier: GPL-2.0-only
/* The crash report (see report.h). */
#include <string.h>

#include "inject_env.h"
#include "objlog.h"
#include "input/input.h"
#include "report.h"
#include "sha1.h"

#ifndef TLBF_CLI_PATH
#define TLBF_CLI_PATH "tlbfuzz"
#endif

#define TRACE_COLUMN 26
#define TRACE_SHOWN  48

void report_replay_command(const struct report_input *in, char *buf, size_t len)
{
	char sha[SHA1_HEX_SIZE], list[256];
	size_t n;

	n = snprintf(buf, len, "%s run", TLBF_CLI_PATH);
	if (in->target && n < len)
		n += snprintf(buf + n, len - n, " --target %s", in->target);
	inject_format(in->inject, list, sizeof(list));
	if (list[0] && n < len)
		n += snprintf(buf + n, len - n, " --inject %s", list);
	if (n >= len)
		return;
	if (in->file) {
		snprintf(buf + n, len - n, " %s", in->file);
	} else {
		sha1_hex(in->data, in->size, sha);
		snprintf(buf + n, len - n, " crash-%s", sha);
	}
}

/*
 * One trace line: the step, then the event in its CPU's column: a
 * kernel function with its address argument, or a named scheduling
 * point. A long cell runs on past the next columns.
 */
static void print_trace_line(FILE *out, const struct run_trace_line *t,
			     bool fatal)
{
	char cell[160];

	if (!t->what)
		snprintf(cell, sizeof(cell), "%s", t->text);
	else if (t->arg)
		snprintf(cell, sizeof(cell), "%s(0x%lx)", t->what, t->arg);
	else
		snprintf(cell, sizeof(cell), "%s()", t->what);
	fprintf(out, "%c%7lu  %*s%s\n", fatal ? '>' : ' ', t->step,
		(int)(t->cpu * TRACE_COLUMN), "", cell);
}

static bool is_fatal(const struct run_result *res, unsigned int i)
{
	return res->finding && res->trace[i].step == res->step &&
	       res->trace[i].cpu == res->cpu;
}

void report_print_trace(FILE *out, const struct run_result *res,
			unsigned int nr_cpus, unsigned int max_lines)
{
	unsigned int i, c, first = 0;

	if (!res->nr_trace) {
		fputs("  (not recorded while fuzzing: the replay command prints it)\n",
		      out);
		return;
	}
	if (max_lines && res->nr_trace > max_lines)
		first = res->nr_trace - max_lines;
	fprintf(out, "%8s  ", "step");
	for (c = 0; c + 1 < nr_cpus; c++)
		fprintf(out, "cpu%-*u", TRACE_COLUMN - 3, c);
	fprintf(out, "cpu%u\n", c);
	for (i = first; i < res->nr_trace; i++)
		print_trace_line(out, &res->trace[i], is_fatal(res, i));
}

void report_print(FILE *out, const struct report_input *in,
		  const struct run_result *res)
{
	char cmd[512], list[256];

	fprintf(out, "==== tlbfuzz finding: %s: %s\n", oracle_name(res->oracle),
		res->reason);
	fprintf(out,
		"  on cpu%u at step %lu of %lu (%lu switches), trace hash %016llx\n",
		res->cpu, res->step, res->steps, res->switches,
		(unsigned long long)res->trace_hash);
	fprintf(out, "  object: %s\n", res->detail[0] ? res->detail : "-");
	if (strstr(res->stack, " <- "))
		fprintf(out, "  stack: %s\n", res->stack);
	inject_format(in->prog->injected | in->inject, list, sizeof(list));
	fprintf(out, "  switches: %s\n", list[0] ? list : "none");
	fputs("---- program\n", out);
	input_print(in->prog, out);
	fputs("---- trace (per CPU, '>' marks the fatal step)\n", out);
	report_print_trace(out, res, in->prog->nr_cpus, TRACE_SHOWN);
	if (res->nr_trace)
		objlog_print_life(out, res->detail, res->step, res->cpu);
	report_replay_command(in, cmd, sizeof(cmd));
	fprintf(out, "---- replay\n  %s\n", cmd);
}
