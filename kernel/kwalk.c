// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model-world side of tlbf/lockless.h: the tree's gup_fast walk
 * (kernel/kgup.c) on the model's tables. Every lockless read is a
 * scheduling point (entry_read_once), as in core/gup.c; every step into a
 * table records it in this CPU's lockless_tables, so that a table freed
 * while the walker may still read it is an ORACLE_WALKER_IN_TABLE report;
 * the IRQ-off section is core/sync.c's, which holds off flush IPIs and,
 * on RCU-table-free profiles, the grace period.
 */
#include "cpu.h"
#include "mm.h"
#include "page.h"
#include "pgtable.h"
#include "sync.h"
#include "tlbf/kapi_gupexec.h"

/* What the walker on each CPU last read and looked up (kfolio.c judges). */
struct kwalk_cpu {
	const unsigned long *slot[2]; /* last entry read: pte, pmd */
	struct page *page; /* last pte_page()/pmd_page() */
	unsigned int seen; /* its incarnation then */
	int level; /* 0: from a pte, 1: from a PMD leaf */
	/* Where the walk entered the pte and pmd tables: address, slot. */
	unsigned long first_va[2];
	const unsigned long *first_slot[2];
};
static struct kwalk_cpu kwalk[TLBF_MAX_CPUS];
unsigned long tlbf_k_gup_walks;

static struct kwalk_cpu *kwalk_this(void)
{
	return &kwalk[smp_processor_id()];
}

void *tlbf_k_current_mm(void)
{
	return cpu_active_mm(this_cpu());
}

static void walk_enter(enum pt_level level, struct page *table)
{
	__atomic_store_n(&this_cpu()->lockless_tables[level], table,
			 __ATOMIC_RELAXED);
}

/* local_irq_save(): the walk of the current mm starts with IRQs off. */
bool tlbf_k_walk_irq_save(void)
{
	bool was_off = irqs_disabled();

	__atomic_add_fetch(&tlbf_k_gup_walks, 1, __ATOMIC_RELAXED);
	if (!was_off)
		local_irq_disable();
	lockless_walk_of(tlbf_k_current_mm(), "gup_fast");
	return was_off;
}

/*
 * local_irq_restore(): from here on a freeing CPU may proceed, so the
 * walker must hold nothing first (IRQs on takes pending IPIs at once).
 */
void tlbf_k_walk_irq_restore(bool was_off)
{
	struct sim_cpu *c = this_cpu();
	unsigned int i;

	for (i = 0; i < PT_NR_LEVELS; i++)
		__atomic_store_n(&c->lockless_tables[i], NULL,
				 __ATOMIC_RELAXED);
	lockless_walk_of(NULL, NULL);
	lockless_frame_hold(NULL);
	if (!was_off)
		local_irq_enable();
}

void *tlbf_k_walk_pgd(void *mm, unsigned long addr)
{
	struct mm_struct *m = mm;

	walk_enter(PT_PGD, m->pgd);
	return pgd_offset(m, addr);
}

void *tlbf_k_walk_offset(int level, const void *upper, unsigned long addr)
{
	enum pt_level lv = (enum pt_level)level;
	unsigned long e, *slot;

	/* A folded level is the entry above itself (pgtable-nop4d.h). */
	if (lv > PT_PMD && level_folded(lv))
		return (void *)upper;
	e = entry_read(upper);
	walk_enter(lv, entry_table(e));
	slot = table_slot(e, lv, addr);
	if (level <= PT_PMD) {
		struct kwalk_cpu *w = kwalk_this();

		w->first_va[level] = addr & ~((1UL << level_shift(lv)) - 1);
		w->first_slot[level] = slot;
	}
	return slot;
}

void tlbf_k_walk_leave_pte(void)
{
	walk_enter(PT_PTE, NULL);
}

unsigned long tlbf_k_walk_read(int level, const void *slot)
{
	struct kwalk_cpu *w = kwalk_this();

	/* The walker's own copy of a folded entry: nothing shared to race. */
	if (level > PT_PMD && level_folded((enum pt_level)level))
		return entry_read(slot);
	if (level <= PT_PMD)
		w->slot[level] = slot;
	return entry_read_once(slot);
}

unsigned long tlbf_k_walk_val(int level, const void *p)
{
	struct kwalk_cpu *w = kwalk_this();

	if (level <= PT_PMD && p == w->slot[level])
		return entry_read_once(p);
	return *(const unsigned long *)p;
}

unsigned int tlbf_k_entry_bits(unsigned long e)
{
	return (entry_present(e) ? TLBF_KE_PRESENT : 0) |
	       (pte_write(e) ? TLBF_KE_WRITE : 0) |
	       (entry_leaf(e) ? TLBF_KE_LEAF : 0);
}

void *tlbf_k_walk_entry_page(int level, unsigned long e)
{
	struct kwalk_cpu *w = kwalk_this();
	struct page *page = entry_page(e);

	w->page = page;
	w->seen = page_incarnation(page);
	w->level = level;
	/* Held with no reference until the speculative get (kfolio.c). */
	lockless_frame_hold(page);
	return page;
}

/* For kfolio.c: the lookup the kept folio came from. */
void tlbf_k_walk_lookup(struct page **page, unsigned int *seen,
			const unsigned long **slot)
{
	struct kwalk_cpu *w = kwalk_this();

	*page = w->page;
	*seen = w->seen;
	*slot = w->slot[w->level];
}

/*
 * For kfolio.c: the first address the entry of the kept folio maps, and
 * that entry's span (a page, or a PMD leaf's range), counted from where
 * the walk entered that table (not from the table's own base: a shared
 * hugetlb PMD table maps other addresses in the other process).
 */
void tlbf_k_walk_kept_at(unsigned long *va, unsigned long *span)
{
	struct kwalk_cpu *w = kwalk_this();
	enum pt_level lv = w->level ? PT_PMD : PT_PTE;
	long idx = w->slot[w->level] - w->first_slot[w->level];

	*span = 1UL << level_shift(lv);
	*va = w->first_va[w->level] + (unsigned long)idx * *span;
}
