// SPDX-License-Identifier: GPL-2.0-only
/*
 * tlbfuzz vectors FILE.jsonl[.gz]...: replay kernel-derived vectors on the
 * model (fuzz/vectors/). Prints each mismatch, then "N passed, M failed".
 * Exit 0 all passed, 1 any mismatch, 2 a file unreadable or unparsable.
 * TLBFUZZ_INJECT=a,b replays with those bug switches on (docs/bugs.md).
 */
#include <stdio.h>
#include <stdlib.h>

#include "inject.h"

#include "cli.h"
#include "vectors/vectors.h"

int cmd_vectors(int argc, char **argv)
{
	struct vec_totals totals = {0};
	int i, broken = 0;

	const char *inject = getenv("TLBFUZZ_INJECT");
	const char *bad;
	unsigned int bad_len;

	if (argc < 2)
		return cli_usage_error("vectors: no vector file given");
	if (inject && inject_parse(inject, &vec_injected, &bad, &bad_len))
		return cli_usage_error("vectors: unknown bug switch '%.*s'",
				       (int)bad_len, bad);
	for (i = 1; i < argc; i++)
		if (vectors_replay_file(argv[i], &totals))
			broken = 1;
	printf("%lu passed, %lu failed\n", totals.passed, totals.failed);
	if (broken)
		return 2;
	return totals.failed ? 1 : 0;
}
