/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small race-style program for the mutator tests: three CPUs, one
 * anonymous mapping, each CPU doing @kind once on its own page; encoded
 * into @dst (INPUT_MAX_SIZE bytes), its size returned. @p is scratch.
 */
#ifndef TLBF_TESTS_RACE_PROGRAM_H
#define TLBF_TESTS_RACE_PROGRAM_H

#include "input/input.h"

static inline size_t race_program(struct program *p, uint8_t *dst,
				  unsigned int kind)
{
	unsigned int c;

	input_default(p);
	p->nr_cpus = 3;
	p->setup[p->nr_setup++] =
		(struct op){OP_MMAP_ANON, 0x10000, 16 * 4096, 0};
	for (c = 0; c < 3; c++)
		p->ops[c][p->nr_ops[c]++] =
			(struct op){(uint8_t)kind, 0x10000 + c * 4096, 4096, 0};
	return input_encode(p, dst);
}

#endif
