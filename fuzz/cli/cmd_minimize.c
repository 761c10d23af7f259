// SPDX-License-Identifier: GPL-2.0-only
/*
 * tlbfuzz minimize [--inject LIST] [--no-inject] [--target NAME] FILE
 *                  [-o OUT]
 * Shrink a finding (ddmin over operations and schedule bytes, then idle
 * CPUs and fail_nth) while the same oracle fires. OUT ending in .txt gets
 * text, anything else canonical binary; with no -o the result is printed
 * as text. The result carries the switches in force in its header, so it
 * replays on its own. Exit 0 when minimized, 1 when FILE has no finding
 * to keep, 2 on bad usage.
 */
#include <stdio.h>

#include "args.h"
#include "cli.h"
#include "input/input.h"
#include "minimize.h"

int cmd_minimize(int argc, char **argv)
{
	static struct program prog;
	static struct run_result res;
	struct minimize_stats st;
	struct run_options opt;
	struct cli_args a;
	char note[200];

	if (cli_load_and_run(argc, argv,
			     OPT_INJECT | OPT_NO_INJECT | OPT_TARGET | OPT_OUT |
				     OPT_KERNEL,
			     &a, &prog, &opt, &res))
		return 2;
	if (!res.finding) {
		fprintf(stderr, "tlbfuzz: minimize: %s: no finding to keep\n",
			a.files[0]);
		return 1;
	}
	prog.injected |= a.inject; /* the result replays on its own */
	opt.inject_or = 0;
	minimize_program(&prog, &opt, res.oracle, &st);
	snprintf(note, sizeof(note),
		 "minimized from %s: %s, %u -> %u units in %u runs", a.files[0],
		 oracle_name(res.oracle), st.units_before, st.units_after,
		 st.runs);
	if (a.out)
		return cli_write(a.out, &prog, note);
	printf("# %s\n", note);
	input_print(&prog, stdout);
	return 0;
}
