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
 * What the ops of one run act on: up to PROGRAM_MMS processes (mms), each
 * CPU running in one of them (mm 0 until an OP_USE_MM names another; an
 * mm other than 0 is created when first named), the small-page file and
 * the hugetlbfs file all processes may map.
 *
 * @users[i] plays mm_users: each op that needs the mm holds a reference
 * while it runs; OP_EXIT waits until it is the last user, as exit_mmap()
 * runs only once mm_users reached zero, and leaves -1 behind: the mm is
 * dead, later ops on it do nothing.
 */
struct op_env {
	struct mm_struct *mms[PROGRAM_MMS]; /* [0] always; others on use */
	int users[PROGRAM_MMS]; /* atomic; -1: exit_mmap ran */
	unsigned int cur[TLBF_MAX_CPUS]; /* the mm each CPU runs in */
	struct address_space *file;
	struct address_space *hfile; /* hugetlbfs: one page per PMD */
};

void op_run(struct op_env *env, const struct op *op);
/* True once an OP_EXIT ran exit_mmap on mm @i. */
bool op_env_exited(struct op_env *env, unsigned int i);

#endif
