// SPDX-License-Identifier: GPL-2.0-only
/* Structure-aware mutation and cross-over (see mutator.h). */
#include "mutator.h"

#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "input/input.h"

/* libFuzzer's own byte mutator; absent from the replay binaries. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max)
	__attribute__((weak));

/* One in BYTE_SHARE calls leaves the bytes to libFuzzer. */
#define BYTE_SHARE    5
#define SETUP_SECTION (-1)

enum mutation {
	MUT_INSERT,
	MUT_DELETE,
	MUT_DUPLICATE,
	MUT_SWAP,
	MUT_MOVE,
	MUT_RETARGET,
	MUT_FIELD,
	MUT_KIND,
	MUT_HEADER,
	MUT_SCHEDULE,
	MUT_MEET,
	MUT_NR,
};

struct mut {
	uint64_t rng;
	const char *target;
	unsigned int cap;
	struct program p;
};

static uint64_t next(struct mut *m)
{
	uint64_t z = (m->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned long below(struct mut *m, unsigned long n)
{
	return n ? next(m) % n : 0;
}

static unsigned int ops_cap(void)
{
	static unsigned int cap;
	const char *v;
	long n;

	if (cap)
		return cap;
	v = getenv("TLBFUZZ_MUTATOR_OPS");
	n = v && *v ? strtol(v, NULL, 10) : 0;
	cap = n >= 1 && n <= PROGRAM_MAX_OPS ? (unsigned int)n
					     : MUTATOR_DEFAULT_OPS;
	return cap;
}

/*
 * The largest input a mutation may grow to (TLBFUZZ_MUTATOR_MAX_LEN,
 * bytes; 0: libFuzzer's -max_len alone). An input already larger (a seed,
 * a reproducer) may still be mutated, within its own size.
 */
static size_t grow_limit(size_t size, size_t max)
{
	static size_t cap = (size_t)-1;
	size_t lim;

	if (cap == (size_t)-1) {
		const char *v = getenv("TLBFUZZ_MUTATOR_MAX_LEN");
		long n = v && *v ? strtol(v, NULL, 10) : -1;

		cap = n >= 0 ? (size_t)n : MUTATOR_DEFAULT_MAX_LEN;
	}
	if (!cap)
		return max;
	lim = size > cap ? size : cap;
	return lim < max ? lim : max;
}

static void mut_init(struct mut *m, unsigned int seed, size_t size,
		     const char *target)
{
	m->rng = (uint64_t)seed * 0x2545f4914f6cdd1dULL ^ size;
	m->target = target;
	m->cap = ops_cap();
}

/* ---- sections --------------------------------------------------------- */

static struct op *ops_of(struct program *p, int s, unsigned int **n)
{
	if (s == SETUP_SECTION) {
		*n = &p->nr_setup;
		return p->setup;
	}
	*n = &p->nr_ops[s];
	return p->ops[s];
}

static unsigned int cap_of(const struct mut *m, int s)
{
	if (s == SETUP_SECTION)
		return m->cap < PROGRAM_MAX_SETUP ? m->cap : PROGRAM_MAX_SETUP;
	return m->cap;
}

/* The set-up program one time in six, else a CPU. */
static int pick_section(struct mut *m)
{
	if (!below(m, 6))
		return SETUP_SECTION;
	return (int)below(m, m->p.nr_cpus);
}

/* A section with at least one operation, or none (-2). */
static int pick_nonempty(struct mut *m)
{
	int s, tries;
	unsigned int *n;

	for (tries = 0; tries < 8; tries++) {
		s = pick_section(m);
		ops_of(&m->p, s, &n);
		if (*n)
			return s;
	}
	return -2;
}

static void insert_at(struct op *ops, unsigned int *n, unsigned int pos,
		      const struct op *op)
{
	memmove(&ops[pos + 1], &ops[pos], (*n - pos) * sizeof(*ops));
	ops[pos] = *op;
	++*n;
}

static void remove_at(struct op *ops, unsigned int *n, unsigned int pos)
{
	memmove(&ops[pos], &ops[pos + 1], (*n - pos - 1) * sizeof(*ops));
	--*n;
}

/* ---- values ------------------------------------------------------------ */

static const struct pt_geometry *geom(const struct mut *m)
{
	return input_geometry(m->p.geometry);
}

/* Some operation's start or end, or a random page (none, or 1 in 8). */
static unsigned long base_addr(struct mut *m)
{
	const struct pt_geometry *g = geom(m);
	unsigned long pages = g->task_size >> g->page_shift;
	unsigned int total = m->p.nr_setup, c, pick;
	const struct op *op = NULL;

	for (c = 0; c < m->p.nr_cpus; c++)
		total += m->p.nr_ops[c];
	if (total && below(m, 8)) {
		pick = (unsigned int)below(m, total);
		if (pick < m->p.nr_setup) {
			op = &m->p.setup[pick];
		} else {
			pick -= m->p.nr_setup;
			for (c = 0; pick >= m->p.nr_ops[c]; c++)
				pick -= m->p.nr_ops[c];
			op = &m->p.ops[c][pick];
		}
		if (op_info[op->kind].addr)
			return below(m, 3) ? op->addr : op->addr + op->len;
	}
	return below(m, pages) << g->page_shift;
}

/*
 * An address worth aiming at: an existing one, a page beside it, or the
 * boundary of a table at some level around it (a floor or ceiling of
 * free_pgd_range, where one table ends and the next begins).
 */
static unsigned long pick_addr(struct mut *m)
{
	const struct pt_geometry *g = geom(m);
	unsigned long page = 1UL << g->page_shift, a = base_addr(m), span;
	unsigned int level = 1 + (unsigned int)below(m, g->levels - 1);

	span = 1UL << (g->page_shift + g->table_bits * level);
	switch (below(m, 6)) {
	case 1:
		a = a >= page ? a - page : a;
		break;
	case 2:
		a += page;
		break;
	case 3:
		a &= ~(span - 1);
		break;
	case 4:
		a = (a + span - 1) & ~(span - 1);
		break;
	case 5:
		a = ((a + span - 1) & ~(span - 1)) - page;
		break;
	}
	if (a >= g->task_size)
		a = g->task_size - page;
	return a & ~(page - 1);
}

/*
 * Mostly small: a run's cost grows with the pages it maps and zaps, and
 * a table boundary is reached by the address, not by the size. Half the
 * time 1-4 pages, a quarter 8-32, the rest up to the format's 256.
 */
static unsigned long pick_pages(struct mut *m)
{
	unsigned long r = below(m, 8);

	if (r < 4)
		return 1UL << below(m, 3);
	if (r < 6)
		return 8UL << below(m, 3);
	if (r < 7)
		return 64UL << below(m, 3);
	return 1 + below(m, OP_PAGES_MAX);
}

static unsigned long pick_arg(struct mut *m, enum op_arg arg)
{
	const struct pt_geometry *g = geom(m);

	switch (arg) {
	case ARG_PGOFF:
		return below(m, 16);
	case ARG_NEW_ADDR:
		return pick_addr(m);
	case ARG_SHIFT:
		return (1UL
			<< (g->page_shift + below(m, 2 * g->table_bits + 1))) %
		       g->task_size;
	default:
		return 0;
	}
}

/* A kind of the target's set (a few tries, then whatever came). */
static unsigned int pick_kind(struct mut *m)
{
	unsigned int k = 0, tries;

	for (tries = 0; tries < 64; tries++) {
		k = (unsigned int)below(m, OP_NR);
		if (input_op_allowed(m->target, k))
			break;
	}
	return k;
}

/* Give @op kind @kind, keeping the fields it already has that fit. */
static void set_kind(struct mut *m, struct op *op, unsigned int kind)
{
	const struct op_info *info = &op_info[kind];
	unsigned long page = 1UL << geom(m)->page_shift;

	if (info->addr && !op_info[op->kind].addr)
		op->addr = pick_addr(m);
	if (!info->addr)
		op->addr = 0;
	if (info->pages && !op_info[op->kind].pages)
		op->len = pick_pages(m) * page;
	if (!info->pages)
		op->len = page;
	if (info->arg != op_info[op->kind].arg)
		op->arg = pick_arg(m, info->arg);
	op->kind = (uint8_t)kind;
}

static void fresh_op(struct mut *m, struct op *op)
{
	*op = (struct op){.kind = OP_EXIT, .len = 1UL << geom(m)->page_shift};
	set_kind(m, op, pick_kind(m));
}

/* ---- mutations --------------------------------------------------------- */

static bool mut_insert(struct mut *m)
{
	int s = pick_section(m);
	unsigned int *n;
	struct op *ops = ops_of(&m->p, s, &n), op;

	if (*n >= cap_of(m, s))
		return false;
	fresh_op(m, &op);
	insert_at(ops, n, (unsigned int)below(m, *n + 1), &op);
	return true;
}

static bool mut_delete(struct mut *m)
{
	int s = pick_nonempty(m);
	unsigned int *n;
	struct op *ops;

	if (s == -2)
		return false;
	ops = ops_of(&m->p, s, &n);
	remove_at(ops, n, (unsigned int)below(m, *n));
	return true;
}

static bool mut_duplicate(struct mut *m)
{
	int s = pick_nonempty(m);
	unsigned int *n, pos;
	struct op *ops, op;

	if (s == -2)
		return false;
	ops = ops_of(&m->p, s, &n);
	if (*n >= cap_of(m, s))
		return false;
	pos = (unsigned int)below(m, *n);
	op = ops[pos];
	insert_at(ops, n, pos + (unsigned int)below(m, *n - pos + 1), &op);
	return true;
}

static bool mut_swap(struct mut *m)
{
	int s = pick_nonempty(m);
	unsigned int *n, i, j;
	struct op *ops, t;

	if (s == -2)
		return false;
	ops = ops_of(&m->p, s, &n);
	if (*n < 2)
		return false;
	i = (unsigned int)below(m, *n);
	j = below(m, 2) ? (i + 1) % *n : (unsigned int)below(m, *n);
	t = ops[i];
	ops[i] = ops[j];
	ops[j] = t;
	return i != j;
}

/* An operation of one CPU (or the set-up) goes to another CPU. */
static bool mut_move(struct mut *m)
{
	int from = pick_nonempty(m), to = (int)below(m, m->p.nr_cpus);
	unsigned int *nf, *nt, pos;
	struct op *of, *ot, op;

	if (from == -2 || from == to)
		return false;
	of = ops_of(&m->p, from, &nf);
	ot = ops_of(&m->p, to, &nt);
	if (*nt >= cap_of(m, to))
		return false;
	pos = (unsigned int)below(m, *nf);
	op = of[pos];
	remove_at(of, nf, pos);
	insert_at(ot, nt, (unsigned int)below(m, *nt + 1), &op);
	return true;
}

static struct op *pick_op(struct mut *m)
{
	int s = pick_nonempty(m);
	unsigned int *n;
	struct op *ops;

	if (s == -2)
		return NULL;
	ops = ops_of(&m->p, s, &n);
	return &ops[below(m, *n)];
}

static bool mut_retarget(struct mut *m)
{
	struct op *op = pick_op(m);
	const struct op_info *info;

	if (!op)
		return false;
	info = &op_info[op->kind];
	if (info->arg == ARG_NEW_ADDR && (!info->addr || below(m, 2)))
		op->arg = pick_addr(m);
	else if (info->addr)
		op->addr = pick_addr(m);
	else
		return false;
	return true;
}

static bool mut_field(struct mut *m)
{
	struct op *op = pick_op(m);
	const struct op_info *info;

	if (!op)
		return false;
	info = &op_info[op->kind];
	if (info->pages && (info->arg == ARG_NONE || below(m, 2)))
		op->len = pick_pages(m) << geom(m)->page_shift;
	else if (info->arg != ARG_NONE)
		op->arg = pick_arg(m, info->arg);
	else
		return false;
	return true;
}

static bool mut_kind(struct mut *m)
{
	struct op *op = pick_op(m);

	if (!op)
		return false;
	set_kind(m, op, pick_kind(m));
	return true;
}

/*
 * The injected failure: off; when one is set, a step to an allocation
 * near it (a run that failed one allocation and found new code is often
 * an allocation or two from the one that matters); or a fresh pick, half
 * the time among the first 48 allocations of any kind, half the time
 * mostly the first or second of one kind. The first of a kind is where
 * its failure path runs first (the first table batch of a gather: one
 * fresh pick in about 30 that way, one in 96 by its index among all
 * allocations, which moves with everything the program allocates
 * before it).
 */
static void mutate_fault(struct mut *m, struct program *p)
{
	uint32_t step;

	switch (below(m, 4)) {
	case 0:
		p->fail_nth = 0;
		p->fail_kind = 0;
		return;
	case 1:
	case 2:
		if (p->fail_nth) {
			step = 1 + (uint32_t)below(m, 3);
			if (below(m, 2))
				p->fail_nth += step;
			else
				p->fail_nth = p->fail_nth > step
						      ? p->fail_nth - step
						      : 1;
			return;
		}
		/* fall through */
	default:
		if (below(m, 2)) {
			p->fail_kind = 0;
			p->fail_nth = 1 + (uint32_t)below(m, 48);
			return;
		}
		p->fail_kind = (uint8_t)(1 + below(m, PROGRAM_FAIL_KINDS - 1));
		p->fail_nth = 1 + (uint32_t)below(m, below(m, 4) ? 2 : 16);
	}
}

static bool mut_header(struct mut *m)
{
	struct program *p = &m->p;

	switch (below(m, 6)) {
	case 4:
		p->rules = (uint8_t)below(m, RULES_NR);
		break;
	case 5:
		p->large_folios = !p->large_folios;
		break;
	case 0:
		p->arch = (uint8_t)below(m, arch_nr_profiles);
		break;
	case 1:
		p->geometry = (uint8_t)below(m, INPUT_NR_GEOMETRIES);
		break;
	case 2:
		p->nr_cpus = (uint8_t)(2 + below(m, TLBF_MAX_CPUS - 1));
		break;
	default:
		mutate_fault(m, p);
		break;
	}
	return true;
}

static bool mut_schedule(struct mut *m)
{
	struct program *p = &m->p;
	size_t len = p->schedule_len, i;

	switch (below(m, 6)) {
	case 0:
		p->strategy = (uint8_t)below(m, SCHED_NR);
		return true;
	case 1: /* one byte anew */
		if (!len)
			return false;
		p->schedule[below(m, len)] = (uint8_t)next(m);
		return true;
	case 2: /* insert one */
		if (len >= INPUT_MAX_SCHEDULE)
			return false;
		i = below(m, len + 1);
		memmove(&p->schedule[i + 1], &p->schedule[i], len - i);
		p->schedule[i] = (uint8_t)next(m);
		p->schedule_len++;
		return true;
	case 3: /* delete one */
		if (!len)
			return false;
		i = below(m, len);
		memmove(&p->schedule[i], &p->schedule[i + 1], len - i - 1);
		p->schedule_len--;
		return true;
	case 4: /* cut: the fallback decides the rest */
		if (!len)
			return false;
		p->schedule_len = below(m, len);
		return true;
	default: /* append a few */
		for (i = 1 + below(m, 8);
		     i && p->schedule_len < INPUT_MAX_SCHEDULE; i--)
			p->schedule[p->schedule_len++] = (uint8_t)next(m);
		return true;
	}
}

/*
 * Lockless accessors (user access, hardware walk, gup_fast) and the
 * operations that change or free what they reach: a pair of one of each,
 * on two CPUs at one address, is what a window needs.
 */
static const uint8_t accessors[] = {OP_READ, OP_WRITE, OP_HW_WALK, OP_GUP_FAST};
static const uint8_t changers[] = {
	OP_MUNMAP,	 OP_MUNMAP_DOWNGRADE, OP_MADV_DONTNEED,
	OP_MADV_FREE,	 OP_MREMAP,	      OP_EXEC_SHIFT,
	OP_RECLAIM_ANON, OP_COLLAPSE,	      OP_MPROTECT_HUGETLB,
};

static bool is_accessor(unsigned int kind)
{
	unsigned int i;

	for (i = 0; i < sizeof(accessors); i++)
		if (accessors[i] == kind)
			return true;
	return false;
}

/* A kind of @set the target allows (a few tries), or OP_NR. */
static unsigned int pick_of(struct mut *m, const uint8_t *set, unsigned int n)
{
	unsigned int tries, k;

	for (tries = 0; tries < 8; tries++) {
		k = set[below(m, n)];
		if (input_op_allowed(m->target, k))
			return k;
	}
	return OP_NR;
}

/* The process after @ops[0..@n), starting in @mm: the last use_mm's. */
static unsigned int mm_after(const struct op *ops, unsigned int n,
			     unsigned int mm)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (ops[i].kind == OP_USE_MM)
			mm = (unsigned int)(ops[i].arg % PROGRAM_MMS);
	return mm;
}

/*
 * The process CPU @cpu's operation @pos runs in: the set-up runs on CPU 0,
 * so CPU 0 starts where the set-up left off, the others in process 0.
 */
static unsigned int mm_at(const struct program *p, unsigned int cpu,
			  unsigned int pos)
{
	unsigned int start = cpu ? 0 : mm_after(p->setup, p->nr_setup, 0);

	return mm_after(p->ops[cpu],
			pos < p->nr_ops[cpu] ? pos : p->nr_ops[cpu], start);
}

static struct op use_mm_op(struct mut *m, unsigned int mm)
{
	struct op op;

	fresh_op(m, &op);
	set_kind(m, &op, OP_USE_MM);
	op.arg = mm;
	return op;
}

/*
 * Make changer @op cover the whole table at one level above the page it
 * aims at (a PMD or a PUD span, aligned): the unit a zap frees tables
 * by, a huge page's size (a hugetlb mapping refuses anything less
 * aligned) and the span one shared hugetlb PMD table maps.
 */
static void cover_tables(struct mut *m, struct op *op)
{
	const struct pt_geometry *g = geom(m);
	unsigned long span =
		1UL << (g->page_shift + g->table_bits * (1 + below(m, 2)));

	if ((span >> g->page_shift) > OP_PAGES_MAX)
		return; /* more than one operation's page count spells */
	op->addr &= ~(span - 1);
	op->len = span;
}

/*
 * Meet: another CPU gets an operation at a page of one CPU's operation,
 * an accessor against a changer or the other way round, so that the two
 * CPUs touch the same entries, tables and frames (most programs a
 * campaign keeps never do, and no schedule makes a window of them). The
 * same address in another process is another page: where the two CPUs
 * would run in different processes, the new operation is wrapped in a
 * switch to the first CPU's process and back, when the cap leaves room.
 */
static bool mut_meet(struct mut *m)
{
	unsigned int from, to, *n, kind, pages, at, x_at, mm, back;
	struct op *ops, *x, op;

	if (m->p.nr_cpus < 2)
		return false;
	from = (unsigned int)below(m, m->p.nr_cpus);
	to = (from + 1 + (unsigned int)below(m, m->p.nr_cpus - 1)) %
	     m->p.nr_cpus;
	if (!m->p.nr_ops[from])
		return false;
	x_at = (unsigned int)below(m, m->p.nr_ops[from]);
	x = &m->p.ops[from][x_at];
	ops = ops_of(&m->p, (int)to, &n);
	if (!op_info[x->kind].addr || *n >= cap_of(m, (int)to))
		return false;
	kind = is_accessor(x->kind) ? pick_of(m, changers, sizeof(changers))
				    : pick_of(m, accessors, sizeof(accessors));
	if (kind == OP_NR)
		return false;
	fresh_op(m, &op);
	set_kind(m, &op, kind);
	pages = (unsigned int)(x->len >> geom(m)->page_shift);
	op.addr =
		x->addr + (below(m, pages ? pages : 1) << geom(m)->page_shift);
	if (!is_accessor(kind) && below(m, 2))
		cover_tables(m, &op);
	at = (unsigned int)below(m, *n + 1);
	mm = mm_at(&m->p, from, x_at);
	back = mm_at(&m->p, to, at);
	if (mm != back && input_op_allowed(m->target, OP_USE_MM) &&
	    *n + 3 <= cap_of(m, (int)to)) {
		struct op sw = use_mm_op(m, back);

		insert_at(ops, n, at, &sw);
		insert_at(ops, n, at, &op);
		sw = use_mm_op(m, mm);
		insert_at(ops, n, at, &sw);
		return true;
	}
	insert_at(ops, n, at, &op);
	return true;
}

static bool (*const mutations[MUT_NR])(struct mut *) = {
	[MUT_INSERT] = mut_insert,	 [MUT_DELETE] = mut_delete,
	[MUT_DUPLICATE] = mut_duplicate, [MUT_SWAP] = mut_swap,
	[MUT_MOVE] = mut_move,		 [MUT_RETARGET] = mut_retarget,
	[MUT_FIELD] = mut_field,	 [MUT_KIND] = mut_kind,
	[MUT_HEADER] = mut_header,	 [MUT_SCHEDULE] = mut_schedule,
	[MUT_MEET] = mut_meet,
};

/* One mutation that changed something (a few tries). */
static void mutate_once(struct mut *m)
{
	unsigned int tries;

	for (tries = 0; tries < 16; tries++)
		if (mutations[below(m, MUT_NR)](m))
			return;
	mut_schedule(m);
}

/* @p's canonical bytes: encoded, folded by a decode, encoded again. */
static size_t emit(const struct program *p, uint8_t *out, size_t max)
{
	static uint8_t buf[INPUT_MAX_SIZE];
	static struct program folded;
	size_t n = input_encode(p, buf);

	input_decode(buf, n, &folded);
	n = input_encode(&folded, buf);
	if (n > max)
		return 0;
	memcpy(out, buf, n);
	return n;
}

size_t fuzz_mutate(uint8_t *data, size_t size, size_t max, unsigned int seed,
		   const char *target)
{
	static struct mut m;
	size_t n;

	max = grow_limit(size, max);
	mut_init(&m, seed, size, target);
	if (LLVMFuzzerMutate && !below(&m, BYTE_SHARE))
		return LLVMFuzzerMutate(data, size, max);
	input_decode(data, size, &m.p);
	mutate_once(&m);
	if (!below(&m, 4))
		mutate_once(&m);
	n = emit(&m.p, data, max);
	if (n)
		return n;
	return LLVMFuzzerMutate ? LLVMFuzzerMutate(data, size, max)
				: (size < max ? size : max);
}

/*
 * Take @b's program of CPU @cb for @a's CPU @ca, or splice: a head of
 * one, a tail of the other. Growth stops at the cap.
 */
static void splice_cpu(struct mut *m, struct program *a, unsigned int ca,
		       const struct program *b, unsigned int cb)
{
	unsigned int keep = (unsigned int)below(m, a->nr_ops[ca] + 1);
	unsigned int from = (unsigned int)below(m, b->nr_ops[cb]);
	unsigned int cap = keep > m->cap ? keep : m->cap;

	if (!below(m, 2)) {
		keep = 0;
		from = 0;
	}
	while (from < b->nr_ops[cb] && keep < cap)
		a->ops[ca][keep++] = b->ops[cb][from++];
	a->nr_ops[ca] = keep;
}

size_t fuzz_cross_over(const uint8_t *d1, size_t s1, const uint8_t *d2,
		       size_t s2, uint8_t *out, size_t max, unsigned int seed,
		       const char *target)
{
	static struct mut m;
	static struct program b;
	unsigned int c, spliced = 0;
	size_t n;

	max = grow_limit(s1, max);
	mut_init(&m, seed, s1 ^ (s2 << 16), target);
	input_decode(d1, s1, &m.p);
	input_decode(d2, s2, &b);
	for (c = 0; c < m.p.nr_cpus; c++) {
		if (below(&m, 2))
			continue;
		splice_cpu(&m, &m.p, c, &b, (unsigned int)below(&m, b.nr_cpus));
		spliced++;
	}
	if (!spliced)
		splice_cpu(&m, &m.p, (unsigned int)below(&m, m.p.nr_cpus), &b,
			   (unsigned int)below(&m, b.nr_cpus));
	if (!below(&m, 4)) {
		memcpy(m.p.setup, b.setup, sizeof(b.setup));
		m.p.nr_setup = b.nr_setup;
	}
	if (!below(&m, 2)) {
		memcpy(m.p.schedule, b.schedule, sizeof(b.schedule));
		m.p.schedule_len = b.schedule_len;
		m.p.strategy = b.strategy;
	}
	n = emit(&m.p, out, max);
	if (n)
		return n;
	n = s1 < max ? s1 : max;
	memcpy(out, d1, n);
	return n;
}
