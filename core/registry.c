// SPDX-License-Identifier: GPL-2.0-only
/* The run's allocation registry (see registry.h). */
#include "registry.h"

#include <stdlib.h>
#include <string.h>

#define REGISTRY_SLOTS 65536UL
#define NOT_REGISTERED (~0UL)

struct reg_header {
	unsigned long slot;
	unsigned long pad; /* keeps the object 16-byte aligned */
};

static void *slots[REGISTRY_SLOTS];
static unsigned long nr_slots; /* atomic: slots handed out */

void *tlbf_zalloc(size_t size)
{
	/*
	 * calloc, not malloc and memset: ASan fills a malloc'd block with
	 * junk first (max_malloc_fill_size, 4 KB), a table's or frame's
	 * whole size, only for the memset to overwrite it.
	 */
	struct reg_header *h = calloc(1, sizeof(*h) + size);
	unsigned long slot;

	if (!h)
		abort();
	slot = __atomic_fetch_add(&nr_slots, 1, __ATOMIC_RELAXED);
	if (slot < REGISTRY_SLOTS) {
		h->slot = slot;
		__atomic_store_n(&slots[slot], h, __ATOMIC_RELAXED);
	} else {
		h->slot = NOT_REGISTERED;
	}
	return h + 1;
}

void tlbf_free(void *obj)
{
	struct reg_header *h;

	if (!obj)
		return;
	h = (struct reg_header *)obj - 1;
	if (h->slot != NOT_REGISTERED)
		__atomic_store_n(&slots[h->slot], NULL, __ATOMIC_RELAXED);
	free(h);
}

void registry_reset(void)
{
	unsigned long n = __atomic_load_n(&nr_slots, __ATOMIC_RELAXED);

	if (n > REGISTRY_SLOTS)
		n = REGISTRY_SLOTS;
	memset(slots, 0, n * sizeof(slots[0]));
	__atomic_store_n(&nr_slots, 0, __ATOMIC_RELAXED);
}

unsigned long registry_free_all(void)
{
	unsigned long n = __atomic_load_n(&nr_slots, __ATOMIC_RELAXED);
	unsigned long i, freed = 0;

	if (n > REGISTRY_SLOTS)
		n = REGISTRY_SLOTS;
	for (i = 0; i < n; i++) {
		void *h = __atomic_load_n(&slots[i], __ATOMIC_RELAXED);

		if (h) {
			free(h);
			slots[i] = NULL;
			freed++;
		}
	}
	__atomic_store_n(&nr_slots, 0, __ATOMIC_RELAXED);
	return freed;
}
