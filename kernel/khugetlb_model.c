// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel mode's PMD-table sharing, model world: huge_pte_alloc(),
 * __huge_pmd_unshare() and huge_pmd_unshare_flush() as core/hugetlb.c
 * calls them, run by the tree's own functions (kernel/khugetlb.c) on the
 * profiles whose kernels share PMD tables, and the services those
 * functions reach the model's VMAs, locks and page tables through
 * (tlbf/khugetlb.h). Profiles without sharing allocate the PMD table as
 * any huge_pte_alloc() does and never unshare.
 */
#include <stddef.h>
#include <string.h>

#include "arch.h"
#include "mm_internal.h"
#include "mmu_gather.h"
#include "page.h"
#include "pgtable.h"
#include "sync.h"
#include "tlbf/khugetlb.h"
#include "tlbf/kmode.h"
#include "trace.h"

/* This run's profile's build of the tree's functions, or NULL. */
static const struct tlbf_khops *khops(void)
{
	unsigned int i;

	for (i = 0; i < tlbf_khops_nr; i++)
		if (!strcmp(tlbf_khops_all[i]->profile, tlbf_arch->name))
			return tlbf_khops_all[i];
	return NULL;
}

pmd_t *huge_pte_alloc(struct mm_struct *mm, struct vm_area_struct *vma,
		      unsigned long addr)
{
	const struct tlbf_khops *ops = khops();

	if (!ops)
		return pt_alloc_walk(mm, addr, PT_PMD);
	return ops->pte_alloc(mm, vma, addr);
}

int __huge_pmd_unshare(struct mmu_gather *tlb, struct vm_area_struct *vma,
		       unsigned long addr, pmd_t *pmd, bool check_locks)
{
	const struct tlbf_khops *ops = khops();
	int ret;

	if (!ops)
		return 0;
	ret = ops->pmd_unshare(tlbf_kslot_gather(tlb), vma, addr, pmd,
			       check_locks);
	tlbf_kslot_mirror(tlb);
	if (ret)
		trace_func("huge_pmd_unshare", addr);
	return ret;
}

void huge_pmd_unshare_flush(struct mmu_gather *tlb, struct vm_area_struct *vma)
{
	const struct tlbf_khops *ops = khops();

	if (!ops)
		return;
	ops->unshare_flush(tlbf_kslot_gather(tlb), vma);
	tlbf_kslot_mirror(tlb);
}

/* ---- services ------------------------------------------------------------ */

unsigned int tlbf_kh_cpu(void)
{
	return smp_processor_id();
}

/*
 * The kernel reads these plainly: the VMA's fields and its lock's
 * existence change only under locks its readers hold (mmap_lock, the
 * hugetlb VMA lock, i_mmap_rwsem). So no scheduling point here.
 */
void tlbf_kh_vma(void *p, struct tlbf_khvma *out)
{
	struct vm_area_struct *vma = p;

	*out = (struct tlbf_khvma){
		.vm_start = vma->vm_start,
		.vm_end = vma->vm_end,
		.vm_flags = __atomic_load_n(&vma->vm_flags, __ATOMIC_RELAXED),
		.vm_pgoff = vma->vm_pgoff,
		.vm_mm = vma->vm_mm,
		.mapping = vma->vm_file,
		.lock = __atomic_load_n(&vma->hugetlb_shareable,
					__ATOMIC_RELAXED),
	};
}

/*
 * The kernel's i_mmap is an interval tree by file offset; the model's is
 * a list in mapping order, walked in that order (as the model's own
 * huge_pmd_share does), keeping the VMAs whose pages meet [first, last].
 */
void *tlbf_kh_i_mmap_next(void *mapping, void *prev, unsigned long first,
			  unsigned long last)
{
	struct vm_area_struct *vma =
		prev ? ((struct vm_area_struct *)prev)->file_next
		     : ((struct address_space *)mapping)->i_mmap;

	for (; vma; vma = vma->file_next) {
		unsigned long pages =
			(vma->vm_end - vma->vm_start) >> PAGE_SHIFT;

		if (vma->vm_pgoff <= last && first < vma->vm_pgoff + pages)
			return vma;
	}
	return NULL;
}

void tlbf_kh_i_mmap_lock(void *mapping, bool write, bool lock)
{
	struct rw_semaphore *sem =
		&((struct address_space *)mapping)->i_mmap_rwsem;

	if (write)
		lock ? down_write(sem) : up_write(sem);
	else
		lock ? down_read(sem) : up_read(sem);
}

bool tlbf_kh_i_mmap_write_locked(void *mapping)
{
	return rwsem_is_write_locked(
		&((struct address_space *)mapping)->i_mmap_rwsem);
}

bool tlbf_kh_vma_locked(void *vma)
{
	return rwsem_is_locked(&((struct vm_area_struct *)vma)->hugetlb_lock);
}

void *tlbf_kh_mm_ptl(void *mm)
{
	return &((struct mm_struct *)mm)->page_table_lock;
}

void *tlbf_kh_table_ptl(void *table)
{
	return table ? &((struct page *)table)->ptl : NULL;
}

void tlbf_kh_spin(void *lock, bool lock_it)
{
	if (lock_it)
		spin_lock(lock);
	else
		spin_unlock(lock);
}

void *tlbf_kh_lookup(void *mm, unsigned long addr, int level)
{
	return pt_lookup(mm, addr, (enum pt_level)level);
}

void *tlbf_kh_alloc_below(void *mm, void *upper, unsigned long addr, int level)
{
	return pt_alloc_below(mm, upper, (enum pt_level)level, addr);
}

void *tlbf_kh_slot_table(void *slot, unsigned long addr, int level)
{
	unsigned long *words =
		(unsigned long *)slot - level_index((enum pt_level)level, addr);

	return (char *)words - offsetof(struct page, words);
}

void *tlbf_kh_share_count(void *table)
{
	return table ? &((struct page *)table)->pt_share_count : NULL;
}

void tlbf_kh_pud_populate(void *mm, void *pud, void *table)
{
	(void)mm;
	entry_install("pud_populate", pud, mk_entry(table, _PAGE_RW));
}

void tlbf_kh_inc_nr_pmds(void *mm)
{
	mm_inc_nr_table(mm, PT_PMD);
}

/* huge_pte_alloc()'s check of the slot it returns: 6.1 reads it plainly. */
unsigned long tlbf_kh_read(void *entry)
{
	return __atomic_load_n((unsigned long *)entry, __ATOMIC_RELAXED);
}

bool tlbf_kh_present(unsigned long entry)
{
	return entry_present(entry);
}

bool tlbf_kh_leaf(unsigned long entry)
{
	return entry_leaf(entry);
}

unsigned long tlbf_kh_index(int level, unsigned long addr)
{
	return level_index((enum pt_level)level, addr);
}
