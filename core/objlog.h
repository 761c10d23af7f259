/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The objects of a reported run and their lives, for the crash report:
 * only while a trace is kept for a report (tlbf_trace_names), never while
 * fuzzing. Every hook below is a test of that flag first.
 *
 * Objects are named the way the report names them: "pte table #3",
 * "page #8", "mm0", "file", "anon_vma #1". A name is looked up by address
 * arithmetic only, never by reading the object: it may be freed (that is
 * what the report is about). A life is what happened to one table or
 * frame: its allocation (step, CPU, path), each TLB or walk-cache fill,
 * each lockless read of it, its free (direct, batched, RCU), and the
 * report.
 */
#ifndef TLBF_OBJLOG_H
#define TLBF_OBJLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "geometry.h"
#include "trace.h"

struct page;
struct mm_struct;
struct address_space;
struct anon_vma;
struct vm_area_struct;

extern bool tlbf_trace_names;

/* A new run: forget the last one's objects; @on names this one. */
void objlog_begin(bool on);
/* The run is over: stop naming; the lives stay for the report. */
void objlog_end(void);
/*
 * The scheduling step now and the number of trace lines kept so far (the
 * runner's), to place each event of a life in the trace.
 */
void objlog_set_clock(unsigned long (*steps)(void),
		      unsigned long (*lines)(void));
/* The kernel function @cpu entered last (the "path" of its events). */
void objlog_set_func(unsigned int cpu, const char *fn);

void objlog_table_alloc(struct page *table);
void objlog_frame_alloc(struct page *page);
void objlog_table_free(struct page *table, enum table_via via);
void objlog_frame_free(struct page *page);
void objlog_mm(struct mm_struct *mm);
void objlog_file(struct address_space *mapping);
void objlog_anon_vma(struct anon_vma *av);
void objlog_vma(struct vm_area_struct *vma);
/* @cpu's TLB now maps @va to @page; its walk cache points at @table. */
void objlog_tlb_fill(unsigned int cpu, unsigned long va, struct page *page);
void objlog_walk_fill(unsigned int cpu, unsigned long va, struct page *table);
/* A lockless reader on this CPU reads an entry of @table / at @slot. */
void objlog_lockless(const struct page *table, const char *who);
void objlog_lockless_slot(const unsigned long *slot, const char *who);

/* "pte table #3", "page #8", "mm0", ...: false when unknown. */
bool objlog_name_table(const struct page *table, char *buf, size_t len);
bool objlog_name_page(const struct page *page, char *buf, size_t len);
/* The table holding @slot: its name and the address that slot maps. */
bool objlog_name_slot(const unsigned long *slot, char *buf, size_t len);
/* A lock by what it protects ("ptl of pte table #3", "mmap_lock of mm0"). */
bool objlog_name_lock(const void *lock, char *buf, size_t len,
		      const char **what);
/* An entry's value: "none", "table #5", "page #8", "page #8 (huge)". */
void objlog_name_entry(unsigned long e, char *buf, size_t len);

/*
 * The life of the object a report names in its detail ("pte table #3
 * ...", "page #8 ..."), one line each; nothing if it names none.
 */
void objlog_print_life(FILE *out, const char *detail, unsigned long fatal_step,
		       unsigned int fatal_cpu);

/* The same, one event at a time, for other views (the HTML page). */
struct objlog_event {
	unsigned long line; /* trace lines kept before it */
	unsigned long step;
	unsigned int cpu;
	const char *text;
};

/*
 * The reported object's name into @name and its events, oldest first;
 * returns how many (0: the detail names no object this run logged).
 */
unsigned int objlog_life(const char *detail, char *name, size_t len,
			 struct objlog_event *out, unsigned int max);

#endif
