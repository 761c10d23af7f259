// SPDX-License-Identifier: GPL-2.0-only
/* Reporting a divergence between two event texts (diff_report.h). */
#include <string.h>

#include "diff_report.h"

/* Line @n (1-based) of @text as pointer and length; len 0 past the end. */
static const char *line_at(const char *text, unsigned int n, size_t *len)
{
	const char *end;

	while (--n && text && *text) {
		text = strchr(text, '\n');
		text = text ? text + 1 : NULL;
	}
	if (!text || !*text) {
		*len = 0;
		return "";
	}
	end = strchr(text, '\n');
	*len = end ? (size_t)(end - text) : strlen(text);
	return text;
}

unsigned int diff_first_line(const char *model, const char *kernel)
{
	unsigned int n = 1;
	size_t ml, kl;
	const char *m, *k;

	if (!strcmp(model, kernel))
		return 0;
	for (;; n++) {
		m = line_at(model, n, &ml);
		k = line_at(kernel, n, &kl);
		if (ml != kl || memcmp(m, k, ml))
			return n;
	}
}

void diff_side_by_side(FILE *out, const char *model, const char *kernel,
		       unsigned int n)
{
	unsigned int i = n > 5 ? n - 5 : 1;
	const char *m, *k;
	size_t ml, kl;

	fprintf(out, "%-6s %-58s | %s\n", "#", "model", "kernel");
	for (; i <= n + 2; i++) {
		m = line_at(model, i, &ml);
		k = line_at(kernel, i, &kl);
		if (ml || kl)
			fprintf(out, "%c%-5u %-58.*s | %.*s\n",
				i == n ? '>' : ' ', i, (int)(ml > 58 ? 58 : ml),
				m, (int)kl, k);
	}
}

/* The @i-th space-separated word of a line, without its value. */
static size_t word(const char *line, size_t len, unsigned int i, const char **w)
{
	const char *p = line, *end = line + len;
	size_t n;

	while (p < end) {
		n = strcspn(p, " ");
		if (p + n > end)
			n = (size_t)(end - p);
		if (!i--) {
			*w = p;
			return n;
		}
		p += n + 1;
	}
	*w = "";
	return 0;
}

static size_t key_len(const char *w, size_t n)
{
	size_t k = strcspn(w, "=@#");

	return k < n ? k : n;
}

void diff_kind(const char *model, const char *kernel, unsigned int n,
	       char *kind, size_t size)
{
	const char *m, *k, *mw, *kw;
	size_t ml, kl, mn, kn, used;
	unsigned int i;

	m = line_at(model, n, &ml);
	k = line_at(kernel, n, &kl);
	mn = word(m, ml, 1, &mw);
	kn = word(k, kl, 1, &kw);
	used = (size_t)snprintf(kind, size, "%.*s/%.*s", (int)mn, mw, (int)kn,
				kw);
	if (mn != kn || memcmp(mw, kw, mn))
		return;
	/* Same event: name the fields whose values differ. */
	for (i = 2; used + 1 < size; i++) {
		mn = word(m, ml, i, &mw);
		kn = word(k, kl, i, &kw);
		if (!mn && !kn)
			break;
		if (mn == kn && !memcmp(mw, kw, mn))
			continue;
		if (!mn)
			mw = kw, mn = kn;
		/* A bare value (an address range) is named by its place. */
		if (*mw >= '0' && *mw <= '9')
			used += (size_t)snprintf(kind + used, size - used,
						 ":word%u", i);
		else
			used += (size_t)snprintf(kind + used, size - used,
						 ":%.*s", (int)key_len(mw, mn),
						 mw);
	}
}
