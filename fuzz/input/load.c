// SPDX-License-Identifier: GPL-2.0-only
/* Loading a file of either format, and comparing programs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

#define LOAD_MAX_SIZE (1u << 20)

static bool op_equal(const struct op *a, const struct op *b)
{
	return a->kind == b->kind && a->addr == b->addr && a->len == b->len &&
	       a->arg == b->arg;
}

static bool ops_equal(const struct op *a, const struct op *b, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!op_equal(&a[i], &b[i]))
			return false;
	return true;
}

bool program_equal(const struct program *a, const struct program *b)
{
	unsigned int c;

	if (a->geometry != b->geometry || a->arch != b->arch ||
	    a->nr_cpus != b->nr_cpus || a->strategy != b->strategy ||
	    a->fail_nth != b->fail_nth || a->fail_kind != b->fail_kind ||
	    a->injected != b->injected || a->rules != b->rules ||
	    a->large_folios != b->large_folios || a->nr_setup != b->nr_setup ||
	    a->schedule_len != b->schedule_len)
		return false;
	if (!ops_equal(a->setup, b->setup, a->nr_setup) ||
	    memcmp(a->schedule, b->schedule, a->schedule_len))
		return false;
	for (c = 0; c < TLBF_MAX_CPUS; c++)
		if (a->nr_ops[c] != b->nr_ops[c] ||
		    !ops_equal(a->ops[c], b->ops[c], a->nr_ops[c]))
			return false;
	return true;
}

/* The whole file, or NULL with the reason in @err. */
static uint8_t *read_file(const char *path, size_t *size, char *err,
			  size_t errlen)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = malloc(LOAD_MAX_SIZE + 1);
	*size = buf ? fread(buf, 1, LOAD_MAX_SIZE + 1, f) : 0;
	if (!buf || ferror(f) || *size > LOAD_MAX_SIZE) {
		snprintf(err, errlen, "%s: %s", path,
			 !buf || ferror(f) ? strerror(errno)
					   : "larger than 1 MiB");
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

int input_load(const char *path, struct program *prog, char *err, size_t errlen)
{
	char msg[256];
	uint8_t *data;
	size_t size;
	int ret = 0;

	data = read_file(path, &size, err, errlen);
	if (!data)
		return -1;
	if (!input_is_text(data, size)) {
		input_decode(data, size, prog);
	} else if (input_parse((char *)data, size, prog, msg, sizeof(msg))) {
		snprintf(err, errlen, "%s: %s", path, msg);
		ret = -1;
	}
	free(data);
	return ret;
}
