// SPDX-License-Identifier: GPL-2.0-only
/*
 * The structure-aware mutator (fuzz/mutator.h): deterministic per seed,
 * canonical and within the size limit, it changes the program (not only
 * bytes) in every way it claims, keeps to the target's operation set and
 * to the per-CPU cap when it grows a program, and cross-over splices CPU
 * programs of both inputs. Its outputs run on the correct model with no
 * finding. (The test binary has no libFuzzer, so every call here is a
 * structural one.)
 */
#include <string.h>

#include "harness.h"
#include "input/input.h"
#include "race_program.h"
#include "mutator.h"
#include "run.h"
#include "trace.h"

#define ROUNDS 3000

static uint8_t buf[INPUT_MAX_SIZE], out[INPUT_MAX_SIZE];
static struct program p, q;

static bool canonical(const uint8_t *d, size_t n)
{
	static uint8_t again[INPUT_MAX_SIZE];

	input_decode(d, n, &q);
	return input_encode(&q, again) == n && !memcmp(again, d, n);
}

static unsigned int total_ops(const struct program *x)
{
	unsigned int c, n = x->nr_setup;

	for (c = 0; c < x->nr_cpus; c++)
		n += x->nr_ops[c];
	return n;
}

static void test_mutator_deterministic_canonical(void)
{
	static uint8_t a[INPUT_MAX_SIZE];
	size_t n0 = race_program(&p, buf, OP_READ), na, nb;
	unsigned int s, changed = 0;

	for (s = 0; s < ROUNDS; s++) {
		memcpy(a, buf, n0);
		memcpy(out, buf, n0);
		na = fuzz_mutate(a, n0, sizeof(a), s, "race");
		nb = fuzz_mutate(out, n0, sizeof(out), s, "race");
		CHECK_EQ(na, nb);
		CHECK(!memcmp(a, out, na));
		CHECK(canonical(a, na));
		changed += na != n0 || memcmp(a, buf, n0);
	}
	/* A mutation may undo itself (swap of equal ops): rarely. */
	CHECK(changed >= ROUNDS * 9 / 10);
}

/* Each kind of edit shows up among the mutations of one input. */
static void test_mutator_edits_the_program(void)
{
	size_t n0 = race_program(&p, buf, OP_READ), n;
	bool grew = false, shrank = false, moved = false, arch = false;
	bool sched = false, strategy = false, kind = false, addr = false;
	unsigned int s, c, i;

	input_decode(buf, n0, &p);
	for (s = 0; s < ROUNDS; s++) {
		memcpy(out, buf, n0);
		n = fuzz_mutate(out, n0, sizeof(out), s, "race");
		input_decode(out, n, &q);
		grew |= total_ops(&q) > total_ops(&p);
		shrank |= total_ops(&q) < total_ops(&p);
		arch |= q.arch != p.arch;
		sched |= q.schedule_len != p.schedule_len;
		strategy |= q.strategy != p.strategy;
		if (q.nr_cpus != p.nr_cpus)
			continue;
		for (c = 0; c < 3; c++) {
			moved |= total_ops(&q) == total_ops(&p) &&
				 q.nr_ops[c] == 2;
			for (i = 0; i < q.nr_ops[c] && i < p.nr_ops[c]; i++) {
				kind |= q.ops[c][i].kind != p.ops[c][i].kind;
				addr |= q.ops[c][i].kind == p.ops[c][i].kind &&
					q.ops[c][i].addr != p.ops[c][i].addr;
			}
		}
	}
	CHECK(grew);
	CHECK(shrank);
	CHECK(moved);
	CHECK(arch);
	CHECK(sched);
	CHECK(strategy);
	CHECK(kind);
	CHECK(addr);
}

/*
 * fail_nth: from a set value the mutator also steps to its neighbours
 * (1 to 3 allocations away, both ways, of the same kind), not only to
 * fresh picks: among all allocations (1..48), or the first few of one
 * kind (1..16). Value 200 lies outside the fresh ranges, so only a step
 * can give 197..203.
 */
static void test_mutator_steps_fail_nth(void)
{
	size_t n0, n;
	bool below = false, above = false, fresh = false, off = false;
	bool of_kind = false;
	unsigned int s;

	race_program(&p, buf, OP_READ);
	p.fail_nth = 200;
	p.fail_kind = 1 + ALLOC_PT_PAGE;
	n0 = input_encode(&p, buf);
	for (s = 0; s < ROUNDS * 10; s++) {
		memcpy(out, buf, n0);
		n = fuzz_mutate(out, n0, sizeof(out), s, "race");
		input_decode(out, n, &q);
		if (q.fail_nth == 200)
			continue;
		CHECK(q.fail_nth <= 48 ||
		      (q.fail_nth >= 197 && q.fail_nth <= 203));
		if (q.fail_nth >= 197) /* a step keeps what it counts */
			CHECK_EQ(q.fail_kind, 1 + ALLOC_PT_PAGE);
		else if (q.fail_kind) /* a fresh pick of one kind */
			CHECK(q.fail_nth >= 1 && q.fail_nth <= 16);
		below |= q.fail_nth >= 197 && q.fail_nth < 200;
		above |= q.fail_nth > 200 && q.fail_nth <= 203;
		fresh |= !q.fail_kind && q.fail_nth >= 1 && q.fail_nth <= 48;
		of_kind |= q.fail_kind && q.fail_nth >= 1 && q.fail_nth <= 16;
		off |= q.fail_nth == 0 && !q.fail_kind;
	}
	CHECK(below);
	CHECK(above);
	CHECK(fresh);
	CHECK(of_kind);
	CHECK(off);
}

/* Grown from nothing: the target's kinds only, never past the cap. */
static void test_mutator_opset_and_cap(void)
{
	size_t n = 0;
	unsigned int s, c, i, most = 0;

	for (s = 0; s < ROUNDS; s++) {
		n = fuzz_mutate(buf, n, sizeof(buf), s, "exec");
		input_decode(buf, n, &p);
		for (c = 0; c < p.nr_cpus; c++) {
			CHECK(p.nr_ops[c] <= MUTATOR_DEFAULT_OPS);
			most = p.nr_ops[c] > most ? p.nr_ops[c] : most;
			for (i = 0; i < p.nr_ops[c]; i++)
				CHECK(input_op_allowed("exec",
						       p.ops[c][i].kind));
		}
	}
	CHECK(most >= MUTATOR_DEFAULT_OPS / 2);
}

/*
 * Growth stops at MUTATOR_DEFAULT_MAX_LEN bytes, whatever the caller
 * allows; an input already larger is mutated within its own size.
 */
static void test_mutator_growth_cap(void)
{
	static uint8_t small[INPUT_MAX_SIZE];
	size_t n = race_program(&p, buf, OP_READ), big, m;
	unsigned int s, c, i, most = 0;

	for (s = 0; s < ROUNDS; s++) {
		n = fuzz_mutate(buf, n, sizeof(buf), s, "race");
		CHECK(n <= MUTATOR_DEFAULT_MAX_LEN);
		most = n > most ? (unsigned int)n : most;
	}
	CHECK(most > MUTATOR_DEFAULT_MAX_LEN / 2);
	/* Every CPU at 40 operations: well past the cap. */
	race_program(&p, buf, OP_WRITE);
	for (c = 0; c < p.nr_cpus; c++) {
		for (i = p.nr_ops[c]; i < 40; i++)
			p.ops[c][i] = p.ops[c][0];
		p.nr_ops[c] = 40;
	}
	big = input_encode(&p, buf);
	CHECK(big > MUTATOR_DEFAULT_MAX_LEN);
	for (s = 0; s < 200; s++) {
		memcpy(out, buf, big);
		m = fuzz_mutate(out, big, sizeof(out), s, "race");
		CHECK(m <= big);
		n = race_program(&q, small, OP_READ);
		m = fuzz_cross_over(small, n, buf, big, out, sizeof(out), s,
				    "race");
		CHECK(m <= MUTATOR_DEFAULT_MAX_LEN);
	}
}

/*
 * Meet: from CPUs that each read their own page, some mutation gives
 * another CPU an operation that changes what one of them reads (unmap,
 * zap, reclaim, ...) at that page.
 */
static bool changer_meets_read(const struct program *x)
{
	unsigned int c, d, i, j;

	for (c = 0; c < x->nr_cpus; c++)
		for (i = 0; i < x->nr_ops[c]; i++) {
			const struct op *r = &x->ops[c][i];

			if (r->kind != OP_READ)
				continue;
			for (d = 0; d < x->nr_cpus; d++)
				for (j = 0; d != c && j < x->nr_ops[d]; j++) {
					const struct op *w = &x->ops[d][j];

					if ((w->kind == OP_MUNMAP ||
					     w->kind == OP_MADV_DONTNEED ||
					     w->kind == OP_RECLAIM_ANON) &&
					    w->addr == r->addr)
						return true;
				}
		}
	return false;
}

static void test_mutator_meets(void)
{
	size_t n0 = race_program(&p, buf, OP_READ), n;
	unsigned int s, met = 0;

	input_decode(buf, n0, &p);
	CHECK(!changer_meets_read(&p));
	for (s = 0; s < ROUNDS; s++) {
		memcpy(out, buf, n0);
		n = fuzz_mutate(out, n0, sizeof(out), s, "race");
		input_decode(out, n, &q);
		met += changer_meets_read(&q);
	}
	/*
	 * 135 of 3000 with meets, 16 without (inserts that happen to pick
	 * a read's page): the other edits alone stay well below this.
	 */
	CHECK(met >= ROUNDS / 40);
}

/*
 * A meet across processes runs in the first CPU's process: CPU 0 works in
 * process 1 (the set-up switched to it), CPUs 1 and 2 in process 0; an
 * operation another CPU gets at CPU 0's page comes between a switch to
 * process 1 and a switch back.
 */
static bool wrapped_meet(const struct program *x, unsigned long addr)
{
	unsigned int c, i;

	for (c = 1; c < x->nr_cpus; c++)
		for (i = 1; i + 1 < x->nr_ops[c]; i++)
			if (x->ops[c][i].addr == addr &&
			    x->ops[c][i - 1].kind == OP_USE_MM &&
			    x->ops[c][i - 1].arg == 1 &&
			    x->ops[c][i + 1].kind == OP_USE_MM &&
			    x->ops[c][i + 1].arg == 0)
				return true;
	return false;
}

static void test_mutator_meet_same_process(void)
{
	size_t n0, n;
	unsigned int s, wrapped = 0;

	race_program(&p, buf, OP_READ);
	p.setup[p.nr_setup++] = (struct op){OP_USE_MM, 0, 4096, 1};
	p.setup[p.nr_setup++] =
		(struct op){OP_MMAP_ANON, 0x10000, 16 * 4096, 0};
	p.ops[0][0] = (struct op){OP_MUNMAP, 0x10000, 4096, 0};
	n0 = input_encode(&p, buf);
	input_decode(buf, n0, &p);
	CHECK(!wrapped_meet(&p, 0x10000));
	for (s = 0; s < ROUNDS; s++) {
		memcpy(out, buf, n0);
		n = fuzz_mutate(out, n0, sizeof(out), s, "race");
		input_decode(out, n, &q);
		wrapped += wrapped_meet(&q, 0x10000);
	}
	CHECK(wrapped >= 10);
}

/* Changer kinds a meet gives an accessor's page (the mutator's set). */
static bool is_changer(unsigned int kind)
{
	return kind == OP_MUNMAP || kind == OP_MUNMAP_DOWNGRADE ||
	       kind == OP_MADV_DONTNEED || kind == OP_MADV_FREE ||
	       kind == OP_MREMAP || kind == OP_EXEC_SHIFT ||
	       kind == OP_RECLAIM_ANON || kind == OP_COLLAPSE ||
	       kind == OP_MPROTECT_HUGETLB;
}

/* Some CPU has a changer over exactly the aligned @span around @addr. */
static bool covers_span(const struct program *x, unsigned long addr,
			unsigned long span)
{
	unsigned int c, i;

	for (c = 0; c < x->nr_cpus; c++)
		for (i = 0; i < x->nr_ops[c]; i++)
			if (is_changer(x->ops[c][i].kind) &&
			    x->ops[c][i].addr == (addr & ~(span - 1)) &&
			    x->ops[c][i].len == span)
				return true;
	return false;
}

/*
 * A meet's changer covers the whole PMD or PUD span around the page it
 * meets, often (half the meets that give a changer), and both spans.
 */
static void test_mutator_meet_covers_tables(void)
{
	const struct pt_geometry *g;
	unsigned long pmd_span, pud_span;
	unsigned int s, pmd = 0, pud = 0;
	size_t n0 = race_program(&p, buf, OP_GUP_FAST), n;

	input_decode(buf, n0, &p);
	g = input_geometry(p.geometry);
	pmd_span = 1UL << (g->page_shift + g->table_bits);
	pud_span = pmd_span << g->table_bits;
	CHECK(!covers_span(&p, 0x11000, pmd_span));
	for (s = 0; s < ROUNDS; s++) {
		memcpy(out, buf, n0);
		n = fuzz_mutate(out, n0, sizeof(out), s, "race");
		input_decode(out, n, &q);
		pmd += covers_span(&q, 0x11000, pmd_span);
		pud += covers_span(&q, 0x11000, pud_span);
	}
	CHECK(pmd >= 20);
	CHECK(pud >= 20);
}

/* Reads from one input, writes from the other: some CPUs get each. */
static void test_mutator_cross_over_splices(void)
{
	static uint8_t b[INPUT_MAX_SIZE];
	size_t na = race_program(&p, buf, OP_READ),
	       nb = race_program(&p, b, OP_WRITE), n;
	unsigned int s, c, i, mixed = 0;

	for (s = 0; s < 200; s++) {
		bool r = false, w = false;

		n = fuzz_cross_over(buf, na, b, nb, out, sizeof(out), s,
				    "race");
		CHECK(n > 0 && canonical(out, n));
		input_decode(out, n, &p);
		for (c = 0; c < p.nr_cpus; c++)
			for (i = 0; i < p.nr_ops[c]; i++) {
				r |= p.ops[c][i].kind == OP_READ;
				w |= p.ops[c][i].kind == OP_WRITE;
			}
		CHECK(w); /* every cross-over takes something of the second */
		mixed += r && w;
	}
	CHECK(mixed >= 50);
}

/* Whatever the mutator writes runs, and the correct model stays silent. */
static void test_mutator_outputs_run_clean(void)
{
	static struct run_result res;
	struct run_options opt = {0};
	size_t n = race_program(&p, buf, OP_MUNMAP);
	unsigned int s;

	for (s = 0; s < 300; s++) {
		n = fuzz_mutate(buf, n, sizeof(buf), s, "race");
		input_decode(buf, n, &p);
		p.injected = 0;
		CHECK_EQ(run_program(&p, &opt, &res), 0);
		if (res.finding)
			fprintf(stderr, "  round %u: %s: %s\n", s,
				oracle_name(res.oracle), res.reason);
	}
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_mutator_deterministic_canonical),
		TEST_CASE(test_mutator_edits_the_program),
		TEST_CASE(test_mutator_opset_and_cap),
		TEST_CASE(test_mutator_growth_cap),
		TEST_CASE(test_mutator_meets),
		TEST_CASE(test_mutator_meet_same_process),
		TEST_CASE(test_mutator_meet_covers_tables),
		TEST_CASE(test_mutator_steps_fail_nth),
		TEST_CASE(test_mutator_cross_over_splices),
		TEST_CASE(test_mutator_outputs_run_clean),
	};

	return harness_run("mutator", cases, ARRAY_SIZE(cases), argc, argv);
}
