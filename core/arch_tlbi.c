// SPDX-License-Identifier: GPL-2.0-only
/*
 * arm64 TLBI and DSB on the simulated CPUs (see arch_tlbi.h for what each
 * operand field means). The decoder is strict: it reads only what the
 * architecture defines, so a wrong shift or field in the kernel's operand
 * invalidates the wrong thing, or nothing, and the oracles see the stale
 * entry.
 */
#include "arch_tlbi.h"

#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "interleave.h"
#include "mm.h"
#include "oracle.h"

unsigned int tlbf_arm64_caps = ARM64_CAP_TTL | ARM64_CAP_TLB_RANGE;

#define ASID_SHIFT	 48
#define NR_ASIDS	 (1UL << 16)
#define FIELD(v, hi, lo) (((v) >> (lo)) & ((1ULL << ((hi) - (lo) + 1)) - 1))

enum tlbi_kind {
	TLBI_BY_VA,
	TLBI_BY_RANGE,
	TLBI_BY_ASID,
	TLBI_ALL,
};

struct tlbi {
	enum tlbi_kind kind;
	bool broadcast; /* is/os: every CPU */
	bool leaf_only; /* the "l" forms: walk caches stay */
	bool all_asids; /* the "aa" forms and vmalle1 */
	bool nothing; /* a TG/TTL that cannot match: no entry is required */
	struct mm_struct *mm; /* the ASID's mm (NULL: none known) */
	unsigned long start, end; /* BY_VA: [va, va + 1) */
	int level; /* TTL hint: 1 pud, 2 pmd, 3 pte; 0 none */
};

/* ASID -> mm, as ASID(mm) handed them out. */
static struct mm_struct *asid_mm[NR_ASIDS];

#define QUEUE_MAX 64

static struct {
	struct tlbi q[QUEUE_MAX];
	unsigned int nr;
	struct mm_struct *seq_mm; /* ilv_flush() done for this mm */
} queue[TLBF_MAX_CPUS];

unsigned long arm64_asid(struct mm_struct *mm)
{
	unsigned long asid = mm->id % (NR_ASIDS - 1) + 1;

	asid_mm[asid] = mm;
	return asid;
}

/* TG and TTL granule code of the run's page size (1 4K, 2 16K, 3 64K). */
static unsigned int granule_code(void)
{
	switch (PAGE_SHIFT) {
	case 12:
		return 1;
	case 14:
		return 2;
	case 16:
		return 3;
	default:
		return 0;
	}
}

/* "[r]va[a][l]e1", "aside1", "vmalle1", then "", "is" or "os". */
static bool parse_mnemonic(const char *m, struct tlbi *t)
{
	bool range = *m == 'r';

	if (range)
		m++;
	if (!strncmp(m, "vmalle1", 7)) {
		t->kind = TLBI_ALL;
		t->all_asids = true;
		m += 7;
	} else if (!strncmp(m, "aside1", 6)) {
		t->kind = TLBI_BY_ASID;
		m += 6;
	} else if (!strncmp(m, "va", 2)) {
		m += 2;
		t->all_asids = *m == 'a';
		m += t->all_asids;
		t->leaf_only = *m == 'l';
		m += t->leaf_only;
		if (strncmp(m, "e1", 2))
			return false;
		m += 2;
		t->kind = range ? TLBI_BY_RANGE : TLBI_BY_VA;
	} else {
		return false;
	}
	if (range && t->kind != TLBI_BY_RANGE)
		return false;
	t->broadcast = !strcmp(m, "is") || !strcmp(m, "os");
	return t->broadcast || !*m;
}

/* A TTL hint's level (0 none), or nothing when its granule is not ours. */
static void decode_hint(struct tlbi *t, unsigned int tg, unsigned int level)
{
	if (!tg)
		return;
	if (tg != granule_code()) {
		t->nothing = true;
		return;
	}
	/* Level 0 leaves need 52-bit tables: reserved here, no hint. */
	t->level = (int)level;
}

static void decode_operand(struct tlbi *t, uint64_t op)
{
	t->mm = t->all_asids ? NULL : asid_mm[op >> ASID_SHIFT];
	switch (t->kind) {
	case TLBI_BY_VA: {
		unsigned int ttl = (unsigned int)FIELD(op, 47, 44);

		t->start = (unsigned long)FIELD(op, 43, 0) << 12;
		t->end = t->start + 1;
		/* Without FEAT_TTL the field is RES0: no hint. */
		if (tlbf_arm64_caps & ARM64_CAP_TTL)
			decode_hint(t, ttl >> 2, ttl & 3);
		break;
	}
	case TLBI_BY_RANGE: {
		unsigned long pages = (FIELD(op, 43, 39) + 1)
				      << (5 * FIELD(op, 45, 44) + 1);

		t->start = (unsigned long)FIELD(op, 36, 0) << PAGE_SHIFT;
		t->end = t->start + (pages << PAGE_SHIFT);
		if (FIELD(op, 47, 46) != granule_code())
			t->nothing = true;
		t->level = (int)FIELD(op, 38, 37);
		break;
	}
	default:
		break;
	}
}

static bool mm_matches(const struct tlbi *t, const struct mm_struct *mm)
{
	return t->all_asids || (t->mm && t->mm == mm);
}

static bool overlaps(const struct tlbi *t, unsigned long base,
		     unsigned long span)
{
	return base < t->end && base + (span - 1) >= t->start;
}

static bool tlbi_leaf_hit(const struct tlb_entry *e, const void *ctx)
{
	const struct tlbi *t = ctx;

	if (!mm_matches(t, e->mm))
		return false;
	if (t->kind == TLBI_ALL || t->kind == TLBI_BY_ASID)
		return true;
	/* A hint for another level: the entry need not go, so it stays. */
	if (t->level && t->level != 3 - (int)e->level)
		return false;
	return overlaps(t, e->va, 1UL << level_shift(e->level));
}

static bool tlbi_walk_hit(const struct walk_entry *w, const void *ctx)
{
	const struct tlbi *t = ctx;
	unsigned long span = 1UL << table_span_shift(w->level);

	if (!mm_matches(t, w->mm))
		return false;
	if (t->kind == TLBI_ALL || t->kind == TLBI_BY_ASID)
		return true;
	return overlaps(t, w->va & ~(span - 1), span);
}

static void tlbi_on(struct sim_cpu *c, const struct tlbi *t)
{
	tlb_drop_if(c, tlbi_leaf_hit, t);
	if (!t->leaf_only)
		walk_drop_if(c, tlbi_walk_hit, t);
}

static void tlbi_apply(const struct tlbi *t)
{
	struct sim_cpu *c;

	if (t->nothing)
		return;
	if (!t->broadcast) {
		tlbi_on(this_cpu(), t);
		return;
	}
	for_each_online_cpu (c)
		tlbi_on(c, t);
}

/* Complete this CPU's queued TLBIs (the broadcast ones only if @is). */
static void complete(bool is)
{
	unsigned int cpu = smp_processor_id();
	unsigned int i, kept = 0;

	for (i = 0; i < queue[cpu].nr; i++) {
		struct tlbi *t = &queue[cpu].q[i];

		if (t->broadcast && !is)
			queue[cpu].q[kept++] = *t;
		else
			tlbi_apply(t);
	}
	queue[cpu].nr = kept;
	queue[cpu].seq_mm = NULL;
}

void arm64_tlbi(const char *mnemonic, uint64_t operand)
{
	unsigned int cpu = smp_processor_id();
	struct tlbi t = {0};

	if (!parse_mnemonic(mnemonic, &t)) {
		report(ORACLE_KERNEL_BUG, "TLBI not modelled", "tlbi %s, %#llx",
		       mnemonic, (unsigned long long)operand);
		return;
	}
	if (t.kind == TLBI_BY_RANGE &&
	    !(tlbf_arm64_caps & ARM64_CAP_TLB_RANGE)) {
		/* UNDEFINED without FEAT_TLBIRANGE: the kernel would oops. */
		report(ORACLE_KERNEL_BUG, "TLBI range on a CPU without it",
		       "tlbi %s, %#llx", mnemonic, (unsigned long long)operand);
		return;
	}
	decode_operand(&t, operand);
	/* One scheduling point per flush sequence, as the model's flush. */
	if (t.mm && t.mm != queue[cpu].seq_mm) {
		queue[cpu].seq_mm = t.mm;
		ilv_flush(t.mm);
	}
	if (queue[cpu].nr == QUEUE_MAX)
		complete(true);
	queue[cpu].q[queue[cpu].nr++] = t;
}

void arm64_dsb(const char *option)
{
	size_t n = strlen(option);

	/* ST (and LD) variants order memory accesses only. */
	if (n >= 2 &&
	    (!strcmp(option + n - 2, "st") || !strcmp(option + n - 2, "ld")))
		return;
	complete(strcmp(option, "nsh") != 0);
}

unsigned int arm64_tlbi_pending(void)
{
	return queue[smp_processor_id()].nr;
}

void arm64_tlbi_reset(void)
{
	const char *caps = getenv("TLBFUZZ_ARM64_CAPS");
	unsigned int cpu;

	/* Entries past nr are never read: no need to clear 10 KB per run. */
	for (cpu = 0; cpu < TLBF_MAX_CPUS; cpu++) {
		queue[cpu].nr = 0;
		queue[cpu].seq_mm = NULL;
	}
	if (caps && *caps)
		tlbf_arm64_caps = (unsigned int)strtoul(caps, NULL, 0) & 7;
}
