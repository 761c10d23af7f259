// SPDX-License-Identifier: GPL-2.0-only
/* tlbfuzz: subcommand dispatch (see cli.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int cmd_help(int argc, char **argv);

static const struct cli_command commands[] = {
	{"run",
	 "[--kernel] [--inject L] [--no-inject] [--trace] [--stress] [--target T] "
	 "FILE...",
	 "replay inputs; exit 1 on a finding, with its report", cmd_run},
	{"decode", "[--target T] FILE", "print an input as text", cmd_decode},
	{"encode", "FILE -o OUT", "write an input as canonical binary",
	 cmd_encode},
	{"minimize",
	 "[--kernel] [--inject L] [--no-inject] [--target T] FILE [-o OUT]",
	 "shrink a finding while the same oracle fires", cmd_minimize},
	{"list-bugs", "", "the bug-injection switches", cmd_list_bugs},
	{"list-fixes", "",
	 "the proposed kernel fixes (TLBFUZZ_FIXES) and their findings",
	 cmd_list_fixes},
	{"stats", "[--kernel] [--inject L] [--no-inject] [--target T] FILE",
	 "what an input holds and what its run did", cmd_stats},
	{"report",
	 "--html [--inject L] [--no-inject] [--target T] FILE -o OUT.html",
	 "replay a finding into one self-contained HTML page", cmd_report},
	{"vectors", "FILE.jsonl[.gz]...",
	 "replay kernel-derived test vectors on the model", cmd_vectors},
	{"limits", "[NAME]", "the input's size limits (max_len: libFuzzer's)",
	 cmd_limits},
	{"list-arches", "", "the arch profiles, in header order",
	 cmd_list_arches},
	{"list-geometries", "",
	 "the geometries (name, PAGE_SHIFT, levels), in header order",
	 cmd_list_geometries},
	{"help", "", "this list", cmd_help},
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

int cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("tlbfuzz: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

static int cmd_help(int argc, char **argv)
{
	unsigned int i;

	(void)argc;
	(void)argv;
	printf("usage: tlbfuzz COMMAND [ARGS]\n\n");
	for (i = 0; i < NR_COMMANDS; i++)
		printf("  %-10s %s\n  %-10s   %s\n", commands[i].name,
		       commands[i].args, "", commands[i].help);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int i;

	if (argc < 2)
		return cli_usage_error("no command given (try 'tlbfuzz help')");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		return cmd_help(argc - 1, argv + 1);
	for (i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	return cli_usage_error("unknown command '%s' (try 'tlbfuzz help')",
			       argv[1]);
}
