// SPDX-License-Identifier: GPL-2.0-only
/*
 * tlbfuzz stats [--inject LIST] [--no-inject] [--target NAME] FILE: what
 * an input holds and what its run did, one "key: value" a line for
 * scripts (room for more keys, such as interleaving pairs).
 */
#include <stdio.h>

#include "args.h"
#include "cli.h"
#include "inject_env.h"
#include "input/input.h"

static void print_program_stats(const struct program *prog)
{
	unsigned int c;

	printf("geometry: %s\n", input_geometry(prog->geometry)->name);
	printf("setup_ops: %u\n", prog->nr_setup);
	for (c = 0; c < prog->nr_cpus; c++)
		printf("cpu%u_ops: %u\n", c, prog->nr_ops[c]);
	printf("schedule_bytes: %zu\n", prog->schedule_len);
}

int cmd_stats(int argc, char **argv)
{
	static struct program prog;
	static struct run_result res;
	struct run_options opt;
	struct cli_args a;
	char list[256];

	if (cli_load_and_run(argc, argv,
			     OPT_INJECT | OPT_NO_INJECT | OPT_TARGET | OPT_KERNEL,
			     &a, &prog,
			     &opt, &res))
		return 2;
	print_program_stats(&prog);
	inject_format(prog.injected | a.inject, list, sizeof(list));
	printf("bug_switches: %s\n", list[0] ? list : "none");
	printf("steps: %lu\n", res.steps);
	printf("context_switches: %lu\n", res.switches);
	printf("trace_hash: %016llx\n", (unsigned long long)res.trace_hash);
	printf("finding: %s\n", res.finding ? oracle_name(res.oracle) : "none");
	return 0;
}
