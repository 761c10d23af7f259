/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The tlbfuzz command line: one table of subcommands (fuzz/cli/main.c),
 * each implemented in its own file as int cmd_<name>(int argc, char **argv)
 * with argv[0] the subcommand's name. Exit codes: 0 clean, 1 a finding or
 * a mismatch, 2 bad usage or an unreadable file, always with one clear
 * line on stderr.
 */
#ifndef TLBF_CLI_H
#define TLBF_CLI_H

struct cli_command {
	const char *name;
	const char *args; /* usage after the name */
	const char *help; /* one line */
	int (*fn)(int argc, char **argv);
};

/* Print "tlbfuzz: <message>" on one line to stderr; returns 2. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int cmd_vectors(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_decode(int argc, char **argv);
int cmd_encode(int argc, char **argv);
int cmd_minimize(int argc, char **argv);
int cmd_list_bugs(int argc, char **argv);
int cmd_list_fixes(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_limits(int argc, char **argv);
int cmd_list_arches(int argc, char **argv);
int cmd_list_geometries(int argc, char **argv);

#endif
