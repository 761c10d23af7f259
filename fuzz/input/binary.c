// SPDX-License-Identifier: GPL-2.0-only
/*
 * The binary input format (docs/input-format.md): every reader here has
 * its writer beside it, and every byte string decodes to a runnable
 * program. Multi-byte fields are little-endian; a read past the end of the
 * input yields 0, as libxml2's xmlFuzzReadInt does.
 */
#include <string.h>

#include "inject.h"
#include "arch.h"
#include "input.h"

struct reader {
	const uint8_t *p;
	size_t left;
};

static uint32_t read_uint(struct reader *r, unsigned int bytes)
{
	uint32_t v = 0;
	unsigned int i;

	for (i = 0; i < bytes && r->left; i++, r->left--)
		v |= (uint32_t)*r->p++ << (8 * i);
	return v;
}

static void write_uint(uint8_t **p, uint32_t v, unsigned int bytes)
{
	unsigned int i;

	for (i = 0; i < bytes; i++)
		*(*p)++ = (uint8_t)(v >> (8 * i));
}

#define U24_MASK    0xffffffu
#define INJECT_MASK ((1u << BUG_NR) - 1)

void input_default(struct program *prog)
{
	memset(prog, 0, sizeof(*prog));
	prog->nr_cpus = 2;
}

/* Header: geometry, arch, cpus, strategy, fail_nth:16, inject:16, sched. */
/*
 * The strategy byte's bits 2 to 6 were folded away before (strategy %
 * 4): a canonical input had them clear, and still means 6.1 rules, small
 * folios and a fail_nth that counts every allocation.
 */
static unsigned int read_header(struct reader *r, struct program *prog)
{
	unsigned int strategy;

	prog->geometry = read_uint(r, 1) % INPUT_NR_GEOMETRIES;
	prog->arch = read_uint(r, 1) % arch_nr_profiles;
	prog->nr_cpus = 2 + read_uint(r, 1) % (TLBF_MAX_CPUS - 1);
	strategy = read_uint(r, 1);
	prog->strategy = strategy % SCHED_NR;
	prog->rules = (strategy >> 2) & 1 ? RULES_6_12 : RULES_6_1;
	prog->large_folios = (strategy >> 3) & 1;
	prog->fail_kind = ((strategy >> 4) & 7) % PROGRAM_FAIL_KINDS;
	prog->fail_nth = read_uint(r, 2);
	prog->injected = read_uint(r, 2) & INJECT_MASK;
	return read_uint(r, 1);
}

static size_t schedule_len(const struct program *prog)
{
	if (prog->schedule_len > INPUT_MAX_SCHEDULE)
		return INPUT_MAX_SCHEDULE;
	return prog->schedule_len;
}

static void write_header(uint8_t **p, const struct program *prog)
{
	write_uint(p, prog->geometry, 1);
	write_uint(p, prog->arch, 1);
	write_uint(p, prog->nr_cpus - 2, 1);
	write_uint(p,
		   prog->strategy | (prog->rules == RULES_6_12) << 2 |
			   (prog->large_folios != 0) << 3 |
			   (prog->fail_kind % PROGRAM_FAIL_KINDS) << 4,
		   1);
	write_uint(p, prog->fail_nth, 2);
	write_uint(p, prog->injected, 2);
	write_uint(p, schedule_len(prog), 1);
}

static void read_record(struct reader *r, struct raw_op *raw)
{
	raw->section = read_uint(r, 1);
	raw->kind = read_uint(r, 1);
	raw->page = read_uint(r, 3);
	raw->pages_m1 = read_uint(r, 1);
	raw->arg = read_uint(r, 3);
}

static void write_record(uint8_t **p, const struct raw_op *raw)
{
	write_uint(p, raw->section, 1);
	write_uint(p, raw->kind, 1);
	write_uint(p, raw->page, 3);
	write_uint(p, raw->pages_m1, 1);
	write_uint(p, raw->arg, 3);
}

static unsigned long user_pages(const struct program *prog)
{
	const struct pt_geometry *g = input_geometry(prog->geometry);

	return g->task_size >> g->page_shift;
}

/*
 * Windowed geometries (core/geometry.h: window_shift): the lower half of
 * the index space names pages from 0 up, the upper half a window of the
 * same size centred on the first 1 << window_shift boundary, so that
 * both sides of a boundary 16M pages cannot reach are one record away.
 */
static unsigned long window_base(const struct pt_geometry *g)
{
	return (1UL << (g->window_shift - g->page_shift)) -
	       INPUT_INDEX_LIMIT / 4;
}

unsigned long input_index_page(const struct program *prog, unsigned long index)
{
	const struct pt_geometry *g = input_geometry(prog->geometry);
	unsigned long half = INPUT_INDEX_LIMIT / 2;

	index &= U24_MASK;
	if (!g->window_shift || index < half)
		return index;
	return window_base(g) + (index - half);
}

unsigned long input_page_index(const struct program *prog, unsigned long page)
{
	const struct pt_geometry *g = input_geometry(prog->geometry);
	unsigned long half = INPUT_INDEX_LIMIT / 2;

	if (!g->window_shift)
		return page < INPUT_INDEX_LIMIT ? page : INPUT_INDEX_LIMIT;
	if (page < half)
		return page;
	if (page >= window_base(g) && page - window_base(g) < half)
		return half + (page - window_base(g));
	return INPUT_INDEX_LIMIT;
}

/* The target page of a move, folded so that @n pages fit below TASK_SIZE. */
static unsigned long fold_new_page(const struct raw_op *raw,
				   const struct program *prog, unsigned long n)
{
	unsigned long limit = user_pages(prog), page;

	if (!input_geometry(prog->geometry)->window_shift)
		return (raw->arg & U24_MASK) % (limit - n + 1);
	page = input_index_page(prog, raw->arg);
	return page > limit - n ? limit - n : page;
}

void input_fold_op(const struct raw_op *raw, const struct program *prog,
		   struct op *op)
{
	unsigned int shift = input_geometry(prog->geometry)->page_shift;
	unsigned long limit = user_pages(prog), page = 0, n = 1, arg = 0;
	const struct op_info *info;

	op->kind = raw->kind % OP_NR;
	info = &op_info[op->kind];
	if (info->addr)
		page = input_index_page(prog, raw->page) % limit;
	if (info->pages) {
		n = (unsigned long)raw->pages_m1 + 1;
		if (n > limit - page)
			n = limit - page;
	}
	if (info->arg == ARG_PGOFF)
		arg = raw->arg & U24_MASK;
	else if (info->arg == ARG_NEW_ADDR)
		arg = fold_new_page(raw, prog, n) << shift;
	else if (info->arg == ARG_SHIFT)
		arg = ((raw->arg & U24_MASK) % limit) << shift;
	else if (info->arg == ARG_MM)
		arg = (raw->arg & U24_MASK) % PROGRAM_MMS;
	op->addr = page << shift;
	op->len = n << shift;
	op->arg = arg;
}

void input_unfold_op(const struct op *op, const struct program *prog,
		     unsigned int section, struct raw_op *raw)
{
	unsigned int shift = input_geometry(prog->geometry)->page_shift;
	enum op_arg arg = op_info[op->kind].arg;

	raw->section = section;
	raw->kind = op->kind;
	raw->page = input_page_index(prog, op->addr >> shift);
	raw->pages_m1 = (op->len >> shift) - 1;
	if (arg == ARG_PGOFF || arg == ARG_MM)
		raw->arg = op->arg;
	else if (arg == ARG_NEW_ADDR)
		raw->arg = input_page_index(prog, op->arg >> shift);
	else
		raw->arg = op->arg >> shift;
}

/*
 * Section 0 is the set-up program, 1 + n CPU n; a CPU the header does not
 * have folds onto one it has. Operations past a program's capacity drop.
 */
static void place_op(const struct raw_op *raw, struct program *prog)
{
	unsigned int section = raw->section % INPUT_SECTIONS, cpu;
	struct op *op;

	if (!section) {
		if (prog->nr_setup == PROGRAM_MAX_SETUP)
			return;
		op = &prog->setup[prog->nr_setup++];
	} else {
		cpu = (section - 1) % prog->nr_cpus;
		if (prog->nr_ops[cpu] == PROGRAM_MAX_OPS)
			return;
		op = &prog->ops[cpu][prog->nr_ops[cpu]++];
	}
	input_fold_op(raw, prog, op);
}

void input_decode(const uint8_t *data, size_t size, struct program *prog)
{
	struct reader r = {data, size};
	size_t sched_len;
	struct raw_op raw;

	input_default(prog);
	sched_len = read_header(&r, prog);
	if (sched_len > r.left)
		sched_len = r.left;
	prog->schedule_len = sched_len;
	if (sched_len)
		memcpy(prog->schedule, data + size - sched_len, sched_len);
	r.left -= sched_len;
	while (r.left >= INPUT_RECORD_SIZE) {
		read_record(&r, &raw);
		place_op(&raw, prog);
	}
}

size_t input_encode(const struct program *prog, uint8_t *buf)
{
	uint8_t *p = buf;
	struct raw_op raw;
	unsigned int c, i;

	write_header(&p, prog);
	for (i = 0; i < prog->nr_setup; i++) {
		input_unfold_op(&prog->setup[i], prog, 0, &raw);
		write_record(&p, &raw);
	}
	for (c = 0; c < prog->nr_cpus; c++) {
		for (i = 0; i < prog->nr_ops[c]; i++) {
			input_unfold_op(&prog->ops[c][i], prog, 1 + c, &raw);
			write_record(&p, &raw);
		}
	}
	memcpy(p, prog->schedule, schedule_len(prog));
	return p + schedule_len(prog) - buf;
}

void input_reread(struct program *prog, unsigned int geometry)
{
	static uint8_t buf[INPUT_MAX_SIZE];
	size_t len = input_encode(prog, buf);

	buf[0] = (uint8_t)geometry;
	input_decode(buf, len, prog);
}

bool input_fold_geometry(const struct program *prog, struct program *out)
{
	const struct pt_geometry *g = input_geometry(prog->geometry);
	const struct pt_geometry *run = geometry_for_gather(g);
	unsigned int i;

	if (run == g)
		return false;
	*out = *prog;
	for (i = 0; i < geometry_nr; i++)
		if (geometry_table[i] == run)
			input_reread(out, i);
	return true;
}
