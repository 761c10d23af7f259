// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_sched [SECONDS [noschedule]]: the same programs (3 CPUs, about
 * 50 operations, a dozen schedule bytes) run by
 *   fibers      the deterministic scheduler (fuzz/sched/)
 *   baton       one pthread per CPU per input, mutex/condvar baton
 *   sequential  the CPUs one after another, no switching (the ceiling)
 * interleaved round by round, printing exec/s of each and the ratios to
 * the ceiling, by wall-clock time and by the process's CPU time (the
 * second is steadier on a shared machine; for the baton it counts every
 * thread's CPU but not the time spent waiting for a wake-up). Every run goes through run_program_with(), so reset,
 * set-up, teardown and oracles cost the same in all three. With
 * "noschedule" the programs carry no schedule bytes: the fibers then run
 * the CPUs in turn too, and the difference is pure scheduler overhead.
 *
 * bench_sched --runs N [RUNNER] [noschedule]: a fixed amount of work for
 * instruction counting (valgrind --tool=callgrind) and for A/B timing:
 * N passes over the 64 programs with each runner, or only with RUNNER
 * (fibers, baton or sequential), whatever the time taken. A RUNNER in
 * the timed mode runs only that one.
 *
 * The shape of the programs (bench/run's cost-growth benchmark):
 *   --cpus N       simulated CPUs, 2..TLBF_MAX_CPUS (default 3)
 *   --ops N        operations per CPU, 1..PROGRAM_MAX_OPS (default 16)
 *   --span BYTES   distance between the three mapped areas (default
 *                  0x80000); wider spreads need more page tables
 *   --geometry G   any geometry of docs/geometries.md (default fuzz);
 *                  sizes count in its pages (16 KiB at arm64-16k-47)
 *
 * TLBFUZZ_ILV=1 records interleaving pairs in every run (as the fuzz
 * targets do by default; core/interleave.h): the A/B of its cost.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arch.h"
#include "geometry.h"
#include "interleave.h"
#include "run_with.h"
#include "runners.h"

#define NR_PROGRAMS 64
#define KB(x)	    ((unsigned long)(x) << 10)

/* The shape of every program: --cpus, --ops, --span, --geometry. */
static struct shape {
	unsigned int cpus, ops, geometry;
	unsigned long span;
} shape = {3, 16, 0, 0x80000};

/* One page of the chosen geometry (core/geometry.c's table). */
static unsigned long pg(unsigned long n)
{
	return n << geometry_table[shape.geometry]->page_shift;
}

struct runner {
	const char *name;
	sched_runner_fn fn;
	unsigned long runs;
	unsigned long steps, switches, findings;
	double seconds, cpu_seconds;
};

static struct program programs[NR_PROGRAMS];
static struct run_result result;

static unsigned long lcg(unsigned long *seed)
{
	*seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
	return *seed >> 33;
}

/* Ops over two anonymous areas and a file; all addresses page aligned. */
static void random_op(struct op *op, unsigned long *seed)
{
	static const uint8_t kinds[] = {
		OP_READ,	  OP_WRITE,	   OP_READ,
		OP_WRITE,	  OP_GUP_FAST,	   OP_GUP_SLOW,
		OP_MADV_DONTNEED, OP_MADV_FREE,	   OP_MUNMAP,
		OP_MMAP_ANON,	  OP_HW_WALK,	   OP_TRUNCATE,
		OP_RECLAIM_ANON,  OP_RECLAIM_FILE, OP_MUNMAP_DOWNGRADE,
		OP_COLLAPSE,
	};
	unsigned long area = lcg(seed) % 3;

	op->kind = kinds[lcg(seed) % sizeof(kinds)];
	op->addr = 0x100000 + area * shape.span + pg(lcg(seed) % 16);
	op->len = pg(1 + lcg(seed) % 8);
	op->arg = lcg(seed) % 4;
}

static void make_program(struct program *p, unsigned long seed)
{
	unsigned int cpu, i;

	memset(p, 0, sizeof(*p));
	p->nr_cpus = (uint8_t)shape.cpus;
	p->geometry = (uint8_t)shape.geometry;
	p->arch = (uint8_t)(seed % arch_nr_profiles);
	p->setup[0] = (struct op){OP_MMAP_ANON, 0x100000, pg(16), 0};
	p->setup[1] =
		(struct op){OP_MMAP_ANON, 0x100000 + shape.span, pg(16), 0};
	p->setup[2] =
		(struct op){OP_MMAP_FILE, 0x100000 + 2 * shape.span, pg(8), 0};
	p->nr_setup = 3;
	for (cpu = 0; cpu < shape.cpus; cpu++) {
		for (i = 0; i < shape.ops; i++)
			random_op(&p->ops[cpu][i], &seed);
		p->nr_ops[cpu] = shape.ops;
	}
	p->schedule_len = 12;
	for (i = 0; i < p->schedule_len; i++)
		p->schedule[i] = (uint8_t)lcg(&seed);
}

static double clock_of(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double now(void)
{
	return clock_of(CLOCK_MONOTONIC);
}

/* CPU time of the whole process (every baton thread too). */
static double cpu_now(void)
{
	return clock_of(CLOCK_PROCESS_CPUTIME_ID);
}

/* One pass over every program with one runner. */
static void one_round(struct runner *r)
{
	struct run_options opt = {0};
	const char *ilv = getenv("TLBFUZZ_ILV");
	double t0 = now(), c0 = cpu_now();
	unsigned int i;

	if (ilv && !strcmp(ilv, "1"))
		opt.ilv = ILV_RECORD;
	for (i = 0; i < NR_PROGRAMS; i++) {
		run_program_with(&programs[i], &opt, &result, r->fn);
		r->steps += result.steps;
		r->switches += result.switches;
		r->findings += result.finding;
	}
	r->seconds += now() - t0;
	r->cpu_seconds += cpu_now() - c0;
	r->runs += NR_PROGRAMS;
}

__attribute__((format(printf, 1, 2), noreturn)) static void
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "bench_sched: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (usage: bench_sched [SECONDS] [RUNNER] [noschedule] "
			"[--runs N] [--cpus N] [--ops N] [--span BYTES] "
			"[--geometry G])\n");
	exit(2);
}

static int runner_index(const struct runner *runners, const char *name)
{
	int i;

	for (i = 0; i < 3; i++)
		if (!strcmp(name, runners[i].name))
			return i;
	return -1;
}

/* A whole non-negative number (0x allowed) or a decimal fraction. */
static bool number(const char *s, double *out)
{
	char *end;

	*out = strtod(s, &end);
	return *s && !*end && *out >= 0;
}

static bool ulong_in(const char *s, unsigned long lo, unsigned long hi,
		     unsigned long *out)
{
	char *end;

	*out = strtoul(s, &end, 0);
	return *s && *s != '-' && !*end && *out >= lo && *out <= hi;
}

/* --flag VALUE; false when the value is out of range. */
static int parse_flag(const char *flag, const char *val, unsigned long *rounds)
{
	unsigned long v;
	unsigned int i;

	if (!strcmp(flag, "--runs"))
		return !ulong_in(val, 1, ~0ul, rounds);
	if (!strcmp(flag, "--cpus")) {
		if (!ulong_in(val, 2, TLBF_MAX_CPUS, &v))
			return 1;
		shape.cpus = (unsigned int)v;
		return 0;
	}
	if (!strcmp(flag, "--ops")) {
		if (!ulong_in(val, 1, PROGRAM_MAX_OPS, &v))
			return 1;
		shape.ops = (unsigned int)v;
		return 0;
	}
	if (!strcmp(flag, "--span")) {
		if (!ulong_in(val, KB(64), ~0ul >> 4, &v) || v % KB(4))
			return 1;
		shape.span = v;
		return 0;
	}
	if (!strcmp(flag, "--geometry")) {
		for (i = 0; i < geometry_nr; i++)
			if (!strcmp(val, geometry_table[i]->name))
				break;
		if (i == geometry_nr)
			return 1;
		shape.geometry = i;
		return 0;
	}
	usage_error("unknown option '%s'", flag);
}

int main(int argc, char **argv)
{
	struct runner runners[] = {
		{.name = "fibers", .fn = sched_run_fibers},
		{.name = "baton", .fn = bench_run_baton},
		{.name = "sequential", .fn = bench_run_sequential},
	};
	double seconds = 3.0, end;
	const struct runner *ceiling = &runners[2];
	const struct pt_geometry *g;
	unsigned long rounds = 0, n;
	bool noschedule = false, only[3] = {true, true, true};
	unsigned int i;
	int a;

	for (a = 1; a < argc; a++) {
		const char *arg = argv[a];
		int r = runner_index(runners, arg);

		if (!strcmp(arg, "noschedule")) {
			noschedule = true;
		} else if (r >= 0) {
			for (i = 0; i < 3; i++)
				only[i] = (int)i == r;
		} else if (arg[0] == '-' && arg[1] == '-') {
			if (a + 1 >= argc)
				usage_error("%s needs a value", arg);
			if (parse_flag(arg, argv[++a], &rounds))
				usage_error("bad value '%s' for %s", argv[a],
					    arg);
		} else if (!number(arg, &seconds)) {
			usage_error("unknown argument '%s'", arg);
		}
	}
	g = geometry_table[shape.geometry];
	if (0x100000 + 2 * shape.span + pg(24) > g->task_size)
		usage_error("--span reaches past TASK_SIZE of geometry %s",
			    g->name);
	if (shape.span % pg(1))
		usage_error("--span is not a multiple of geometry %s's page",
			    g->name);
	for (i = 0; i < NR_PROGRAMS; i++) {
		make_program(&programs[i], 0x5eed + i);
		if (noschedule)
			programs[i].schedule_len = 0;
	}
	if (rounds) {
		for (n = 0; n < rounds; n++)
			for (i = 0; i < 3; i++)
				if (only[i])
					one_round(&runners[i]);
		printf("%-11s %10s %10s %9s %9s %9s %9s\n", "runner", "exec/s",
		       "cpu-exec/s", "runs", "steps/run", "sw/run", "findings");
		for (i = 0; i < 3; i++) {
			const struct runner *r = &runners[i];

			if (!r->runs)
				continue;
			printf("%-11s %10.0f %10.0f %9lu %9.1f %9.1f %9lu\n",
			       r->name, r->runs / r->seconds,
			       r->runs / r->cpu_seconds, r->runs,
			       (double)r->steps / r->runs,
			       (double)r->switches / r->runs, r->findings);
		}
		return 0;
	}
	end = now() + seconds;
	while (now() < end)
		for (i = 0; i < 3; i++)
			if (only[i])
				one_round(&runners[i]);

	printf("%-11s %10s %9s %10s %9s %11s %9s %9s\n", "runner", "exec/s",
	       "vs ceil", "cpu-exec/s", "vs ceil", "steps/run", "sw/run",
	       "findings");
	for (i = 0; i < 3; i++) {
		const struct runner *r = &runners[i];
		double rate = r->runs / r->seconds;
		double ceil_rate = ceiling->runs / ceiling->seconds;
		double cpu_rate = r->runs / r->cpu_seconds;
		double cpu_ceil = ceiling->runs / ceiling->cpu_seconds;

		if (!r->runs)
			continue;
		if (!ceiling->runs) {
			ceil_rate = cpu_ceil = 0; /* no ceiling: ratios "-" */
		}
		printf("%-11s %10.0f %9.3f %10.0f %9.3f %11.1f %9.1f %9lu\n",
		       r->name, rate, ceil_rate ? rate / ceil_rate : 0,
		       cpu_rate, cpu_ceil ? cpu_rate / cpu_ceil : 0,
		       (double)r->steps / r->runs,
		       (double)r->switches / r->runs, r->findings);
	}
	return 0;
}
