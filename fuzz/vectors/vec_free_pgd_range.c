// SPDX-License-Identifier: GPL-2.0-only
/*
 * free_pgd_range vectors (tests/vectors/README.md): build the page tables the
 * case had, call free_pgd_range() once on a fresh gather, and compare
 * which tables were handed over ("freed") and the gather's range and
 * bits right after the call ("gather").
 *
 * The cases were recorded with x86 settings and RCU table freeing, so
 * they run on the x86-rcu profile: a full table batch flushes in the
 * middle of the call, as in the kernel. Tables are only ever allocated
 * (every page of a populated range touched); the PTEs themselves play no
 * part in free_pgd_range(), which never reads them, so none are written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "memory.h"
#include "mmu_gather.h"
#include "oracle.h"
#include "pgtable.h"
#include "vectors.h"

struct freed_table {
	enum pt_level level;
	unsigned long start;
};

struct freed_list {
	struct freed_table *v;
	unsigned int nr, cap;
};

bool vec_is_free_pgd_range(const cJSON *rec)
{
	return cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(rec, "call")) &&
	       cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(rec, "freed"));
}

/* A table handed to the gather is really freed by finish + RCU. */
static void note_free(const struct trace_event *ev, void *ctx)
{
	struct freed_list *l = ctx;

	if (ev->kind != EV_FREE_TABLE)
		return;
	if (l->nr == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v)
			abort();
	}
	l->v[l->nr].level = ev->level;
	l->v[l->nr].start = ev->addr;
	l->nr++;
}

/* By start; on a tie the larger table (higher level) first. */
static int freed_order(const void *a, const void *b)
{
	const struct freed_table *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (int)y->level - (int)x->level;
}

static const struct pt_geometry *geometry_named(const cJSON *g)
{
	if (!cJSON_IsString(g))
		return NULL;
	if (!strcmp(g->valuestring, "x86_64-4level"))
		return &geometry_x86_64;
	if (!strcmp(g->valuestring, "x86_64-5level"))
		return &geometry_x86_64_la57;
	return NULL;
}

/* Allocate the tables down to the PTE level for every page of ranges. */
static bool populate(struct vec_case *vc, struct mm_struct *mm,
		     const cJSON *ranges)
{
	const cJSON *r;

	cJSON_ArrayForEach(r, ranges)
	{
		unsigned long start, end, addr;

		if (!vec_hex(cJSON_GetArrayItem(r, 0), &start) ||
		    !vec_hex(cJSON_GetArrayItem(r, 1), &end)) {
			vec_mismatch(vc, "extra.populated", "[start,end]",
				     "malformed range");
			return false;
		}
		for (addr = start; addr < end;
		     addr = (addr & PMD_MASK) + PMD_SIZE) {
			if (!pt_alloc_walk(mm, addr, PT_PTE)) {
				vec_mismatch(vc, "populate", "tables",
					     "allocation failed");
				return false;
			}
			if (!((addr & PMD_MASK) + PMD_SIZE))
				break;
		}
	}
	return true;
}

static cJSON *gather_fields(const struct mmu_gather *tlb)
{
	cJSON *o = cJSON_CreateObject();

	vec_add_hex(o, "start", tlb->start);
	vec_add_hex(o, "end", tlb->end);
	cJSON_AddNumberToObject(o, "freed_tables", tlb->freed_tables);
	cJSON_AddNumberToObject(o, "cleared_ptes", tlb->cleared_ptes);
	cJSON_AddNumberToObject(o, "cleared_pmds", tlb->cleared_pmds);
	cJSON_AddNumberToObject(o, "cleared_puds", tlb->cleared_puds);
	cJSON_AddNumberToObject(o, "cleared_p4ds", tlb->cleared_p4ds);
	return o;
}

static void compare_freed(struct vec_case *vc, const cJSON *expected,
			  struct freed_list *l)
{
	cJSON *got = cJSON_CreateArray();
	unsigned int i, n;
	char field[32];

	if (l->nr)
		qsort(l->v, l->nr, sizeof(*l->v), freed_order);
	for (i = 0; i < l->nr; i++) {
		cJSON *o = cJSON_CreateObject();
		unsigned long span = 1UL << table_span_shift(l->v[i].level);

		cJSON_AddStringToObject(o, "level", level_name(l->v[i].level));
		vec_add_hex(o, "start", l->v[i].start);
		vec_add_hex(o, "end", l->v[i].start + span);
		cJSON_AddItemToArray(got, o);
	}
	n = (unsigned int)cJSON_GetArraySize(expected);
	if (n != l->nr) {
		char e[16], g[16];

		snprintf(e, sizeof(e), "%u", n);
		snprintf(g, sizeof(g), "%u", l->nr);
		vec_mismatch(vc, "freed.length", e, g);
	}
	for (i = 0; i < n || i < l->nr; i++) {
		snprintf(field, sizeof(field), "freed[%u]", i);
		vec_compare_objects(vc, field,
				    cJSON_GetArrayItem(expected, (int)i),
				    cJSON_GetArrayItem(got, (int)i));
	}
	cJSON_Delete(got);
}

/* Free what is left of the tree, with the accounting free_pgd_range does. */
static void free_tree(struct mm_struct *mm, struct page *table)
{
	unsigned long i;

	for (i = 0;
	     table->pt_level > PT_PTE && i < ptrs_per_table(table->pt_level);
	     i++) {
		unsigned long e = entry_read(&table->words[i]);
		struct page *child;

		if (entry_none(e))
			continue;
		child = entry_table(e);
		free_tree(mm, child);
		mm_dec_nr_table(mm, child->pt_level);
		free_pt_page(child, VIA_FREE);
	}
}

static void teardown(struct vec_case *vc, struct mm_struct *mm)
{
	free_tree(mm, mm->pgd);
	if (atomic_long_read(&mm->pgtables_bytes))
		vec_mismatch(vc, "pgtables_bytes after freeing the rest", "0",
			     "not 0");
	mm_free(mm);
	if (tlbf_page_stats.tables)
		vec_mismatch(vc, "tables after teardown", "0", "leaked");
}

void vec_replay_free_pgd_range(struct vec_case *vc, const cJSON *rec)
{
	const cJSON *call = cJSON_GetObjectItemCaseSensitive(rec, "call");
	const cJSON *extra = cJSON_GetObjectItemCaseSensitive(rec, "extra");
	const cJSON *populated =
		cJSON_GetObjectItemCaseSensitive(extra, "populated");
	struct core_config cfg = {
		.geometry = geometry_named(
			cJSON_GetObjectItemCaseSensitive(rec, "geometry")),
		.arch = &arch_x86_rcu,
		.nr_cpus = 1,
		.injected = vec_injected,
	};
	unsigned long addr, end, floor, ceiling;
	struct freed_list freed = {0};
	struct mmu_gather tlb;
	struct mm_struct *mm;
	cJSON *got;

	if (!cfg.geometry) {
		vec_mismatch(vc, "geometry", "a known geometry", "unsupported");
		return;
	}
	if (!vec_field_hex(call, "addr", &addr) ||
	    !vec_field_hex(call, "end", &end) ||
	    !vec_field_hex(call, "floor", &floor) ||
	    !vec_field_hex(call, "ceiling", &ceiling)) {
		vec_mismatch(vc, "call", "addr, end, floor, ceiling",
			     "malformed");
		return;
	}
	core_reset(&cfg);
	vec_catch_reports(vc);
	mm = mm_alloc();
	if (!populate(vc, mm,
		      populated ? populated
				: cJSON_GetObjectItemCaseSensitive(rec,
								   "vmas"))) {
		teardown(vc, mm);
		return;
	}
	tlb_gather_mmu(&tlb, mm);
	trace_set_sink(note_free, &freed);
	free_pgd_range(&tlb, addr, end, floor, ceiling);
	got = gather_fields(&tlb);
	tlb_finish_mmu(&tlb);
	trace_set_sink(NULL, NULL);

	compare_freed(vc, cJSON_GetObjectItemCaseSensitive(rec, "freed"),
		      &freed);
	vec_compare_objects(vc, "gather",
			    cJSON_GetObjectItemCaseSensitive(rec, "gather"),
			    got);
	cJSON_Delete(got);
	free(freed.v);
	teardown(vc, mm);
}
