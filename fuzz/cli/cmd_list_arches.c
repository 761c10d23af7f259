// SPDX-License-Identifier: GPL-2.0-only
/*
 * tlbfuzz list-arches, list-geometries: the arch profiles (core/arch.c)
 * and page-table geometries (core/geometry.c) a program may name, in the
 * order of their index in the input header, one a line. A geometry line
 * is its name, PAGE_SHIFT and level count, tab-separated. Scripts that
 * loop over profiles or geometries read them here instead of keeping a
 * list of their own.
 */
#include <stdio.h>

#include "arch.h"
#include "cli.h"
#include "geometry.h"

int cmd_list_arches(int argc, char **argv)
{
	unsigned int i;

	if (argc > 1)
		return cli_usage_error("list-arches: unexpected argument '%s'",
				       argv[1]);
	for (i = 0; i < arch_nr_profiles; i++)
		printf("%s\n", arch_profiles[i]->name);
	return 0;
}

int cmd_list_geometries(int argc, char **argv)
{
	unsigned int i;

	if (argc > 1)
		return cli_usage_error(
			"list-geometries: unexpected argument '%s'", argv[1]);
	for (i = 0; i < geometry_nr; i++)
		printf("%s\t%u\t%u\n", geometry_table[i]->name,
		       geometry_table[i]->page_shift,
		       geometry_table[i]->levels);
	return 0;
}
