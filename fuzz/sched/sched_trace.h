/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a deterministic run did, in order: every scheduling point (CPU,
 * sync site) and every kernel function the model entered (trace_func()).
 * Always folded into a hash (the same input and build give the same hash,
 * from any process: names are hashed by content, never by address); with
 * keep, the last lines are also kept in a ring for a report.
 */
#ifndef TLBF_SCHED_TRACE_H
#define TLBF_SCHED_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "run.h"
#include "sync.h"

#define SCHED_TRACE_RING 256

void sched_trace_begin(bool keep);
/* A scheduling point (@wait: the CPU could not progress). */
void sched_trace_site(unsigned int cpu, enum sched_site site, bool wait);
/* Installed as tlbf_trace_func while a run is traced. */
void sched_trace_func(const char *fn, unsigned long arg);
uint64_t sched_trace_hash(void);
/*
 * Copy the kept lines, oldest first; returns how many. @first: how many
 * lines of the run came before the first one copied.
 */
unsigned int sched_trace_copy(struct run_trace_line *out, unsigned int max,
			      unsigned long *first);
/* Lines recorded so far in this run. */
unsigned long sched_trace_lines(void);
const char *sched_site_name(enum sched_site site);

#endif
