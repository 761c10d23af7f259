// SPDX-License-Identifier: GPL-2.0-only
/*
 * tlbfuzz run [--kernel] [--inject LIST] [--no-inject] [--trace] [--stress]
 *             [--target NAME] FILE...
 * Replay inputs (text or binary, told apart by content). The switches in
 * force are the file's header, TLBFUZZ_INJECT and --inject; --no-inject
 * turns them all off; --target NAME decodes as fuzz_NAME does (its
 * operation set, the header's switches ignored). A file a fuzz target
 * saved needs neither: its context file names the target and switches of
 * the run that saved it (fuzz/saved.h). Exit 0 when no
 * oracle fired, 1 on a finding (the report goes to stdout), 2 on bad usage
 * or an unreadable file. The gather that runs is the one tlbfuzz was
 * linked with: a kernel-mode build's replays the tree's own code; --kernel
 * changes nothing there and refuses a model build (exit 2).
 */
#include <stdio.h>

#include "args.h"
#include "cli.h"
#include "report.h"

static int run_one(struct cli_args *a, const char *file)
{
	static struct program prog;
	static struct run_result res;
	struct report_input in;
	struct run_options opt;

	if (cli_load(a, file, &prog))
		return 2;
	in = (struct report_input){
		&prog, file, NULL, 0, a->target, a->no_inject ? 0 : a->inject};
	cli_run_options(a, &opt);
	report_set_current(&in);
	run_program(&prog, &opt, &res);
	report_set_current(NULL);
	if (res.finding) {
		report_print(stdout, &in, &res);
		return 1;
	}
	printf("%s: no finding (%lu steps, %lu switches, trace hash %016llx)\n",
	       file, res.steps, res.switches,
	       (unsigned long long)res.trace_hash);
	if (a->trace)
		report_print_trace(stdout, &res, prog.nr_cpus, 0);
	return 0;
}

int cmd_run(int argc, char **argv)
{
	struct cli_args a;
	int i, ret, worst = 0;

	if (cli_parse_args(argc, argv,
			   OPT_INJECT | OPT_NO_INJECT | OPT_TRACE | OPT_STRESS |
				   OPT_TARGET | OPT_KERNEL,
			   &a))
		return 2;
	for (i = 0; i < a.nr_files; i++) {
		ret = run_one(&a, a.files[i]);
		if (ret == 2)
			return 2;
		if (ret > worst)
			worst = ret;
	}
	fflush(stdout);
	return worst;
}
