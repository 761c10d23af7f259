/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A run as data: the configuration (geometry, arch profile, CPUs, fail_nth,
 * injected bugs, schedule strategy), a set-up program run on CPU 0 before
 * the others start, one operation program per simulated CPU, and the
 * schedule bytes. The binary and text input formats (fuzz/input/) decode to
 * this; the runner (fuzz/sched/) executes it. Every field is already folded
 * into range: a struct program is always runnable.
 */
#ifndef TLBF_PROGRAM_H
#define TLBF_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sync.h"

enum op_kind {
	OP_MMAP_ANON, /* addr, len */
	OP_MMAP_FILE, /* addr, len, arg = file page offset */
	OP_MMAP_STACK, /* addr, len: VM_GROWSDOWN */
	OP_MUNMAP, /* addr, len (mmap_lock held for write) */
	OP_MUNMAP_DOWNGRADE, /* addr, len (zap under the read lock) */
	OP_MADV_DONTNEED, /* addr, len */
	OP_MADV_FREE, /* addr, len */
	OP_MREMAP, /* addr, len, arg = new addr */
	OP_EXEC_SHIFT, /* addr = stack VMA start, arg = shift */
	OP_EXIT, /* exit_mmap */
	OP_TRUNCATE, /* arg = first file page to drop */
	OP_RECLAIM_ANON, /* addr */
	OP_RECLAIM_FILE, /* arg = file page */
	OP_COLLAPSE, /* addr: khugepaged */
	OP_READ, /* addr: user load */
	OP_WRITE, /* addr: user store */
	OP_HW_WALK, /* addr: speculative walk */
	OP_GUP_FAST, /* addr, len pages */
	OP_GUP_SLOW, /* addr, len pages */
	OP_LAZY, /* run a kernel thread: lazy TLB */
	OP_UNLAZY, /* switch back to the mm */
	/* Appended: kinds below 21 keep their bytes. */
	OP_USE_MM, /* arg = process: run in that mm from now on */
	OP_MMAP_HUGETLB, /* addr, len, arg = huge page offset in the file */
	OP_TRUNCATE_HUGETLB, /* arg = first huge page of the file to drop */
	OP_MPROTECT_HUGETLB, /* addr, len: flip write permission */
	OP_MINCORE, /* addr, len: read residency from the tables */
	OP_MOVE_PAGES, /* addr, len: move_pages(2) status query, no nodes */
	OP_NR,
};

struct op {
	uint8_t kind; /* enum op_kind */
	unsigned long addr; /* page aligned, inside TASK_SIZE */
	unsigned long len; /* bytes, page multiple, >= one page */
	unsigned long arg;
};

/* Processes (mms) a program's operations may run in (OP_USE_MM). */
#define PROGRAM_MMS 3

#define PROGRAM_MAX_OPS	     64
#define PROGRAM_MAX_SETUP    16
#define PROGRAM_MAX_SCHEDULE 256
/* fail_kind's values: any, then each enum alloc_kind (core/trace.h). */
#define PROGRAM_FAIL_KINDS 7

enum sched_strategy {
	SCHED_BYTES, /* schedule bytes, then the seeded fallback */
	SCHED_PCT, /* priorities with a few change points */
	SCHED_DELAY_FLUSH, /* prefer others between pte change and flush */
	SCHED_SEQUENTIAL, /* schedule bytes, then run-to-completion */
	SCHED_NR,
};

/* The kernel whose zap and gather rules a run follows (core/rules.h). */
enum program_rules {
	RULES_6_1, /* the default: every older input */
	RULES_6_12,
	RULES_NR,
};

struct program {
	/* header */
	uint8_t geometry; /* index into geometry_table[] */
	uint8_t arch; /* index into arch_profiles[] */
	uint8_t nr_cpus; /* 2..TLBF_MAX_CPUS */
	uint8_t strategy; /* enum sched_strategy */
	uint32_t fail_nth; /* 0: none */
	/* What fail_nth counts: 0 every allocation, else alloc_kind + 1. */
	uint8_t fail_kind;
	uint32_t injected; /* bit per enum inject_bug */
	uint8_t rules; /* enum program_rules: whose zap and gather rules */
	uint8_t large_folios; /* 1: anonymous faults map 4-page folios */

	unsigned int nr_setup;
	struct op setup[PROGRAM_MAX_SETUP];
	unsigned int nr_ops[TLBF_MAX_CPUS];
	struct op ops[TLBF_MAX_CPUS][PROGRAM_MAX_OPS];

	size_t schedule_len;
	uint8_t schedule[PROGRAM_MAX_SCHEDULE];
};

const char *op_name(enum op_kind kind);

#endif
