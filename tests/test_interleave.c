// SPDX-License-Identifier: GPL-2.0-only
/*
 * Interleaving coverage (core/interleave.h) and the schedule strategies
 * that feed it: a pair's counter depends on its situation only (object
 * kind, accesses, functions, what came between), never on the address;
 * order and an intervening flush change it; one CPU alone makes no pair;
 * a freed object starts afresh; off records nothing. Then whole runs:
 * every strategy is deterministic (trace hash and pairs), delay-the-flush
 * really runs other CPUs inside a flush window, and the correct model
 * stays silent under PCT and delay-the-flush on every arch profile.
 */
#include <stdlib.h>

#include "arch.h"
#include "harness.h"
#include "interleave.h"
#include "run.h"

#define KB(x) ((unsigned long)(x) << 10)

/* ---- the recorder alone, on a test back end with a settable CPU ---- */

static unsigned int test_cpu;

static unsigned int test_cpu_id(void)
{
	return test_cpu;
}

static void test_point(enum sched_site site)
{
	(void)site;
}

static const struct sync_backend test_backend = {
	.name = "ilv-test",
	.cpu_id = test_cpu_id,
	.point = test_point,
	.wait = test_point,
};

static void on_cpu(unsigned int cpu, const char *fn)
{
	test_cpu = cpu;
	ilv_set_func(cpu, fn, (uint64_t)strlen(fn) * 0x9e3779b97f4a7c15ULL);
}

static void begin(void)
{
	sync_use(&test_backend);
	ilv_begin_run(ILV_RECORD | ILV_KEEP);
}

static void end(void)
{
	ilv_end_run();
	sync_use(&sync_backend_direct);
}

/* The one pair of a run (or UINT32_MAX when there is not exactly one). */
static uint32_t only_hit(void)
{
	const uint32_t *hits;

	return ilv_run_hits(&hits) == 1 ? hits[0] : UINT32_MAX;
}

/* cpu0 zaps the entry at @obj, then cpu1's gup_fast reads it. */
static uint32_t write_then_read(const void *obj, bool flush_between)
{
	uint32_t idx;

	begin();
	on_cpu(0, "zap_pte_range");
	ilv_access(ILV_PTE, obj, ILV_WRITE);
	if (flush_between)
		ilv_flush(&test_cpu);
	on_cpu(1, "gup_fast");
	ilv_access(ILV_PTE, obj, ILV_READ);
	idx = only_hit();
	end();
	return idx;
}

/*
 *   cpu0: write(pte A)          cpu0: write(pte B)
 *   cpu1:   read(pte A)         cpu1:   read(pte B)
 * Same situation at two addresses: the same counter.
 */
static void test_ilv_same_situation_same_counter(void)
{
	unsigned long a[4], b;
	uint32_t ia = write_then_read(&a[1], false);

	CHECK(ia != UINT32_MAX);
	CHECK_EQ(write_then_read(&b, false), ia);
	CHECK_EQ(write_then_read(&a[3], false), ia);
	CHECK_EQ(ia,
		 ilv_pair_index(ILV_PTE, ILV_WRITE,
				strlen("zap_pte_range") * 0x9e3779b97f4a7c15ULL,
				ILV_READ,
				strlen("gup_fast") * 0x9e3779b97f4a7c15ULL, 0));
}

/* Read then write is another situation; so is a flush in between. */
static void test_ilv_order_changes_counter(void)
{
	unsigned long a;
	uint32_t wr = write_then_read(&a, false), rw, flushed;

	begin();
	on_cpu(1, "gup_fast");
	ilv_access(ILV_PTE, &a, ILV_READ);
	on_cpu(0, "zap_pte_range");
	ilv_access(ILV_PTE, &a, ILV_WRITE);
	rw = only_hit();
	end();
	flushed = write_then_read(&a, true);
	CHECK(rw != UINT32_MAX && flushed != UINT32_MAX);
	CHECK(rw != wr);
	CHECK(flushed != wr);
}

/* One CPU alone, or two reads, make no pair; off records nothing. */
static void test_ilv_no_pair_without_conflict(void)
{
	const uint32_t *hits;
	unsigned long a;

	begin();
	on_cpu(0, "zap_pte_range");
	ilv_access(ILV_PTE, &a, ILV_WRITE);
	ilv_access(ILV_PTE, &a, ILV_READ);
	on_cpu(1, "gup_fast");
	ilv_access(ILV_FRAME, &a, ILV_FILL);
	on_cpu(2, "hw_walk");
	ilv_access(ILV_FRAME, &a, ILV_FILL);
	CHECK_EQ(ilv_run_hits(&hits), 0);
	end();

	sync_use(&test_backend);
	ilv_begin_run(0);
	on_cpu(0, "zap_pte_range");
	ilv_access(ILV_PTE, &a, ILV_WRITE);
	on_cpu(1, "gup_fast");
	ilv_access(ILV_PTE, &a, ILV_READ);
	CHECK_EQ(ilv_run_hits(&hits), 0);
	end();
}

/* A freed frame's address, reused, carries nothing of the old object. */
static void test_ilv_free_forgets(void)
{
	const uint32_t *hits;
	unsigned long a;

	begin();
	on_cpu(0, "free_pages_and_swap_cache");
	ilv_access(ILV_FRAME, &a, ILV_FREE);
	on_cpu(1, "handle_mm_fault");
	ilv_access(ILV_FRAME, &a, ILV_FILL);
	CHECK_EQ(ilv_run_hits(&hits), 0);
	end();
}

/* ---- whole runs ---------------------------------------------------- */

static struct program prog;
static struct run_result res;

static void add_op(int cpu, enum op_kind kind, unsigned long addr,
		   unsigned long len)
{
	struct op *op = cpu < 0 ? &prog.setup[prog.nr_setup++]
				: &prog.ops[cpu][prog.nr_ops[cpu]++];

	op->kind = kind;
	op->addr = addr;
	op->len = len;
	op->arg = 0;
}

/*
 *   set-up: [0x100000 anon 64 KiB], every 16 KiB touched
 *   CPU0: munmap_downgrade all of it
 *   CPU1: gup_fast, read      CPU2: hw walk, write
 */
static void build_zap_vs_readers(unsigned int arch, enum sched_strategy s,
				 const uint8_t *sched, size_t len)
{
	unsigned long a;

	memset(&prog, 0, sizeof(prog));
	prog.arch = (uint8_t)arch;
	prog.nr_cpus = 3;
	prog.strategy = (uint8_t)s;
	add_op(-1, OP_MMAP_ANON, 0x100000, KB(64));
	for (a = 0x100000; a < 0x110000; a += KB(16))
		add_op(-1, OP_WRITE, a, KB(4));
	add_op(0, OP_MUNMAP_DOWNGRADE, 0x100000, KB(64));
	add_op(1, OP_GUP_FAST, 0x100000, KB(16));
	add_op(1, OP_READ, 0x104000, KB(4));
	add_op(2, OP_HW_WALK, 0x108000, KB(4));
	add_op(2, OP_WRITE, 0x10c000, KB(4));
	if (len)
		memcpy(prog.schedule, sched, len);
	prog.schedule_len = len;
}

/* Each strategy: the same input twice gives the same run and pairs. */
static void test_ilv_strategies_deterministic(void)
{
	static const uint8_t sched[] = {0x0d, 0x31, 0x42, 0x07, 0x90, 0x21};
	struct run_options opt = {.ilv = ILV_RECORD};
	uint32_t first[ILV_MAX_HITS];
	const uint32_t *hits;
	unsigned int s, n;
	uint64_t hash;

	for (s = 0; s < SCHED_NR; s++) {
		build_zap_vs_readers(0, s, sched, sizeof(sched));
		CHECK_EQ(run_program(&prog, &opt, &res), 0);
		hash = res.trace_hash;
		n = ilv_run_hits(&hits);
		memcpy(first, hits, n * sizeof(*hits));
		CHECK(n > 0);
		CHECK_EQ(run_program(&prog, &opt, &res), 0);
		CHECK_EQ(res.trace_hash, hash);
		CHECK_EQ(ilv_run_hits(&hits), n);
		CHECK(!memcmp(first, hits, n * sizeof(*hits)));
	}
}

/*
 * With no schedule bytes, "bytes" runs the CPUs one after another;
 * delay-the-flush runs others inside CPU0's window between its pte
 * clears and the flush: more switches, another run.
 */
static void test_ilv_delay_flush_switches_in_window(void)
{
	struct run_options opt = {0};
	unsigned long plain;
	uint64_t hash;

	build_zap_vs_readers(0, SCHED_SEQUENTIAL, NULL, 0);
	CHECK_EQ(run_program(&prog, &opt, &res), 0);
	plain = res.switches;
	hash = res.trace_hash;
	build_zap_vs_readers(0, SCHED_DELAY_FLUSH, NULL, 0);
	CHECK_EQ(run_program(&prog, &opt, &res), 0);
	CHECK(res.switches > plain);
	CHECK(res.trace_hash != hash);
}

/* No false positives: PCT and delay-the-flush, every profile. */
static void test_ilv_correct_core_silent(void)
{
	struct run_options opt = {.ilv = ILV_RECORD};
	uint8_t sched[12];
	unsigned int arch, i, j;

	srand(11);
	for (arch = 0; arch < arch_nr_profiles; arch++) {
		for (i = 0; i < 60; i++) {
			for (j = 0; j < sizeof(sched); j++)
				sched[j] = (uint8_t)rand();
			build_zap_vs_readers(
				arch, i % 2 ? SCHED_PCT : SCHED_DELAY_FLUSH,
				sched, sizeof(sched));
			CHECK_EQ(run_program(&prog, &opt, &res), 0);
			if (res.finding)
				fprintf(stderr, "  arch %u run %u: %s: %s\n",
					arch, i, oracle_name(res.oracle),
					res.reason);
		}
	}
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_ilv_same_situation_same_counter),
		TEST_CASE(test_ilv_order_changes_counter),
		TEST_CASE(test_ilv_no_pair_without_conflict),
		TEST_CASE(test_ilv_free_forgets),
		TEST_CASE(test_ilv_strategies_deterministic),
		TEST_CASE(test_ilv_delay_flush_switches_in_window),
		TEST_CASE(test_ilv_correct_core_silent),
	};

	return harness_run("interleave", cases, ARRAY_SIZE(cases), argc, argv);
}
