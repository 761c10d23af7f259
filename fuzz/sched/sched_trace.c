// SPDX-License-Identifier: GPL-2.0-only
/*
 * The run's trace hash and ring (see sched_trace.h). Scheduler
 * bookkeeping: written from every fiber, hidden from TSan.
 */
#include "sched_trace.h"

#include <stdio.h>
#include <string.h>

#include "fnv.h"
#include "interleave.h"
#include "objlog.h"
#include "trace_names.h"
#include "sched.h"
#include "strategy.h"
#include "tsan_annotate.h"

struct trace_state {
	uint64_t hash;
	bool keep;
	unsigned long next; /* lines written so far */
	struct run_trace_line ring[SCHED_TRACE_RING];
};

static struct trace_state ts;

#if __has_feature(thread_sanitizer)
/* The named lines' text is written by libc's formatting (instrumented). */
static void ring_benign(void)
{
	static bool marked;

	if (!marked)
		AnnotateBenignRaceSized(__FILE__, __LINE__, ts.ring,
					sizeof(ts.ring), "trace ring");
	marked = true;
}
#else
static void ring_benign(void)
{
}
#endif

static const char *const site_names[SITE_NR] = {
	[SITE_LOCK] = "lock",
	[SITE_UNLOCK] = "unlock",
	[SITE_READ_ONCE] = "READ_ONCE",
	[SITE_WRITE_ONCE] = "WRITE_ONCE",
	[SITE_ATOMIC] = "atomic",
	[SITE_IRQ] = "irq",
	[SITE_PREEMPT] = "preempt",
	[SITE_RCU] = "rcu",
	[SITE_IPI] = "ipi",
	[SITE_RESCHED] = "cond_resched",
	[SITE_OP] = "op",
};

const char *sched_site_name(enum sched_site site)
{
	return site < SITE_NR ? site_names[site] : "?";
}

/* One multiply per word: cheap enough for every scheduling point. */
SCHED_NO_TSAN static void mix(uint64_t v)
{
	ts.hash = fnv_mix(ts.hash, v);
}

/*
 * A function name's hash, by content so that it survives ASLR. Names are
 * string literals (__func__), so the hash of each is kept in a small
 * table keyed by its address: a pure cache of a function of the name,
 * the same in every run, and no per-input state. About 500 names are
 * hashed per run; the cache saves a strlen and a loop on each.
 */
#define NAME_CACHE 512

struct name_hash {
	const char *name;
	uint64_t hash;
};

static struct name_hash name_cache[NAME_CACHE];

SCHED_NO_TSAN static uint64_t name_hash(const char *s)
{
	struct name_hash *e = &name_cache[((uintptr_t)s >> 3) % NAME_CACHE];
	uint64_t h = FNV_OFFSET;
	const char *p;

	if (e->name == s)
		return e->hash;
	for (p = s; *p; p++)
		h = (h ^ (unsigned char)*p) * FNV_PRIME;
	e->name = s;
	e->hash = h;
	return h;
}

SCHED_NO_TSAN static struct run_trace_line *
keep_line(unsigned int cpu, const char *what, unsigned long arg)
{
	struct run_trace_line *l = &ts.ring[ts.next % SCHED_TRACE_RING];

	l->step = sched_steps();
	l->cpu = cpu;
	l->what = what;
	l->arg = arg;
	l->text[0] = '\0';
	ts.next++;
	return l;
}

/* A line with no scheduling point (core/trace_names.h). */
SCHED_NO_TSAN static void keep_text(const char *text)
{
	struct run_trace_line *l = keep_line(smp_processor_id(), NULL, 0);

	snprintf(l->text, sizeof(l->text), "%s", text);
}

SCHED_NO_TSAN void sched_trace_begin(bool keep)
{
	ts.hash = FNV_OFFSET;
	ts.keep = keep;
	ts.next = 0;
	tlbf_trace_text = keep ? keep_text : NULL;
	if (keep)
		ring_benign();
}

SCHED_NO_TSAN void sched_trace_site(unsigned int cpu, enum sched_site site,
				    bool wait)
{
	mix(((uint64_t)cpu << 16) | ((uint64_t)wait << 8) | site);
	if (ts.keep) {
		struct run_trace_line *l = keep_line(cpu, NULL, 0);

		trace_names_format(cpu, site, wait, l->text, sizeof(l->text));
	}
}

SCHED_NO_TSAN void sched_trace_func(const char *fn, unsigned long arg)
{
	unsigned int cpu = smp_processor_id();
	uint64_t h = name_hash(fn);

	mix(cpu);
	mix(h);
	if (tlbf_ilv_mode)
		ilv_set_func(cpu, fn, h);
	if (ts.keep) {
		keep_line(cpu, fn, arg);
		objlog_set_func(cpu, fn);
	}
}

SCHED_NO_TSAN uint64_t sched_trace_hash(void)
{
	return ts.hash;
}

SCHED_NO_TSAN unsigned long sched_trace_lines(void)
{
	return ts.next;
}

SCHED_NO_TSAN unsigned int sched_trace_copy(struct run_trace_line *out,
					    unsigned int max,
					    unsigned long *first_line)
{
	unsigned long n =
		ts.next < SCHED_TRACE_RING ? ts.next : SCHED_TRACE_RING;
	unsigned long first = ts.next - n, i;

	if (n > max) {
		first += n - max;
		n = max;
	}
	for (i = 0; i < n; i++)
		out[i] = ts.ring[(first + i) % SCHED_TRACE_RING];
	*first_line = first;
	return (unsigned int)n;
}
