// SPDX-License-Identifier: GPL-2.0-only
/*
 * run_program() (fuzz/run.c) on programs of real operations: determinism
 * of the trace hash, the correct core staying silent under many
 * schedules and every arch profile, a finding ending the run cleanly
 * (its objects freed from the registry, the next run unaffected), ops
 * after exit, and stress mode.
 *
 * Geometry "fuzz": 4 KiB pages, 8 entries a table (a PTE table spans
 * 32 KiB, a PMD table 256 KiB).
 */
#include <stdlib.h>

#include "arch.h"
#include "harness.h"
#include "inject.h"
#include "run.h"

#define KB(x) ((unsigned long)(x) << 10)

static struct program prog;
static struct run_result res;

static void prog_begin(unsigned int arch, unsigned int nr_cpus)
{
	memset(&prog, 0, sizeof(prog));
	prog.geometry = 0;
	prog.arch = (uint8_t)arch;
	prog.nr_cpus = (uint8_t)nr_cpus;
}

static void add_op(int cpu, enum op_kind kind, unsigned long addr,
		   unsigned long len, unsigned long arg)
{
	struct op *op = cpu < 0 ? &prog.setup[prog.nr_setup++]
				: &prog.ops[cpu][prog.nr_ops[cpu]++];

	op->kind = kind;
	op->addr = addr;
	op->len = len;
	op->arg = arg;
}

static void set_schedule(const uint8_t *s, size_t len)
{
	memcpy(prog.schedule, s, len);
	prog.schedule_len = len;
}

/*
 *   set-up: [0x100000 anon 64 KiB] [0x180000 file 16 KiB], all touched
 *   CPU0: write, munmap half the anon range, mmap it again, write
 *   CPU1: gup_fast, read, madvise(DONTNEED), gup_slow
 *   CPU2: truncate the file, reclaim an anon page, hw walk, read
 */
static void build_mixed(unsigned int arch)
{
	unsigned long a;

	prog_begin(arch, 3);
	add_op(-1, OP_MMAP_ANON, 0x100000, KB(64), 0);
	add_op(-1, OP_MMAP_FILE, 0x180000, KB(16), 0);
	for (a = 0x100000; a < 0x110000; a += KB(16))
		add_op(-1, OP_WRITE, a, KB(4), 0);
	add_op(-1, OP_READ, 0x180000, KB(4), 0);

	add_op(0, OP_WRITE, 0x108000, KB(4), 0);
	add_op(0, OP_MUNMAP, 0x100000, KB(32), 0);
	add_op(0, OP_MMAP_ANON, 0x100000, KB(32), 0);
	add_op(0, OP_WRITE, 0x100000, KB(4), 0);
	add_op(0, OP_MUNMAP_DOWNGRADE, 0x108000, KB(32), 0);

	add_op(1, OP_GUP_FAST, 0x100000, KB(16), 0);
	add_op(1, OP_READ, 0x10c000, KB(4), 0);
	add_op(1, OP_MADV_DONTNEED, 0x100000, KB(64), 0);
	add_op(1, OP_GUP_SLOW, 0x104000, KB(8), 0);
	add_op(1, OP_READ, 0x180000, KB(4), 0);

	add_op(2, OP_TRUNCATE, 0, 0, 2);
	add_op(2, OP_RECLAIM_ANON, 0x104000, KB(4), 0);
	add_op(2, OP_HW_WALK, 0x100000, KB(4), 0);
	add_op(2, OP_READ, 0x104000, KB(4), 0);
	add_op(2, OP_WRITE, 0x180000, KB(4), 0);
}

/* A kernel function entered, or a named scheduling point containing @what. */
static bool trace_has(const struct run_result *r, const char *what)
{
	unsigned int i;

	for (i = 0; i < r->nr_trace; i++) {
		const struct run_trace_line *t = &r->trace[i];

		if (t->what ? !strcmp(t->what, what) : !!strstr(t->text, what))
			return true;
	}
	return false;
}

static unsigned int trace_cpus(const struct run_result *r)
{
	unsigned long seen = 0;
	unsigned int i;

	for (i = 0; i < r->nr_trace; i++)
		seen |= 1UL << r->trace[i].cpu;
	return (unsigned int)__builtin_popcountl(seen);
}

static uint64_t run_hash(const struct run_options *opt)
{
	CHECK_EQ(run_program(&prog, opt, &res), 0);
	if (res.finding)
		fprintf(stderr, "  finding: %s: %s (%s)\n",
			oracle_name(res.oracle), res.reason, res.detail);
	return res.trace_hash;
}

/*
 * The same program and schedule twice: the same trace hash and step
 * count, with the trace ring kept or not; another schedule: another hash.
 * The kept trace holds kernel functions and sync sites of several CPUs.
 */
static void test_sched_run_determinism(void)
{
	static const uint8_t s1[] = {0x19, 0x0a, 0x22, 0x01, 0x3a};
	static const uint8_t s2[] = {0x02, 0x29, 0x11, 0x0a};
	struct run_options opt = {0};
	uint64_t h1, h1b, h2;
	unsigned long steps;

	build_mixed(0);
	set_schedule(s1, sizeof(s1));
	h1 = run_hash(&opt);
	steps = res.steps;
	opt.trace = true;
	h1b = run_hash(&opt);
	CHECK_EQ(h1, h1b);
	CHECK_EQ(steps, res.steps);
	CHECK(res.nr_trace > 0);
	CHECK(trace_has(&res, "exit_mmap") && trace_has(&res, "_lock("));
	CHECK(trace_cpus(&res) > 1);
	opt.trace = false;
	set_schedule(s2, sizeof(s2));
	h2 = run_hash(&opt);
	CHECK(h1 != h2);
}

/*
 * The correct core never fires an oracle: the mixed program under every
 * arch profile and a spread of schedules (preemptions at many places,
 * RCU callbacks held back or not; each schedule read by each strategy in
 * turn).
 */
static void test_sched_run_correct_core_silent(void)
{
	struct run_options opt = {0};
	unsigned int arch, i;

	for (arch = 0; arch < arch_nr_profiles; arch++) {
		for (i = 0; i < 64; i++) {
			uint8_t s[6];
			unsigned int k;

			for (k = 0; k < sizeof(s); k++)
				s[k] = (uint8_t)(i * 37 + k * 101 + arch);
			build_mixed(arch);
			set_schedule(s, sizeof(s));
			prog.strategy = (uint8_t)(i % SCHED_NR);
			CHECK_EQ(run_program(&prog, &opt, &res), 0);
			if (res.finding)
				fprintf(stderr,
					"  arch %u sched %u: %s: %s (%s)\n",
					arch, i, oracle_name(res.oracle),
					res.reason, res.detail);
		}
	}
}

/*
 * An injected bug (free-before-flush): CPU0's TLB maps the page when
 * CPU1's munmap frees it before flushing. The run reports stale-tlb with
 * the CPU and step, ends cleanly (LSan checks the registry freed it all),
 * and the next clean run is unaffected.
 */
static void test_sched_run_finding_ends_run(void)
{
	struct run_options opt = {.trace = true};
	uint64_t clean_before, clean_after;

	build_mixed(0);
	clean_before = run_hash(&opt);

	prog_begin(0, 2);
	prog.injected = 1u << BUG_FREE_BEFORE_FLUSH;
	add_op(-1, OP_MMAP_ANON, 0x100000, KB(16), 0);
	add_op(-1, OP_WRITE, 0x100000, KB(4), 0);
	add_op(0, OP_READ, 0x100000, KB(4), 0);
	add_op(1, OP_MUNMAP, 0x100000, KB(16), 0);
	CHECK_EQ(run_program(&prog, &opt, &res), 1);
	CHECK(res.finding);
	CHECK_EQ(res.oracle, ORACLE_STALE_TLB);
	CHECK_EQ(res.cpu, 1);
	CHECK(res.step > 0);
	CHECK(res.nr_trace > 0);

	build_mixed(0);
	clean_after = run_hash(&opt);
	CHECK_EQ(clean_before, clean_after);
}

/*
 * OP_EXIT waits to be the mm's last user; ops after it (on any CPU) find
 * a dead mm and do nothing; file ops still run.
 */
static void test_sched_run_ops_after_exit(void)
{
	static const uint8_t s[] = {0x08, 0x09, 0x0a, 0x08};
	struct run_options opt = {0};

	build_mixed(1);
	add_op(0, OP_EXIT, 0, 0, 0);
	add_op(0, OP_MMAP_ANON, 0x200000, KB(8), 0);
	add_op(0, OP_WRITE, 0x200000, KB(4), 0);
	add_op(1, OP_EXIT, 0, 0, 0);
	add_op(2, OP_RECLAIM_FILE, 0, 0, 1);
	add_op(2, OP_READ, 0x104000, KB(4), 0);
	set_schedule(s, sizeof(s));
	run_hash(&opt);
	CHECK(!res.finding);
}

/*
 *   set-up: as build_mixed()
 *   CPU0: write, munmap and re-mmap [0x100000, +32K), write
 *   CPU1: gup_fast, read, madvise(DONTNEED) [0x108000, +32K), gup_slow
 *   CPU2: truncate the file, hw walk, reads and writes everywhere
 * (disjoint zaps, more user accesses racing them than build_mixed()).
 */
static void build_stress(unsigned int arch)
{
	build_mixed(arch);
	memset(prog.nr_ops, 0, sizeof(prog.nr_ops));
	add_op(0, OP_WRITE, 0x104000, KB(4), 0);
	add_op(0, OP_MUNMAP, 0x100000, KB(32), 0);
	add_op(0, OP_MMAP_ANON, 0x100000, KB(32), 0);
	add_op(0, OP_WRITE, 0x100000, KB(4), 0);

	add_op(1, OP_GUP_FAST, 0x108000, KB(16), 0);
	add_op(1, OP_READ, 0x10c000, KB(4), 0);
	add_op(1, OP_MADV_DONTNEED, 0x108000, KB(32), 0);
	add_op(1, OP_GUP_SLOW, 0x10c000, KB(8), 0);

	add_op(2, OP_TRUNCATE, 0, 0, 2);
	add_op(2, OP_HW_WALK, 0x100000, KB(4), 0);
	add_op(2, OP_READ, 0x104000, KB(4), 0);
	add_op(2, OP_WRITE, 0x10c000, KB(4), 0);
	add_op(2, OP_WRITE, 0x180000, KB(4), 0);
}

/*
 * Stress mode on the real core, both programs on every profile: a fixed
 * count of runs, no report (and, under TSan, no race).
 */
static void test_sched_run_stress(void)
{
	struct run_options opt = {.stress = true};
	unsigned int i;

	for (i = 0; i < 40; i++) {
		build_stress(i % arch_nr_profiles);
		if (i % 2)
			build_mixed(i % arch_nr_profiles);
		CHECK_EQ(run_program(&prog, &opt, &res), 0);
		if (res.finding)
			fprintf(stderr, "  stress %u: %s: %s (%s)\n", i,
				oracle_name(res.oracle), res.reason,
				res.detail);
	}
}

int main(int argc, char **argv)
{
	static const struct harness_case cases[] = {
		TEST_CASE(test_sched_run_determinism),
		TEST_CASE(test_sched_run_correct_core_silent),
		TEST_CASE(test_sched_run_finding_ends_run),
		TEST_CASE(test_sched_run_ops_after_exit),
		TEST_CASE(test_sched_run_stress),
	};

	return harness_run("sched_run", cases, ARRAY_SIZE(cases), argc, argv);
}
