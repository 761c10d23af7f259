// SPDX-License-Identifier: GPL-2.0-only
/*
 * Operation lines of the text format:
 *   SECTION: NAME [ADDR] [pages=N] [pgoff=N | new=ADDR | shift=BYTES]
 * Which fields an operation takes is in op_info[]. The value is checked by
 * folding it as the binary decoder would: if folding changes it, the
 * binary format could not carry it and the line is an error.
 */
#include <string.h>

#include "input.h"
#include "parse.h"

#define U24_LIMIT (1ul << 24)

struct op_text {
	unsigned long addr;
	unsigned long pages;
	unsigned long arg;
};

static const char *arg_key(enum op_arg arg)
{
	static const char *const keys[] = {
		[ARG_NONE] = "",	[ARG_PGOFF] = "pgoff",
		[ARG_NEW_ADDR] = "new", [ARG_SHIFT] = "shift",
		[ARG_MM] = "mm",
	};

	return keys[arg];
}

/* "mremap ADDR pages=N new=N": what the line should have looked like. */
static const char *op_usage(const struct op_info *info, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s", info->name, info->addr ? " ADDR" : "",
		 info->pages ? " pages=N" : "", info->arg ? " " : "",
		 info->arg ? arg_key(info->arg) : "");
	if (info->arg)
		strncat(buf, "=N", len - strlen(buf) - 1);
	return buf;
}

static int parse_field(struct parser *ps, const struct op_info *info, char *tok,
		       struct op_text *t)
{
	char *eq = strchr(tok, '='), usage[64];
	unsigned long v;

	op_usage(info, usage, sizeof(usage));
	if (!eq)
		return parse_fail(ps,
				  "expected key=value, got '%s' (usage: %s)",
				  tok, usage);
	*eq = 0;
	if (!parse_number(eq + 1, &v))
		return parse_fail(ps, "expected a number after '%s=', got '%s'",
				  tok, eq + 1);
	if (info->pages && !strcmp(tok, "pages")) {
		if (v < 1 || v > 256)
			return parse_fail(ps, "expected pages=1..256, got %lu",
					  v);
		t->pages = v;
	} else if (info->arg && !strcmp(tok, arg_key(info->arg))) {
		t->arg = v;
	} else {
		return parse_fail(ps, "'%s=' does not apply (usage: %s)", tok,
				  usage);
	}
	return 0;
}

static struct op *op_slot(struct parser *ps, int section)
{
	struct program *prog = ps->prog;
	unsigned int cpu = section - 1;

	if (!section) {
		if (prog->nr_setup == PROGRAM_MAX_SETUP) {
			parse_fail(ps, "more than %d set-up operations",
				   PROGRAM_MAX_SETUP);
			return NULL;
		}
		return &prog->setup[prog->nr_setup++];
	}
	if (cpu >= prog->nr_cpus) {
		parse_fail(
			ps,
			"cpu%u but the program has cpus: %u (put 'cpus:' first)",
			cpu, prog->nr_cpus);
		return NULL;
	}
	if (prog->nr_ops[cpu] == PROGRAM_MAX_OPS) {
		parse_fail(ps, "more than %d operations on cpu%u",
			   PROGRAM_MAX_OPS, cpu);
		return NULL;
	}
	return &prog->ops[cpu][prog->nr_ops[cpu]++];
}

/* Fold the values as the binary decoder would; they must come back. */
static int store_op(struct parser *ps, int kind, const struct op_text *t,
		    struct op *op)
{
	unsigned int shift = input_geometry(ps->prog->geometry)->page_shift;
	enum op_arg arg = op_info[kind].arg;
	unsigned long mask = (1ul << shift) - 1, arg_raw = t->arg;
	struct raw_op raw;

	if (t->addr & mask)
		return parse_fail(ps, "address 0x%lx is not page aligned",
				  t->addr);
	if ((arg == ARG_NEW_ADDR || arg == ARG_SHIFT) && (t->arg & mask))
		return parse_fail(ps, "%s=0x%lx is not page aligned",
				  arg_key(arg), t->arg);
	if (arg == ARG_SHIFT)
		arg_raw >>= shift;
	else if (arg == ARG_NEW_ADDR)
		arg_raw = input_page_index(ps->prog, arg_raw >> shift);
	if (arg == ARG_MM && t->arg >= PROGRAM_MMS)
		return parse_fail(ps, "expected mm=0..%d, got %lu",
				  PROGRAM_MMS - 1, t->arg);
	raw = (struct raw_op){0, kind, 0, t->pages - 1, arg_raw};
	raw.page = input_page_index(ps->prog, t->addr >> shift);
	if (raw.page >= U24_LIMIT || arg_raw >= U24_LIMIT)
		goto range;
	input_fold_op(&raw, ps->prog, op);
	if (op->addr == t->addr && op->len == t->pages << shift &&
	    op->arg == t->arg)
		return 0;
range:
	if (input_geometry(ps->prog->geometry)->window_shift)
		return parse_fail(
			ps,
			"%s outside what a page index names at geometry %s "
			"(see docs/geometries.md)",
			op_info[kind].name,
			input_geometry(ps->prog->geometry)->name);
	return parse_fail(
		ps, "%s outside the user range of geometry %s (end 0x%lx)",
		op_info[kind].name, input_geometry(ps->prog->geometry)->name,
		input_geometry(ps->prog->geometry)->task_size);
}

int parse_op_line(struct parser *ps, int section, char *v)
{
	struct op_text t = {0, 1, 0};
	char *tok, *save, usage[64];
	const struct op_info *info;
	struct op *op;
	int kind;

	tok = strtok_r(v, " \t", &save);
	if (!tok)
		return parse_fail(ps, "expected an operation name");
	kind = op_by_name(tok, strlen(tok));
	if (kind < 0)
		return parse_fail(
			ps, "unknown operation '%s' (see docs/input-format.md)",
			tok);
	info = &op_info[kind];
	op_usage(info, usage, sizeof(usage));
	if (info->addr) {
		tok = strtok_r(NULL, " \t", &save);
		if (!tok || !parse_number(tok, &t.addr))
			return parse_fail(ps, "expected an address (usage: %s)",
					  usage);
	}
	while ((tok = strtok_r(NULL, " \t", &save)))
		if (parse_field(ps, info, tok, &t))
			return -1;
	op = op_slot(ps, section);
	if (!op)
		return -1;
	return store_op(ps, kind, &t, op);
}
