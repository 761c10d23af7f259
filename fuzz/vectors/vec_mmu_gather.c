// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmu_gather vectors (tests/vectors/README.md): run a case's sequence of gather API
 * calls on the model under its profile and compare every event (in
 * order), the primary gather's state after every op, and the final
 * summary.
 *
 * The harness stands in for the kernel around the gather, as the
 * vectors' own did: every entry clear maps a fresh frame (numbered in
 * clear order) that a later tlb_remove_page* queues; every p?d_free_tlb
 * hands over a fresh table page. CPU 1 plays the remote CPU: it keeps a
 * stale TLB entry for each cleared entry and a walk-cache entry for each
 * table handed over, so the model's oracles check that the model's own
 * flushes really remove them before the frees (any report is a mismatch).
 */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "cpu.h"
#include "faultinj.h"
#include "mmu_gather.h"
#include "oracle.h"
#include "page.h"
#include "vec_gather.h"
#include "vectors.h"

bool vec_is_mmu_gather(const cJSON *rec)
{
	return cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(rec, "ops")) &&
	       cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(rec, "events"));
}

/* ---- frames and tables the harness hands to the gather -------------- */

static unsigned int obj_push(struct vg_objs *objs, struct page *page,
			     unsigned long addr, enum pt_level level)
{
	if (objs->nr == objs->cap) {
		objs->cap = objs->cap ? 2 * objs->cap : 256;
		objs->v = realloc(objs->v, objs->cap * sizeof(*objs->v));
		if (!objs->v)
			abort();
	}
	objs->v[objs->nr] =
		(struct vg_obj){.page = page, .addr = addr, .level = level};
	/* The vector id travels with the page: these pages are ours. */
	page->index = objs->nr;
	return objs->nr++;
}

/*
 * An entry at @addr of @level was cleared: the frame it mapped is new to
 * this case, and CPU 1 may still hold the translation.
 */
static void clear_entry(struct vg_run *run, unsigned long addr,
			enum pt_level level)
{
	unsigned long span = 1UL << level_shift(level);
	struct page *frame = alloc_page();
	struct tlb_entry e = {
		.mm = run->mm,
		.va = addr & ~(span - 1),
		.level = level,
		.page = frame,
	};

	if (!frame)
		abort(); /* frames are outside fail_nth here */
	obj_push(&run->frames, frame, addr, level);
	tlb_fill(&tlbf_cpus[1], &e);
}

/* The frame the most recent clear at @addr unmapped. */
static struct page *frame_at(struct vg_run *run, unsigned long addr)
{
	unsigned int i = run->frames.nr;

	while (i--) {
		struct vg_obj *o = &run->frames.v[i];

		if (o->addr != addr)
			continue;
		if (o->queued)
			return NULL; /* queued twice: a harness error */
		o->queued = true;
		return o->page;
	}
	return NULL;
}

static struct page *new_table(struct vg_run *run, unsigned long addr,
			      enum pt_level level)
{
	unsigned long span = 1UL << table_span_shift(level);
	struct page *table = alloc_pt_page_nofail(level);
	struct walk_entry w = {
		.mm = run->mm,
		.va = addr & PAGE_MASK,
		.level = level,
		.table = table,
	};
	unsigned int id;

	table->pt_base = addr & ~(span - 1);
	table->pt_mm = run->mm;
	id = obj_push(&run->tables, table, addr, level);
	run->tables.v[id].queued = true;
	run->tables.v[id].walk_live = true;
	walk_fill(&tlbf_cpus[1], &w);
	return table;
}

/* ---- one op ------------------------------------------------------------ */

static bool field_hex(struct vg_run *run, const cJSON *op, const char *name,
		      unsigned long *v)
{
	if (vec_field_hex(op, name, v))
		return true;
	vec_mismatch(run->vc, "ops", "a well-formed op", "malformed field");
	return false;
}

static bool op_vma(struct vg_run *run, const cJSON *op,
		   struct vm_area_struct *vma)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(op, "vma");
	const cJSON *flag;

	memset(vma, 0, sizeof(*vma));
	vma->vm_mm = run->mm;
	if (!field_hex(run, v, "start", &vma->vm_start) ||
	    !field_hex(run, v, "end", &vma->vm_end))
		return false;
	cJSON_ArrayForEach(flag, cJSON_GetObjectItemCaseSensitive(v, "flags"))
	{
		if (!cJSON_IsString(flag))
			continue;
		if (!strcmp(flag->valuestring, "VM_EXEC"))
			vma->vm_flags |= VM_EXEC;
		else if (!strcmp(flag->valuestring, "VM_HUGETLB"))
			vma->vm_flags |= VM_HUGETLB;
		else if (!strcmp(flag->valuestring, "VM_PFNMAP"))
			vma->vm_flags |= VM_PFNMAP;
		else if (!strcmp(flag->valuestring, "VM_MIXEDMAP"))
			vma->vm_flags |= VM_MIXEDMAP;
	}
	return true;
}

static enum pt_level huge_level(unsigned long size)
{
	if (size >= PUD_SIZE)
		return PT_PUD;
	if (size >= PMD_SIZE)
		return PT_PMD;
	return PT_PTE;
}

static bool queue_page(struct vg_run *run, unsigned long addr,
		       struct page **page)
{
	*page = frame_at(run, addr);
	if (*page)
		return true;
	vec_mismatch(run->vc, "ops", "a cleared frame at the address",
		     "none (harness)");
	return false;
}

/* zap_ptes: n times (clear the pte, queue its frame), as zap_pte_range. */
static bool op_zap_ptes(struct vg_run *run, const cJSON *op)
{
	const cJSON *fn = cJSON_GetObjectItemCaseSensitive(op, "fn");
	bool raw = cJSON_IsString(fn) &&
		   !strcmp(fn->valuestring, "__tlb_remove_page");
	unsigned long addr, n, i;
	struct page *page;

	if (!field_hex(run, op, "addr", &addr) || !field_hex(run, op, "n", &n))
		return false;
	run->ret = 0;
	run->has_ret = raw;
	for (i = 0; i < n; i++) {
		unsigned long a = addr + i * PAGE_SIZE;

		clear_entry(run, a, PT_PTE);
		tlb_remove_tlb_entry(&run->tlb, NULL, a);
		if (!queue_page(run, a, &page))
			return false;
		if (!raw) {
			tlb_remove_page(&run->tlb, page);
		} else if (__tlb_remove_page(&run->tlb, page)) {
			tlb_flush_mmu_tlbonly(&run->tlb);
			tlb_flush_mmu(&run->tlb);
			run->ret++;
		}
	}
	return true;
}

static bool op_free_tlb(struct vg_run *run, const cJSON *op,
			enum pt_level level)
{
	unsigned long addr;
	struct page *table;

	if (!field_hex(run, op, "addr", &addr))
		return false;
	table = new_table(run, addr, level);
	if (level == PT_PTE)
		pte_free_tlb(&run->tlb, table, addr);
	else if (level == PT_PMD)
		pmd_free_tlb(&run->tlb, table, addr);
	else
		pud_free_tlb(&run->tlb, table, addr);
	return true;
}

static bool op_entry(struct vg_run *run, const char *name, const cJSON *op)
{
	unsigned long addr, size = 0;

	if (!field_hex(run, op, "addr", &addr))
		return false;
	if (!strcmp(name, "tlb_remove_tlb_entry")) {
		clear_entry(run, addr, PT_PTE);
		tlb_remove_tlb_entry(&run->tlb, NULL, addr);
	} else if (!strcmp(name, "tlb_remove_huge_tlb_entry")) {
		if (!field_hex(run, op, "size", &size))
			return false;
		clear_entry(run, addr, huge_level(size));
		tlb_remove_huge_tlb_entry(&run->tlb, size, addr);
	} else if (!strcmp(name, "tlb_remove_pmd_tlb_entry")) {
		clear_entry(run, addr, PT_PMD);
		tlb_remove_pmd_tlb_entry(&run->tlb, NULL, addr);
	} else {
		clear_entry(run, addr, PT_PUD);
		tlb_remove_pud_tlb_entry(&run->tlb, NULL, addr);
	}
	return true;
}

static bool op_queue(struct vg_run *run, const char *name, const cJSON *op)
{
	unsigned long addr, size = PAGE_SIZE;
	struct page *page;

	if (!field_hex(run, op, "addr", &addr))
		return false;
	if (!strcmp(name, "tlb_remove_page_size") &&
	    !field_hex(run, op, "size", &size))
		return false;
	if (!queue_page(run, addr, &page))
		return false;
	if (!strcmp(name, "__tlb_remove_page")) {
		run->has_ret = true;
		run->ret = __tlb_remove_page(&run->tlb, page);
	} else {
		tlb_remove_page_size(&run->tlb, page, (int)size);
	}
	return true;
}

static bool op_gather(struct vg_run *run, const char *name, const cJSON *op)
{
	struct vm_area_struct vma;

	if (!strcmp(name, "tlb_gather_mmu")) {
		tlb_gather_mmu(&run->tlb, run->mm);
	} else if (!strcmp(name, "tlb_gather_mmu_fullmm")) {
		/* exit_mmap: the mm has no users, its ASID dies with it. */
		run->mm->dead = true;
		tlb_gather_mmu_fullmm(&run->tlb, run->mm);
	} else {
		if (!op_vma(run, op, &vma))
			return false;
		tlb_gather_mmu_vma(&run->tlb, &vma);
	}
	run->started = true;
	run->open = true;
	return true;
}

static bool op_vma_bracket(struct vg_run *run, const char *name,
			   const cJSON *op)
{
	struct vm_area_struct vma;

	if (!op_vma(run, op, &vma))
		return false;
	if (!strcmp(name, "tlb_start_vma"))
		tlb_start_vma(&run->tlb, &vma);
	else
		tlb_end_vma(&run->tlb, &vma);
	return true;
}

static bool op_misc(struct vg_run *run, const char *name, const cJSON *op)
{
	unsigned long nth;

	if (!strcmp(name, "tlb_finish_mmu")) {
		tlb_finish_mmu(&run->tlb);
		run->open = false;
	} else if (!strcmp(name, "tlb_flush_mmu")) {
		tlb_flush_mmu(&run->tlb);
	} else if (!strcmp(name, "tlb_flush_mmu_tlbonly")) {
		tlb_flush_mmu_tlbonly(&run->tlb);
	} else if (!strcmp(name, "gather2_begin")) {
		run->in_g2 = true;
		tlb_gather_mmu(&run->tlb2, run->mm);
		run->open2 = true;
	} else if (!strcmp(name, "gather2_end")) {
		run->in_g2 = true;
		tlb_finish_mmu(&run->tlb2);
		run->open2 = false;
	} else if (!strcmp(name, "fail_alloc")) {
		if (!field_hex(run, op, "nth", &nth))
			return false;
		faultinj_fail_nth(nth);
	} else {
		vec_mismatch(run->vc, "ops", "a known op", name);
		return false;
	}
	return true;
}

static bool run_op(struct vg_run *run, const cJSON *op)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(op, "op");
	const char *name = cJSON_IsString(o) ? o->valuestring : "";

	run->has_ret = false;
	run->in_g2 = false;
	if (!strncmp(name, "tlb_gather_mmu", 14))
		return op_gather(run, name, op);
	if (!strcmp(name, "tlb_start_vma") || !strcmp(name, "tlb_end_vma"))
		return op_vma_bracket(run, name, op);
	if (!strncmp(name, "tlb_remove_", 11) && strstr(name, "_entry"))
		return op_entry(run, name, op);
	if (!strcmp(name, "tlb_remove_page") ||
	    !strcmp(name, "__tlb_remove_page") ||
	    !strcmp(name, "tlb_remove_page_size"))
		return op_queue(run, name, op);
	if (!strcmp(name, "zap_ptes"))
		return op_zap_ptes(run, op);
	if (!strcmp(name, "pte_free_tlb"))
		return op_free_tlb(run, op, PT_PTE);
	if (!strcmp(name, "pmd_free_tlb"))
		return op_free_tlb(run, op, PT_PMD);
	if (!strcmp(name, "pud_free_tlb"))
		return op_free_tlb(run, op, PT_PUD);
	return op_misc(run, name, op);
}

/* ---- set-up, the op loop, teardown ----------------------------------- */

static void setup(struct vg_run *run, const struct arch_profile *arch)
{
	struct core_config cfg = {
		.geometry = &geometry_x86_64,
		.arch = arch,
		.nr_cpus = 2,
		.injected = vec_injected,
		/* fail_alloc counts batch pages only. */
		.faultinj_kinds =
			(1u << ALLOC_PAGE_BATCH) | (1u << ALLOC_TABLE_BATCH),
	};

	core_reset(&cfg);
	vec_catch_reports(run->vc);
	run->mm = mm_alloc();
	cpu_switch_mm(&tlbf_cpus[0], run->mm);
	cpu_switch_mm(&tlbf_cpus[1], run->mm);
	run->events = cJSON_CreateArray();
	run->states = cJSON_CreateArray();
	trace_set_sink(vg_trace_sink, run);
}

/* Close what the case left open, release unqueued frames, check leaks. */
static void teardown(struct vg_run *run)
{
	unsigned int i;

	trace_set_sink(NULL, NULL);
	if (run->open2)
		tlb_finish_mmu(&run->tlb2);
	if (run->open)
		tlb_finish_mmu(&run->tlb);
	cpu_flush_mm(&tlbf_cpus[0], run->mm);
	cpu_flush_mm(&tlbf_cpus[1], run->mm);
	/* Frames of clears never queued (pfnmap, or cleared again). */
	for (i = 0; i < run->frames.nr; i++)
		if (!run->frames.v[i].queued)
			put_page(run->frames.v[i].page);
	mm_free(run->mm);
	if (tlbf_page_stats.frames || tlbf_page_stats.tables)
		vec_mismatch(run->vc, "teardown", "everything freed",
			     "frames or tables leaked");
	if (rcu_pending_callbacks())
		vec_mismatch(run->vc, "teardown", "no RCU callback queued",
			     "callbacks pending");
	free(run->frames.v);
	free(run->tables.v);
	cJSON_Delete(run->events);
	cJSON_Delete(run->states);
}

void vec_replay_mmu_gather(struct vec_case *vc, const cJSON *rec)
{
	const cJSON *profile = cJSON_GetObjectItemCaseSensitive(rec, "profile");
	const struct arch_profile *arch =
		cJSON_IsString(profile) ? arch_by_name(profile->valuestring)
					: NULL;
	const cJSON *op;
	struct vg_run run = {.vc = vc};

	if (!arch) {
		vec_mismatch(vc, "profile", "a known profile", "unknown");
		return;
	}
	setup(&run, arch);
	cJSON_ArrayForEach(op, cJSON_GetObjectItemCaseSensitive(rec, "ops"))
	{
		if (!run_op(&run, op))
			break;
		cJSON_AddItemToArray(run.states, vg_state(&run));
		run.op_index++;
	}
	vg_compare(&run, rec);
	teardown(&run);
}
