// SPDX-License-Identifier: GPL-2.0-only
/*
 * tlbfuzz stats [--inject LIST] [--no-inject] [--target NAME] FILE: what
 * an input holds and what its run did, one "key: value" a line for
 * scripts. Last come the interleaving pairs the run covers
 * (core/interleave.h), one "ilv:" line each in first-seen order:
 *
 *   ilv: pte write@zap_pte_range -> read@gup_fast [flush] #1234
 *
 * object kind, the first access and the kernel function its CPU was in,
 * the other CPU's access and function, what came between (flush, ipi,
 * gp, or "-": nothing) and the counter index the fuzzers see.
 *
 * Before them, the window lines: how many conflicting pairs came while
 * the first CPU was still inside the operation that made its access
 * (window_pairs), how many of those while it had been preempted rather
 * than blocked (preempted_window_pairs), and "preempted_in_window: yes"
 * if there was at least one: the run preempted a CPU inside a window
 * where another CPU touched the same page, table or gather state.
 */
#include <stdio.h>

#include "args.h"
#include "cli.h"
#include "inject_env.h"
#include "input/input.h"
#include "interleave.h"
#include "sched/strategy.h"

static void print_program_stats(const struct program *prog)
{
	unsigned int c;

	printf("geometry: %s\n", input_geometry(prog->geometry)->name);
	printf("setup_ops: %u\n", prog->nr_setup);
	for (c = 0; c < prog->nr_cpus; c++)
		printf("cpu%u_ops: %u\n", c, prog->nr_ops[c]);
	printf("strategy: %s\n", strategy_name(prog->strategy));
	printf("schedule_bytes: %zu\n", prog->schedule_len);
}

static void print_order(unsigned int order)
{
	static const struct {
		unsigned int bit;
		const char *name;
	} names[] = {
		{ILV_ORDER_FLUSH, "flush"},
		{ILV_ORDER_IPI, "ipi"},
		{ILV_ORDER_GP, "gp"},
		{ILV_ORDER_WINDOW, "window"},
	};
	const char *sep = "";
	unsigned int i;

	if (!order)
		printf("-");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(order & names[i].bit))
			continue;
		printf("%s%s", sep, names[i].name);
		sep = ",";
	}
}

static void print_windows(void)
{
	struct ilv_windows w;
	long from = sched_fallback_from();

	if (from < 0)
		printf("fallback_from_step: none\n");
	else
		printf("fallback_from_step: %ld\n", from);
	ilv_run_windows(&w);
	printf("window_pairs: %lu\n", w.pairs);
	printf("preempted_window_pairs: %lu\n", w.preempted);
	printf("preempted_in_window: %s\n", w.preempted ? "yes" : "no");
}

static void print_ilv_pairs(void)
{
	const struct ilv_pair *p;
	unsigned int n = ilv_run_pairs(&p), i;

	printf("ilv_pairs: %u\n", n);
	for (i = 0; i < n; i++, p++) {
		printf("ilv: %s %s@%s -> %s@%s [", ilv_kind_name(p->kind),
		       ilv_acc_name(p->acc[0]), p->fn[0] ? p->fn[0] : "-",
		       ilv_acc_name(p->acc[1]), p->fn[1] ? p->fn[1] : "-");
		print_order(p->order);
		printf("] #%u\n", (unsigned int)p->index);
	}
}

int cmd_stats(int argc, char **argv)
{
	static struct program prog;
	static struct run_result res;
	struct run_options opt;
	struct cli_args a;
	char list[256];

	if (cli_load_and_run(argc, argv,
			     OPT_INJECT | OPT_NO_INJECT | OPT_TARGET |
				     OPT_KERNEL | CLI_RUN_ILV,
			     &a, &prog, &opt, &res))
		return 2;
	print_program_stats(&prog);
	inject_format(prog.injected | a.inject, list, sizeof(list));
	printf("bug_switches: %s\n", list[0] ? list : "none");
	printf("steps: %lu\n", res.steps);
	printf("context_switches: %lu\n", res.switches);
	printf("trace_hash: %016llx\n", (unsigned long long)res.trace_hash);
	printf("finding: %s\n", res.finding ? oracle_name(res.oracle) : "none");
	print_windows();
	print_ilv_pairs();
	return 0;
}
