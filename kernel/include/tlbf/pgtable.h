/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace equivalents of the page-table accessors that mm/memory.c's
 * free_*_range() use, on the model's page tables (core/pgtable.h), for
 * the functions kernel mode extracts at build time (scripts/lib/
 * kextract.py). Entries are the model's words; an entry pointer here
 * points into a model table page.
 *
 * Folding follows the build's CONFIG_PGTABLE_LEVELS (kconfig.h), as the
 * kernel's headers do: with four levels the p4d is folded into the pgd as
 * in pgtable-nop4d.h (pgd_none() is false, pgd_clear() does nothing,
 * p4d_offset() is the pgd entry, p4d_free_tlb() is empty); with three the
 * pud is folded too, as in pgtable-nopud.h (p4d_none() false, p4d_clear()
 * nothing, pud_offset() the p4d entry, pud_free_tlb() and
 * mm_dec_nr_puds() empty). With five the p4d is folded at run time when
 * the run's geometry has four levels (x86's and arm64 LPA2's
 * pgtable_l5_enabled()): tlbf_k_entry_none()/clear() and the model's
 * p4d_offset() ask the geometry.
 */
#ifndef TLBF_KPGTABLE_H
#define TLBF_KPGTABLE_H

#include "kapi.h"

typedef struct {
	unsigned long pgd;
} pgd_t;

#define PGDIR_SHIFT (tlbf_k_level_shift(4))
#define PGDIR_SIZE (1UL << PGDIR_SHIFT)
#define PGDIR_MASK (~(PGDIR_SIZE - 1))
#define PMD_MASK (~(PMD_SIZE - 1))
#define PUD_MASK (~(PUD_SIZE - 1))
#define P4D_MASK (~(P4D_SIZE - 1))

#define pgd_offset(mm, addr)  ((pgd_t *)tlbf_k_pgd_offset((mm), (addr)))
#define pmd_offset(pud, addr) ((pmd_t *)tlbf_k_offset(1, (pud), (addr)))

/* The model has no "bad" entries: an entry is a table or none. */
#define pud_none_or_clear_bad(p) tlbf_k_entry_none(2, (p))
#define pmd_none_or_clear_bad(p) tlbf_k_entry_none(1, (p))
#define pud_clear(p) tlbf_k_entry_clear(2, (p))
#define pmd_clear(p) tlbf_k_entry_clear(1, (p))

#if CONFIG_PGTABLE_LEVELS >= 5
#define p4d_offset(pgd, addr)	 ((p4d_t *)tlbf_k_offset(3, (pgd), (addr)))
#define pgd_none_or_clear_bad(p) tlbf_k_entry_none(4, (p))
#define pgd_clear(p) tlbf_k_entry_clear(4, (p))
#define p4d_addr_end(a, e)	 tlbf_k_addr_end(3, (a), (e))
#else
#define __PAGETABLE_P4D_FOLDED 1
#define p4d_offset(pgd, addr)	 ((p4d_t *)(pgd))
#define pgd_none_or_clear_bad(p) 0
#define pgd_clear(p) ((void)(p))
#define p4d_addr_end(a, e)	 (e)
#endif

#if CONFIG_PGTABLE_LEVELS >= 4
#define pud_offset(p4d, addr)	 ((pud_t *)tlbf_k_offset(2, (p4d), (addr)))
#define p4d_none_or_clear_bad(p) tlbf_k_entry_none(3, (p))
#define p4d_clear(p) tlbf_k_entry_clear(3, (p))
#define pud_addr_end(a, e)	 tlbf_k_addr_end(2, (a), (e))
#define mm_dec_nr_puds(mm) tlbf_k_dec_nr_table((mm), 2)
#else
#define __PAGETABLE_PUD_FOLDED 1
#define pud_offset(p4d, addr)	 ((pud_t *)(p4d))
#define p4d_none_or_clear_bad(p) 0
#define p4d_clear(p) ((void)(p))
#define pud_addr_end(a, e)	 (e)
#define mm_dec_nr_puds(mm) ((void)(mm))
/* Before tlb.h, which defines the unfolded one only if none is. */
#define pud_free_tlb(tlb, x, a)	 ((void)(x))
#endif

#define pmd_pgtable(e) ((pgtable_t)tlbf_k_entry_table((e).pmd))

#define pgd_addr_end(a, e) tlbf_k_addr_end(4, (a), (e))
#define pmd_addr_end(a, e) tlbf_k_addr_end(1, (a), (e))

#define mm_dec_nr_ptes(mm) tlbf_k_dec_nr_table((mm), 0)
#define mm_dec_nr_pmds(mm) tlbf_k_dec_nr_table((mm), 1)

#endif
