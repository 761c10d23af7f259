/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Page-table entries and tables.
 *
 * Every level uses one entry type: the address of the struct page it
 * points to (a table, or a data frame for a leaf) with flag bits in the low
 * four bits (allocations are 16-byte aligned). The kernel's per-level
 * typedefs are kept as names so that signatures read like mm/memory.c.
 *
 * Entries are read and written with relaxed atomics, as the kernel's
 * ptep_get()/set_pte() are single-copy atomic; WRITE_ONCE-style stores are
 * scheduling points so that another CPU may observe each step. The
 * lockless readers (gup_fast, the hardware walker) add their own scheduling
 * points between levels.
 */
#ifndef TLBF_PGTABLE_H
#define TLBF_PGTABLE_H

#include <stdbool.h>

#include "geometry.h"
#include "interleave.h"
#include "mm.h"
#include "page.h"
#include "sync.h"
#include "trace_names.h"

typedef unsigned long pgd_t;
typedef unsigned long p4d_t;
typedef unsigned long pud_t;
typedef unsigned long pmd_t;
typedef unsigned long pte_t;
typedef struct page *pgtable_t;

#define _PAGE_PRESENT 0x1UL
#define _PAGE_RW      0x2UL
#define _PAGE_DIRTY   0x4UL
#define _PAGE_PSE     0x8UL /* a leaf above the pte level (THP, hugetlb) */
#define _PAGE_FLAGS   0xfUL

/*
 * Ordering: the kernel fills a new table or page, then publishes it with
 * smp_wmb() before set_pmd()/set_pte(), and readers (walkers, gup_fast,
 * zap) rely on the address dependency from the entry to what it points
 * at. C11 has no usable consume and ThreadSanitizer does not see fences,
 * so entries are stored with release and loaded with acquire: the same
 * ordering, stated in a form TSan checks.
 */
static inline unsigned long entry_read(const unsigned long *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

/* A store another CPU may see at once: a scheduling point follows. */
static inline void entry_write(unsigned long *p, unsigned long v)
{
	ilv_entry_write(p);
	if (trace_names_on())
		trace_note_entry_write("WRITE_ONCE", p, entry_read(p), v);
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
	sync_point(SITE_WRITE_ONCE);
}

/*
 * A table installed in an entry its installer found empty: a scheduling
 * point before the store too, so that another CPU which found the same
 * entry empty can run between that test and this store. Code that tests
 * again under the page-table lock is safe there; code that tested without
 * it installs twice. Used where the tree's own code installs (hugetlb's
 * pud_populate() of a shared PMD table) and at the model's matching step.
 */
static inline void entry_install(const char *who, unsigned long *p,
				 unsigned long v)
{
	if (trace_names_on())
		trace_note_entry_write(who, p, entry_read(p), v);
	sync_point(SITE_WRITE_ONCE);
	entry_write(p, v);
}

static inline unsigned long entry_xchg(unsigned long *p, unsigned long v)
{
	unsigned long old = __atomic_exchange_n(p, v, __ATOMIC_ACQ_REL);

	ilv_entry_xchg(p, old);
	if (trace_names_on())
		trace_note_entry_write("xchg", p, old, v);
	sync_point(SITE_WRITE_ONCE);
	return old;
}

static inline struct page *entry_page(unsigned long e)
{
	return (struct page *)(e & ~_PAGE_FLAGS);
}

static inline unsigned long mk_entry(struct page *page, unsigned long flags)
{
	return (unsigned long)page | flags | _PAGE_PRESENT;
}

static inline bool entry_none(unsigned long e)
{
	return e == 0;
}

static inline bool entry_present(unsigned long e)
{
	return e & _PAGE_PRESENT;
}

static inline bool entry_leaf(unsigned long e)
{
	return e & _PAGE_PSE;
}

#define pte_none(e)	  entry_none(e)
#define pmd_none(e)	  entry_none(e)
#define pud_none(e)	  entry_none(e)
#define p4d_none(e)	  entry_none(e)
#define pgd_none(e)	  entry_none(e)
#define pte_present(e)	  entry_present(e)
#define pte_page(e)	  entry_page(e)
#define pte_write(e)	  (((e)&_PAGE_RW) != 0)
#define pte_dirty(e)	  (((e)&_PAGE_DIRTY) != 0)
#define pmd_trans_huge(e) (entry_present(e) && entry_leaf(e))
#define pmd_page(e)	  entry_page(e)
#define pmd_pgtable(e)	  entry_page(e)

#define ptep_get(p) entry_read(p)
#define pmdp_get(p) entry_read(p)
/* Lockless readers: READ_ONCE semantics, with a scheduling point. */
static inline unsigned long entry_read_once(const unsigned long *p)
{
	if (trace_names_on()) {
		trace_note_entry_read(p);
		objlog_lockless_slot(p, "lockless READ_ONCE");
	}
	sync_point(SITE_READ_ONCE);
	ilv_access(ILV_PTE, p, ILV_READ);
	return entry_read(p);
}
#define ptep_get_lockless(p) entry_read_once(p)
#define pmdp_get_lockless(p) entry_read_once(p)

/* Index of @addr in a table at @level. */
static inline unsigned long level_index(enum pt_level level, unsigned long addr)
{
	return (addr >> level_shift(level)) & (ptrs_per_table(level) - 1);
}

static inline struct page *entry_table(unsigned long e)
{
	return entry_page(e);
}

/*
 * A pXd_offset() below an entry that holds no table: the kernel would
 * read whatever lies at physical address 0. Code only does it when the
 * upper table changed under a walker that trusted it (core/pgtable.c).
 */
unsigned long *walk_below_none(enum pt_level level, unsigned long addr);

/* The next table down from a present non-leaf entry. */
static inline unsigned long *table_slot(unsigned long e, enum pt_level level,
					unsigned long addr)
{
	if (__builtin_expect(entry_table(e) == NULL, 0))
		return walk_below_none(level, addr);
	return &entry_table(e)->words[level_index(level, addr)];
}

/*
 * Offsets. With four levels the p4d is folded: p4d_offset() returns the
 * pgd slot itself, and pud_offset() reads the pgd entry. With three the
 * pud is folded too: pud_offset() returns that same slot, and
 * pmd_offset() reads the pgd entry.
 */
static inline pgd_t *pgd_offset(struct mm_struct *mm, unsigned long addr)
{
	return &mm->pgd->words[level_index(PT_PGD, addr)];
}

static inline p4d_t *p4d_offset(pgd_t *pgd, unsigned long addr)
{
	if (level_folded(PT_P4D))
		return pgd;
	return table_slot(entry_read(pgd), PT_P4D, addr);
}

static inline pud_t *pud_offset(p4d_t *p4d, unsigned long addr)
{
	if (level_folded(PT_PUD))
		return p4d;
	return table_slot(entry_read(p4d), PT_PUD, addr);
}

static inline pmd_t *pmd_offset(pud_t *pud, unsigned long addr)
{
	return table_slot(entry_read(pud), PT_PMD, addr);
}

static inline pte_t *pte_offset_map(pmd_t *pmd, unsigned long addr)
{
	return table_slot(entry_read(pmd), PT_PTE, addr);
}

/* The slot for @addr one level down from the entry value @e. */
static inline unsigned long *
entry_offset(unsigned long e, enum pt_level child_level, unsigned long addr)
{
	return table_slot(e, child_level, addr);
}

/* [addr, end) clamped to the next boundary of an entry at @level. */
static inline unsigned long
level_addr_end(enum pt_level level, unsigned long addr, unsigned long end)
{
	unsigned long size = 1UL << level_shift(level);
	unsigned long boundary = (addr + size) & ~(size - 1);

	/* boundary - 1 < end - 1 also handles end == 0 (top of space). */
	return (boundary - 1 < end - 1) ? boundary : end;
}

#define pgd_addr_end(a, e) level_addr_end(PT_PGD, (a), (e))
#define p4d_addr_end(a, e) level_addr_end(PT_P4D, (a), (e))
#define pud_addr_end(a, e) level_addr_end(PT_PUD, (a), (e))
#define pmd_addr_end(a, e) level_addr_end(PT_PMD, (a), (e))

/* ---- locks -------------------------------------------------------- */

static inline spinlock_t *pte_lockptr(struct mm_struct *mm, pmd_t *pmd)
{
	(void)mm;
	return &pmd_pgtable(entry_read(pmd))->ptl;
}

static inline spinlock_t *pmd_lockptr(struct mm_struct *mm, pmd_t *pmd)
{
	(void)pmd;
	return &mm->page_table_lock;
}

/* Map and lock the pte for @addr; NULL if the pmd has no pte table. */
pte_t *pte_offset_map_lock(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
			   spinlock_t **ptlp);
void pte_unmap_unlock(pte_t *pte, spinlock_t *ptl);
spinlock_t *pmd_lock(struct mm_struct *mm, pmd_t *pmd);

/* ---- allocation and accounting ------------------------------------ */

/* Table pages for @mm, accounted in pgtables_bytes and nr_<level>s. */
struct page *pt_alloc_one(struct mm_struct *mm, enum pt_level level,
			  unsigned long base);
/* Undo pt_alloc_one's accounting (the table is freed by the caller). */
void pt_account_free(struct mm_struct *mm, enum pt_level level);
void mm_inc_nr_table(struct mm_struct *mm, enum pt_level level);
void mm_dec_nr_table(struct mm_struct *mm, enum pt_level level);

/*
 * Walk down to the slot for @addr at @level, allocating missing tables
 * (__pte_alloc/__pmd_alloc/__pud_alloc/__p4d_alloc). NULL when an
 * allocation failed or a huge leaf sits above @level.
 */
unsigned long *pt_alloc_walk(struct mm_struct *mm, unsigned long addr,
			     enum pt_level level);
/* One level down from @upper, allocating (p4d_alloc() and friends). */
unsigned long *pt_alloc_below(struct mm_struct *mm, unsigned long *upper,
			      enum pt_level level, unsigned long addr);
/* The slot for @addr at @level if every table above exists, else NULL. */
unsigned long *pt_lookup(struct mm_struct *mm, unsigned long addr,
			 enum pt_level level);

#endif
