/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What mm/gup.c's lockless walk (gup_pgd_range() ... gup_pte_range(),
 * 6.12: gup_fast_*) reads the page tables with, on the model's tables:
 * the *_offset_lockless() steps, READ_ONCE() of an entry and the 6.12
 * p?dp_get() accessors, the entry predicates, pte_offset_map()/unmap(),
 * current->mm and the IRQ-off section. Included by kernel/kgup.c only,
 * after env.h.
 *
 * A lockless read is a scheduling point, as the model's walk has it, so
 * another CPU may unmap, free or reuse what the walker just read. The
 * steps into a table tell the model which tables the walker is inside
 * (the ORACLE_WALKER_IN_TABLE report when one is freed), until the
 * IRQ-off section ends.
 *
 * The model has no pte_special, devmap, protnone, hugepd or PUD/PGD
 * leaves: those predicates are false and the paths behind them are
 * unmodelled stubs (tlbf/folio_ref.h). A PMD leaf (THP or hugetlb) is
 * the model's PSE entry and goes through the tree's gup_huge_pmd().
 */
#ifndef TLBF_KLOCKLESS_H
#define TLBF_KLOCKLESS_H

#include "kapi_gupexec.h"

/* The walk exists in this build (mm/gup.c's #ifdef and IS_ENABLED). */
#define CONFIG_HAVE_FAST_GUP	    1
#define CONFIG_HAVE_GUP_FAST	    1
#define CONFIG_ARCH_HAS_PTE_SPECIAL 1

/*
 * The re-check after the grab reads the entry again through the walk's
 * pointer (6.1: pte_val(*ptep), pmd_val(*pmdp)): a read of the shared
 * table, so a scheduling point as every lockless read is. Any other
 * value is the walker's own copy.
 */
#define pte_val(x) tlbf_k_walk_val(0, &(x))
#define pmd_val(x) tlbf_k_walk_val(1, &(x))
#define pud_val(x) ((x).pud)
#define p4d_val(x) ((x).p4d)
#define pgd_val(x) ((x).pgd)

/* ---- current->mm ------------------------------------------------------ */
struct task_struct {
	struct mm_struct *mm;
};
#define current (&(struct task_struct){tlbf_k_current_mm()})

/* ---- the IRQ-off section ----------------------------------------------- */
#define local_irq_save(flags)                     \
	do {                                      \
		(flags) = tlbf_k_walk_irq_save(); \
	} while (0)
#define local_irq_restore(flags)       tlbf_k_walk_irq_restore(flags)
#define irqs_disabled()		       tlbf_k_irqs_disabled()
#define lockdep_assert_irqs_disabled() ((void)WARN_ON(!irqs_disabled()))

/*
 * mm->write_protect_seq: read by the fast walk for FOLL_PIN only, against
 * fork's write-protect of anon pages, which the model does not do. The
 * model's gup is FOLL_GET; the argument (which names a field the model's
 * mm lacks) is not compiled.
 */
#define raw_read_seqcount(s)	    0u
#define read_seqcount_retry(s, seq) ((void)(seq), false)

/* ---- stepping into tables ---------------------------------------------- */
#undef pgd_offset
#define pgd_offset(mm, addr) ((pgd_t *)tlbf_k_walk_pgd((mm), (addr)))
#define p4d_offset_lockless(pgdp, pgd, addr) \
	((p4d_t *)tlbf_k_walk_offset(3, &(pgd), (addr)))
#define pud_offset_lockless(p4dp, p4d, addr) \
	((pud_t *)tlbf_k_walk_offset(2, &(p4d), (addr)))
#define pmd_offset_lockless(pudp, pud, addr) \
	((pmd_t *)tlbf_k_walk_offset(1, &(pud), (addr)))
#define pte_offset_map(pmdp, addr) \
	((pte_t *)tlbf_k_walk_offset(0, (pmdp), (addr)))
#define pte_unmap(ptep) ((void)(ptep), tlbf_k_walk_leave_pte())

/* ---- reading entries --------------------------------------------------- */
/*
 * READ_ONCE() in the walk reads entries only (6.1); anything else takes
 * the plain volatile read.
 */
#define READ_ONCE(x)                                                         \
	_Generic((x), pte_t                                                  \
		 : (pte_t){tlbf_k_walk_read(0, (const void *)&(x))}, pmd_t   \
		 : (pmd_t){tlbf_k_walk_read(1, (const void *)&(x))}, pud_t   \
		 : (pud_t){tlbf_k_walk_read(2, (const void *)&(x))}, p4d_t   \
		 : (p4d_t){tlbf_k_walk_read(3, (const void *)&(x))}, pgd_t   \
		 : (pgd_t){tlbf_k_walk_read(4, (const void *)&(x))}, default \
		 : (*(const volatile __typeof__(x) *)&(x)))
#define ptep_get_lockless(p) ((pte_t){tlbf_k_walk_read(0, (p))})
#define pmdp_get_lockless(p) ((pmd_t){tlbf_k_walk_read(1, (p))})
#define pudp_get(p)	     ((pud_t){tlbf_k_walk_read(2, (p))})
#define p4dp_get(p)	     ((p4d_t){tlbf_k_walk_read(3, (p))})
#define pgdp_get(p)	     ((pgd_t){tlbf_k_walk_read(4, (p))})
/* 6.12's re-read of the pte after the grab. */
#define ptep_get(p) ((pte_t){tlbf_k_walk_val(0, (p))})

/* ---- what an entry says ------------------------------------------------ */
#define tlbf_kbits(v)	 tlbf_k_entry_bits(v)
#define tlbf_kpresent(v) ((tlbf_kbits(v) & TLBF_KE_PRESENT) != 0)
#define tlbf_kwrite(v)	 ((tlbf_kbits(v) & TLBF_KE_WRITE) != 0)
#define tlbf_kleaf(v)                                          \
	((tlbf_kbits(v) & (TLBF_KE_PRESENT | TLBF_KE_LEAF)) == \
	 (TLBF_KE_PRESENT | TLBF_KE_LEAF))

#define pte_write(x) tlbf_kwrite(pte_val(x))
#define pmd_write(x) tlbf_kwrite(pmd_val(x))
/* x86's: present, user (every model entry), writable if asked. */
#define pte_access_permitted(x, w) \
	(tlbf_kpresent(pte_val(x)) && (!(w) || pte_write(x)))
#define pmd_access_permitted(x, w) \
	(tlbf_kpresent(pmd_val(x)) && (!(w) || pmd_write(x)))
#define pmd_present(x)	  tlbf_kpresent(pmd_val(x))
#define pud_present(x)	  tlbf_kpresent(pud_val(x))
#define p4d_present(x)	  tlbf_kpresent(p4d_val(x))
#define p4d_none(x)	  (p4d_val(x) == 0)
#define pgd_none(x)	  (pgd_val(x) == 0)
#define pmd_trans_huge(x) tlbf_kleaf(pmd_val(x))
#define pmd_huge(x)	  tlbf_kleaf(pmd_val(x))
#define pmd_leaf(x)	  tlbf_kleaf(pmd_val(x))
#define pud_huge(x)	  tlbf_kleaf(pud_val(x))
#define pud_leaf(x)	  tlbf_kleaf(pud_val(x))
#define p4d_huge(x)	  false
#define p4d_leaf(x)	  false
#define pgd_huge(x)	  false
#define pgd_leaf(x)	  false
#define BUILD_BUG_ON(c)	  ((void)sizeof(char[1 - 2 * !!(c)]))

/* Nothing the model maps is special, devmap, protnone or a hugepd. */
#define pte_special(x)		     false
#define pte_devmap(x)		     false
#define pmd_devmap(x)		     false
#define pud_devmap(x)		     false
#define pmd_special(x)		     false
#define pte_protnone(x)		     false
#define pmd_protnone(x)		     false
#define gup_can_follow_protnone(...) true
typedef struct {
	unsigned long pd;
} hugepd_t;
#define __hugepd(v)  ((hugepd_t){(v)})
#define is_hugepd(h) false

/* The frame behind an entry (a THP is one model struct page). */
#define pte_page(x)	  ((struct page *)tlbf_k_walk_entry_page(0, pte_val(x)))
#define pmd_page(x)	  ((struct page *)tlbf_k_walk_entry_page(1, pmd_val(x)))
#define nth_page(page, n) ((void)(n), (page))
#define pte_pfn(x)	  pte_val(x)
#define pfn_valid(pfn)	  ((void)(pfn), true)

#endif
