// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fuzz targets' side of saved.h: write down which target and which
 * switches ran, where the engine saves what it finds.
 *   libFuzzer: beside each crash file, at the finding (the file is named
 *              -artifact_prefix + crash-<sha1 of the input>, or
 *              -exact_artifact_path);
 *   AFL++:     once, into the instance folder afl-fuzz names in
 *              __AFL_OUT_DIR (crashes/, hangs/, queue/ lie below it).
 */
#define _GNU_SOURCE /* program_invocation_short_name */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/input.h"
#include "saved.h"
#include "saved_target.h"
#include "sha1.h"

/* Empty: no libFuzzer in this process (the replay runner, AFL++). */
static char artifact_prefix[1024];
static char artifact_exact[1024];

/* Present only when libFuzzer is linked in. */
int LLVMFuzzerRunDriver(int *argc, char ***argv,
			int (*cb)(const uint8_t *data, size_t size))
	__attribute__((weak));

/*
 * libFuzzer's own flags, read from /proc/self/cmdline (a target's
 * LLVMFuzzerInitialize need not pass argv on). libFuzzer writes a crash
 * file for every deadly signal, fuzzing or replaying.
 */
static void artifacts_from_cmdline(void)
{
	static char args[16384];
	size_t n, i;
	char *a;
	FILE *f;

	if (!LLVMFuzzerRunDriver)
		return;
	f = fopen("/proc/self/cmdline", "rb");
	if (!f)
		return;
	n = fread(args, 1, sizeof(args) - 1, f);
	fclose(f);
	args[n] = 0;
	snprintf(artifact_prefix, sizeof(artifact_prefix), "./");
	for (i = 0; i < n; i += strlen(a) + 1) {
		a = args + i;
		if (!strncmp(a, "-artifact_prefix=", 17))
			snprintf(artifact_prefix, sizeof(artifact_prefix), "%s",
				 a + 17);
		else if (!strncmp(a, "-exact_artifact_path=", 21))
			snprintf(artifact_exact, sizeof(artifact_exact), "%s",
				 a + 21);
	}
}

/* The target's name is the program's: fuzz_<target>[_replay]. */
static int target_of_program(char *name, size_t len)
{
	const char *prog = program_invocation_short_name;
	static struct program probe;
	char *end;

	if (strncmp(prog, "fuzz_", 5))
		return -1;
	snprintf(name, len, "%s", prog + 5);
	end = strstr(name, "_replay");
	if (end)
		*end = 0;
	input_default(&probe);
	return input_restrict(&probe, name);
}

void saved_target_init(unsigned int inject, int strategy)
{
	const char *dir = getenv("__AFL_OUT_DIR");
	char name[32], path[1100];

	artifacts_from_cmdline();
	/* Before afl-fuzz's fork server starts: written once. */
	if (!dir || !*dir || target_of_program(name, sizeof(name)))
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, SAVED_NAME);
	saved_ctx_write(path, name, inject, strategy);
}

void saved_target_crash(const struct report_input *in, int strategy)
{
	char sha[SHA1_HEX_SIZE], crash[1200], side[1300];

	if ((!artifact_prefix[0] && !artifact_exact[0]) || !in->target)
		return;
	if (artifact_exact[0]) {
		snprintf(crash, sizeof(crash), "%s", artifact_exact);
	} else {
		sha1_hex(in->data, in->size, sha);
		snprintf(crash, sizeof(crash), "%scrash-%s", artifact_prefix,
			 sha);
	}
	saved_side_path(crash, side, sizeof(side));
	saved_ctx_write(side, in->target, in->inject, strategy);
}
