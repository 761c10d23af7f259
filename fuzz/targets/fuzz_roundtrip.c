// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_roundtrip: the input formats are stable. Any bytes decode; their
 * canonical encoding decodes to the same program and encodes to the same
 * bytes; the program printed as text parses back to itself and prints the
 * same text. A difference aborts. The model does not run here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void expect(bool ok, const char *what)
{
	if (ok)
		return;
	fprintf(stderr, "fuzz_roundtrip: %s\n", what);
	abort();
}

static char *print_text(const struct program *prog, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	input_print(prog, f);
	fclose(f);
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t canon[INPUT_MAX_SIZE], again[INPUT_MAX_SIZE];
	static struct program p, q;
	char err[256], *text, *text2;
	size_t n, tlen, tlen2;

	input_decode(data, size, &p);
	n = input_encode(&p, canon);
	input_decode(canon, n, &q);
	expect(program_equal(&p, &q), "binary: decode(encode(p)) != p");
	expect(input_encode(&q, again) == n && !memcmp(canon, again, n),
	       "binary: canonical form not stable");
	text = print_text(&p, &tlen);
	expect(!input_parse(text, tlen, &q, err, sizeof(err)), err);
	expect(program_equal(&p, &q), "text: parse(print(p)) != p");
	text2 = print_text(&q, &tlen2);
	expect(tlen == tlen2 && !memcmp(text, text2, tlen),
	       "text: canonical text not stable");
	free(text);
	free(text2);
	return 0;
}
