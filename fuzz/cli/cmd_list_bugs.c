// SPDX-License-Identifier: GPL-2.0-only
/*
 * tlbfuzz list-bugs: the bug switches, one a line: the name first (for
 * scripts: `tlbfuzz list-bugs | cut -f1`), then what goes wrong, then the
 * kernel commits (docs/bugs.md), tab-separated.
 */
#include <stdio.h>

#include "cli.h"
#include "inject.h"

int cmd_list_bugs(int argc, char **argv)
{
	unsigned int i;

	if (argc > 1)
		return cli_usage_error("list-bugs: unexpected argument '%s'",
				       argv[1]);
	for (i = 0; i < BUG_NR; i++)
		printf("%s\t%s\t%s\n", inject_table[i].name,
		       inject_table[i].what, inject_table[i].ref);
	return 0;
}
