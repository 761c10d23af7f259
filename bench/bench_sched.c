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
 * (fibers, baton or sequential), whatever the time taken.
 *
 * TLBFUZZ_ILV=1 records interleaving pairs in every run (as the fuzz
 * targets do by default; core/interleave.h): the A/B of its cost.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "interleave.h"
#include "run_with.h"
#include "runners.h"

#define NR_PROGRAMS 64
#define OPS_PER_CPU 16
#define KB(x)	    ((unsigned long)(x) << 10)

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
	op->addr = 0x100000 + area * 0x80000 + (lcg(seed) % 16) * KB(4);
	op->len = (1 + lcg(seed) % 8) * KB(4);
	op->arg = lcg(seed) % 4;
}

static void make_program(struct program *p, unsigned long seed)
{
	unsigned int cpu, i;

	memset(p, 0, sizeof(*p));
	p->nr_cpus = 3;
	p->arch = (uint8_t)(seed % 4);
	p->setup[0] = (struct op){OP_MMAP_ANON, 0x100000, KB(64), 0};
	p->setup[1] = (struct op){OP_MMAP_ANON, 0x180000, KB(64), 0};
	p->setup[2] = (struct op){OP_MMAP_FILE, 0x200000, KB(32), 0};
	p->nr_setup = 3;
	for (cpu = 0; cpu < 3; cpu++) {
		for (i = 0; i < OPS_PER_CPU; i++)
			random_op(&p->ops[cpu][i], &seed);
		p->nr_ops[cpu] = OPS_PER_CPU;
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

int main(int argc, char **argv)
{
	struct runner runners[] = {
		{.name = "fibers", .fn = sched_run_fibers},
		{.name = "baton", .fn = bench_run_baton},
		{.name = "sequential", .fn = bench_run_sequential},
	};
	double seconds = 3.0, end;
	const struct runner *ceiling = &runners[2];
	unsigned long rounds = 0, n;
	bool noschedule = false, only[3] = {true, true, true};
	unsigned int i;
	int a;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "noschedule")) {
			noschedule = true;
		} else if (!strcmp(argv[a], "--runs") && a + 1 < argc) {
			rounds = strtoul(argv[++a], NULL, 0);
		} else if (rounds) {
			for (i = 0; i < 3; i++)
				only[i] = !strcmp(argv[a], runners[i].name);
		} else {
			seconds = atof(argv[a]);
		}
	}
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

		printf("%-11s %10.0f %9.3f %10.0f %9.3f %11.1f %9.1f %9lu\n",
		       r->name, rate, rate / ceil_rate, cpu_rate,
		       cpu_rate / cpu_ceil, (double)r->steps / r->runs,
		       (double)r->switches / r->runs, r->findings);
	}
	return 0;
}
