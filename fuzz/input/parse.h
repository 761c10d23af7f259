/* SPDX-License-Identifier: GPL-2.0-only */
/* The text parser's shared state (parse.c: lines, parse_op.c: operations). */
#ifndef TLBF_INPUT_PARSE_H
#define TLBF_INPUT_PARSE_H

#include <stdbool.h>
#include <stddef.h>

struct program;

struct parser {
	struct program *prog;
	unsigned int line;
	bool seen_op;
	char *err;
	size_t errlen;
};

/* Put "line N: <message>" in the error buffer; returns -1. */
int parse_fail(struct parser *ps, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A whole token as an unsigned number (decimal or 0x hex). */
bool parse_number(const char *s, unsigned long *v);
/* The rest of a "setup:" (section 0) or "cpuN:" (1 + N) line. */
int parse_op_line(struct parser *ps, int section, char *v);

#endif
