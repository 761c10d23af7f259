/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the sync layer's files (sync.c, sync_rcu.c, sync_ipi.c,
 * sync_lock.c) share and nothing else uses.
 */
#ifndef TLBF_SYNC_INTERNAL_H
#define TLBF_SYNC_INTERNAL_H

#include <stdbool.h>

struct sim_cpu;

/* The CPU running now: the IPI override if set, else the back end's. */
unsigned int sync_current_cpu(void);
/*
 * While an IPI runs on behalf of an idle CPU, the CPU it runs as (-1:
 * none): smp_processor_id() names the target.
 */
int sync_override_get(void);
void sync_override_set(int cpu);
/* Run @c's pending IPIs if its IRQs are on; true when a handler ran. */
bool sync_cpu_service(struct sim_cpu *c);
/* A scheduling point of @c outside any read-side section: a QS. */
void rcu_note_qs(struct sim_cpu *c);
/* Forget every grace period and callback (a new run). */
void rcu_reset(void);

#endif
