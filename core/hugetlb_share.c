// SPDX-License-Identifier: GPL-2.0-only
/*
 * hugetlb PMD-table sharing as the model does it (Linux 6.1.19x / 6.12
 * mm/hugetlb.c: want_pmd_share, page_table_shareable, huge_pmd_share,
 * huge_pte_alloc, __huge_pmd_unshare, huge_pmd_unshare_flush). It belongs
 * to the gather library (CMakeLists.txt): a kernel-mode build links
 * kernel/khugetlb_model.c instead, which runs the tree's own functions,
 * cut out of its mm/hugetlb.c. The callers are in core/hugetlb.c.
 */
#include <stddef.h>

#include "arch.h"
#include "inject.h"
#include "mm_internal.h"
#include "mmu_gather.h"
#include "oracle.h"
#include "rules.h"
#include "trace.h"

/*
 * The kernel reads these plainly: the VMA fields under the locks that
 * keep them (a race with another process's mprotect on svma->vm_flags is
 * tolerated there as here), the PUD entry under the lock that orders its
 * population. Not scheduling points, so that kernel mode, which runs the
 * tree's functions here, interleaves the same (the differential).
 */
#define PLAIN(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)

/*
 * CONFIG_ARCH_WANT_HUGE_PMD_SHARE: x86 and arm64; and a gather with the
 * unshare API (a kernel-mode build has none).
 */
static bool arch_wants_pmd_share(void)
{
	if (!tlb_gather_has_unshare())
		return false;
	return tlbf_arch->flush == FLUSH_X86 || tlbf_arch->flush == FLUSH_ARM64;
}

static bool range_in_vma(struct vm_area_struct *vma, unsigned long start,
			 unsigned long end)
{
	return vma->vm_start <= start && end <= vma->vm_end;
}

static bool want_pmd_share(struct vm_area_struct *vma, unsigned long addr)
{
	unsigned long start = addr & PUD_MASK;

	if (!arch_wants_pmd_share() || !(vma->vm_flags & VM_MAYSHARE))
		return false;
	if (!PLAIN(vma->hugetlb_shareable))
		return false;
	return range_in_vma(vma, start, start + PUD_SIZE);
}

/*
 * page_table_shareable(): where @svma maps file page @idx, if its table
 * there could serve @vma at @addr (same slot in the table, same flags,
 * the whole PUD span inside @svma, @svma still shareable); else 0.
 */
static unsigned long page_table_shareable(struct vm_area_struct *svma,
					  struct vm_area_struct *vma,
					  unsigned long addr, unsigned long idx)
{
	unsigned long saddr, sbase;
	unsigned long pages = (svma->vm_end - svma->vm_start) >> PAGE_SHIFT;

	if (idx < svma->vm_pgoff || idx >= svma->vm_pgoff + pages)
		return 0;
	saddr = ((idx - svma->vm_pgoff) << PAGE_SHIFT) + svma->vm_start;
	sbase = saddr & PUD_MASK;
	if (level_index(PT_PMD, addr) != level_index(PT_PMD, saddr) ||
	    vma->vm_flags != PLAIN(svma->vm_flags) ||
	    !range_in_vma(svma, sbase, sbase + PUD_SIZE) ||
	    !PLAIN(svma->hugetlb_shareable))
		return 0;
	return saddr;
}

/*
 * huge_pmd_share(): under i_mmap_rwsem for read, look for another
 * mapping's PMD table for this file range; take a share and point our
 * empty PUD entry at it. Then the slot, allocating a table of our own if
 * nothing was shared (pmd_alloc).
 */
static pmd_t *huge_pmd_share(struct mm_struct *mm, struct vm_area_struct *vma,
			     unsigned long addr, pud_t *pud)
{
	struct address_space *mapping = vma->vm_file;
	unsigned long idx = linear_page_index(vma, addr);
	struct vm_area_struct *svma;
	struct page *shared = NULL;
	spinlock_t *ptl;
	pmd_t *pmd;

	trace_func(__func__, addr);
	down_read(&mapping->i_mmap_rwsem);
	for (svma = mapping->i_mmap; svma; svma = svma->file_next) {
		unsigned long saddr;

		if (svma == vma)
			continue;
		saddr = page_table_shareable(svma, vma, addr, idx);
		if (!saddr)
			continue;
		shared = huge_pmd_table(svma->vm_mm, saddr);
		if (shared) {
			atomic_inc(&shared->pt_share_count);
			break;
		}
	}
	if (shared) {
		/*
		 * Who may fill the PUD entry: 6.1 decides under the shared
		 * table's split lock, 6.12 under this mm's page_table_lock.
		 * Another fault of this mm on another huge page of the span
		 * may be in pmd_alloc(), which fills the same entry under
		 * page_table_lock: on 6.1 nothing orders the two
		 * (docs/findings.md, hugetlb-share-vs-pmd-alloc).
		 */
		if (rules_at_least(612) || rules_fixed(FIX_HUGETLB_SHARE_PTL)) {
			ptl = &mm->page_table_lock;
			spin_lock(ptl);
		} else {
			ptl = huge_pte_lock(shared);
		}
		if (pud_none(PLAIN(*pud))) {
			entry_install("pud_populate", pud,
				      mk_entry(shared, _PAGE_RW));
			mm_inc_nr_table(mm, PT_PMD);
		} else {
			atomic_dec(&shared->pt_share_count);
		}
		spin_unlock(ptl);
	}
	pmd = pt_alloc_walk(mm, addr, PT_PMD);
	up_read(&mapping->i_mmap_rwsem);
	return pmd;
}

/* huge_pte_alloc() for a PMD-size page. */
pmd_t *huge_pte_alloc(struct mm_struct *mm, struct vm_area_struct *vma,
		      unsigned long addr)
{
	pud_t *pud = pt_alloc_walk(mm, addr, PT_PUD);

	if (!pud)
		return NULL;
	if (want_pmd_share(vma, addr) && pud_none(PLAIN(*pud)))
		return huge_pmd_share(mm, vma, addr, pud);
	return pt_alloc_walk(mm, addr, PT_PMD);
}

/*
 * __huge_pmd_unshare(): if the table holding @pmd is shared, clear this
 * process's PUD entry for it and give up the share. Caller holds the
 * table's lock and i_mmap_rwsem for write (and, with @check_locks, the
 * hugetlb VMA lock: a split holds only the rmap lock). 1 if it was shared.
 */
int __huge_pmd_unshare(struct mmu_gather *tlb, struct vm_area_struct *vma,
		       unsigned long addr, pmd_t *pmd, bool check_locks)
{
	struct mm_struct *mm = vma->vm_mm;
	struct page *table = huge_pmd_slot_table(pmd, addr);
	pud_t *pud = pt_lookup(mm, addr, PT_PUD);

	if (!atomic_read(&table->pt_share_count))
		return 0;
	BUG_ON(!rwsem_is_write_locked(&vma->vm_file->i_mmap_rwsem));
	BUG_ON(check_locks && !rwsem_is_locked(&vma->hugetlb_lock));
	trace_func(__func__, addr);
	entry_write(pud, 0);
	if (hugetlb_unshare_rule() == UNSHARE_GATHER) {
		tlb_unshare_pmd_ptdesc(tlb, table, addr);
	} else {
		/* 1013af4f585f: wait out gup_fast before the table can go. */
		if (!injected(BUG_UNSHARE_NOSYNC))
			tlb_remove_table_sync_one();
		atomic_dec(&table->pt_share_count);
	}
	mm_dec_nr_table(mm, PT_PMD);
	return 1;
}

/* huge_pmd_unshare_flush(): complete the unshares before the lock drops. */
void huge_pmd_unshare_flush(struct mmu_gather *tlb, struct vm_area_struct *vma)
{
	BUG_ON(!rwsem_is_write_locked(&vma->vm_file->i_mmap_rwsem));
	if (hugetlb_unshare_rule() == UNSHARE_GATHER)
		tlb_flush_unshared_tables(tlb);
}
