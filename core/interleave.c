// SPDX-License-Identifier: GPL-2.0-only
/*
 * The interleaving-pair recorder (see interleave.h).
 *
 * Per run: a table of objects (open addressing by pointer, tombstones on
 * free so that a reused address starts afresh), each holding its last
 * write-like and last read-like access; a bitmap and list of the counter
 * indices hit; per CPU the kernel function it entered last and whether it
 * has an unflushed entry change. Reset by ilv_begin_run(): a generation
 * number empties the table without clearing it.
 *
 * Scheduler-style bookkeeping: every simulated CPU writes it, one at a
 * time (fibers), so it is hidden from TSan; a stress run (real threads)
 * never turns it on. It is not the model either: ASan does not check it
 * (about a third of the recorder's cost under ASan), and it never touches a
 * model object, only compares pointers to them.
 */
#include "interleave.h"

#include <string.h>

#include "fnv.h"
#include "sync.h"

#define ILV_NO_TSAN __attribute__((no_sanitize("thread", "address")))

#define ILV_SLOTS    2048 /* power of two */
#define ILV_MAX_LIVE 1024 /* then new objects are dropped */
/* A freed table's entries: looked up one by one up to this many. */
#define ILV_FREE_LOOKUPS 64

struct ilv_side {
	bool valid;
	uint8_t cpu;
	uint8_t acc;
	const char *fn;
	uint64_t fn_hash;
	uint32_t flushes, ipis, gps; /* counts when it happened */
	uint32_t op; /* the CPU's operation serial then */
	uint32_t seq; /* the run's access count then */
};

/*
 * The probed part of a slot, 16 bytes: probing reads only these, in a
 * table that fits the cache; the accesses (ilv_sides) live apart.
 */
struct ilv_slot {
	uint32_t gen; /* not this run's: empty */
	bool tomb;
	uint8_t kind;
	uintptr_t key;
};

struct ilv_sides {
	struct ilv_side w, r;
};

struct ilv_state {
	unsigned int mode; /* of the last run */
	uint32_t gen;
	unsigned int live, tombs;
	unsigned int live_pte; /* of live: page-table entries */
	uint32_t flushes, ipis, gps;
	unsigned long unflushed;
	/*
	 * Per CPU: operation serial, the access count when it began,
	 * inside one, preempted (not only blocked) since it began.
	 */
	uint32_t seq;
	uint32_t op[TLBF_MAX_CPUS], op_start[TLBF_MAX_CPUS];
	bool in_op[TLBF_MAX_CPUS], preempted[TLBF_MAX_CPUS];
	struct ilv_windows windows;
	const char *fn[TLBF_MAX_CPUS];
	uint64_t fn_hash[TLBF_MAX_CPUS];
	uint64_t seen[ILV_NR_COUNTERS / 64];
	unsigned int nr_hits, nr_pairs;
	uint32_t hits[ILV_MAX_HITS];
	struct ilv_pair pairs[ILV_MAX_HITS];
	struct ilv_slot slots[ILV_SLOTS];
	struct ilv_sides sides[ILV_SLOTS];
};

unsigned int tlbf_ilv_mode;
bool tlbf_ilv_on;
static struct ilv_state ilv;

static const char *const kind_names[ILV_KIND_NR] = {
	[ILV_PTE] = "pte", [ILV_TABLE] = "table", [ILV_FRAME] = "frame",
	[ILV_TLB] = "tlb", [ILV_WALK] = "walk",	  [ILV_RANGE] = "range",
};

static const char *const acc_names[ILV_ACC_NR] = {
	[ILV_READ] = "read",   [ILV_FILL] = "fill", [ILV_WRITE] = "write",
	[ILV_FLUSH] = "flush", [ILV_FREE] = "free",
};

const char *ilv_kind_name(enum ilv_kind kind)
{
	return kind < ILV_KIND_NR ? kind_names[kind] : "?";
}

const char *ilv_acc_name(enum ilv_acc acc)
{
	return acc < ILV_ACC_NR ? acc_names[acc] : "?";
}

uint32_t ilv_pair_index(enum ilv_kind kind, enum ilv_acc a0, uint64_t fn0,
			enum ilv_acc a1, uint64_t fn1, unsigned int order)
{
	uint64_t h = FNV_OFFSET;

	h = fnv_mix(h, ((uint64_t)kind << 16) | ((uint64_t)a0 << 8) | a1);
	h = fnv_mix(h, fn0);
	h = fnv_mix(h, fn1);
	h = fnv_mix(h, order);
	return (uint32_t)(h % ILV_NR_COUNTERS);
}

ILV_NO_TSAN void ilv_begin_run(unsigned int mode)
{
	tlbf_ilv_mode = mode;
	tlbf_ilv_on = mode != 0;
	ilv.mode = mode;
	if (!mode)
		return;
	ilv.gen++;
	ilv.live = ilv.tombs = ilv.live_pte = 0;
	ilv.flushes = ilv.ipis = ilv.gps = 0;
	ilv.unflushed = 0;
	ilv.seq = 0;
	memset(ilv.op, 0, sizeof(ilv.op));
	memset(ilv.op_start, 0, sizeof(ilv.op_start));
	memset(ilv.in_op, 0, sizeof(ilv.in_op));
	memset(ilv.preempted, 0, sizeof(ilv.preempted));
	ilv.windows = (struct ilv_windows){0};
	memset(ilv.fn, 0, sizeof(ilv.fn));
	memset(ilv.fn_hash, 0, sizeof(ilv.fn_hash));
	memset(ilv.seen, 0, sizeof(ilv.seen));
	ilv.nr_hits = ilv.nr_pairs = 0;
}

ILV_NO_TSAN void ilv_end_run(void)
{
	tlbf_ilv_mode = 0;
	tlbf_ilv_on = false;
}

ILV_NO_TSAN void ilv_set_func(unsigned int cpu, const char *fn, uint64_t hash)
{
	if (!(tlbf_ilv_mode & ILV_RECORD) || cpu >= TLBF_MAX_CPUS)
		return;
	ilv.fn[cpu] = fn;
	ilv.fn_hash[cpu] = hash;
}

ILV_NO_TSAN static uint64_t slot_hash(enum ilv_kind kind, uintptr_t key)
{
	return fnv_mix(fnv_mix(FNV_OFFSET, key), kind);
}

/*
 * Too many tombstones make every miss (an object not tracked, once the
 * table holds ILV_MAX_LIVE) probe the whole table: put the live slots
 * back in a fresh generation, in slot order. The set of objects tracked
 * does not change, so neither does any result.
 */
ILV_NO_TSAN static void rebuild(void)
{
	/* The live slots only (at most ILV_MAX_LIVE), not the whole table. */
	static struct ilv_slot keep[ILV_MAX_LIVE];
	static struct ilv_sides keep_sides[ILV_MAX_LIVE];
	unsigned int i, j, n = 0, to;
	uint32_t gen = ilv.gen;

	for (i = 0; i < ILV_SLOTS && n < ILV_MAX_LIVE; i++) {
		if (ilv.slots[i].gen != gen || ilv.slots[i].tomb)
			continue;
		keep[n] = ilv.slots[i];
		keep_sides[n++] = ilv.sides[i];
	}
	ilv.gen++;
	ilv.tombs = 0;
	for (i = 0; i < n; i++) {
		uint64_t h =
			slot_hash((enum ilv_kind)keep[i].kind, keep[i].key);

		for (j = 0; ilv.slots[(h + j) & (ILV_SLOTS - 1)].gen == ilv.gen;
		     j++)
			;
		to = (h + j) & (ILV_SLOTS - 1);
		ilv.slots[to] = keep[i];
		ilv.slots[to].gen = ilv.gen;
		ilv.sides[to] = keep_sides[i];
	}
}

ILV_NO_TSAN static struct ilv_sides *sides_of(const struct ilv_slot *s)
{
	return &ilv.sides[s - ilv.slots];
}

ILV_NO_TSAN static struct ilv_slot *lookup(enum ilv_kind kind, uintptr_t key,
					   bool insert)
{
	uint64_t h = slot_hash(kind, key);
	struct ilv_slot *tomb = NULL, *s;
	unsigned int i;

	for (i = 0; i < ILV_SLOTS; i++) {
		s = &ilv.slots[(h + i) & (ILV_SLOTS - 1)];
		if (s->gen != ilv.gen)
			break;
		if (s->tomb) {
			tomb = tomb ? tomb : s;
			continue;
		}
		if (s->key == key && s->kind == kind)
			return s;
	}
	/* Dropped by count only, so placement never changes the result. */
	if (!insert || ilv.live >= ILV_MAX_LIVE)
		return NULL;
	if (tomb) {
		s = tomb;
		ilv.tombs--;
	}
	ilv.live++;
	ilv.live_pte += kind == ILV_PTE;
	memset(s, 0, sizeof(*s));
	memset(sides_of(s), 0, sizeof(struct ilv_sides));
	s->gen = ilv.gen;
	s->kind = (uint8_t)kind;
	s->key = key;
	return s;
}

/* Tombstone @s; the caller rebuilds when there are too many. */
ILV_NO_TSAN static void bury(struct ilv_slot *s)
{
	s->tomb = true;
	ilv.live--;
	ilv.live_pte -= s->kind == ILV_PTE;
	ilv.tombs++;
}

ILV_NO_TSAN static void forget(struct ilv_slot *s)
{
	bury(s);
	if (ilv.tombs >= ILV_SLOTS / 8)
		rebuild();
}

ILV_NO_TSAN static void hit(enum ilv_kind kind, const struct ilv_side *a,
			    const struct ilv_side *b, unsigned int order)
{
	uint32_t idx = ilv_pair_index(kind, a->acc, a->fn_hash, b->acc,
				      b->fn_hash, order);
	struct ilv_pair *p;

	if (ilv.seen[idx / 64] & (1ULL << (idx % 64)))
		return;
	ilv.seen[idx / 64] |= 1ULL << (idx % 64);
	if (ilv.nr_hits >= ILV_MAX_HITS)
		return;
	ilv.hits[ilv.nr_hits++] = idx;
	if (!(tlbf_ilv_mode & ILV_KEEP))
		return;
	p = &ilv.pairs[ilv.nr_pairs++];
	*p = (struct ilv_pair){
		.kind = kind,
		.acc = {a->acc, b->acc},
		.fn = {a->fn, b->fn},
		.order = order,
		.index = idx,
	};
}

/*
 * A window pair: @prev's CPU is still inside the operation that made it,
 * or @cur's CPU was already inside its operation when @prev came; either
 * way the pair straddles one CPU's time away in the middle of an
 * operation. Preempted: that CPU was switched away at a preemption (not
 * only blocked) since its operation began.
 */
ILV_NO_TSAN static unsigned int window(const struct ilv_side *prev,
				       const struct ilv_side *cur)
{
	unsigned int p = prev->cpu, c = cur->cpu;
	bool in_p = ilv.in_op[p] && ilv.op[p] == prev->op;
	bool in_c = ilv.in_op[c] && ilv.op_start[c] <= prev->seq;

	if (!in_p && !in_c)
		return 0;
	ilv.windows.pairs++;
	if ((in_p && ilv.preempted[p]) || (in_c && ilv.preempted[c])) {
		ilv.windows.preempted++;
		return ILV_ORDER_WINDOW;
	}
	return 0;
}

/* @prev by another CPU, then @cur: a pair, with what came between. */
ILV_NO_TSAN static void pair(enum ilv_kind kind, const struct ilv_side *prev,
			     const struct ilv_side *cur)
{
	unsigned int order = 0;

	if (!prev->valid || prev->cpu == cur->cpu)
		return;
	if (cur->flushes != prev->flushes)
		order |= ILV_ORDER_FLUSH;
	if (cur->ipis != prev->ipis)
		order |= ILV_ORDER_IPI;
	if (cur->gps != prev->gps)
		order |= ILV_ORDER_GP;
	order |= window(prev, cur);
	hit(kind, prev, cur, order);
}

ILV_NO_TSAN static void now(struct ilv_side *s, enum ilv_acc acc)
{
	unsigned int cpu = smp_processor_id() % TLBF_MAX_CPUS;

	*s = (struct ilv_side){
		.valid = true,
		.cpu = (uint8_t)cpu,
		.acc = (uint8_t)acc,
		.fn = ilv.fn[cpu],
		.fn_hash = ilv.fn_hash[cpu],
		.flushes = ilv.flushes,
		.ipis = ilv.ipis,
		.gps = ilv.gps,
		.op = ilv.op[cpu],
		.seq = ++ilv.seq,
	};
}

ILV_NO_TSAN void ilv_access_slow(enum ilv_kind kind, const void *obj,
				 enum ilv_acc acc)
{
	struct ilv_side cur;
	struct ilv_slot *s;
	struct ilv_sides *d;

	if (!(tlbf_ilv_mode & ILV_RECORD) || !obj)
		return;
	s = lookup(kind, (uintptr_t)obj, true);
	if (!s)
		return;
	d = sides_of(s);
	now(&cur, acc);
	pair(kind, &d->w, &cur);
	if (acc < ILV_WRITE) {
		d->r = cur;
		return;
	}
	pair(kind, &d->r, &cur);
	d->w = cur;
	if (acc == ILV_FREE)
		forget(s);
}

ILV_NO_TSAN void ilv_entry_slow(const unsigned long *p, unsigned long old)
{
	if ((tlbf_ilv_mode & ILV_TRACK_UNFLUSHED) && (old & 1UL))
		ilv.unflushed |= 1UL << (smp_processor_id() % TLBF_MAX_CPUS);
	ilv_access_slow(ILV_PTE, p, ILV_WRITE);
}

ILV_NO_TSAN void ilv_fill_slow(enum ilv_kind cache, const void *mm,
			       enum ilv_kind kind, const void *obj)
{
	ilv_access_slow(cache, mm, ILV_FILL);
	if (cache == ILV_TLB)
		ilv_access_slow(ILV_RANGE, mm, ILV_FILL);
	ilv_access_slow(kind, obj, ILV_FILL);
}

ILV_NO_TSAN void ilv_sync_slow(unsigned int order_bit)
{
	if (order_bit & ILV_ORDER_IPI)
		ilv.ipis++;
	if (order_bit & ILV_ORDER_GP)
		ilv.gps++;
}

ILV_NO_TSAN void ilv_flush_slow(const void *mm)
{
	ilv.unflushed &= ~(1UL << (smp_processor_id() % TLBF_MAX_CPUS));
	ilv.flushes++;
	ilv_access_slow(ILV_TLB, mm, ILV_FLUSH);
	ilv_access_slow(ILV_WALK, mm, ILV_FLUSH);
	ilv_access_slow(ILV_RANGE, mm, ILV_FLUSH);
}

ILV_NO_TSAN void ilv_free_table_slow(const void *table,
				     const unsigned long *words,
				     unsigned int nr)
{
	struct ilv_slot *s;
	uintptr_t lo, hi;
	unsigned int i;

	ilv_access_slow(ILV_TABLE, table, ILV_FREE);
	if (!(tlbf_ilv_mode & ILV_RECORD) || !ilv.live_pte)
		return;
	if (nr <= ILV_FREE_LOOKUPS) {
		for (i = 0; i < nr; i++) {
			s = lookup(ILV_PTE, (uintptr_t)&words[i], false);
			if (s)
				forget(s);
		}
		return;
	}
	/*
	 * A whole table (hundreds of entries, nearly none tracked): one pass
	 * over the slots beats a probe per entry. The same entries go, and
	 * placement never changes a result, so the rebuild waits for the
	 * end of the pass (it moves slots).
	 */
	lo = (uintptr_t)words;
	hi = (uintptr_t)(words + nr);
	for (i = 0; i < ILV_SLOTS && ilv.live_pte; i++) {
		s = &ilv.slots[i];
		if (s->gen == ilv.gen && !s->tomb && s->kind == ILV_PTE &&
		    s->key >= lo && s->key < hi)
			bury(s);
	}
	if (ilv.tombs >= ILV_SLOTS / 8)
		rebuild();
}

ILV_NO_TSAN void ilv_op_slow(unsigned int cpu, bool begin)
{
	if (cpu >= TLBF_MAX_CPUS)
		return;
	if (begin) {
		ilv.op[cpu]++;
		ilv.op_start[cpu] = ilv.seq + 1;
		ilv.preempted[cpu] = false;
	}
	ilv.in_op[cpu] = begin;
}

ILV_NO_TSAN void ilv_cpu_left_slow(unsigned int cpu, bool preempted)
{
	if (cpu < TLBF_MAX_CPUS && preempted && ilv.in_op[cpu])
		ilv.preempted[cpu] = true;
}

ILV_NO_TSAN void ilv_run_windows(struct ilv_windows *w)
{
	if (ilv.mode & ILV_RECORD)
		*w = ilv.windows;
	else
		*w = (struct ilv_windows){0};
}

ILV_NO_TSAN unsigned int ilv_run_hits(const uint32_t **hits)
{
	*hits = ilv.hits;
	return ilv.mode & ILV_RECORD ? ilv.nr_hits : 0;
}

ILV_NO_TSAN unsigned int ilv_run_pairs(const struct ilv_pair **pairs)
{
	*pairs = ilv.pairs;
	return ilv.mode & ILV_KEEP ? ilv.nr_pairs : 0;
}

ILV_NO_TSAN unsigned long ilv_unflushed_mask(void)
{
	return tlbf_ilv_mode & ILV_TRACK_UNFLUSHED ? ilv.unflushed : 0;
}
