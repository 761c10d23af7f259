// SPDX-License-Identifier: GPL-2.0-only
/*
 * Vector replay: reading JSON lines through zlib, dispatching each record
 * to its replayer, and comparing and reporting fields.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "oracle.h"
#include "vectors.h"

unsigned int vec_injected;

/* A case that goes wrong tends to go wrong everywhere after: cap lines. */
#define VEC_MISMATCH_LINES 10

void vec_mismatch(struct vec_case *vc, const char *field, const char *expected,
		  const char *got)
{
	if (vc->mismatches++ < VEC_MISMATCH_LINES)
		printf("%s: %s: expected %s, got %s\n", vc->id, field, expected,
		       got);
}

static char *value_text(const cJSON *v)
{
	return v ? cJSON_PrintUnformatted(v) : strdup("(absent)");
}

void vec_compare(struct vec_case *vc, const char *field, const cJSON *expected,
		 const cJSON *got)
{
	char *e = value_text(expected);
	char *g = value_text(got);

	if (!e || !g)
		abort();
	if (strcmp(e, g))
		vec_mismatch(vc, field, e, g);
	free(e);
	free(g);
}

void vec_compare_objects(struct vec_case *vc, const char *prefix,
			 const cJSON *expected, const cJSON *got)
{
	const cJSON *item;
	char field[160];

	if (!cJSON_IsObject(expected) || !cJSON_IsObject(got)) {
		vec_compare(vc, prefix, expected, got);
		return;
	}
	cJSON_ArrayForEach(item, expected)
	{
		const cJSON *mine =
			cJSON_GetObjectItemCaseSensitive(got, item->string);

		snprintf(field, sizeof(field), "%s.%s", prefix, item->string);
		if (cJSON_IsObject(item) && cJSON_IsObject(mine))
			vec_compare_objects(vc, field, item, mine);
		else
			vec_compare(vc, field, item, mine);
	}
	cJSON_ArrayForEach(item, got)
	{
		if (cJSON_GetObjectItemCaseSensitive(expected, item->string))
			continue;
		snprintf(field, sizeof(field), "%s.%s", prefix, item->string);
		vec_compare(vc, field, NULL, item);
	}
}

bool vec_hex(const cJSON *item, unsigned long *out)
{
	char *end;

	if (cJSON_IsNumber(item)) {
		*out = (unsigned long)item->valuedouble;
		return true;
	}
	if (!cJSON_IsString(item) || strncmp(item->valuestring, "0x", 2))
		return false;
	errno = 0;
	*out = strtoul(item->valuestring + 2, &end, 16);
	return !errno && end != item->valuestring + 2 && !*end;
}

bool vec_field_hex(const cJSON *obj, const char *name, unsigned long *out)
{
	return vec_hex(cJSON_GetObjectItemCaseSensitive(obj, name), out);
}

void vec_add_hex(cJSON *obj, const char *name, unsigned long value)
{
	char text[24];

	snprintf(text, sizeof(text), "%#lx", value);
	if (!value)
		strcpy(text, "0x0");
	cJSON_AddStringToObject(obj, name, text);
}

static void catch_report(enum oracle o, const char *reason, const char *detail,
			 void *ctx)
{
	char got[768];

	snprintf(got, sizeof(got), "%s: %s (%s)", oracle_name(o), reason,
		 detail);
	vec_mismatch(ctx, "oracle", "no report", got);
}

void vec_catch_reports(struct vec_case *vc)
{
	report_set_handler(catch_report, vc);
}

/* ---- reading ------------------------------------------------------- */

struct line_reader {
	gzFile file;
	char *buf;
	size_t cap;
};

/* The next line without its newline; NULL at the end or on error. */
static char *read_line(struct line_reader *r)
{
	size_t len = 0;

	for (;;) {
		if (len + 1 >= r->cap) {
			r->cap = r->cap ? r->cap * 2 : 1 << 16;
			r->buf = realloc(r->buf, r->cap);
			if (!r->buf)
				abort();
		}
		if (!gzgets(r->file, r->buf + len, (int)(r->cap - len)))
			return len ? r->buf : NULL;
		len += strlen(r->buf + len);
		if (len && r->buf[len - 1] == '\n') {
			r->buf[len - 1] = '\0';
			return r->buf;
		}
	}
}

static bool blank(const char *s)
{
	return s[strspn(s, " \t\r")] == '\0';
}

/* Replay one record; -1 if it is no vector format we know. */
static int replay_record(const cJSON *rec, struct vec_totals *totals)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(rec, "id");
	struct vec_case vc = {
		.id = cJSON_IsString(id) ? id->valuestring : "(no id)",
	};

	if (vec_is_mmu_gather(rec))
		vec_replay_mmu_gather(&vc, rec);
	else if (vec_is_free_pgd_range(rec))
		vec_replay_free_pgd_range(&vc, rec);
	else
		return -1;
	report_set_handler(NULL, NULL);
	if (vc.mismatches > VEC_MISMATCH_LINES)
		printf("%s: (%u more mismatches not shown)\n", vc.id,
		       vc.mismatches - VEC_MISMATCH_LINES);
	if (vc.mismatches)
		totals->failed++;
	else
		totals->passed++;
	return 0;
}

int vectors_replay_file(const char *path, struct vec_totals *totals)
{
	struct line_reader r = {.file = gzopen(path, "rb")};
	unsigned long lineno = 0;
	int ret = 0, err;
	char *line;

	if (!r.file) {
		fprintf(stderr, "tlbfuzz: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((line = read_line(&r))) {
		cJSON *rec;

		lineno++;
		if (blank(line))
			continue;
		rec = cJSON_Parse(line);
		if (!rec || replay_record(rec, totals)) {
			fprintf(stderr, "tlbfuzz: %s:%lu: %s\n", path, lineno,
				rec ? "not a known vector record"
				    : "invalid JSON");
			cJSON_Delete(rec);
			ret = -1;
			break;
		}
		cJSON_Delete(rec);
	}
	if (!ret) {
		const char *msg = gzerror(r.file, &err);

		if (err != Z_OK && err != Z_STREAM_END) {
			fprintf(stderr, "tlbfuzz: %s: %s\n", path, msg);
			ret = -1;
		}
	}
	free(r.buf);
	gzclose(r.file);
	return ret;
}
