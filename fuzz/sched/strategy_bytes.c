// SPDX-License-Identifier: GPL-2.0-only
/*
 * The schedule-bytes strategy: the input spells the interleaving.
 *
 * Each byte is a slice: bits 3-7 are N, bits 0-1 a CPU k (folded into
 * range), bit 2 a flag. The current CPU runs N more scheduling points,
 * then CPU k runs and the next byte begins. While a slice's flag is clear,
 * RCU callbacks wait (draw() answers 0), so a grace period can be held
 * open across other CPUs' work. When the bytes run out, the seeded
 * fallback (strategy_fallback.c) decides from then on, so an input with
 * few or no bytes still preempts.
 *
 * Sequential is the same strategy without the fallback: when the bytes
 * run out, the current CPU runs until it finishes or blocks, then the
 * next CPU in round-robin order; an empty schedule runs the CPUs one
 * after another. For inputs that ask for exactly the preemptions their
 * bytes spell and no others.
 */
#include "strategy.h"

struct bytes_state {
	const uint8_t *bytes;
	size_t len;
	size_t pos;
	unsigned int nr_cpus;
	bool in_slice;
	unsigned int left; /* points the current CPU still runs */
	unsigned int target; /* CPU that runs after them */
	bool flag; /* RCU callbacks may run in this slice */
	bool fallback; /* once the bytes are spent */
};

static struct bytes_state st;

SCHED_NO_TSAN static void next_slice(void)
{
	uint8_t b;

	if (st.pos >= st.len) {
		st.in_slice = false;
		st.flag = true;
		return;
	}
	b = st.bytes[st.pos++];
	st.in_slice = true;
	st.target = (b & 3u) % st.nr_cpus;
	st.flag = b & 4u;
	st.left = b >> 3;
}

SCHED_NO_TSAN static void begin(const uint8_t *bytes, size_t len,
				unsigned int nr_cpus, bool fallback)
{
	st = (struct bytes_state){
		.bytes = bytes,
		.len = len,
		.nr_cpus = nr_cpus ? nr_cpus : 1,
		.fallback = fallback,
	};
	next_slice();
}

SCHED_NO_TSAN static void bytes_begin(const uint8_t *bytes, size_t len,
				      unsigned int nr_cpus, uint64_t seed)
{
	begin(bytes, len, nr_cpus, !sched_fallback_off);
	fallback_begin(seed, st.nr_cpus);
}

SCHED_NO_TSAN static void sequential_begin(const uint8_t *bytes, size_t len,
					   unsigned int nr_cpus, uint64_t seed)
{
	(void)seed;
	begin(bytes, len, nr_cpus, false);
}

SCHED_NO_TSAN static unsigned int bytes_pick(const struct sched_view *v)
{
	unsigned int next;

	if (!st.in_slice && st.fallback)
		return fallback_pick(v);
	if (!v->cur_can_run)
		return sched_rr_from(v->runnable, v->cur + 1, v->nr_cpus);
	if (!st.in_slice)
		return v->cur;
	if (st.left) {
		st.left--;
		return v->cur;
	}
	next = st.target;
	next_slice();
	return sched_rr_from(v->runnable | (1UL << v->cur), next, v->nr_cpus);
}

SCHED_NO_TSAN static unsigned long bytes_draw(unsigned long bound)
{
	if (bound <= 1)
		return 0;
	return st.flag ? bound - 1 : 0;
}

const struct sched_strategy_ops sched_strategy_bytes = {
	.name = "bytes",
	.begin = bytes_begin,
	.pick = bytes_pick,
	.draw = bytes_draw,
};

const struct sched_strategy_ops sched_strategy_sequential = {
	.name = "sequential",
	.begin = sequential_begin,
	.pick = bytes_pick,
	.draw = bytes_draw,
};
