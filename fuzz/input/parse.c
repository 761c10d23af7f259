// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading the text format (grammar in docs/input-format.md). Strict, unlike
 * the binary decoder: every error names its line and what was expected,
 * and a value that the binary format could not carry unchanged is an
 * error, so that text -> binary -> text is exact.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "inject.h"
#include "input.h"

#include "parse.h"

#define LINE_MAX_CHARS 512

int parse_fail(struct parser *ps, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	n = snprintf(ps->err, ps->errlen, "line %u: ", ps->line);
	if (n >= ps->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

/* A whole token as an unsigned number (decimal or 0x hex). */
bool parse_number(const char *s, unsigned long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*v = strtoul(s, &end, 0);
	return !errno && !*end;
}

static int parse_choice(struct parser *ps, const char *v, const char *what,
			const char *(*name)(unsigned int), unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (!strcmp(v, name(i)))
			return i;
	return parse_fail(ps, "expected a %s name, got '%s'", what, v);
}

static const char *geometry_name_at(unsigned int i)
{
	return input_geometry(i)->name;
}

static const char *arch_name_at(unsigned int i)
{
	return arch_profiles[i]->name;
}

static int parse_inject(struct parser *ps, const char *v)
{
	unsigned int mask, bad_len;
	const char *bad;

	if (!strcmp(v, "none")) {
		ps->prog->injected = 0;
		return 0;
	}
	if (inject_parse(v, &mask, &bad, &bad_len))
		return parse_fail(
			ps, "unknown switch '%.*s' (see tlbfuzz list-bugs)",
			(int)bad_len, bad);
	ps->prog->injected = mask;
	return 0;
}

static int parse_schedule(struct parser *ps, char *v)
{
	struct program *prog = ps->prog;
	char *tok, *save, *end;
	unsigned long b;

	for (tok = strtok_r(v, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		b = strtoul(tok, &end, 16);
		if (strlen(tok) != 2 || *end)
			return parse_fail(
				ps,
				"expected schedule bytes as two hex digits, got '%s'",
				tok);
		if (prog->schedule_len == INPUT_MAX_SCHEDULE)
			return parse_fail(ps, "more than %d schedule bytes",
					  INPUT_MAX_SCHEDULE);
		prog->schedule[prog->schedule_len++] = b;
	}
	return 0;
}

static int parse_header(struct parser *ps, const char *key, char *v)
{
	struct program *prog = ps->prog;
	unsigned long n;
	int i;

	if (ps->seen_op)
		return parse_fail(
			ps, "'%s:' must come before the first operation", key);
	if (!strcmp(key, "geometry")) {
		i = parse_choice(ps, v, "geometry", geometry_name_at,
				 INPUT_NR_GEOMETRIES);
	} else if (!strcmp(key, "arch")) {
		i = parse_choice(ps, v, "arch profile", arch_name_at,
				 arch_nr_profiles);
	} else if (!strcmp(key, "strategy")) {
		i = parse_choice(ps, v, "strategy", strategy_name, SCHED_NR);
	} else if (!strcmp(key, "rules")) {
		i = parse_choice(ps, v, "rules (6.1, 6.12)", rules_name,
				 RULES_NR);
		if (i >= 0)
			prog->rules = i;
		return i < 0 ? -1 : 0;
	} else if (!strcmp(key, "fail_kind")) {
		i = parse_choice(ps, v,
				 "fail_kind (any, or an allocation kind)",
				 fail_kind_name, PROGRAM_FAIL_KINDS);
		if (i >= 0)
			prog->fail_kind = i;
		return i < 0 ? -1 : 0;
	} else if (!strcmp(key, "folios")) {
		i = parse_choice(ps, v, "folios (small, large)", folios_name,
				 2);
		if (i >= 0)
			prog->large_folios = i;
		return i < 0 ? -1 : 0;
	} else if (!strcmp(key, "inject")) {
		return parse_inject(ps, v);
	} else if (!strcmp(key, "cpus")) {
		if (!parse_number(v, &n) || n < 2 || n > TLBF_MAX_CPUS)
			return parse_fail(ps, "expected cpus: 2..%d, got '%s'",
					  TLBF_MAX_CPUS, v);
		prog->nr_cpus = n;
		return 0;
	} else {
		if (!parse_number(v, &n) || n > 0xffff)
			return parse_fail(
				ps, "expected fail_nth: 0..65535, got '%s'", v);
		prog->fail_nth = n;
		return 0;
	}
	if (i < 0)
		return -1;
	if (!strcmp(key, "geometry"))
		prog->geometry = i;
	else if (!strcmp(key, "arch"))
		prog->arch = i;
	else
		prog->strategy = i;
	return 0;
}

static bool is_header_key(const char *key)
{
	static const char *const keys[] = {
		"geometry", "arch",  "cpus",   "strategy",  "fail_nth",
		"inject",   "rules", "folios", "fail_kind",
	};
	unsigned int i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(key, keys[i]))
			return true;
	return false;
}

/* "setup" is section 0, "cpuN" section 1 + N; -1 if neither. */
static int section_of(const char *key)
{
	if (!strcmp(key, "setup"))
		return 0;
	if (!strncmp(key, "cpu", 3) && key[3] >= '0' &&
	    key[3] < '0' + TLBF_MAX_CPUS && !key[4])
		return 1 + key[3] - '0';
	return -1;
}

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s &&
	       (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = 0;
	return s;
}

static int parse_line(struct parser *ps, char *line)
{
	char *colon, *key, *v;
	int section;

	line[strcspn(line, "#")] = 0;
	key = trim(line);
	if (!*key)
		return 0;
	colon = strchr(key, ':');
	if (!colon)
		return parse_fail(ps, "expected 'key: value', got '%s'", key);
	*colon = 0;
	v = trim(colon + 1);
	if (!strcmp(key, "schedule"))
		return parse_schedule(ps, v);
	if (is_header_key(key))
		return parse_header(ps, key, v);
	section = section_of(key);
	if (section < 0)
		return parse_fail(
			ps,
			"expected geometry, arch, cpus, strategy, fail_nth, fail_kind, inject, rules, folios, schedule, setup or cpu0..cpu%d, got '%s:'",
			TLBF_MAX_CPUS - 1, key);
	ps->seen_op = true;
	return parse_op_line(ps, section, v);
}

bool input_is_text(const uint8_t *data, size_t size)
{
	char word[16];
	size_t i, n = 0;

	for (i = 0; i < size; i++)
		if ((data[i] < 0x20 || data[i] > 0x7e) && data[i] != '\n' &&
		    data[i] != '\t' && data[i] != '\r')
			return false;
	for (i = 0; i < size && strchr(" \t\r\n", data[i]); i++)
		;
	if (i < size && data[i] == '#')
		return true;
	while (i < size && n < sizeof(word) - 1 && data[i] != ':')
		word[n++] = data[i++];
	word[n] = 0;
	return i < size && data[i] == ':' &&
	       (is_header_key(word) || section_of(word) >= 0 ||
		!strcmp(word, "schedule"));
}

int input_parse(const char *text, size_t len, struct program *prog, char *err,
		size_t errlen)
{
	struct parser ps = {prog, 0, false, err, errlen};
	char line[LINE_MAX_CHARS];
	size_t start = 0, end;

	input_default(prog);
	while (start < len) {
		ps.line++;
		for (end = start; end < len && text[end] != '\n'; end++)
			;
		if (end - start >= sizeof(line))
			return parse_fail(&ps, "line longer than %d characters",
					  LINE_MAX_CHARS - 1);
		memcpy(line, text + start, end - start);
		line[end - start] = 0;
		if (strlen(line) != end - start)
			return parse_fail(&ps, "unexpected NUL byte");
		if (parse_line(&ps, line))
			return -1;
		start = end + 1;
	}
	return 0;
}
