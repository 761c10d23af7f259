// SPDX-License-Identifier: GPL-2.0-only
/*
 * tlbfuzz report --html [--inject L] [--no-inject] [--target T] FILE -o OUT
 * Replay one input with its trace and write the finding as one
 * self-contained HTML page (fuzz/report_html.h). Exit 0 when no oracle
 * fired (the page shows the clean run), 1 on a finding, 2 on bad usage or
 * an unwritable OUT.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "report_html.h"

int cmd_report(int argc, char **argv)
{
	static struct program prog;
	static struct run_result res;
	struct report_input in = {&prog, NULL, NULL, 0, NULL, 0};
	struct run_options opt;
	struct cli_args a;
	bool html = false;
	int i, j = 1;
	FILE *out;

	/* --html is the only view so far: take it, parse the rest. */
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--html"))
			html = true;
		else
			argv[j++] = argv[i];
	}
	argc = j;
	if (cli_parse_args(argc, argv,
			   OPT_INJECT | OPT_NO_INJECT | OPT_TARGET | OPT_OUT,
			   &a))
		return 2;
	if (!html)
		return cli_usage_error("report: say which view (--html)");
	if (a.nr_files != 1 || !a.out)
		return cli_usage_error("report: expected one FILE and -o OUT");
	if (cli_load(&a, a.files[0], &prog))
		return 2;
	in = (struct report_input){&prog,    a.files[0],
				   NULL,     0,
				   a.target, a.no_inject ? 0 : a.inject};
	cli_run_options(&a, &opt);
	report_set_current(&in);
	run_program(&prog, &opt, &res);
	report_set_current(NULL);
	out = fopen(a.out, "w");
	if (!out)
		return cli_usage_error("report: %s: %s", a.out,
				       strerror(errno));
	report_print_html(out, &in, &res);
	if (fclose(out))
		return cli_usage_error("report: %s: write error", a.out);
	return res.finding ? 1 : 0;
}
