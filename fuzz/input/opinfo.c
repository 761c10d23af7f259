// SPDX-License-Identifier: GPL-2.0-only
/*
 * What each operation's fields mean, and its name in the text format.
 * The runner names the kernel path behind each kind (op_name()); these
 * are the short names people type.
 */
#include <string.h>

#include "faultinj.h"
#include "input.h"

const struct op_info op_info[OP_NR] = {
	[OP_MMAP_ANON] = {"mmap_anon", true, true, ARG_NONE},
	[OP_MMAP_FILE] = {"mmap_file", true, true, ARG_PGOFF},
	[OP_MMAP_STACK] = {"mmap_stack", true, true, ARG_NONE},
	[OP_MUNMAP] = {"munmap", true, true, ARG_NONE},
	[OP_MUNMAP_DOWNGRADE] = {"munmap_downgrade", true, true, ARG_NONE},
	[OP_MADV_DONTNEED] = {"madv_dontneed", true, true, ARG_NONE},
	[OP_MADV_FREE] = {"madv_free", true, true, ARG_NONE},
	[OP_MREMAP] = {"mremap", true, true, ARG_NEW_ADDR},
	[OP_EXEC_SHIFT] = {"exec_shift", true, false, ARG_SHIFT},
	[OP_EXIT] = {"exit", false, false, ARG_NONE},
	[OP_TRUNCATE] = {"truncate", false, false, ARG_PGOFF},
	[OP_RECLAIM_ANON] = {"reclaim_anon", true, false, ARG_NONE},
	[OP_RECLAIM_FILE] = {"reclaim_file", false, false, ARG_PGOFF},
	[OP_COLLAPSE] = {"collapse", true, false, ARG_NONE},
	[OP_READ] = {"read", true, false, ARG_NONE},
	[OP_WRITE] = {"write", true, false, ARG_NONE},
	[OP_HW_WALK] = {"hw_walk", true, false, ARG_NONE},
	[OP_GUP_FAST] = {"gup_fast", true, true, ARG_NONE},
	[OP_GUP_SLOW] = {"gup_slow", true, true, ARG_NONE},
	[OP_LAZY] = {"lazy", false, false, ARG_NONE},
	[OP_UNLAZY] = {"unlazy", false, false, ARG_NONE},
	[OP_USE_MM] = {"use_mm", false, false, ARG_MM},
	[OP_MMAP_HUGETLB] = {"mmap_hugetlb", true, true, ARG_PGOFF},
	[OP_TRUNCATE_HUGETLB] = {"truncate_hugetlb", false, false, ARG_PGOFF},
	[OP_MPROTECT_HUGETLB] = {"mprotect_hugetlb", true, true, ARG_NONE},
	[OP_MINCORE] = {"mincore", true, true, ARG_NONE},
	[OP_MOVE_PAGES] = {"move_pages", true, true, ARG_NONE},
};

int op_by_name(const char *name, size_t len)
{
	int i;

	for (i = 0; i < OP_NR; i++)
		if (strlen(op_info[i].name) == len &&
		    !strncmp(op_info[i].name, name, len))
			return i;
	return -1;
}

/* struct program's geometry index (see program.h): core/geometry.c's table. */
const struct pt_geometry *input_geometry(unsigned int index)
{
	return geometry_table[index % geometry_nr];
}

const char *rules_name(unsigned int rules)
{
	static const char *const names[RULES_NR] = {
		[RULES_6_1] = "6.1",
		[RULES_6_12] = "6.12",
	};

	return rules < RULES_NR ? names[rules] : "?";
}

const char *folios_name(unsigned int large)
{
	return large == 0 ? "small" : large == 1 ? "large" : "?";
}

_Static_assert(PROGRAM_FAIL_KINDS == ALLOC_NR + 1,
	       "fail_kind: any, then one value per allocation kind");

enum alloc_kind fail_kind_alloc(unsigned int fail_kind)
{
	if (!fail_kind)
		return ALLOC_NR;
	return (enum alloc_kind)(fail_kind - 1);
}

const char *fail_kind_name(unsigned int fail_kind)
{
	if (fail_kind > PROGRAM_FAIL_KINDS - 1)
		return "?";
	return alloc_kind_name(fail_kind_alloc(fail_kind));
}

const char *strategy_name(unsigned int strategy)
{
	static const char *const names[SCHED_NR] = {
		[SCHED_BYTES] = "bytes",
		[SCHED_PCT] = "pct",
		[SCHED_DELAY_FLUSH] = "delay-flush",
		[SCHED_SEQUENTIAL] = "sequential",
	};

	return strategy < SCHED_NR ? names[strategy] : "?";
}
