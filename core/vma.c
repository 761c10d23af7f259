// SPDX-License-Identifier: GPL-2.0-only
/*
 * VMAs (Linux 6.1 mm/mmap.c, mm/rmap.c, kernel/fork.c): the per-mm sorted
 * list that stands in for the maple tree, and the two reverse maps an
 * rmap walker searches: an anonymous VMA sits on its anon_vma's list under
 * anon_vma->rwsem, a file VMA on its file's i_mmap under i_mmap_rwsem.
 *
 * The list is changed only under mmap_lock held for write; rmap links
 * only under the rmap lock held for write, so rmap walkers (which do not
 * take mmap_lock) see a VMA either fully linked or not at all. New VMAs go
 * to the tail of an rmap list: mremap relies on walkers meeting the old
 * VMA before the new one (see copy_vma()'s need_rmap_locks).
 *
 * No VMA merging: nothing in the model needs it (mremap's copy_vma then
 * always takes the "new VMA" branch, whose need_rmap_locks is false).
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "faultinj.h"
#include "mm_internal.h"
#include "objlog.h"
#include "oracle.h"
#include "registry.h"
#include "tsan_annotate.h"

struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma;

	if (should_fail(ALLOC_VMA))
		return NULL;
	vma = tlbf_zalloc(sizeof(*vma));
	if (!vma)
		abort();
	vma->vm_mm = mm;
	if (tlbf_trace_names)
		objlog_vma(vma);
	return vma;
}

struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig)
{
	struct vm_area_struct *vma = vm_area_alloc(orig->vm_mm);

	if (!vma)
		return NULL;
	/*
	 * Not the lock word: another CPU may be taking or dropping it (the
	 * kernel copies only the pointer to its separate lock object). The
	 * rmap links may change under i_mmap/anon_vma locks this copy does
	 * not hold: like the kernel's data_race() copy, they are reset below.
	 */
	data_race_copy(vma, orig,
		       offsetof(struct vm_area_struct, hugetlb_lock));
	vma->vm_next = vma->vm_prev = NULL;
	vma->anon_next = vma->file_next = NULL;
	vma->rmap_linked = false;
	/* hugetlb_vm_op_open(): the copy gets a VMA lock of its own. */
	init_rwsem(&vma->hugetlb_lock);
	return vma;
}

void vm_area_free(struct vm_area_struct *vma)
{
	tlbf_free(vma);
}

void vma_list_insert(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = NULL, *next = mm->mmap;

	while (next && next->vm_start < vma->vm_start) {
		prev = next;
		next = next->vm_next;
	}
	vma->vm_prev = prev;
	vma->vm_next = next;
	if (next)
		next->vm_prev = vma;
	if (prev)
		prev->vm_next = vma;
	else
		mm->mmap = vma;
	mm->map_count++;
}

/*
 * validate_mm() of a CONFIG_DEBUG_VM kernel: what a writer of the VMA set
 * must leave when it drops mmap_lock. Every VMA non-empty and ending at
 * or below the next one's start, and map_count of them. A caller that
 * moves a VMA's extent over another (exec's stack shift expanding before
 * it checks the gap) is a kernel BUG here, as it would be there.
 */
static void validate_mm(struct mm_struct *mm)
{
	struct vm_area_struct *vma, *prev = NULL;
	unsigned int n = 0;

	for (vma = mm->mmap; vma; prev = vma, vma = vma->vm_next, n++) {
		if (vma->vm_start < vma->vm_end &&
		    (!prev || prev->vm_end <= vma->vm_start))
			continue;
		report(ORACLE_KERNEL_BUG,
		       "validate_mm: VMAs overlap or are empty",
		       "mm%u [%#lx, %#lx)", mm->id, vma->vm_start, vma->vm_end);
		return;
	}
	if (n != mm->map_count)
		report(ORACLE_KERNEL_BUG, "validate_mm: map_count is wrong",
		       "mm%u has %u VMAs, map_count %u", mm->id, n,
		       mm->map_count);
}

void mmap_write_unlock(struct mm_struct *mm)
{
	validate_mm(mm);
	validate_mm_tables(mm);
	up_write(&mm->mmap_lock);
}

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	for (vma = mm->mmap; vma; vma = vma->vm_next)
		if (vma->vm_end > addr)
			return vma;
	return NULL;
}

struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	if (vma && vma->vm_start > addr)
		return NULL;
	return vma;
}

bool range_is_free(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	return !vma || vma->vm_start >= end;
}

/* ---- anon_vma ------------------------------------------------------ */

void get_anon_vma(struct anon_vma *anon_vma)
{
	__atomic_add_fetch(&anon_vma->refcount, 1, __ATOMIC_SEQ_CST);
}

void put_anon_vma(struct anon_vma *anon_vma)
{
	int ref = __atomic_sub_fetch(&anon_vma->refcount, 1, __ATOMIC_SEQ_CST);

	if (ref < 0)
		report(ORACLE_REFCOUNT, "anon_vma refcount underflow", "%d",
		       ref);
	if (ref == 0) {
		BUG_ON(anon_vma->head);
		tlbf_free(anon_vma);
	}
}

/*
 * anon_vma_prepare(): the first anonymous fault gives the VMA its
 * anon_vma. Called with mmap_lock held for read, so two faults may race:
 * page_table_lock decides who installs it, as in the kernel.
 */
int anon_vma_prepare(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	struct anon_vma *anon_vma;

	if (READ_ONCE(vma->anon_vma))
		return 0;
	if (should_fail(ALLOC_ANON_VMA))
		return -ENOMEM;
	anon_vma = tlbf_zalloc(sizeof(*anon_vma));
	if (!anon_vma)
		abort();
	init_rwsem(&anon_vma->rwsem);
	anon_vma->refcount = 1; /* the VMA's own reference */
	if (tlbf_trace_names)
		objlog_anon_vma(anon_vma);

	down_write(&anon_vma->rwsem);
	spin_lock(&mm->page_table_lock);
	if (!vma->anon_vma) {
		vma->anon_next = NULL;
		anon_vma->head = vma;
		vma->rmap_linked = true;
		WRITE_ONCE(vma->anon_vma, anon_vma);
		anon_vma = NULL;
	}
	spin_unlock(&mm->page_table_lock);
	if (anon_vma) {
		up_write(&anon_vma->rwsem);
		tlbf_free(anon_vma);
	} else {
		up_write(&vma->anon_vma->rwsem);
	}
	return 0;
}

static void list_append(struct vm_area_struct **head,
			struct vm_area_struct *vma, bool anon)
{
	struct vm_area_struct **link = head;

	while (*link)
		link = anon ? &(*link)->anon_next : &(*link)->file_next;
	*link = vma;
	if (anon)
		vma->anon_next = NULL;
	else
		vma->file_next = NULL;
}

static void list_del(struct vm_area_struct **head, struct vm_area_struct *vma,
		     bool anon)
{
	struct vm_area_struct **link = head;

	while (*link && *link != vma)
		link = anon ? &(*link)->anon_next : &(*link)->file_next;
	if (*link)
		*link = anon ? vma->anon_next : vma->file_next;
}

/*
 * vma_link() / anon_vma_clone(): a new VMA that maps anonymous pages of an
 * existing anon_vma (split, mremap's copy) or file pages goes on that rmap
 * list, under the rmap lock, so walkers can find the pages through it.
 */
void vma_link_rmap(struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma = vma->anon_vma;
	struct address_space *mapping = vma->vm_file;

	if (anon_vma) {
		get_anon_vma(anon_vma);
		down_write(&anon_vma->rwsem);
		list_append(&anon_vma->head, vma, true);
		vma->rmap_linked = true;
		up_write(&anon_vma->rwsem);
	} else if (mapping) {
		down_write(&mapping->i_mmap_rwsem);
		list_append(&mapping->i_mmap, vma, false);
		vma->rmap_linked = true;
		up_write(&mapping->i_mmap_rwsem);
	}
}

void unlink_anon_vmas(struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma = vma->anon_vma;

	if (!anon_vma || !vma->rmap_linked)
		return;
	down_write(&anon_vma->rwsem);
	list_del(&anon_vma->head, vma, true);
	vma->rmap_linked = false;
	up_write(&anon_vma->rwsem);
	vma->anon_vma = NULL;
	put_anon_vma(anon_vma);
}

void unlink_file_vma(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma->vm_file;

	if (!mapping || !vma->rmap_linked)
		return;
	down_write(&mapping->i_mmap_rwsem);
	list_del(&mapping->i_mmap, vma, false);
	vma->rmap_linked = false;
	up_write(&mapping->i_mmap_rwsem);
}

/*
 * vma_prepare() / vma_complete(): the rmap lock a split holds while the
 * original shrinks. A file's goes through i_mmap_lock_write(): the split
 * of a hugetlb VMA may unshare a PMD table under it (hugetlb_split), and
 * the hand-over is checked where it drops.
 */
static void split_rmap_lock(struct vm_area_struct *vma)
{
	if (!vma->rmap_linked)
		return;
	if (vma->anon_vma)
		down_write(&vma->anon_vma->rwsem);
	else if (vma->vm_file)
		i_mmap_lock_write(vma->vm_file);
}

static void split_rmap_unlock(struct vm_area_struct *vma)
{
	if (!vma->rmap_linked)
		return;
	if (vma->anon_vma)
		up_write(&vma->anon_vma->rwsem);
	else if (vma->vm_file)
		i_mmap_unlock_write(vma->vm_file);
}

/*
 * __split_vma(): the new VMA is a copy covering one side of @addr; it is
 * linked into rmap before the original shrinks, so a walker under the rmap
 * lock always finds every page through one of the two. The kernel changes
 * the original inside vma_adjust() with the rmap locks held; here the
 * change is done under the same locks.
 */
int __split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		unsigned long addr, int new_below)
{
	unsigned long delta = (addr - vma->vm_start) >> PAGE_SHIFT;
	struct vm_area_struct *new;

	if (is_vm_hugetlb_page(vma) && hugetlb_split_check(vma, addr))
		return -EINVAL;
	new = vm_area_dup(vma);
	if (!new)
		return -ENOMEM;
	/* The copy takes the part below @addr, or the part from it on. */
	if (!new_below)
		new->vm_pgoff += delta;
	*(new_below ? &new->vm_end : &new->vm_start) = addr;
	if (vma->rmap_linked)
		vma_link_rmap(new);

	split_rmap_lock(vma);
	/* 081056dc00a2: unshare during the split, under the rmap lock. */
	if (is_vm_hugetlb_page(vma) && vma->rmap_linked)
		hugetlb_split(vma, addr);
	if (new_below)
		vma->vm_pgoff += delta;
	*(new_below ? &vma->vm_start : &vma->vm_end) = addr;
	split_rmap_unlock(vma);
	vma_list_insert(mm, new);
	return 0;
}

void remove_vma(struct vm_area_struct *vma)
{
	BUG_ON(vma->rmap_linked);
	vm_area_free(vma);
}

unsigned long vma_address(struct page *page, struct vm_area_struct *vma)
{
	unsigned long addr;

	if (page->index < vma->vm_pgoff)
		return -1UL;
	addr = vma->vm_start + ((page->index - vma->vm_pgoff) << PAGE_SHIFT);
	if (addr < vma->vm_start || addr >= vma->vm_end)
		return -1UL;
	return addr;
}
