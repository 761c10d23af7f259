/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Running one struct op (fuzz/program.h) on the current simulated CPU.
 */
#ifndef TLBF_OPS_H
#define TLBF_OPS_H

#include <stdbool.h>

#include "mm.h"
#include "program.h"

/*
 * What the ops of one run act on. @users plays mm_users: each op that
 * needs the mm holds a reference while it runs; OP_EXIT waits until it is
 * the last user, as exit_mmap() runs only once mm_users reached zero, and
 * leaves -1 behind: the mm is dead, later ops on it do nothing.
 */
struct op_env {
	struct mm_struct *mm;
	struct address_space *file;
	int users; /* atomic; -1: exit_mmap ran */
};

void op_run(struct op_env *env, const struct op *op);
/* True once an OP_EXIT ran exit_mmap on the run's mm. */
bool op_env_exited(struct op_env *env);

#endif
