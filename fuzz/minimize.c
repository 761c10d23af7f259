// SPDX-License-Identifier: GPL-2.0-only
/* ddmin over operations and schedule bytes (see minimize.h). */
#include <stdlib.h>
#include <string.h>

#include "minimize.h"

#define MAX_UNITS                                              \
	(PROGRAM_MAX_SETUP + TLBF_MAX_CPUS * PROGRAM_MAX_OPS + \
	 PROGRAM_MAX_SCHEDULE)

/* A unit: section 0 set-up, 1 + n CPU n, INPUT_SCHEDULE a schedule byte. */
#define SECTION_SCHEDULE (1 + TLBF_MAX_CPUS)

struct unit {
	unsigned char section;
	unsigned short index;
};

struct ddmin {
	const struct program *orig;
	const struct run_options *opt;
	enum oracle oracle;
	struct program cand;
	struct run_result res;
	unsigned int runs;
};

static unsigned int list_units(const struct program *p, struct unit *u)
{
	unsigned int n = 0, c, i;

	for (i = 0; i < p->nr_setup; i++)
		u[n++] = (struct unit){0, i};
	for (c = 0; c < p->nr_cpus; c++)
		for (i = 0; i < p->nr_ops[c]; i++)
			u[n++] = (struct unit){1 + c, i};
	for (i = 0; i < p->schedule_len; i++)
		u[n++] = (struct unit){SECTION_SCHEDULE, i};
	return n;
}

/* The original program with only the units in @u (in order) left. */
static void build(const struct program *o, const struct unit *u, unsigned int n,
		  struct program *p)
{
	unsigned int i, c;

	*p = *o;
	p->nr_setup = 0;
	p->schedule_len = 0;
	memset(p->nr_ops, 0, sizeof(p->nr_ops));
	for (i = 0; i < n; i++) {
		if (u[i].section == 0) {
			p->setup[p->nr_setup++] = o->setup[u[i].index];
		} else if (u[i].section == SECTION_SCHEDULE) {
			p->schedule[p->schedule_len++] =
				o->schedule[u[i].index];
		} else {
			c = u[i].section - 1;
			p->ops[c][p->nr_ops[c]++] = o->ops[c][u[i].index];
		}
	}
}

static bool fires(struct ddmin *d, const struct unit *u, unsigned int n)
{
	build(d->orig, u, n, &d->cand);
	d->runs++;
	run_program(&d->cand, d->opt, &d->res);
	return d->res.finding && d->res.oracle == d->oracle;
}

/* @u without chunk [from, to) into @out; returns its length. */
static unsigned int complement(const struct unit *u, unsigned int n,
			       unsigned int from, unsigned int to,
			       struct unit *out)
{
	memcpy(out, u, from * sizeof(*u));
	memcpy(out + from, u + to, (n - to) * sizeof(*u));
	return n - (to - from);
}

/* Try dropping each of @parts chunks; true (and @u shrunk) on success. */
static bool drop_a_chunk(struct ddmin *d, struct unit *u, unsigned int *n,
			 unsigned int parts, struct unit *tmp)
{
	unsigned int k, from, to, m;

	for (k = 0; k < parts; k++) {
		from = *n * k / parts;
		to = *n * (k + 1) / parts;
		if (from == to)
			continue;
		m = complement(u, *n, from, to, tmp);
		if (fires(d, tmp, m)) {
			memcpy(u, tmp, m * sizeof(*u));
			*n = m;
			return true;
		}
	}
	return false;
}

static unsigned int ddmin(struct ddmin *d, struct unit *u, unsigned int n)
{
	static struct unit tmp[MAX_UNITS];
	unsigned int parts = 2;

	while (n >= 1) {
		if (parts > n)
			parts = n;
		if (drop_a_chunk(d, u, &n, parts, tmp)) {
			parts = parts > 2 ? parts - 1 : 2;
			continue;
		}
		if (parts == n)
			break;
		parts = parts * 2 < n ? parts * 2 : n;
	}
	return n;
}

/* Keep @cand if the oracle still fires on it. */
static void try_header(struct ddmin *d, struct program *prog,
		       const struct program *cand)
{
	d->runs++;
	run_program(cand, d->opt, &d->res);
	if (d->res.finding && d->res.oracle == d->oracle)
		*prog = *cand;
}

/* Then the header: drop idle CPUs at the end, and the injected failure. */
static void shrink_header(struct ddmin *d, struct program *prog)
{
	static struct program cand;

	cand = *prog;
	while (cand.nr_cpus > 2 && !cand.nr_ops[cand.nr_cpus - 1])
		cand.nr_cpus--;
	if (cand.nr_cpus != prog->nr_cpus)
		try_header(d, prog, &cand);
	cand = *prog;
	cand.fail_nth = 0;
	cand.fail_kind = 0;
	if (prog->fail_nth || prog->fail_kind)
		try_header(d, prog, &cand);
}

bool minimize_program(struct program *prog, const struct run_options *opt,
		      enum oracle oracle, struct minimize_stats *st)
{
	static struct unit units[MAX_UNITS];
	static struct ddmin d;
	unsigned int n;

	d.orig = prog;
	d.opt = opt;
	d.oracle = oracle;
	d.runs = 0;
	n = list_units(prog, units);
	st->units_before = n;
	if (!fires(&d, units, n))
		return false;
	n = ddmin(&d, units, n);
	build(prog, units, n, &d.cand);
	*prog = d.cand;
	shrink_header(&d, prog);
	st->units_after = n;
	st->runs = d.runs;
	return true;
}
