/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Naming the trace of a reported run: just before a scheduling point, the
 * sync primitive notes what it is about (which lock, which entry and
 * value, which IPI), and the trace recorder turns the note into the
 * line's text ("spin_lock(ptl of pte table #3)", "WRITE_ONCE(pmd
 * 0xe00000: table #2 -> none)"). Only while a trace is kept for a report
 * (tlbf_trace_names, core/objlog.h); while fuzzing each hook costs one
 * test of that flag.
 */
#ifndef TLBF_TRACE_NAMES_H
#define TLBF_TRACE_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "objlog.h"
#include "sync.h"

enum lock_op {
	LOCK_SPIN,
	UNLOCK_SPIN,
	LOCK_READ,
	LOCK_WRITE,
	UNLOCK_READ,
	UNLOCK_WRITE,
	LOCK_DOWNGRADE,
};

void trace_note_lock(enum lock_op op, const void *lock);
/* A page-table entry: written (@old -> @val), or read with no lock. */
void trace_note_entry_write(const char *verb, const unsigned long *slot,
			    unsigned long old, unsigned long val);
void trace_note_entry_read(const unsigned long *slot);
/* The hardware walker reads @level's entry for @va in @table. */
void trace_note_hw_walk(const struct page *table, unsigned long va);
/* A marked access to a field by its C expression ("vma->anon_vma"). */
void trace_note_expr(const char *verb, const char *expr);
/* What the next IPI is for, and the range it flushes (or 0, 0). */
void trace_note_ipi_purpose(const char *what, unsigned long start,
			    unsigned long end);
void trace_note_ipi(unsigned long mask);
/* The same, for the point between choosing the targets and sending. */
void trace_note_ipi_targets(unsigned long mask);
/* Free text, printf style, for the next scheduling point's line. */
void trace_note_text(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/*
 * Drop every CPU's note: the set-up ran on the direct back end, whose
 * points record no line, so its last notes were never used.
 */
void trace_notes_reset(void);
/*
 * An IPI handler runs on @cpu between a primitive's note and the
 * scheduling point it was meant for: the note waits out the handler.
 */
void trace_note_irq_enter(unsigned int cpu);
void trace_note_irq_exit(unsigned int cpu);

/*
 * The text of @cpu's line for a scheduling point at @site (@wait: it
 * could not progress); the note is used up unless @wait.
 */
void trace_names_format(unsigned int cpu, enum sched_site site, bool wait,
			char *buf, size_t len);
/*
 * A line with no scheduling point of its own (a grace period ending, an
 * RCU callback queued), written by the recorder: installed by it.
 */
extern void (*tlbf_trace_text)(const char *text);
void trace_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static inline bool trace_names_on(void)
{
	return __builtin_expect(tlbf_trace_names, 0);
}

#endif
