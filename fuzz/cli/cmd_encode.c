// SPDX-License-Identifier: GPL-2.0-only
/*
 * tlbfuzz encode FILE -o OUT: write an input (text or binary) as canonical
 * binary, the form the fuzzers read. The build encodes the seeds with it.
 */
#include <string.h>

#include "args.h"
#include "cli.h"
#include "input/input.h"

int cmd_encode(int argc, char **argv)
{
	static struct program prog;
	struct cli_args a;
	size_t n;

	if (cli_parse_args(argc, argv, OPT_OUT, &a))
		return 2;
	if (a.nr_files != 1)
		return cli_usage_error("encode: expected one FILE, got %d",
				       a.nr_files);
	if (!a.out)
		return cli_usage_error("encode: missing -o OUT");
	if (cli_load(&a, a.files[0], &prog))
		return 2;
	n = strlen(a.out);
	if (n > 4 && !strcmp(a.out + n - 4, ".txt"))
		return cli_usage_error(
			"encode: OUT '%s' ends in .txt; encode writes binary (use decode for text)",
			a.out);
	return cli_write(a.out, &prog, NULL);
}
