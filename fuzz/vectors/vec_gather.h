/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The mmu_gather vector replayer's run state, shared by the op driver
 * (vec_mmu_gather.c) and the recorder that turns model events and
 * gather state into the vectors' JSON shapes (vec_gather_record.c).
 */
#ifndef TLBF_VEC_GATHER_H
#define TLBF_VEC_GATHER_H

#include <stdbool.h>

#include "mmu_gather.h"
#include "trace.h"
#include "vectors.h"

/* A frame or table the harness handed out; its index is its vector id. */
struct vg_obj {
	struct page *page;
	unsigned long addr; /* VA mapped, or the p?d_free_tlb address */
	enum pt_level level;
	bool queued; /* handed to the gather, which frees it */
	bool walk_live; /* tables: x86 walk entry not yet flushed */
};

struct vg_objs {
	struct vg_obj *v;
	unsigned int nr, cap;
};

struct vg_run {
	struct vec_case *vc;
	struct mm_struct *mm;
	struct mmu_gather tlb, tlb2;
	bool started, open, open2;
	unsigned int op_index;
	bool in_g2; /* the op works on the second gather */
	bool has_ret; /* the op's state carries "ret" */
	unsigned long ret;
	struct vg_objs frames, tables;
	cJSON *events, *states;
	/* final */
	unsigned long pages_freed, tables_freed, allocs, lattice_miss;
};

void vg_trace_sink(const struct trace_event *ev, void *ctx);
/* The primary gather's state after an op, or JSON null before it. */
cJSON *vg_state(struct vg_run *run);
/* Compare events, states and final with the record; print mismatches. */
void vg_compare(struct vg_run *run, const cJSON *rec);

#endif
