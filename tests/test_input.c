// SPDX-License-Identifier: GPL-2.0-only
/*
 * The input formats (fuzz/input/): every byte string decodes and folds,
 * binary and text round-trip exactly, a mutation in one CPU's records
 * leaves the other programs alone, and text errors name their line.
 */
#include <stdlib.h>

#include "harness.h"
#include "inject.h"
#include "trace.h"
#include "input/input.h"

#define RANDOM_INPUTS 4000

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

/* xorshift64: a fixed sequence, so the test is the same every run. */
static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static char *to_text(const struct program *prog, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	input_print(prog, f);
	fclose(f);
	return buf;
}

/* b -> p -> canonical c -> p' == p, c stable, text -> p'' == p, stable. */
static void check_round_trip(const uint8_t *data, size_t size)
{
	static struct program p, q, r;
	static uint8_t canon[INPUT_MAX_SIZE], again[INPUT_MAX_SIZE];
	char err[256], *text, *text2;
	size_t n, m, tlen, tlen2;

	input_decode(data, size, &p);
	n = input_encode(&p, canon);
	CHECK(n <= INPUT_MAX_SIZE);
	input_decode(canon, n, &q);
	CHECK(program_equal(&p, &q));
	m = input_encode(&q, again);
	CHECK_EQ(m, n);
	CHECK(!memcmp(canon, again, n));
	text = to_text(&p, &tlen);
	CHECK(input_is_text((uint8_t *)text, tlen));
	CHECK_EQ(input_parse(text, tlen, &r, err, sizeof(err)), 0);
	CHECK(program_equal(&p, &r));
	text2 = to_text(&r, &tlen2);
	CHECK(tlen == tlen2 && !memcmp(text, text2, tlen));
	free(text);
	free(text2);
}

/* Pseudo-random byte strings of every length up to past the maximum. */
static void test_input_random_round_trip(void)
{
	static uint8_t buf[INPUT_MAX_SIZE + 64];
	unsigned int i;
	size_t size, j;

	for (i = 0; i < RANDOM_INPUTS && !harness_case_failed; i++) {
		size = rng() % sizeof(buf);
		if (i < 64)
			size = i;
		for (j = 0; j < size; j++)
			buf[j] = rng();
		check_round_trip(buf, size);
	}
}

/* The empty input is two idle CPUs on the fuzzing geometry. */
static void test_input_empty(void)
{
	struct program p;

	input_decode(NULL, 0, &p);
	CHECK_EQ(p.nr_cpus, 2);
	CHECK_EQ(p.geometry, 0);
	CHECK_EQ(p.nr_setup + p.nr_ops[0] + p.nr_ops[1], 0);
	CHECK_EQ(p.schedule_len, 0);
}

static const char example[] = "geometry: fuzz\n"
			      "arch: arm64\n"
			      "cpus: 3\n"
			      "strategy: bytes\n"
			      "fail_nth: 7\n"
			      "fail_kind: table_batch\n"
			      "inject: shift-noflush,gup-irqs-on\n"
			      "setup: mmap_anon 0x10000 pages=8\n"
			      "setup: mmap_file 0x40000 pages=4 pgoff=2\n"
			      "cpu0: munmap_downgrade 0x10000 pages=8\n"
			      "cpu1: gup_fast 0x10000 pages=4\n"
			      "cpu1: mremap 0x40000 pages=4 new=0x80000\n"
			      "cpu2: exec_shift 0x100000 shift=0x20000\n"
			      "cpu2: truncate pgoff=1\n"
			      "cpu2: exit\n"
			      "schedule: 03 1f 00\n";

/* Canonical text parses to what it says and prints back identically. */
static void test_input_text_example(void)
{
	struct program p;
	char err[256], *text;
	size_t len;

	CHECK_EQ(input_parse(example, strlen(example), &p, err, sizeof(err)),
		 0);
	CHECK_EQ(p.nr_cpus, 3);
	CHECK_EQ(p.fail_nth, 7);
	CHECK_EQ(p.fail_kind, 1 + ALLOC_TABLE_BATCH);
	CHECK_EQ(p.injected,
		 (1u << BUG_SHIFT_NOFLUSH) | (1u << BUG_GUP_IRQS_ON));
	CHECK_EQ(p.nr_setup, 2);
	CHECK_EQ(p.setup[1].arg, 2);
	CHECK_EQ(p.ops[1][0].kind, OP_GUP_FAST);
	CHECK_EQ(p.ops[1][0].len, 4 * 4096);
	CHECK_EQ(p.ops[1][1].arg, 0x80000);
	CHECK_EQ(p.ops[2][0].arg, 0x20000);
	CHECK_EQ(p.schedule_len, 3);
	CHECK_EQ(p.schedule[1], 0x1f);
	text = to_text(&p, &len);
	CHECK(len == strlen(example) && !memcmp(text, example, len));
	free(text);
}

/* A byte changed in cpu1's record leaves set-up and cpu0 unchanged. */
static void test_input_sections_independent(void)
{
	static uint8_t buf[INPUT_MAX_SIZE];
	struct program p, q;
	char err[256];
	size_t n, rec;

	CHECK_EQ(input_parse(example, strlen(example), &p, err, sizeof(err)),
		 0);
	n = input_encode(&p, buf);
	rec = INPUT_HEADER_SIZE +
	      (p.nr_setup + p.nr_ops[0]) * INPUT_RECORD_SIZE;
	CHECK_EQ(buf[rec], 2); /* cpu1's first record */
	buf[rec + 1] ^= 0x5a; /* its kind */
	buf[rec + 3] ^= 0x33; /* its address */
	input_decode(buf, n, &q);
	CHECK(!memcmp(p.setup, q.setup, sizeof(p.setup)));
	CHECK(!memcmp(p.ops[0], q.ops[0], sizeof(p.ops[0])));
	CHECK(!memcmp(p.ops[2], q.ops[2], sizeof(p.ops[2])));
	CHECK(p.ops[1][0].kind != q.ops[1][0].kind ||
	      p.ops[1][0].addr != q.ops[1][0].addr);
}

/* Out-of-range fields fold into the geometry's user range. */
static void test_input_folding(void)
{
	/* header: geometry 5, arch 9, cpus 0xff, one munmap on section 9 */
	static const uint8_t in[] = {
		5,
		9,
		0xff,
		7,
		0,
		0,
		0xff,
		0xff,
		0,
		9,
		OP_NR + OP_MUNMAP,
		0xff,
		0xff,
		0xff,
		0xff,
		0,
		0,
		0,
		0x11,
		0x22, /* a trailing partial record: ignored */
	};
	struct program p;

	input_decode(in, sizeof(in), &p);
	CHECK_EQ(p.geometry, 5 % INPUT_NR_GEOMETRIES);
	CHECK_EQ(p.nr_cpus, 2 + 0xff % (TLBF_MAX_CPUS - 1));
	CHECK(p.injected < (1u << BUG_NR));
	CHECK_EQ(p.nr_ops[(9 % INPUT_SECTIONS - 1) % p.nr_cpus], 1);
	CHECK_EQ(p.ops[3 % p.nr_cpus][0].kind, OP_MUNMAP);
	CHECK(p.ops[3 % p.nr_cpus][0].addr + p.ops[3 % p.nr_cpus][0].len <=
	      input_geometry(p.geometry)->task_size);
}

/* fail_kind lives in bits 4-6 of the strategy byte; 7 folds to any. */
static void test_input_fail_kind_bits(void)
{
	uint8_t in[] = {0, 0, 0, 0x20, 3, 0, 0, 0, 0};
	uint8_t out[INPUT_MAX_SIZE];
	struct program p;

	input_decode(in, sizeof(in), &p);
	CHECK_EQ(p.fail_kind, 2);
	CHECK_EQ(p.fail_nth, 3);
	CHECK_EQ(p.strategy, 0);
	CHECK_EQ(input_encode(&p, out), sizeof(in));
	CHECK(!memcmp(in, out, sizeof(in)));
	in[3] = 0xf1;
	input_decode(in, sizeof(in), &p);
	CHECK_EQ(p.fail_kind, 0);
	CHECK_EQ(p.strategy, 1);
}

struct bad_text {
	const char *text;
	const char *error; /* expected start of the message */
};

static const struct bad_text bad_texts[] = {
	{"cpus: 9\n", "line 1: expected cpus: 2..4"},
	{"# c\ncpu0: munmap\n", "line 2: expected an address"},
	{"cpu0: frobnicate 0x1000\n", "line 1: unknown operation 'frobnicate'"},
	{"cpu3: exit\n", "line 1: cpu3 but the program has cpus: 2"},
	{"cpu0: read 0x1001\n", "line 1: address 0x1001 is not page aligned"},
	{"cpu0: munmap 0x1000 pages=0\n", "line 1: expected pages=1..256"},
	{"cpu0: read 0x1000 pages=2\n", "line 1: 'pages=' does not apply"},
	{"cpu0: munmap 0xfff000 pages=2\n",
	 "line 1: munmap outside the user range"},
	{"cpu0: exit\ngeometry: fuzz\n",
	 "line 2: 'geometry:' must come before"},
	{"inject: bogus\n", "line 1: unknown switch 'bogus'"},
	{"schedule: 1\n", "line 1: expected schedule bytes"},
	{"arch: vax\n", "line 1: expected a arch profile name"},
	{"fail_kind: pte\n", "line 1: expected a fail_kind (any, or an"},
	{"hello\n", "line 1: expected 'key: value'"},
};

static void test_input_text_errors(void)
{
	struct program p;
	unsigned int i;
	char err[256];

	for (i = 0; i < ARRAY_SIZE(bad_texts); i++) {
		const struct bad_text *b = &bad_texts[i];

		err[0] = 0;
		CHECK_EQ(input_parse(b->text, strlen(b->text), &p, err,
				     sizeof(err)),
			 -1);
		if (strncmp(err, b->error, strlen(b->error)))
			fprintf(stderr, "  got '%s', want '%s...'\n", err,
				b->error);
		CHECK(!strncmp(err, b->error, strlen(b->error)));
		CHECK(!strchr(err, '\n'));
	}
}

static void test_input_detect_text(void)
{
	static const uint8_t bin[] = {0, 1, 2, 0, 0, 0, 0, 0, 0};

	CHECK(input_is_text((const uint8_t *)"# x\n", 4));
	CHECK(input_is_text((const uint8_t *)"  cpu1: exit\n", 13));
	CHECK(!input_is_text(bin, sizeof(bin)));
	CHECK(!input_is_text((const uint8_t *)"hello world", 11));
}

/* A target's operation set maps every other kind into the set. */
static void test_input_restrict(void)
{
	struct program p;
	unsigned int i;
	char err[256];

	CHECK_EQ(input_parse(example, strlen(example), &p, err, sizeof(err)),
		 0);
	CHECK_EQ(input_restrict(&p, "exec"), 0);
	CHECK_EQ(p.ops[2][0].kind, OP_EXEC_SHIFT); /* in the set */
	CHECK_EQ(p.setup[0].kind, OP_MMAP_ANON); /* in the set */
	for (i = 0; i < p.nr_ops[0]; i++)
		CHECK(p.ops[0][i].kind != OP_MUNMAP_DOWNGRADE);
	CHECK(p.ops[2][1].kind != OP_TRUNCATE && p.ops[2][2].kind != OP_EXIT);
	CHECK_EQ(input_restrict(&p, "nosuch"), -1);
}

static const struct harness_case cases[] = {
	TEST_CASE(test_input_random_round_trip),
	TEST_CASE(test_input_empty),
	TEST_CASE(test_input_text_example),
	TEST_CASE(test_input_sections_independent),
	TEST_CASE(test_input_folding),
	TEST_CASE(test_input_fail_kind_bits),
	TEST_CASE(test_input_text_errors),
	TEST_CASE(test_input_detect_text),
	TEST_CASE(test_input_restrict),
};

int main(int argc, char **argv)
{
	return harness_run("input", cases, ARRAY_SIZE(cases), argc, argv);
}
