// SPDX-License-Identifier: GPL-2.0-only
/*
 * The mmu_gather replayer's recorder: model trace events and gather state
 * in the JSON shapes of mmu_gather.md, and the comparison with a record.
 */
#include <stdio.h>

#include "arch.h"
#include "page.h"
#include "vec_gather.h"

static const char *flush_fn_name(enum flush_fn fn)
{
	switch (fn) {
	case FN_FLUSH_TLB_MM_RANGE:
		return "flush_tlb_mm_range";
	case FN___FLUSH_TLB_RANGE:
		return "__flush_tlb_range";
	case FN_FLUSH_TLB_MM:
		return "flush_tlb_mm";
	default:
		return "flush_tlb_range";
	}
}

static const char *via_name(enum table_via via)
{
	switch (via) {
	case VIA_PAGE_BATCH:
		return "page_batch";
	case VIA_RCU:
		return "rcu";
	case VIA_DIRECT:
		return "direct";
	default:
		return "free";
	}
}

static const char *batch_kind_name(enum alloc_kind kind)
{
	return kind == ALLOC_TABLE_BATCH ? "table_batch" : "page_batch";
}

/* Does start + k * 2^shift, below end, land in [lo, hi)? */
static bool lattice_hits(unsigned long start, unsigned long end,
			 unsigned int shift, unsigned long lo, unsigned long hi)
{
	unsigned long stride = 1UL << shift;
	unsigned long k;

	if (start >= end || start >= hi)
		return false;
	if (lo <= start)
		return true;
	k = (lo - start + stride - 1) >> shift;
	if (k > (end - 1 - start) >> shift)
		return false;
	return start + (k << shift) < hi;
}

/*
 * x86 with freed_tables drops every walk entry (all-PSC INVLPG), even of
 * a table whose span none of the flush's addresses hits: the vectors
 * count those cases as x86_table_lattice_miss.
 */
static void count_lattice_miss(struct vg_run *run, const struct trace_event *ev)
{
	unsigned int i;

	if (tlbf_arch->flush != FLUSH_X86 || !ev->freed_tables)
		return;
	for (i = 0; i < run->tables.nr; i++) {
		struct vg_obj *t = &run->tables.v[i];
		unsigned long span = 1UL << table_span_shift(t->level);
		unsigned long base = t->addr & ~(span - 1);

		if (!t->walk_live)
			continue;
		t->walk_live = false;
		if (!lattice_hits(ev->start, ev->end,
				  (unsigned int)ev->stride_shift, base,
				  base + span))
			run->lattice_miss++;
	}
}

static void record_flush(struct vg_run *run, cJSON *o,
			 const struct trace_event *ev)
{
	bool whole = ev->fn == FN_FLUSH_TLB_MM;

	cJSON_AddStringToObject(o, "fn", flush_fn_name(ev->fn));
	if (whole) {
		cJSON_AddNullToObject(o, "start");
		cJSON_AddNullToObject(o, "end");
		cJSON_AddNullToObject(o, "stride_shift");
	} else {
		vec_add_hex(o, "start", ev->start);
		vec_add_hex(o, "end", ev->end);
		cJSON_AddNumberToObject(o, "stride_shift", ev->stride_shift);
	}
	cJSON_AddBoolToObject(o, "freed_tables", ev->freed_tables);
	if (tlbf_arch->flush == FLUSH_ARM64) {
		cJSON_AddBoolToObject(o, "last_level", ev->last_level);
		if (whole)
			cJSON_AddNullToObject(o, "tlb_level");
		else
			cJSON_AddNumberToObject(o, "tlb_level", ev->tlb_level);
	}
	cJSON_AddBoolToObject(o, "fullmm_all", ev->fullmm_all);
	count_lattice_miss(run, ev);
}

/* The harness object behind a freed page, or NULL if not one of ours. */
static struct vg_obj *our_obj(struct vg_objs *objs, const void *page)
{
	const struct page *p = page;

	if (p->index < objs->nr && objs->v[p->index].page == p)
		return &objs->v[p->index];
	return NULL;
}

static void record_free(struct vg_run *run, cJSON *o,
			const struct trace_event *ev)
{
	bool table = ev->kind == EV_FREE_TABLE;
	struct vg_obj *obj =
		our_obj(table ? &run->tables : &run->frames, ev->object);

	if (table)
		cJSON_AddStringToObject(o, "level", level_name(ev->level));
	vec_add_hex(o, "addr", obj ? obj->addr : ev->addr);
	cJSON_AddNumberToObject(
		o, "id",
		obj ? (double)(obj - (table ? run->tables.v : run->frames.v))
		    : -1);
	if (table) {
		cJSON_AddStringToObject(o, "via", via_name(ev->via));
		run->tables_freed++;
	} else {
		run->pages_freed++;
	}
}

void vg_trace_sink(const struct trace_event *ev, void *ctx)
{
	struct vg_run *run = ctx;
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "ev", trace_kind_name(ev->kind));
	cJSON_AddNumberToObject(o, "op", run->op_index);
	if (run->in_g2)
		cJSON_AddNumberToObject(o, "g", 2);
	switch (ev->kind) {
	case EV_FLUSH:
		record_flush(run, o, ev);
		break;
	case EV_FLUSH_SKIPPED:
		cJSON_AddStringToObject(o, "reason", "fullmm_leaf_only");
		cJSON_AddBoolToObject(o, "freed_tables", ev->freed_tables);
		break;
	case EV_ALLOC:
		cJSON_AddNumberToObject(o, "n", (double)ev->n);
		cJSON_AddStringToObject(o, "kind", batch_kind_name(ev->alloc));
		cJSON_AddBoolToObject(o, "ok", ev->ok);
		run->allocs++;
		break;
	case EV_FREE_BATCH:
		cJSON_AddStringToObject(o, "kind", batch_kind_name(ev->alloc));
		break;
	case EV_FREE_PAGE:
	case EV_FREE_TABLE:
		record_free(run, o, ev);
		break;
	case EV_CALL_RCU:
		cJSON_AddNumberToObject(o, "n", (double)ev->n);
		break;
	default:
		break;
	}
	cJSON_AddItemToArray(run->events, o);
}

/* ---- gather state ------------------------------------------------------ */

static void count_queued(const struct mmu_gather *tlb, unsigned int *batches,
			 unsigned long *queued)
{
	const struct mmu_gather_batch *b;

	*batches = 0;
	*queued = tlb->local.nr;
	for (b = tlb->local.next; b; b = b->next) {
		(*batches)++;
		*queued += b->nr;
	}
}

cJSON *vg_state(struct vg_run *run)
{
	const struct mmu_gather *tlb = &run->tlb;
	cJSON *o;
	unsigned int batches;
	unsigned long queued;

	if (!run->started)
		return cJSON_CreateNull();
	o = cJSON_CreateObject();
	count_queued(tlb, &batches, &queued);
	vec_add_hex(o, "start", tlb->start);
	vec_add_hex(o, "end", tlb->end);
	cJSON_AddNumberToObject(o, "fullmm", tlb->fullmm);
	cJSON_AddNumberToObject(o, "need_flush_all", tlb->need_flush_all);
	cJSON_AddNumberToObject(o, "freed_tables", tlb->freed_tables);
	cJSON_AddNumberToObject(o, "cleared_ptes", tlb->cleared_ptes);
	cJSON_AddNumberToObject(o, "cleared_pmds", tlb->cleared_pmds);
	cJSON_AddNumberToObject(o, "cleared_puds", tlb->cleared_puds);
	cJSON_AddNumberToObject(o, "cleared_p4ds", tlb->cleared_p4ds);
	cJSON_AddNumberToObject(o, "vma_exec", tlb->vma_exec);
	cJSON_AddNumberToObject(o, "vma_huge", tlb->vma_huge);
	cJSON_AddNumberToObject(o, "vma_pfn", tlb->vma_pfn);
	cJSON_AddNumberToObject(o, "batch_count", tlb->batch_count);
	cJSON_AddNumberToObject(o, "page_batches", batches);
	cJSON_AddNumberToObject(o, "queued_pages", (double)queued);
	if (tlb->batch)
		cJSON_AddNumberToObject(o, "table_batch", tlb->batch->nr);
	else
		cJSON_AddNullToObject(o, "table_batch");
	cJSON_AddNumberToObject(o, "tlb_flush_pending",
				atomic_read(&run->mm->tlb_flush_pending));
	cJSON_AddBoolToObject(o, "open", run->open);
	if (run->has_ret)
		cJSON_AddNumberToObject(o, "ret", (double)run->ret);
	return o;
}

/* ---- comparison -------------------------------------------------------- */

static void compare_array(struct vec_case *vc, const char *name,
			  const cJSON *expected, const cJSON *got)
{
	int ne = cJSON_GetArraySize(expected), ng = cJSON_GetArraySize(got);
	char field[64];
	int i;

	if (ne != ng) {
		char e[16], g[16];

		snprintf(field, sizeof(field), "%s.length", name);
		snprintf(e, sizeof(e), "%d", ne);
		snprintf(g, sizeof(g), "%d", ng);
		vec_mismatch(vc, field, e, g);
	}
	for (i = 0; i < ne || i < ng; i++) {
		snprintf(field, sizeof(field), "%s[%d]", name, i);
		vec_compare_objects(vc, field, cJSON_GetArrayItem(expected, i),
				    cJSON_GetArrayItem(got, i));
	}
}

static cJSON *final_fields(struct vg_run *run)
{
	cJSON *o = cJSON_CreateObject();
	int n = cJSON_GetArraySize(run->states);
	unsigned int batches;
	unsigned long queued;

	count_queued(&run->tlb, &batches, &queued);
	if (run->tlb.batch)
		queued += run->tlb.batch->nr;
	cJSON_AddItemToObject(
		o, "gather",
		n ? cJSON_Duplicate(cJSON_GetArrayItem(run->states, n - 1),
				    true)
		  : cJSON_CreateNull());
	cJSON_AddNumberToObject(o, "tlb_flush_pending",
				atomic_read(&run->mm->tlb_flush_pending));
	cJSON_AddNumberToObject(o, "pages_freed", (double)run->pages_freed);
	cJSON_AddNumberToObject(o, "tables_freed", (double)run->tables_freed);
	cJSON_AddNumberToObject(o, "still_queued", (double)queued);
	cJSON_AddNumberToObject(o, "allocs", (double)run->allocs);
	cJSON_AddNumberToObject(o, "x86_table_lattice_miss",
				(double)run->lattice_miss);
	return o;
}

void vg_compare(struct vg_run *run, const cJSON *rec)
{
	cJSON *final = final_fields(run);

	compare_array(run->vc, "events",
		      cJSON_GetObjectItemCaseSensitive(rec, "events"),
		      run->events);
	compare_array(run->vc, "states",
		      cJSON_GetObjectItemCaseSensitive(rec, "states"),
		      run->states);
	vec_compare_objects(run->vc, "final",
			    cJSON_GetObjectItemCaseSensitive(rec, "final"),
			    final);
	cJSON_Delete(final);
}
