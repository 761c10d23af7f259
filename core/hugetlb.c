// SPDX-License-Identifier: GPL-2.0-only
/*
 * hugetlbfs mappings with PMD-table sharing (Linux 6.1.19x / 6.12
 * mm/hugetlb.c: huge_pte_alloc, huge_pmd_share, huge_pmd_unshare,
 * huge_pmd_unshare_flush, __unmap_hugepage_range(_final),
 * hugetlb_unshare_pmds, hugetlb_split; fs/hugetlbfs hugetlb_vmtruncate).
 *
 * A hugetlb page is one PMD-size leaf. Where several processes map the
 * same hugetlbfs file MAP_SHARED over a whole PUD-aligned, PUD-size range
 * at the same file offset, the first fault allocates a PMD table and later
 * faults of the other processes find it through the file's i_mmap (under
 * i_mmap_rwsem for read) and point their own PUD entry at it:
 * pt_share_count counts the processes beside the one that allocated it.
 *
 * Unsharing (munmap, exit, truncate, a VMA split inside the PUD) clears
 * this process's PUD entry and drops the count, under the table's lock,
 * i_mmap_rwsem for write and the VMA's hugetlb lock. Before the rmap lock
 * is dropped, this process's CPUs must have forgotten the table (TLB flush,
 * walk caches too) and, if the table is now one process's own and may be
 * changed freely, no gup_fast of this process may still be inside it: the
 * broadcast IPI of tlb_remove_table_sync_one(). Two forms of that, chosen
 * by hugetlb_unshare_rules():
 *
 *   UNSHARE_GATHER    the mmu_gather API (6.1.16x+, 6.12.6x+):
 *                     tlb_unshare_pmd_ptdesc() per table, one
 *                     tlb_flush_unshared_tables() per operation.
 *   UNSHARE_SYNC_EACH the form 1013af4f585f first gave (2025): the IPI in
 *                     huge_pmd_unshare() itself, then the caller's
 *                     tlb_flush_mmu_tlbonly() of the PUD ranges.
 *
 * When the rmap lock drops, oracle_table_released() checks what the
 * hand-over requires (core/oracle.h).
 *
 * Simplified (docs/model-map.md): one huge page size (PMD), no
 * reservations, subpools or cgroup charges; the fault mutex is one of
 * eight per file, picked by the huge page's index, and only faults take
 * it (not truncate's page removal); no uffd, no COW (MAP_SHARED only);
 * hugetlb pages do not count in rss (the kernel keeps them in
 * hugetlb_usage); the hugetlb VMA lock is a rw_semaphore in the VMA, its
 * "free" at the final unmap is vma->hugetlb_shareable = false; PMD
 * sharing exists on the profiles whose kernels have
 * CONFIG_ARCH_WANT_HUGE_PMD_SHARE (x86, arm64).
 */
#include <errno.h>
#include <stddef.h>

#include "arch.h"
#include "cpu.h"
#include "inject.h"
#include "mm_internal.h"
#include "memory.h"
#include "mmu_gather.h"
#include "oracle.h"
#include "pgtable.h"
#include "rules.h"
#include "trace.h"

static enum hugetlb_unshare_rule unshare_rule = UNSHARE_GATHER;

void hugetlb_unshare_rules(enum hugetlb_unshare_rule rule)
{
	unshare_rule = rule;
}

/* ---- locks ---------------------------------------------------------- */

void hugetlb_vma_lock_read(struct vm_area_struct *vma)
{
	down_read(&vma->hugetlb_lock);
}

void hugetlb_vma_unlock_read(struct vm_area_struct *vma)
{
	up_read(&vma->hugetlb_lock);
}

static void hugetlb_vma_lock_write(struct vm_area_struct *vma)
{
	down_write(&vma->hugetlb_lock);
}

static void hugetlb_vma_unlock_write(struct vm_area_struct *vma)
{
	up_write(&vma->hugetlb_lock);
}

/*
 * Tables this CPU unshared under the rmap lock it holds now, for the
 * check when it drops the lock. Each CPU runs one such path at a time.
 */
#define UNSHARED_MAX 8

struct unshared {
	struct mm_struct *mm;
	struct page *table;
	unsigned long addr;
	bool exclusive; /* one owner left, and not the mm that unshared */
};

static struct unshared unshared[TLBF_MAX_CPUS][UNSHARED_MAX];
static unsigned int nr_unshared[TLBF_MAX_CPUS];

struct page *huge_pmd_table(struct mm_struct *mm, unsigned long addr)
{
	pud_t *pud = pt_lookup(mm, addr, PT_PUD);
	pud_t e;

	if (!pud)
		return NULL;
	e = entry_read(pud);
	if (!entry_present(e) || entry_leaf(e))
		return NULL;
	return entry_table(e);
}

/*
 * Does @mm itself still map @table, through another VMA of the file
 * (mapped twice in one process, one PUD span each)? Then an unshare that
 * left one owner handed nothing to another process: the walkers of @mm
 * are in a table of @mm, which @mm's own gathers free with the usual
 * sync. The file's VMA list is stable: the caller holds i_mmap_rwsem.
 */
static bool still_maps(struct address_space *mapping, struct mm_struct *mm,
		       struct page *table)
{
	struct vm_area_struct *v;
	unsigned long a;

	for (v = mapping->i_mmap; v; v = v->file_next) {
		if (v->vm_mm != mm)
			continue;
		for (a = ALIGN_UP_TO(v->vm_start, PUD_SIZE);
		     a >= v->vm_start && a + PUD_SIZE > a &&
		     a + PUD_SIZE <= v->vm_end;
		     a += PUD_SIZE)
			if (huge_pmd_table(mm, a) == table)
				return true;
	}
	return false;
}

static void note_unshared(struct mm_struct *mm, struct page *table,
			  unsigned long addr, struct address_space *mapping)
{
	unsigned int cpu = smp_processor_id(), n = nr_unshared[cpu];

	if (n == UNSHARED_MAX)
		return;
	unshared[cpu][n] = (struct unshared){
		.mm = mm,
		.table = table,
		.addr = addr,
		.exclusive = !atomic_read(&table->pt_share_count) &&
			     !still_maps(mapping, mm, table),
	};
	nr_unshared[cpu] = n + 1;
}

void i_mmap_lock_write(struct address_space *mapping)
{
	down_write(&mapping->i_mmap_rwsem);
	nr_unshared[smp_processor_id()] = 0;
}

/* The tables unshared under the lock pass to their other owners now. */
void i_mmap_unlock_write(struct address_space *mapping)
{
	unsigned int cpu = smp_processor_id(), i;

	for (i = 0; i < nr_unshared[cpu]; i++) {
		const struct unshared *u = &unshared[cpu][i];

		oracle_check(oracle_table_released(u->mm, u->table, u->addr,
						   u->exclusive));
	}
	nr_unshared[cpu] = 0;
	up_write(&mapping->i_mmap_rwsem);
}

/* ---- finding the PMD slot ------------------------------------------- */

/* The table holding @slot, an entry of a @level table for @addr. */
static struct page *slot_table(unsigned long *slot, enum pt_level level,
			       unsigned long addr)
{
	unsigned long *words = slot - level_index(level, addr);

	return (struct page *)((char *)words - offsetof(struct page, words));
}

struct page *huge_pmd_slot_table(pmd_t *pmd, unsigned long addr)
{
	return slot_table(pmd, PT_PMD, addr);
}

bool hugetlb_walk_vma_locked(enum rules_fix fix)
{
	return rules_at_least(602) || rules_fixed(fix);
}

void hugetlb_walk_unguarded_begin(struct mm_struct *mm, pmd_t *pmd,
				  unsigned long addr, const char *who)
{
	lockless_walk_of(mm, who);
	lockless_enter(PT_PMD, huge_pmd_slot_table(pmd, addr));
}

void hugetlb_walk_unguarded_end(void)
{
	lockless_leave(PT_PMD);
	lockless_walk_of(NULL, NULL);
}

/* huge_pte_offset() for a PMD-size page: the PMD slot, or NULL. */
static pmd_t *huge_pte_offset(struct mm_struct *mm, unsigned long addr)
{
	return pt_lookup(mm, addr, PT_PMD);
}

/*
 * huge_pte_lock(): the split PMD lock of the table holding the slot,
 * which every sharer takes, whatever its mm.
 */
spinlock_t *huge_pte_lock(struct page *table)
{
	spin_lock(&table->ptl);
	return &table->ptl;
}

enum hugetlb_unshare_rule hugetlb_unshare_rule(void)
{
	return unshare_rule;
}

/*
 * huge_pmd_unshare() (core/hugetlb_share.c, or the tree's in kernel
 * mode), then the note for the hand-over check when the rmap lock drops.
 * @check_locks: the caller holds the hugetlb VMA lock too (not a split).
 */
static int unshare(struct mmu_gather *tlb, struct vm_area_struct *vma,
		   unsigned long addr, pmd_t *pmd, bool check_locks)
{
	if (!__huge_pmd_unshare(tlb, vma, addr, pmd, check_locks))
		return 0;
	note_unshared(vma->vm_mm, slot_table(pmd, PT_PMD, addr), addr,
		      vma->vm_file);
	return 1;
}

/* ---- fault ------------------------------------------------------------ */

/* The file's huge page @index from its page cache, referenced; or NULL. */
static struct page *hugetlb_get_page(struct address_space *mapping,
				     unsigned long index)
{
	return filemap_get_page_with(mapping, index, alloc_thp);
}

static unsigned long huge_index(struct vm_area_struct *vma, unsigned long addr)
{
	return linear_page_index(vma, addr) >> (PMD_SHIFT - PAGE_SHIFT);
}

/* hugetlb_fault_mutex_hash(): the fault mutex of the file's huge page. */
static struct rw_semaphore *fault_mutex(struct vm_area_struct *vma,
					unsigned long haddr)
{
	return &vma->vm_file->fault_mutex[huge_index(vma, haddr) %
					  HUGETLB_FAULT_MUTEXES];
}

/*
 * hugetlb_wp() of a MAP_SHARED mapping (the model has no other): a write
 * fault on a present leaf that is not writable makes it writable in
 * place. The VMA is writable (handle_mm_fault checked), so the leaf is
 * behind: this process took a share of a table whose leaves another
 * process's mprotect had made read-only, while that process's VMA, then
 * writable again, had the same flags (mprotect sets the flags before it
 * changes the leaves). More permission needs no flush: a CPU still
 * caching the read-only entry faults once more.
 */
static void hugetlb_wp(pmd_t *pmd, unsigned long haddr)
{
	spinlock_t *ptl;
	pmd_t old;

	trace_func(__func__, haddr);
	ptl = huge_pte_lock(slot_table(pmd, PT_PMD, haddr));
	old = entry_read(pmd);
	if (entry_present(old) && !pte_write(old))
		entry_write(pmd, old | _PAGE_RW | _PAGE_DIRTY);
	spin_unlock(ptl);
}

/*
 * 6.1's hugetlb_fault() starts by looking up the slot and reading it with
 * nothing held, to send a fault on a migration or hwpoisoned entry
 * elsewhere (the model has neither, so only the read is left). Nothing
 * keeps the table meanwhile: another thread's unshare may hand it to the
 * other process, which may free it. From v6.2 (fcd48540d188) the entry is
 * checked only once read under the VMA lock.
 */
static void hugetlb_fault_first_look(struct mm_struct *mm, unsigned long haddr)
{
	pmd_t *pmd;

	if (hugetlb_walk_vma_locked(FIX_HUGETLB_FAULT_VMA_LOCK))
		return;
	pmd = huge_pte_offset(mm, haddr);
	if (!pmd)
		return;
	hugetlb_walk_unguarded_begin(mm, pmd, haddr, "hugetlb_fault");
	(void)entry_read_once(pmd);
	hugetlb_walk_unguarded_end();
}

/*
 * hugetlb_fault(): under the huge page's fault mutex (two faults on one
 * page never meet: one allocating its PMD table under page_table_lock
 * while the other installs a shared one under that table's lock would
 * both fill the PUD entry) and the VMA's hugetlb lock for read (an
 * unshare takes it for write), find or allocate the PMD slot, then
 * install the huge page under the table's lock unless another fault did
 * first.
 */
int hugetlb_fault(struct vm_area_struct *vma, unsigned long addr, bool write)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long haddr = addr & PMD_MASK, flags = _PAGE_PSE;
	struct rw_semaphore *mutex = fault_mutex(vma, haddr);
	struct page *page, *table;
	spinlock_t *ptl;
	pmd_t *pmd;
	int ret = 0;

	trace_func(__func__, addr);
	hugetlb_fault_first_look(mm, haddr);
	down_write(mutex);
	hugetlb_vma_lock_read(vma);
	pmd = huge_pte_alloc(mm, vma, haddr);
	if (!pmd) {
		ret = -ENOMEM;
		goto out;
	}
	if (!pmd_none(entry_read(pmd))) {
		if (write)
			hugetlb_wp(pmd, haddr);
		goto out;
	}
	page = hugetlb_get_page(vma->vm_file, huge_index(vma, haddr));
	if (!page) {
		ret = huge_index(vma, haddr) >=
				      READ_ONCE(vma->vm_file->nr_pages)
			      ? -EFAULT
			      : -ENOMEM;
		goto out;
	}
	if (vma->vm_flags & VM_WRITE)
		flags |= _PAGE_RW;
	if (write)
		flags |= _PAGE_DIRTY;
	table = slot_table(pmd, PT_PMD, haddr);
	ptl = huge_pte_lock(table);
	if (pmd_none(entry_read(pmd))) {
		page_add_rmap(page);
		entry_write(pmd, mk_entry(page, flags));
		page = NULL;
	}
	spin_unlock(ptl);
	if (page)
		put_page(page);
out:
	hugetlb_vma_unlock_read(vma);
	up_write(mutex);
	return ret;
}

/* ---- unshare ---------------------------------------------------------- */

/* ---- unmap ------------------------------------------------------------ */

/* hugetlb_mask_last_page() for PMD-size pages: skip to the PUD's end. */
static unsigned long last_addr_mask(void)
{
	return PUD_SIZE - PMD_SIZE;
}

/* Clear one huge leaf under the table's lock; the gather frees the page. */
static void zap_huge_leaf(struct mmu_gather *tlb, pmd_t *pmd,
			  unsigned long addr)
{
	pmd_t orig = entry_xchg(pmd, 0);
	struct page *page = pmd_page(orig);

	tlb_remove_huge_tlb_entry(tlb, PMD_SIZE, addr);
	if (pte_dirty(orig))
		__atomic_or_fetch(&page->flags, PG_dirty, __ATOMIC_RELAXED);
	page_remove_rmap(page);
}

/*
 * __unmap_hugepage_range(): each huge page of [start, end), under the
 * locks the caller took (hugetlb VMA lock and i_mmap_rwsem, both for
 * write). A shared table is unshared whole, and the walk skips to the end
 * of its PUD span.
 */
static void __unmap_hugepage_range(struct mmu_gather *tlb,
				   struct vm_area_struct *vma,
				   unsigned long start, unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;
	bool force_flush = false;
	unsigned long addr;

	trace_func(__func__, start);
	tlb_start_vma(tlb, vma);
	for (addr = start; addr < end; addr += PMD_SIZE) {
		pmd_t *pmd = huge_pte_offset(mm, addr);
		struct page *table, *page;
		spinlock_t *ptl;
		pmd_t e;

		if (!pmd) {
			/* No table: a later fault maps anew, not this zap's. */
			oracle_zap_pass(mm, addr,
					(addr | last_addr_mask()) + 1);
			addr |= last_addr_mask();
			continue;
		}
		table = slot_table(pmd, PT_PMD, addr);
		ptl = huge_pte_lock(table);
		if (unshare(tlb, vma, addr, pmd, true)) {
			oracle_zap_pass(mm, addr,
					(addr | last_addr_mask()) + 1);
			spin_unlock(ptl);
			if (unshare_rule == UNSHARE_SYNC_EACH) {
				tlb_flush_pmd_range(tlb, addr & PUD_MASK,
						    PUD_SIZE);
				force_flush = true;
			}
			addr |= last_addr_mask();
			continue;
		}
		e = entry_read(pmd);
		if (!entry_present(e)) {
			oracle_zap_pass(mm, addr, addr + PMD_SIZE);
			spin_unlock(ptl);
			continue;
		}
		page = pmd_page(e);
		zap_huge_leaf(tlb, pmd, addr);
		oracle_zap_pass(mm, addr, addr + PMD_SIZE);
		spin_unlock(ptl);
		tlb_remove_page_size(tlb, page, (int)PMD_SIZE);
	}
	tlb_end_vma(tlb, vma);
	/* The old form: flush the unshared spans before the lock drops. */
	if (force_flush)
		tlb_flush_mmu_tlbonly(tlb);
	huge_pmd_unshare_flush(tlb, vma);
}

/*
 * __unmap_hugepage_range_final(): the zap of munmap, exit and
 * MADV_DONTNEED. A final unmap also makes the VMA unshareable before the
 * rmap lock drops (the kernel frees its hugetlb VMA lock): its tables are
 * about to be freed, no other process may take a share of them now.
 */
void __unmap_hugepage_range_final(struct mmu_gather *tlb,
				  struct vm_area_struct *vma,
				  unsigned long start, unsigned long end,
				  bool final)
{
	hugetlb_vma_lock_write(vma);
	i_mmap_lock_write(vma->vm_file);
	__unmap_hugepage_range(tlb, vma, start, end);
	if (final)
		WRITE_ONCE(vma->hugetlb_shareable, false);
	i_mmap_unlock_write(vma->vm_file);
	hugetlb_vma_unlock_write(vma);
}

/* unmap_hugepage_range(): a gather of its own (truncation). */
static void unmap_hugepage_range(struct vm_area_struct *vma,
				 unsigned long start, unsigned long end)
{
	struct mmu_gather tlb;

	tlb_gather_mmu(&tlb, vma->vm_mm);
	__unmap_hugepage_range(&tlb, vma, start, end);
	tlb_finish_mmu(&tlb);
}

/*
 * hugetlb_unshare_pmds(): unshare every table of [start, end) (PUD
 * aligned), with no leaf zapped. Caller holds i_mmap_rwsem for write.
 */
static void hugetlb_unshare_pmds(struct vm_area_struct *vma,
				 unsigned long start, unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmu_gather tlb;
	unsigned long addr;
	bool force_flush = false;

	if (!(vma->vm_flags & VM_MAYSHARE) || start >= end)
		return;
	trace_func(__func__, start);
	tlb_gather_mmu_vma(&tlb, vma);
	for (addr = start; addr < end; addr += PUD_SIZE) {
		pmd_t *pmd = huge_pte_offset(mm, addr);
		struct page *table;
		spinlock_t *ptl;

		if (!pmd)
			continue;
		table = slot_table(pmd, PT_PMD, addr);
		ptl = huge_pte_lock(table);
		if (unshare(&tlb, vma, addr, pmd, false) &&
		    unshare_rule == UNSHARE_SYNC_EACH) {
			tlb_flush_pmd_range(&tlb, addr & PUD_MASK, PUD_SIZE);
			force_flush = true;
		}
		spin_unlock(ptl);
	}
	if (force_flush)
		tlb_flush_mmu_tlbonly(&tlb);
	huge_pmd_unshare_flush(&tlb, vma);
	tlb_finish_mmu(&tlb);
}

int hugetlb_split_check(struct vm_area_struct *vma, unsigned long addr)
{
	return (addr & ~PMD_MASK) ? -EINVAL : 0;
}

/*
 * hugetlb_split(): a split at @addr inside a PUD span ends sharing there
 * (the two halves could not each cover it): unshare that span now, under
 * mmap_lock and i_mmap_rwsem held for write by the caller.
 */
void hugetlb_split(struct vm_area_struct *vma, unsigned long addr)
{
	unsigned long floor = addr & PUD_MASK, ceil = floor + PUD_SIZE;

	if (!(addr & ~PUD_MASK))
		return;
	if (floor >= vma->vm_start && ceil <= vma->vm_end)
		hugetlb_unshare_pmds(vma, floor, ceil);
}

/* ---- mprotect ----------------------------------------------------------- */

/*
 * hugetlb_change_protection(): give every huge leaf of [start, end) the
 * VMA's new write permission; a shared table is unshared instead (the
 * other processes keep their permission), and the next fault maps the
 * page again in a table of this process's own.
 */
static void hugetlb_change_protection(struct vm_area_struct *vma,
				      unsigned long start, unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long rw = (vma->vm_flags & VM_WRITE) ? _PAGE_RW : 0;
	struct mmu_gather tlb;
	unsigned long addr;

	trace_func(__func__, start);
	tlb_gather_mmu_vma(&tlb, vma);
	hugetlb_vma_lock_write(vma);
	i_mmap_lock_write(vma->vm_file);
	for (addr = start; addr < end; addr += PMD_SIZE) {
		pmd_t *pmd = huge_pte_offset(mm, addr);
		struct page *table;
		spinlock_t *ptl;
		pmd_t old;

		if (!pmd) {
			addr |= last_addr_mask();
			continue;
		}
		table = slot_table(pmd, PT_PMD, addr);
		ptl = huge_pte_lock(table);
		if (unshare(&tlb, vma, addr, pmd, true)) {
			spin_unlock(ptl);
			if (unshare_rule == UNSHARE_SYNC_EACH)
				tlb_flush_pmd_range(&tlb, addr & PUD_MASK,
						    PUD_SIZE);
			addr |= last_addr_mask();
			continue;
		}
		if (entry_present(entry_read(pmd))) {
			/* huge_ptep_modify_prot_start/commit */
			old = entry_xchg(pmd, 0);
			entry_write(pmd, (old & ~_PAGE_RW) | rw);
			tlb_remove_huge_tlb_entry(&tlb, PMD_SIZE, addr);
		}
		spin_unlock(ptl);
	}
	tlb_flush_mmu_tlbonly(&tlb);
	huge_pmd_unshare_flush(&tlb, vma);
	i_mmap_unlock_write(vma->vm_file);
	hugetlb_vma_unlock_write(vma);
	tlb_finish_mmu(&tlb);
}

/*
 * mprotect() of whole huge pages inside one hugetlb VMA: split it at the
 * range's ends, flip VM_WRITE, change the leaves. Other VMAs: -EINVAL
 * (the model has no mprotect for them).
 */
int hugetlb_mprotect(struct mm_struct *mm, unsigned long start,
		     unsigned long end)
{
	struct vm_area_struct *vma;
	int err = 0;

	if ((start | end) & ~PMD_MASK || start >= end)
		return -EINVAL;
	down_write(&mm->mmap_lock);
	vma = vma_lookup(mm, start);
	if (!vma || !is_vm_hugetlb_page(vma) || end > vma->vm_end) {
		err = -EINVAL;
		goto out;
	}
	if (start > vma->vm_start) {
		err = __split_vma(mm, vma, start, 1);
		if (err)
			goto out;
	}
	if (end < vma->vm_end) {
		err = __split_vma(mm, vma, end, 0);
		if (err)
			goto out;
	}
	WRITE_ONCE(vma->vm_flags, vma->vm_flags ^ VM_WRITE);
	hugetlb_change_protection(vma, start, end);
out:
	mmap_write_unlock(mm);
	return err;
}

/* ---- truncate (fs/hugetlbfs/inode.c) --------------------------------- */

/*
 * hugetlb_vmdelete_list(): zap [pgoff, end of file) in every mapping.
 * The hugetlb VMA lock nests outside i_mmap_rwsem, so here it can only
 * be tried: a VMA whose lock is busy is skipped, as in the kernel (its
 * holder is a fault, which rechecks the size, or an unmap).
 */
static void hugetlb_vmdelete_list(struct address_space *mapping,
				  unsigned long pgoff)
{
	struct vm_area_struct *vma;

	for (vma = mapping->i_mmap; vma; vma = vma->file_next) {
		unsigned long pages =
			(vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
		unsigned long first =
			pgoff > vma->vm_pgoff ? pgoff : vma->vm_pgoff;
		unsigned long start;

		if (first >= vma->vm_pgoff + pages)
			continue;
		if (!down_write_trylock(&vma->hugetlb_lock))
			continue;
		start = vma->vm_start + ((first - vma->vm_pgoff) << PAGE_SHIFT);
		oracle_zap_begin(vma->vm_mm, start, vma->vm_end);
		unmap_hugepage_range(vma, start, vma->vm_end);
		oracle_check(oracle_zap_done(vma->vm_mm, start, vma->vm_end));
		hugetlb_vma_unlock_write(vma);
	}
}

/* hugetlb_vmtruncate(): shrink the file to @hpgoff huge pages. */
void hugetlb_vmtruncate(struct address_space *mapping, unsigned long hpgoff)
{
	unsigned long old_size;

	trace_func(__func__, hpgoff);
	old_size = i_size_shrink(mapping, hpgoff);
	if (hpgoff >= old_size)
		return;
	i_mmap_lock_write(mapping);
	hugetlb_vmdelete_list(mapping, hpgoff << (PMD_SHIFT - PAGE_SHIFT));
	i_mmap_unlock_write(mapping);
	/* remove_inode_hugepages(): the same as for small pages. */
	truncate_inode_pages(mapping, hpgoff, old_size);
}
