// SPDX-License-Identifier: GPL-2.0-only
/*
 * The AFL++ custom mutator libraries (fuzz/aflmut/), loaded as afl-fuzz
 * loads them: dlopen() and the afl_custom_* symbols. On every seed of
 * each model target a chain of afl_custom_fuzz() calls gives canonical
 * inputs of the target's operation set, within the size AFL++ allows,
 * that differ from what went in; a second queue entry gets spliced in;
 * the same seed gives the same chain.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "input/input.h"
#include "race_program.h"

#ifndef TLBF_AFL_MUTATOR_DIR
/* No libraries in this build (the OSS-Fuzz path): skipped. */
int main(void)
{
	printf("afl_mutator: skipped, no afl_mutator_*.so in this build\n");
	return 77;
}
#else

#define CHAIN 200

typedef void *(*init_fn)(void *afl, unsigned int seed);
typedef size_t (*fuzz_fn)(void *data, uint8_t *buf, size_t buf_size,
			  uint8_t **out_buf, uint8_t *add_buf,
			  size_t add_buf_size, size_t max_size);
typedef void (*deinit_fn)(void *data);

struct lib {
	void *handle;
	init_fn init;
	fuzz_fn fuzz;
	deinit_fn deinit;
};

static const char *const targets[] = {"gather", "exec", "race"};
static uint8_t cur[INPUT_MAX_SIZE], again[INPUT_MAX_SIZE];
static struct program p, q;

static bool load(struct lib *l, const char *target)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/afl_mutator_%s.so",
		 TLBF_AFL_MUTATOR_DIR, target);
	l->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!l->handle) {
		fprintf(stderr, "  %s\n", dlerror());
		return false;
	}
	l->init = (init_fn)dlsym(l->handle, "afl_custom_init");
	l->fuzz = (fuzz_fn)dlsym(l->handle, "afl_custom_fuzz");
	l->deinit = (deinit_fn)dlsym(l->handle, "afl_custom_deinit");
	return l->init && l->fuzz && l->deinit &&
	       dlsym(l->handle, "afl_custom_describe");
}

static bool canonical(const uint8_t *d, size_t n)
{
	input_decode(d, n, &q);
	return input_encode(&q, again) == n && !memcmp(again, d, n);
}

static bool opset_ok(const struct program *x, const char *target)
{
	unsigned int c, i;

	for (i = 0; i < x->nr_setup; i++)
		if (!input_op_allowed(target, x->setup[i].kind))
			return false;
	for (c = 0; c < x->nr_cpus; c++)
		for (i = 0; i < x->nr_ops[c]; i++)
			if (!input_op_allowed(target, x->ops[c][i].kind))
				return false;
	return true;
}

static size_t read_file(const char *path, uint8_t *dst)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return 0;
	n = fread(dst, 1, INPUT_MAX_SIZE, f);
	fclose(f);
	return n;
}

/* A chain of CHAIN mutations from one seed file; counts what changed. */
static void chain(struct lib *l, void *m, const char *target, const char *path,
		  unsigned int *calls, unsigned int *changed)
{
	static uint8_t in[INPUT_MAX_SIZE];
	size_t n = read_file(path, cur), k;
	unsigned int i;
	uint8_t *out;

	CHECK(n > 0);
	for (i = 0; i < CHAIN; i++) {
		memcpy(in, cur, n);
		k = l->fuzz(m, in, n, &out, NULL, 0, INPUT_MAX_SIZE);
		CHECK(k > 0 && k <= INPUT_MAX_SIZE);
		CHECK(canonical(out, k));
		input_decode(out, k, &p);
		CHECK(opset_ok(&p, target));
		*changed += k != n || memcmp(out, cur, n);
		(*calls)++;
		memcpy(cur, out, k);
		n = k;
	}
}

static void test_afl_mutator_seeds(void)
{
	unsigned int t, calls = 0, changed = 0, files = 0;

	for (t = 0; t < ARRAY_SIZE(targets); t++) {
		char dir[512], path[1024];
		struct lib l;
		struct dirent *e;
		DIR *d;
		void *m;

		CHECK(load(&l, targets[t]));
		m = l.init(NULL, 7 + t);
		CHECK(m != NULL);
		snprintf(dir, sizeof(dir), "%s/corpus/%s", TLBF_AFL_MUTATOR_DIR,
			 targets[t]);
		d = opendir(dir);
		CHECK(d != NULL);
		while (d && (e = readdir(d))) {
			if (!strstr(e->d_name, ".bin"))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			chain(&l, m, targets[t], path, &calls, &changed);
			files++;
		}
		if (d)
			closedir(d);
		l.deinit(m);
	}
	CHECK(files >= ARRAY_SIZE(targets));
	/* A mutation may undo itself (a swap of equal operations): rarely. */
	CHECK(changed >= calls * 9 / 10);
}

static bool has_kind(const struct program *x, unsigned int kind)
{
	unsigned int c, i;

	for (c = 0; c < x->nr_cpus; c++)
		for (i = 0; i < x->nr_ops[c]; i++)
			if (x->ops[c][i].kind == kind)
				return true;
	return false;
}

/* AFL++'s second queue entry: some results hold CPU programs of both. */
static void test_afl_mutator_splices(void)
{
	static uint8_t a[INPUT_MAX_SIZE], b[INPUT_MAX_SIZE];
	size_t na = race_program(&p, a, OP_READ),
	       nb = race_program(&p, b, OP_WRITE), k;
	unsigned int i, both = 0;
	struct lib l;
	uint8_t *out;
	void *m;

	CHECK(load(&l, "race"));
	m = l.init(NULL, 1);
	for (i = 0; i < 400; i++) {
		memcpy(cur, a, na);
		k = l.fuzz(m, cur, na, &out, b, nb, INPUT_MAX_SIZE);
		CHECK(canonical(out, k));
		input_decode(out, k, &p);
		both += has_kind(&p, OP_READ) && has_kind(&p, OP_WRITE);
	}
	l.deinit(m);
	CHECK(both >= 20);
}

static uint64_t hash(const uint8_t *d, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (n--)
		h = (h ^ *d++) * 0x100000001b3ULL;
	return h;
}

/* CHAIN chained mutations from seed @s, each bounded by @max. */
static void hashes(struct lib *l, unsigned int s, size_t max, uint64_t *h)
{
	static uint8_t in[INPUT_MAX_SIZE];
	size_t n = race_program(&p, cur, OP_READ), k;
	void *m = l->init(NULL, s);
	unsigned int i;
	uint8_t *out;

	for (i = 0; i < CHAIN; i++) {
		memcpy(in, cur, n);
		k = l->fuzz(m, in, n, &out, NULL, 0, max);
		CHECK(k <= max);
		h[i] = hash(out, k);
		memcpy(cur, out, k);
		n = k;
	}
	l->deinit(m);
}

/* Same seed, same chain; another seed, another; max_size holds. */
static void test_afl_mutator_deterministic_bounded(void)
{
	static uint64_t h1[CHAIN], h2[CHAIN], h3[CHAIN];
	struct lib l;

	CHECK(load(&l, "race"));
	hashes(&l, 5, INPUT_MAX_SIZE, h1);
	hashes(&l, 5, INPUT_MAX_SIZE, h2);
	hashes(&l, 6, INPUT_MAX_SIZE, h3);
	CHECK(!memcmp(h1, h2, sizeof(h1)));
	CHECK(memcmp(h1, h3, sizeof(h1)));
	hashes(&l, 5, 64, h3);
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_afl_mutator_seeds),
		TEST_CASE(test_afl_mutator_splices),
		TEST_CASE(test_afl_mutator_deterministic_bounded),
	};

	return harness_run("afl_mutator", cases, ARRAY_SIZE(cases), argc, argv);
}
#endif
