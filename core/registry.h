/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The run's allocation registry: every heap object of the model (frames,
 * page tables, VMAs, anon_vmas, gather batches, mms, files) is allocated
 * here, so that a run cut short by an oracle report can still be freed
 * without running the model again (its state may be inconsistent then).
 *
 * An object's slot index sits in a 16-byte header before it; a free
 * clears the slot. Slots are claimed and cleared with relaxed atomics, so
 * the registry never orders one simulated CPU against another (TSan sees
 * only the model's own synchronisation). The registry is sized for far
 * more objects than a run makes; past that, objects go unregistered and
 * are simply not reclaimed after an aborted run.
 */
#ifndef TLBF_REGISTRY_H
#define TLBF_REGISTRY_H

#include <stddef.h>

/* Zeroed memory, 16-byte aligned, known to the registry. */
void *tlbf_zalloc(size_t size);
void tlbf_free(void *obj);

/* A new run: forget the slots (the last run freed its objects). */
void registry_reset(void);
/* Free every object still registered; returns how many. */
unsigned long registry_free_all(void);

#endif
