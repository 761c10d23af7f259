/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The seam for the tree's hugetlb PMD-table sharing (kernel/khugetlb.c,
 * kernel world; kernel/khugetlb_model.c, model world): as in kapi.h, only
 * plain C types and opaque pointers cross it. A model VMA, mm, mapping,
 * page table or lock is a void * here.
 */
#ifndef TLBF_KHUGETLB_H
#define TLBF_KHUGETLB_H

#include <stdbool.h>

/* What the tree's functions read of a model VMA. */
struct tlbf_khvma {
	unsigned long vm_start, vm_end, vm_flags, vm_pgoff;
	void *vm_mm;
	void *mapping; /* the hugetlbfs file's address_space */
	bool lock; /* the hugetlb VMA lock exists (vm_private_data) */
};

/* One build's (tree, profile's) functions; kernel/khugetlbs.c lists them. */
struct tlbf_khops {
	const char *profile;
	/* huge_pte_alloc() for a PMD-size page: the PMD slot, or NULL */
	void *(*pte_alloc)(void *mm, void *vma, unsigned long addr);
	/*
	 * __huge_pmd_unshare(), or huge_pmd_unshare() where the tree has no
	 * __ form (it always checks the VMA lock), on the kernel gather @kg.
	 */
	int (*pmd_unshare)(void *kg, void *vma, unsigned long addr, void *pmd,
			   bool check_locks);
	void (*unshare_flush)(void *kg, void *vma);
};

extern const struct tlbf_khops *const tlbf_khops_all[];
extern const unsigned int tlbf_khops_nr;

/* ---- model-world services (kernel/khugetlb_model.c) ------------------ */
unsigned int tlbf_kh_cpu(void);
void tlbf_kh_vma(void *vma, struct tlbf_khvma *out);
/* The next VMA of @mapping's i_mmap after @prev (NULL: the first) whose
 * file pages include one of [@first, @last]. */
void *tlbf_kh_i_mmap_next(void *mapping, void *prev, unsigned long first,
			  unsigned long last);
void tlbf_kh_i_mmap_lock(void *mapping, bool write, bool lock);
bool tlbf_kh_i_mmap_write_locked(void *mapping);
bool tlbf_kh_vma_locked(void *vma);
void *tlbf_kh_mm_ptl(void *mm); /* &mm->page_table_lock */
void *tlbf_kh_table_ptl(void *table); /* the table's split lock */
void tlbf_kh_spin(void *lock, bool lock_it);
/* pt_lookup(); level: 1 pmd, 2 pud, 3 p4d */
void *tlbf_kh_lookup(void *mm, unsigned long addr, int level);
/* pt_alloc_below(): the @level slot for @addr under the entry @upper */
void *tlbf_kh_alloc_below(void *mm, void *upper, unsigned long addr,
			  int level);
/* The model table holding @slot, an entry of a @level table for @addr. */
void *tlbf_kh_slot_table(void *slot, unsigned long addr, int level);
void *tlbf_kh_share_count(void *table); /* &table->pt_share_count */
void tlbf_kh_pud_populate(void *mm, void *pud, void *table);
void tlbf_kh_inc_nr_pmds(void *mm);
unsigned long tlbf_kh_read(void *entry);
bool tlbf_kh_present(unsigned long entry);
bool tlbf_kh_leaf(unsigned long entry);
unsigned long tlbf_kh_index(int level, unsigned long addr);

#endif
