// SPDX-License-Identifier: GPL-2.0-only
/* Option parsing and file handling shared by the subcommands (args.h). */
#include <errno.h>
#include <string.h>

#include "arch_env.h"
#include "args.h"
#include "cli.h"
#include "inject_env.h"
#include "input/input.h"
#include "interleave.h"

#ifndef TLBF_CLI_KERNEL
#define TLBF_CLI_KERNEL 0 /* fuzz/CMakeLists.txt: 1 in kernel mode */
#endif

static int take_value(int argc, char **argv, int *i, const char **v)
{
	if (*i + 1 >= argc)
		return cli_usage_error("%s: option %s needs a value", argv[0],
				       argv[*i]);
	*v = argv[++*i];
	return 0;
}

static int parse_inject(const char *list, struct cli_args *a)
{
	unsigned int mask;
	char err[160];

	if (inject_from_list(list, &mask, err, sizeof(err)))
		return cli_usage_error("%s", err);
	a->inject |= mask;
	return 0;
}

static int parse_option(int argc, char **argv, int *i, unsigned int allowed,
			struct cli_args *a)
{
	const char *o = argv[*i], *v;
	struct program probe;

	if ((allowed & OPT_TRACE) && !strcmp(o, "--trace"))
		a->trace = true;
	else if ((allowed & OPT_STRESS) && !strcmp(o, "--stress"))
		a->stress = true;
	else if ((allowed & OPT_NO_INJECT) && !strcmp(o, "--no-inject"))
		a->no_inject = true;
	else if ((allowed & OPT_KERNEL) && !strcmp(o, "--kernel")) {
		/*
		 * The gather is chosen when tlbfuzz is linked: a kernel-mode
		 * build (-DTLBFUZZ_KERNEL_SRC) always runs the tree's code, so
		 * the option only refuses a build that would not.
		 */
		if (!TLBF_CLI_KERNEL)
			return cli_usage_error(
				"%s: --kernel: this build links the model; rebuild with -DTLBFUZZ_KERNEL_SRC",
				argv[0]);
	} else if ((allowed & OPT_INJECT) && !strcmp(o, "--inject"))
		return take_value(argc, argv, i, &v) ?: parse_inject(v, a);
	else if ((allowed & OPT_OUT) && !strcmp(o, "-o"))
		return take_value(argc, argv, i, &a->out);
	else if ((allowed & OPT_TARGET) && !strcmp(o, "--target")) {
		if (take_value(argc, argv, i, &a->target))
			return 2;
		input_default(&probe);
		if (input_restrict(&probe, a->target))
			return cli_usage_error(
				"%s: unknown target '%s' (see fuzz/targets/targets.txt)",
				argv[0], a->target);
	} else
		return cli_usage_error(
			"%s: unknown option '%s' (try 'tlbfuzz help')", argv[0],
			o);
	return 0;
}

int cli_parse_args(int argc, char **argv, unsigned int allowed,
		   struct cli_args *a)
{
	char err[160];
	int i;

	memset(a, 0, sizeof(*a));
	if (inject_from_env(&a->inject, err, sizeof(err)) ||
	    fixes_from_env(err, sizeof(err)))
		return cli_usage_error("%s", err);
	a->files = argv + 1;
	for (i = 1; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1]) {
			if (parse_option(argc, argv, &i, allowed, a))
				return 2;
			continue;
		}
		a->files[a->nr_files++] = argv[i];
	}
	if (!a->nr_files)
		return cli_usage_error("%s: no input file given", argv[0]);
	if (a->no_inject)
		a->inject = 0;
	a->given_target = a->target;
	a->given_inject = a->inject;
	return 0;
}

/* The target and switches of the run that saved @file, if it says. */
static void apply_saved(struct cli_args *a, const char *file,
			struct program *prog)
{
	char list[512];

	a->target = a->given_target;
	a->inject = a->given_inject;
	if (a->target || !saved_ctx_find(file, &a->saved))
		return;
	a->target = a->saved.target;
	if (!a->no_inject)
		a->inject |= a->saved.inject;
	if (a->saved.strategy >= 0)
		prog->strategy = (uint8_t)a->saved.strategy;
	inject_format(a->saved.inject, list, sizeof(list));
	fprintf(stderr,
		"tlbfuzz: %s: replayed as fuzz_%s ran it (switches: %s; from %s)\n",
		file, a->target, list[0] ? list : "none", a->saved.from);
}

int cli_load(struct cli_args *a, const char *file, struct program *prog)
{
	char err[320];

	if (input_load(file, prog, err, sizeof(err)))
		return cli_usage_error("%s", err);
	apply_saved(a, file, prog);
	if (a->target) {
		input_restrict(prog, a->target);
		arch_fold_from_env(prog);
		/* targets take switches from the environment only */
		prog->injected = 0;
	}
	if (a->no_inject)
		prog->injected = 0;
	return 0;
}

void cli_run_options(const struct cli_args *a, struct run_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->stress = a->stress;
	opt->trace = true; /* one input: the report wants the trace */
	opt->inject_or = a->no_inject ? 0 : a->inject;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

int cli_write(const char *path, const struct program *prog, const char *comment)
{
	static uint8_t buf[INPUT_MAX_SIZE];
	FILE *f = fopen(path, "wb");
	size_t n;
	int bad;

	if (!f)
		return cli_usage_error("%s: %s", path, strerror(errno));
	if (ends_with(path, ".txt")) {
		if (comment)
			fprintf(f, "# %s\n", comment);
		input_print(prog, f);
	} else {
		n = input_encode(prog, buf);
		fwrite(buf, 1, n, f);
	}
	bad = ferror(f);
	if (fclose(f) || bad)
		return cli_usage_error("%s: write error", path);
	return 0;
}

int cli_load_and_run(int argc, char **argv, unsigned int allowed,
		     struct cli_args *a, struct program *prog,
		     struct run_options *opt, struct run_result *res)
{
	if (cli_parse_args(argc, argv, allowed, a))
		return 2;
	if (a->nr_files != 1)
		return cli_usage_error("%s: expected one FILE, got %d", argv[0],
				       a->nr_files);
	if (cli_load(a, a->files[0], prog))
		return 2;
	cli_run_options(a, opt);
	opt->trace = false;
	if (allowed & CLI_RUN_ILV)
		opt->ilv = ILV_RECORD | ILV_KEEP;
	run_program(prog, opt, res);
	return 0;
}
