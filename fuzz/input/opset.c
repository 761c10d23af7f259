// SPDX-License-Identifier: GPL-2.0-only
/*
 * Each fuzz target's operation set. A target decodes the whole input as
 * usual, then maps every operation outside its set onto one inside it
 * (deterministically, by kind), so seeds written with the set's
 * operations run unchanged and `tlbfuzz run --target NAME` replays a
 * target's crash file exactly as the target ran it.
 */
#include <string.h>

#include "input.h"

#define BIT(k) (1u << (k))

struct opset {
	const char *target;
	unsigned int kinds; /* bit per enum op_kind */
};

static const struct opset opsets[] = {
	/* zap, unmap and exit paths with walkers and gup_fast beside them */
	{"gather", BIT(OP_MMAP_ANON) | BIT(OP_MMAP_FILE) | BIT(OP_MUNMAP) |
			   BIT(OP_MUNMAP_DOWNGRADE) | BIT(OP_MADV_DONTNEED) |
			   BIT(OP_MADV_FREE) | BIT(OP_EXIT) | BIT(OP_TRUNCATE) |
			   BIT(OP_READ) | BIT(OP_WRITE) | BIT(OP_HW_WALK) |
			   BIT(OP_GUP_FAST) | BIT(OP_LAZY) | BIT(OP_UNLAZY)},
	/* exec's stack move against concurrent walkers */
	{"exec", BIT(OP_MMAP_ANON) | BIT(OP_MMAP_STACK) | BIT(OP_EXEC_SHIFT) |
			 BIT(OP_READ) | BIT(OP_WRITE) | BIT(OP_HW_WALK) |
			 BIT(OP_GUP_FAST) | BIT(OP_GUP_SLOW)},
	{"race", BIT(OP_NR) - 1},
	{"roundtrip", BIT(OP_NR) - 1},
};

static const struct opset *opset_find(const char *target)
{
	unsigned int i;

	for (i = 0; i < sizeof(opsets) / sizeof(opsets[0]); i++)
		if (!strcmp(opsets[i].target, target))
			return &opsets[i];
	return NULL;
}

/* The (kind % n)-th member of @set. */
static unsigned int opset_pick(unsigned int set, unsigned int kind)
{
	unsigned int n = __builtin_popcount(set), i = kind % n;

	while (i--)
		set &= set - 1;
	return __builtin_ctz(set);
}

static void restrict_op(struct op *op, unsigned int section,
			const struct program *prog, unsigned int set)
{
	struct raw_op raw;

	if (set & BIT(op->kind))
		return;
	input_unfold_op(op, prog, section, &raw);
	raw.kind = opset_pick(set, op->kind);
	input_fold_op(&raw, prog, op);
}

int input_restrict(struct program *prog, const char *target)
{
	const struct opset *s = opset_find(target);
	unsigned int c, i;

	if (!s)
		return -1;
	for (i = 0; i < prog->nr_setup; i++)
		restrict_op(&prog->setup[i], 0, prog, s->kinds);
	for (c = 0; c < prog->nr_cpus; c++)
		for (i = 0; i < prog->nr_ops[c]; i++)
			restrict_op(&prog->ops[c][i], 1 + c, prog, s->kinds);
	return 0;
}

bool input_op_allowed(const char *target, unsigned int kind)
{
	const struct opset *s = opset_find(target);

	return !s || (s->kinds & BIT(kind));
}
