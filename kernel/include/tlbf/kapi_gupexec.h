/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The seam of the compiled gup_fast walk (mm/gup.c) and exec stack shift
 * (fs/exec.c, 6.12 mm/mmap.c), as kapi.h is the seam of the gather: plain
 * C types and opaque pointers only. The kernel world's page, folio, entry
 * and VMA pointers are the model's objects, passed through untouched.
 *
 * Levels are numbered as in kapi.h: 0 pte ... 4 pgd.
 */
#ifndef TLBF_KAPI_GUPEXEC_H
#define TLBF_KAPI_GUPEXEC_H

#include <stdbool.h>

/* ---- lockless walk (kernel/kwalk.c) ------------------------------------ */

/* current->mm: the mm this simulated CPU runs. */
void *tlbf_k_current_mm(void);
/* local_irq_save()/restore(); restoring to "on" ends the lockless walk. */
bool tlbf_k_walk_irq_save(void);
void tlbf_k_walk_irq_restore(bool was_off);
bool tlbf_k_irqs_disabled(void);
/* The pgd slot for @addr; the walker is now inside the pgd. */
void *tlbf_k_walk_pgd(void *mm, unsigned long addr);
/*
 * p4d/pud/pmd/pte_offset_lockless(): the slot for @addr in the table
 * the entry *@upper (the walker's copy) points to; the walker is now
 * inside that table. A folded level returns @upper itself.
 */
void *tlbf_k_walk_offset(int level, const void *upper, unsigned long addr);
/* pte_unmap(): the walker left its PTE table. */
void tlbf_k_walk_leave_pte(void);
/* A lockless read of the entry at @level (a scheduling point). */
unsigned long tlbf_k_walk_read(int level, const void *slot);
/*
 * An entry value at @level: a re-read (a scheduling point) when @p is
 * the slot the walker last read at that level, else the walker's copy.
 */
unsigned long tlbf_k_walk_val(int level, const void *p);
/* Entry bits, as the model encodes them. */
#define TLBF_KE_PRESENT 1u
#define TLBF_KE_WRITE	2u
#define TLBF_KE_LEAF	4u
unsigned int tlbf_k_entry_bits(unsigned long entry);
/*
 * pte_page()/pmd_page(): the frame an entry at @level maps; its
 * incarnation is noted, so that keeping the reference can be judged.
 */
void *tlbf_k_walk_entry_page(int level, unsigned long entry);

/* ---- folio references, FOLL_GET (kernel/kfolio.c) --------------------- */

int tlbf_k_folio_ref_count(void *folio);
/* Speculative: fails on a frame whose count is zero. */
bool tlbf_k_folio_ref_try_add(void *folio, int refs);
void tlbf_k_folio_ref_add(void *folio, int refs);
void tlbf_k_folio_put_refs(void *folio, int refs);
/* folio_set_referenced(): gup keeps the folio; the oracle judges it. */
void tlbf_k_folio_kept(void *folio);
/*
 * A fast-path call for [start, end) begins: kept folios go in order, and
 * with @write each through an entry that allows writing.
 */
void tlbf_k_gup_begin(unsigned long start, unsigned long end, bool write);
/* A path the model has no state for (FOLL_PIN, devmap, hugepd). */
void tlbf_k_unmodelled(const char *file, int line, const char *what);

/* ---- exec's VMA (kernel/kexecvma.c) ------------------------------------ */

/* The VMA at or after @addr (find_vma); NULL if none. */
void *tlbf_k_vma_find(void *mm, unsigned long addr);
void tlbf_k_vma_range(void *vma, unsigned long *start, unsigned long *end,
		      unsigned long *flags, unsigned long *pgoff);
/* vma_adjust()/vma_expand()/vma_shrink(): the extent, under rmap locks. */
int tlbf_k_vma_set_range(void *vma, unsigned long start, unsigned long end);
unsigned long tlbf_k_move_page_tables(void *vma, unsigned long old_addr,
				      void *new_vma, unsigned long new_addr,
				      unsigned long len, bool need_rmap_locks);

/* Runs of the tree's code so far: its IRQ-off walks, its VMA changes. */
extern unsigned long tlbf_k_gup_walks;
extern unsigned long tlbf_k_exec_vma_changes;

#endif
