/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Options shared by the subcommands that run programs (run, minimize,
 * stats, decode, encode): each names the options it accepts; anything
 * else is one line on stderr and exit 2.
 */
#ifndef TLBF_CLI_ARGS_H
#define TLBF_CLI_ARGS_H

#include <stdbool.h>

#include "program.h"
#include "run.h"
#include "saved.h"

enum {
	OPT_INJECT = 1 << 0, /* --inject LIST */
	OPT_TRACE = 1 << 1, /* --trace */
	OPT_STRESS = 1 << 2, /* --stress */
	OPT_TARGET = 1 << 3, /* --target NAME */
	OPT_OUT = 1 << 4, /* -o FILE */
	OPT_NO_INJECT = 1 << 5, /* --no-inject: every switch off */
	OPT_KERNEL = 1 << 6, /* --kernel: insist on a kernel-mode build */
	/* Not an option: cli_load_and_run() keeps interleaving pairs. */
	CLI_RUN_ILV = 1 << 16,
};

struct cli_args {
	unsigned int inject; /* TLBFUZZ_INJECT and --inject */
	bool trace;
	bool stress;
	bool no_inject; /* every switch off, the file's too */
	const char *target; /* replay as fuzz_<target> decodes */
	const char *out;
	/* As given on the command line; cli_load() sets the two above per
	 * file from its context file (fuzz/saved.h) when --target is not. */
	const char *given_target;
	unsigned int given_inject;
	struct saved_ctx saved;
	char **files;
	int nr_files;
};

/* 0, or 2 after printing the one-line error. */
int cli_parse_args(int argc, char **argv, unsigned int allowed,
		   struct cli_args *a);
/*
 * Load @file as @a says (text or binary, --target); 0, or 2 and a line.
 * Without --target, a file the fuzzer saved is decoded as its target did,
 * with the switches that run had (fuzz/saved.h): @a->target and
 * @a->inject say so afterwards, and one line on stderr names them.
 */
int cli_load(struct cli_args *a, const char *file, struct program *prog);
void cli_run_options(const struct cli_args *a, struct run_options *opt);
/*
 * The start of a one-file command (minimize, stats): parse @allowed
 * options, load the single FILE, run it once without a trace. 0, or 2
 * after the one-line error.
 */
int cli_load_and_run(int argc, char **argv, unsigned int allowed,
		     struct cli_args *a, struct program *prog,
		     struct run_options *opt, struct run_result *res);
/* Write @prog to @path: text if it ends in .txt, else binary; 0 or 2. */
int cli_write(const char *path, const struct program *prog,
	      const char *comment);

#endif
