// SPDX-License-Identifier: GPL-2.0-only
/*
 * tlbfuzz list-fixes: the proposed kernel fixes TLBFUZZ_FIXES takes
 * (core/rules.h), one a line: the name, then the docs/findings.md finding
 * it makes go away, tab-separated. scripts/triage replays each finding
 * with each fix to tell a known one from a new one.
 */
#include <stdio.h>

#include "cli.h"
#include "rules.h"

int cmd_list_fixes(int argc, char **argv)
{
	unsigned int f;

	if (argc > 1)
		return cli_usage_error("list-fixes: unexpected argument '%s'",
				       argv[1]);
	for (f = 0; f < FIX_NR; f++)
		printf("%s\t%s\n", rules_fix_names[f], rules_fix_findings[f]);
	return 0;
}
