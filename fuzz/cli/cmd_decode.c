// SPDX-License-Identifier: GPL-2.0-only
/*
 * tlbfuzz decode [--target NAME] FILE: print an input (binary or text) as
 * canonical text. With --target, as that fuzz target decodes it.
 */
#include <stdio.h>

#include "args.h"
#include "cli.h"
#include "input/input.h"

int cmd_decode(int argc, char **argv)
{
	static struct program prog;
	struct cli_args a;

	if (cli_parse_args(argc, argv, OPT_TARGET, &a))
		return 2;
	if (a.nr_files != 1)
		return cli_usage_error("decode: expected one FILE, got %d",
				       a.nr_files);
	if (cli_load(&a, a.files[0], &prog))
		return 2;
	input_print(&prog, stdout);
	return 0;
}
