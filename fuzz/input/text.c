// SPDX-License-Identifier: GPL-2.0-only
/*
 * Printing a program in the text format (docs/input-format.md). The output
 * is canonical: header lines in a fixed order, then the set-up program,
 * then each CPU's, then the schedule, 16 bytes a line. fuzz/input/parse.c
 * reads it back.
 */
#include "arch.h"
#include "inject.h"
#include "input.h"

#define SCHEDULE_PER_LINE 16

static void print_inject(unsigned int mask, FILE *out)
{
	const char *sep = "";
	unsigned int b;

	fputs("inject: ", out);
	if (!mask)
		fputs("none", out);
	for (b = 0; b < BUG_NR; b++) {
		if (mask & (1u << b)) {
			fprintf(out, "%s%s", sep, inject_table[b].name);
			sep = ",";
		}
	}
	fputc('\n', out);
}

static void print_header(const struct program *prog, FILE *out)
{
	fprintf(out, "geometry: %s\n", input_geometry(prog->geometry)->name);
	fprintf(out, "arch: %s\n", arch_profiles[prog->arch]->name);
	fprintf(out, "cpus: %u\n", prog->nr_cpus);
	fprintf(out, "strategy: %s\n", strategy_name(prog->strategy));
	fprintf(out, "fail_nth: %u\n", (unsigned int)prog->fail_nth);
	if (prog->fail_kind)
		fprintf(out, "fail_kind: %s\n",
			fail_kind_name(prog->fail_kind));
	print_inject(prog->injected, out);
	/* Only when not the default: older canonical text stays canonical. */
	if (prog->rules != RULES_6_1)
		fprintf(out, "rules: %s\n", rules_name(prog->rules));
	if (prog->large_folios)
		fprintf(out, "folios: %s\n", folios_name(prog->large_folios));
}

static void print_op(const char *section, const struct op *op,
		     const struct program *prog, FILE *out)
{
	const struct op_info *info = &op_info[op->kind];
	unsigned int shift = input_geometry(prog->geometry)->page_shift;

	fprintf(out, "%s: %s", section, info->name);
	if (info->addr)
		fprintf(out, " 0x%lx", op->addr);
	if (info->pages)
		fprintf(out, " pages=%lu", op->len >> shift);
	if (info->arg == ARG_PGOFF)
		fprintf(out, " pgoff=%lu", op->arg);
	else if (info->arg == ARG_NEW_ADDR)
		fprintf(out, " new=0x%lx", op->arg);
	else if (info->arg == ARG_SHIFT)
		fprintf(out, " shift=0x%lx", op->arg);
	else if (info->arg == ARG_MM)
		fprintf(out, " mm=%lu", op->arg);
	fputc('\n', out);
}

static void print_schedule(const struct program *prog, FILE *out)
{
	size_t i;

	for (i = 0; i < prog->schedule_len; i++) {
		if (i % SCHEDULE_PER_LINE == 0)
			fputs(i ? "\nschedule:" : "schedule:", out);
		fprintf(out, " %02x", prog->schedule[i]);
	}
	if (prog->schedule_len)
		fputc('\n', out);
}

void input_print(const struct program *prog, FILE *out)
{
	char section[8];
	unsigned int c, i;

	print_header(prog, out);
	for (i = 0; i < prog->nr_setup; i++)
		print_op("setup", &prog->setup[i], prog, out);
	for (c = 0; c < prog->nr_cpus; c++) {
		snprintf(section, sizeof(section), "cpu%u", c);
		for (i = 0; i < prog->nr_ops[c]; i++)
			print_op(section, &prog->ops[c][i], prog, out);
	}
	print_schedule(prog, out);
}
