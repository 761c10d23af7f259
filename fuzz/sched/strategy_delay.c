// SPDX-License-Identifier: GPL-2.0-only
/*
 * Delay the flush: run other CPUs between a page-table update and its TLB
 * flush, where stale translations and walkers live.
 *
 * The model marks a CPU "unflushed" from the moment it replaces a present
 * entry until it next flushes (core/interleave.h, ilv_unflushed_mask()).
 * Otherwise, while bytes remain, the current CPU runs until it finishes
 * or blocks, then the next in round-robin order.
 * The first time the running CPU is seen inside such a window, one
 * schedule byte decides the delay: bits 2-7 are N, bits 0-1 pick k; N = 0
 * lets the CPU go on; otherwise the k-th other runnable CPU (round-robin
 * from the current one, k folded into range) runs N scheduling points,
 * or until it blocks or finishes, and then the delayed CPU runs again.
 * One delay per window: the CPU's window closes when it flushes. When the
 * bytes run out, every window gets the default delay (the next CPU, 16
 * points), so the empty schedule already exercises every window, and
 * every other decision is the seeded fallback's (strategy_fallback.c).
 * RCU callbacks run as soon as they may, as under PCT.
 */
#include "strategy.h"

#include "interleave.h"

#define DELAY_DEFAULT_BYTE (16u << 2)

struct delay_state {
	const uint8_t *bytes;
	size_t len, pos;
	unsigned int nr_cpus;
	bool delaying;
	unsigned int delayed; /* the CPU inside its window */
	unsigned int target; /* the CPU running meanwhile */
	unsigned int left; /* points it still runs */
	unsigned long done; /* CPUs already delayed in their window */
};

static struct delay_state dl;

SCHED_NO_TSAN static void delay_begin(const uint8_t *bytes, size_t len,
				      unsigned int nr_cpus, uint64_t seed)
{
	dl = (struct delay_state){
		.bytes = bytes,
		.len = len,
		.nr_cpus = nr_cpus ? nr_cpus : 1,
	};
	fallback_begin(seed, dl.nr_cpus);
}

SCHED_NO_TSAN static uint8_t next_byte(void)
{
	return dl.pos < dl.len ? dl.bytes[dl.pos++] : DELAY_DEFAULT_BYTE;
}

/* The @k-th CPU of @others (folded), counting from @cur + 1. */
SCHED_NO_TSAN static unsigned int nth_other(unsigned long others,
					    unsigned int cur, unsigned int k)
{
	unsigned int order[TLBF_MAX_CPUS], n = 0, i;

	for (i = 1; i <= dl.nr_cpus; i++) {
		unsigned int cpu = (cur + i) % dl.nr_cpus;

		if (others & (1UL << cpu))
			order[n++] = cpu;
	}
	return order[k % n];
}

/* The delayed CPU runs again (or whoever can, if it cannot). */
SCHED_NO_TSAN static unsigned int end_delay(const struct sched_view *v,
					    unsigned long mask)
{
	dl.delaying = false;
	if (mask & (1UL << dl.delayed))
		return dl.delayed;
	return v->cur_can_run
		       ? v->cur
		       : sched_rr_from(v->runnable, v->cur + 1, v->nr_cpus);
}

/* @v->cur just showed up inside its window: maybe run someone else. */
SCHED_NO_TSAN static bool start_delay(const struct sched_view *v,
				      unsigned int *next)
{
	unsigned long others = v->runnable & ~(1UL << v->cur);
	uint8_t b;

	dl.done |= 1UL << v->cur;
	if (!others)
		return false;
	b = next_byte();
	if (!(b >> 2))
		return false;
	dl.delaying = true;
	dl.delayed = v->cur;
	dl.target = nth_other(others, v->cur, b & 3u);
	dl.left = b >> 2;
	*next = dl.target;
	return true;
}

SCHED_NO_TSAN static unsigned int delay_pick(const struct sched_view *v)
{
	unsigned long mask = v->runnable, unflushed = ilv_unflushed_mask();
	unsigned int next;

	if (v->cur_can_run)
		mask |= 1UL << v->cur;
	dl.done &= unflushed; /* a flush closed those windows */
	if (dl.delaying) {
		if (v->cur == dl.target && v->cur_can_run && dl.left) {
			dl.left--;
			return v->cur;
		}
		return end_delay(v, mask);
	}
	if (v->cur_can_run && (unflushed & (1UL << v->cur)) &&
	    !(dl.done & (1UL << v->cur)) && start_delay(v, &next))
		return next;
	/* Outside the delays, once the bytes are spent: the fallback. */
	if (dl.pos >= dl.len && !sched_fallback_off)
		return fallback_pick(v);
	if (!v->cur_can_run)
		return sched_rr_from(v->runnable, v->cur + 1, v->nr_cpus);
	return v->cur;
}

const struct sched_strategy_ops sched_strategy_delay_flush = {
	.name = "delay-flush",
	.begin = delay_begin,
	.pick = delay_pick,
	.draw = sched_draw_eager,
};
