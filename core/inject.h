/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bug injection: each switch re-creates one historical kernel bug at the
 * kernel's place (docs/bugs.md). A switched-off bug costs one test of a
 * global word. Switches are chosen per run (TLBFUZZ_INJECT=a,b or
 * tlbfuzz run --inject a,b). Built with -DTLBFUZZ_INJECT_POINTS=OFF
 * every injected() is constant false (bench/run measures what the test
 * costs against that build; no switch fires there).
 */
#ifndef TLBF_INJECT_H
#define TLBF_INJECT_H

#include <stdbool.h>

enum inject_bug {
	BUG_SHIFT_NOFLUSH,
	BUG_END_VMA_LOSES_FLUSH,
	BUG_PTE_FREE_RANGE_ONE_PAGE,
	BUG_FREE_BEFORE_UNLINK,
	BUG_REGATHER_ZERO_RANGE,
	BUG_FREE_BEFORE_FLUSH,
	BUG_FLOOR_CEILING_OFF_BY_ONE,
	BUG_BATCH_FAIL_NOFLUSH,
	BUG_TABLE_FAIL_NOSYNC,
	BUG_GUP_NO_RECHECK,
	BUG_GUP_IRQS_ON,
	BUG_NESTED_GATHER_NOFORCE,
	BUG_UNSHARE_NOSYNC,
	BUG_RMAP_BEFORE_FLUSH,
	BUG_NR,
};

struct inject_info {
	const char *name; /* the switch, as docs/bugs.md spells it */
	const char *what; /* one line */
	const char *ref; /* kernel commits */
};

extern unsigned int tlbf_injected; /* bit per enum inject_bug */
extern const struct inject_info inject_table[BUG_NR];

static inline bool injected(enum inject_bug bug)
{
#ifdef TLBFUZZ_NO_INJECT_POINTS
	return false;
#else
	return __builtin_expect(tlbf_injected & (1u << bug), 0);
#endif
}

/* Parse "a,b,c"; returns 0, or -1 and names the bad switch in @bad. */
int inject_parse(const char *list, unsigned int *mask, const char **bad,
		 unsigned int *bad_len);

#endif
