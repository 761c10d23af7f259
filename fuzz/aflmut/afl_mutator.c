// SPDX-License-Identifier: GPL-2.0-only
/*
 * AFL++'s custom mutator API over the structure-aware mutator
 * (fuzz/mutator.c), built as one shared library per model target
 * (afl_mutator_<target>.so, fuzz/aflmut/CMakeLists.txt) that afl-fuzz
 * loads with AFL_CUSTOM_MUTATOR_LIBRARY; scripts/fuzz --engine afl sets
 * it. AFL++ runs its own byte mutations beside it (unless told
 * AFL_CUSTOM_MUTATOR_ONLY), which is the plain-byte share libFuzzer's
 * builds get from LLVMFuzzerMutate.
 *
 * Each afl_custom_fuzz() call is one fuzz_mutate() of the queue entry,
 * or, a quarter of the time when AFL++ hands over a second entry, one
 * fuzz_cross_over() of the two. Seeds come from a generator started at
 * afl_custom_init()'s seed: deterministic for AFL++'s -s.
 *
 * The library is built without sanitizers or coverage (afl-fuzz itself
 * is not instrumented) and exports only the afl_custom_* symbols.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arch_x86.h"
#include "geometry.h"
#include "input/input.h"
#include "mutator.h"

#ifndef TLBF_TARGET
#error "build with -DTLBF_TARGET=\"<target>\""
#endif

#define AFL_EXPORT   __attribute__((visibility("default")))
#define SPLICE_SHARE 4 /* one call in SPLICE_SHARE splices, given a mate */

/*
 * core/arch.c comes along for its profile table; the mutator never selects
 * a profile, so the simulated x86 CPU it would prepare is left out.
 */
void x86_tree_use(const struct arch_profile *profile)
{
	(void)profile;
}

struct afl_mutator {
	uint64_t rng;
	uint8_t *buf;
	size_t cap;
};

AFL_EXPORT void *afl_custom_init(void *afl, unsigned int seed);
AFL_EXPORT size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size,
				  uint8_t **out_buf, uint8_t *add_buf,
				  size_t add_buf_size, size_t max_size);
AFL_EXPORT const char *afl_custom_describe(void *data, size_t max_len);
AFL_EXPORT void afl_custom_deinit(void *data);

/*
 * The gather's geometry hook, as the model's gather answers it (core/
 * arch_tables.c, not linked here): input_fold_geometry() refers to it,
 * and the mutator never calls that.
 */
const struct pt_geometry *geometry_for_gather(const struct pt_geometry *g)
{
	return g;
}

static uint64_t next_seed(struct afl_mutator *m)
{
	uint64_t z = (m->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void *afl_custom_init(void *afl, unsigned int seed)
{
	struct afl_mutator *m = calloc(1, sizeof(*m));

	(void)afl;
	if (!m)
		return NULL;
	m->rng = seed;
	m->cap = INPUT_MAX_SIZE;
	m->buf = malloc(m->cap);
	if (!m->buf) {
		free(m);
		return NULL;
	}
	return m;
}

/* Room for @size bytes of input and a result of up to INPUT_MAX_SIZE. */
static bool reserve(struct afl_mutator *m, size_t size)
{
	uint8_t *b;

	if (size <= m->cap)
		return true;
	b = realloc(m->buf, size);
	if (!b)
		return false;
	m->buf = b;
	m->cap = size;
	return true;
}

size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size,
		       uint8_t **out_buf, uint8_t *add_buf, size_t add_buf_size,
		       size_t max_size)
{
	struct afl_mutator *m = data;
	uint64_t r = next_seed(m);
	unsigned int seed = (unsigned int)(r >> 32);
	size_t max;

	*out_buf = buf;
	if (!reserve(m, buf_size))
		return buf_size;
	/* A result never needs more than the format's largest input. */
	max = max_size < m->cap ? max_size : m->cap;
	*out_buf = m->buf;
	if (add_buf && add_buf_size && !(r % SPLICE_SHARE))
		return fuzz_cross_over(buf, buf_size, add_buf, add_buf_size,
				       m->buf, max, seed, TLBF_TARGET);
	memcpy(m->buf, buf, buf_size);
	return fuzz_mutate(m->buf, buf_size < max ? buf_size : max, max, seed,
			   TLBF_TARGET);
}

const char *afl_custom_describe(void *data, size_t max_len)
{
	(void)data;
	return max_len >= sizeof("tlbf-struct") ? "tlbf-struct" : "tlbf";
}

void afl_custom_deinit(void *data)
{
	struct afl_mutator *m = data;

	if (!m)
		return;
	free(m->buf);
	free(m);
}
