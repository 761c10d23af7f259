/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * No-ops: kernel calls with no effect on TLBs, page tables, pages or the
 * order of events the oracles and the differential compare.
 */
#ifndef TLBF_KSTUBS_H
#define TLBF_KSTUBS_H

/* KMSAN: no shadow memory here (ASan checks the batch pages instead). */
#define kmsan_unpoison_memory(addr, size) \
	do {                              \
	} while (0)
/* No secondary MMUs are simulated. */
#define mmu_notifier_invalidate_range(mm, start, end) \
	do {                                          \
	} while (0)
/* PIPT caches: nothing to flush before unmapping (x86, arm64). */
#define flush_cache_range(vma, start, end) \
	do {                               \
	} while (0)
/* No NMI handlers walk user memory here. */
#define nmi_uaccess_okay() true
/* Freeing is not slowed by poisoning or zeroing here (6.12 batching). */
#define page_poisoning_enabled_static() false
#define want_init_on_free() false
/* No memcg or lru accounting. */
#define lru_add_drain() \
	do {            \
	} while (0)

#endif
