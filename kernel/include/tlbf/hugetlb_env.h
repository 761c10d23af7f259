/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel API under the tree's PMD-table sharing functions (mm/hugetlb.c:
 * page_table_shareable, want_pmd_share, huge_pmd_share, __huge_pmd_unshare,
 * huge_pmd_unshare, huge_pmd_unshare_flush, huge_pte_alloc), for
 * kernel/khugetlb.c only, included after <asm/tlb.h>.
 *
 * The functions see the model's objects through per-call shadows (struct
 * tlbf_kh_ctx): a VMA, its mm and its file are small structs filled from
 * the model's (tlbf/khugetlb.h) when the call starts; the page tables are
 * the model's own, reached through the model-world services. The rest of
 * the kernel world (types.h) keeps the gather's four-field VMA and an
 * incomplete mm, so this file's VMA and mm are types of their own, named
 * by macro from here on.
 */
#ifndef TLBF_HUGETLB_ENV_H
#define TLBF_HUGETLB_ENV_H

#include "khugetlb.h"

typedef unsigned long pgoff_t;

/* ---- the shadows ------------------------------------------------------ */

/* A spinlock of the model (a table's split lock, an mm's page_table_lock). */
typedef struct {
	void *model;
} spinlock_t;

#define mm_struct tlbf_kh_mm
#define vm_area_struct tlbf_kh_vma

struct tlbf_kh_mm {
	spinlock_t page_table_lock;
	void *model;
};

/* The interval tree is the model's i_mmap list (tlbf_kh_i_mmap_next). */
struct rb_root_cached {
	int unused;
};

struct address_space {
	struct rb_root_cached i_mmap;
	void *model;
};

struct file {
	struct address_space *f_mapping;
};

struct tlbf_kh_vma {
	unsigned long vm_start, vm_end, vm_flags, vm_pgoff;
	struct tlbf_kh_mm *vm_mm;
	struct file *vm_file;
	/* The hugetlb VMA lock: non-NULL (the model VMA) while it exists. */
	void *vm_private_data;
	void *model;
};

#define TLBF_KH_SLOTS 4

/*
 * One call of the tree's code on one CPU: the VMA it was given, the one
 * the i_mmap walk is at, their mms, the file, huge_pte_lock()'s lock, and
 * the PMD slots the shims handed out with their tables (a slot's table is
 * found by the slot, as virt_to_page() does in the kernel).
 */
struct tlbf_kh_ctx {
	struct address_space mapping;
	struct file file;
	struct tlbf_kh_mm mm, smm;
	struct tlbf_kh_vma vma, svma;
	spinlock_t ptl;
	struct {
		void *slot, *table;
	} slots[TLBF_KH_SLOTS];
	unsigned int nr_slots;
};

#define TLBF_KH_CPUS 8
static struct tlbf_kh_ctx *tlbf_kh_ctx_of[TLBF_KH_CPUS];

static inline struct tlbf_kh_ctx *tlbf_kh_cur(void)
{
	unsigned int cpu = tlbf_kh_cpu();

	return tlbf_kh_ctx_of[cpu < TLBF_KH_CPUS ? cpu : 0];
}

/* Fill @vma and @mm from the model VMA @model. */
static inline struct tlbf_kh_vma *tlbf_kh_view(struct tlbf_kh_ctx *c,
					       void *model,
					       struct tlbf_kh_vma *vma,
					       struct tlbf_kh_mm *mm)
{
	struct tlbf_khvma v;

	tlbf_kh_vma(model, &v);
	mm->model = v.vm_mm;
	mm->page_table_lock.model = tlbf_kh_mm_ptl(v.vm_mm);
	c->mapping.model = v.mapping;
	c->file.f_mapping = &c->mapping;
	*vma = (struct tlbf_kh_vma){
		.vm_start = v.vm_start,
		.vm_end = v.vm_end,
		.vm_flags = v.vm_flags,
		.vm_pgoff = v.vm_pgoff,
		.vm_mm = mm,
		.vm_file = &c->file,
		.vm_private_data = v.lock ? model : NULL,
		.model = model,
	};
	return vma;
}

/* A PMD slot given to the tree's code, remembered with its table. */
static inline void *tlbf_kh_slot(void *slot, unsigned long addr)
{
	struct tlbf_kh_ctx *c = tlbf_kh_cur();

	if (!slot)
		return NULL;
	if (c->nr_slots == TLBF_KH_SLOTS)
		c->nr_slots = 0;
	c->slots[c->nr_slots].slot = slot;
	c->slots[c->nr_slots].table = tlbf_kh_slot_table(slot, addr, 1);
	c->nr_slots++;
	return slot;
}

/*
 * The table of a slot handed out, by the slot or (@masked) by the slot
 * rounded down to its page, as pud_populate() gets it: the kernel's
 * tables are page-aligned, the model's are heap blocks.
 */
static inline void *tlbf_kh_table_of(const void *p, bool masked)
{
	struct tlbf_kh_ctx *c = tlbf_kh_cur();
	unsigned int i;

	for (i = 0; i < c->nr_slots; i++) {
		unsigned long s = (unsigned long)c->slots[i].slot;

		if ((masked ? (s & PAGE_MASK) : s) == (unsigned long)p)
			return c->slots[i].table;
	}
	tlbf_k_bug(__FILE__, __LINE__, "not a page-table slot of this call",
		   false);
	return NULL;
}

/* ---- files, VMAs, the hugetlb VMA lock ---------------------------------- */

#define VM_SHARED 0x00000008UL
#define VM_MAYSHARE 0x00000080UL
#define VM_LOCKED 0x00002000UL
#define VM_LOCKONFAULT 0x00080000UL
#define VM_LOCKED_MASK (VM_LOCKED | VM_LOCKONFAULT) /* 6.12 */
#define VM_LOCKED_CLEAR_MASK (~(VM_LOCKED | VM_LOCKONFAULT)) /* 6.1 */

static inline bool range_in_vma(struct tlbf_kh_vma *vma, unsigned long start,
				unsigned long end)
{
	return vma && vma->vm_start <= start && end <= vma->vm_end;
}

static inline struct tlbf_kh_vma *
tlbf_kh_i_mmap_step(struct rb_root_cached *root, struct tlbf_kh_vma *prev,
		    unsigned long first, unsigned long last)
{
	struct address_space *m = container_of(root, struct address_space,
					       i_mmap);
	struct tlbf_kh_ctx *c = tlbf_kh_cur();
	void *next = tlbf_kh_i_mmap_next(m->model, prev ? prev->model : NULL,
					 first, last);

	if (!next)
		return NULL;
	if (next == c->vma.model)
		return &c->vma;
	return tlbf_kh_view(c, next, &c->svma, &c->smm);
}

#define vma_interval_tree_foreach(vma, root, start, last)               \
	for (vma = tlbf_kh_i_mmap_step((root), NULL, (start), (last)); vma; \
	     vma = tlbf_kh_i_mmap_step((root), vma, (start), (last)))

#define i_mmap_lock_read(m) tlbf_kh_i_mmap_lock((m)->model, false, true)
#define i_mmap_unlock_read(m) tlbf_kh_i_mmap_lock((m)->model, false, false)
/* Lockdep assertions: a warning (ORACLE_KERNEL_BUG) when they fail. */
#define i_mmap_assert_write_locked(m) \
	((void)WARN_ON(!tlbf_kh_i_mmap_write_locked((m)->model)))
#define hugetlb_vma_assert_locked(vma)            \
	((void)WARN_ON((vma)->vm_private_data && \
		       !tlbf_kh_vma_locked((vma)->model)))

/* One huge page size: PMD (the model's hugetlbfs). */
#undef hstate_vma
#define hstate_vma(vma) ((struct hstate *)(uintptr_t)PMD_SIZE)
#define vma_mmu_pagesize(vma) PMD_SIZE

/* ---- locks -------------------------------------------------------------- */

#define spin_lock(l) tlbf_kh_spin((l)->model, true)
#define spin_unlock(l) tlbf_kh_spin((l)->model, false)

/* 6.1: the split PMD lock of the table holding @pte. */
static inline spinlock_t *huge_pte_lock(struct hstate *h,
					struct tlbf_kh_mm *mm, void *pte)
{
	struct tlbf_kh_ctx *c = tlbf_kh_cur();

	(void)h;
	(void)mm;
	c->ptl.model = tlbf_kh_table_ptl(tlbf_kh_table_of(pte, false));
	spin_lock(&c->ptl);
	return &c->ptl;
}

/* ---- share counts ------------------------------------------------------- */

#define atomic_inc(v) \
	((void)__atomic_add_fetch(&(v)->counter, 1, __ATOMIC_SEQ_CST))
#define ptdesc_pmd_pts_inc(pt) atomic_inc(&(pt)->pt_share_count)
/* A table's descriptor is its share count (types.h, kbridge.c). */
#undef virt_to_page
#define virt_to_page(p) \
	((struct page *)tlbf_kh_share_count(tlbf_kh_table_of((p), false)))
#undef virt_to_ptdesc
#define virt_to_ptdesc(p) \
	((struct ptdesc *)tlbf_kh_share_count(tlbf_kh_table_of((p), false)))

/* ---- page tables: the model's -------------------------------------------- */

#undef pgd_offset
#define pgd_offset(mm, addr) ((pgd_t *)tlbf_k_pgd_offset((mm)->model, (addr)))
#undef mm_dec_nr_pmds
#define mm_dec_nr_pmds(mm) tlbf_k_dec_nr_table((mm)->model, 1)
#define mm_inc_nr_pmds(mm) tlbf_kh_inc_nr_pmds((mm)->model)
#define pmd_index(addr) tlbf_kh_index(1, (addr))

/*
 * Each level is allocated from the entry the tree's code passes, as the
 * kernel's p4d_alloc()/pud_alloc()/pmd_alloc() do (the entry reads are
 * scheduling points): a NULL or wrong upper entry faults here as it would
 * there. p4d_alloc() fails only where the p4d level is real (five levels).
 */
#define p4d_alloc(mm, pgd, addr) \
	((p4d_t *)tlbf_kh_alloc_below((mm)->model, (pgd), (addr), 3))
#define pud_alloc(mm, p4d, addr) \
	((pud_t *)tlbf_kh_alloc_below((mm)->model, (p4d), (addr), 2))
#define pmd_alloc(mm, pud, addr)                                           \
	((pmd_t *)tlbf_kh_slot(tlbf_kh_alloc_below((mm)->model, (pud), (addr), \
						   1),                         \
			       (addr)))

/* 6.1 huge_pte_offset(); 6.12 hugetlb_walk(): the PMD slot or NULL. */
#define huge_pte_offset(mm, addr, sz) \
	((pte_t *)tlbf_kh_slot(tlbf_kh_lookup((mm)->model, (addr), 1), (addr)))
#define hugetlb_walk(vma, addr, sz) huge_pte_offset((vma)->vm_mm, (addr), (sz))

#define pud_populate(mm, pud, pmd) \
	tlbf_kh_pud_populate((mm)->model, (pud), tlbf_kh_table_of((pmd), true))

#define pud_none(v) ((v).pud == 0)
#define pte_present(v) tlbf_kh_present((v).pte)
#define pte_huge(v) tlbf_kh_leaf((v).pte)
#define ptep_get_lockless(p) ((pte_t){ tlbf_kh_read(p) })

#endif
