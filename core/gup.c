// SPDX-License-Identifier: GPL-2.0-only
/*
 * get_user_pages_fast() and get_user_pages() (Linux 6.1 mm/gup.c).
 *
 * The fast path walks the current mm's tables with no lock at all. What
 * keeps the tables alive under it: IRQs are off, so a table freed after a
 * flush IPI (x86 native) cannot go until it returns, and a table freed via
 * RCU (MMU_GATHER_RCU_TABLE_FREE) cannot go until it leaves its IRQs-off
 * section, which is an RCU read-side section. What keeps the pages: a
 * speculative reference that fails on a page already at zero, and a
 * re-read of the pmd and pte after it, which catches a page that was
 * unmapped (and maybe freed and reused) between the read and the grab.
 *
 * While it holds a pointer into a table, the walker records that table in
 * this_cpu()->lockless_tables[level]: freeing it then is an oracle report.
 *
 * The model's gup is FOLL_GET (not FOLL_PIN): one get_page per page, the
 * caller drops each with put_page. Anything the fast path cannot do (no
 * entry, read-only for a write, a lost race) is left to the slow path.
 */
#include <errno.h>

#include "cpu.h"
#include "inject.h"
#include "mm_internal.h"
#include "memory.h"
#include "oracle.h"
#include "rules.h"
#include "trace.h"

/*
 * The speculative get on a frame looked up with no lock: the frame is
 * held with no reference over the get's scheduling point, and no longer
 * once it is done, whether it took or not.
 */
static bool lockless_frame_get(struct page *page)
{
	bool got;

	lockless_frame_hold(page);
	got = get_page_unless_zero(page);
	lockless_frame_hold(NULL);
	return got;
}

static bool gup_recheck(void)
{
	return !injected(BUG_GUP_NO_RECHECK);
}

/* gup_pte_range(): @pmd is the value read once from @pmdp. */
static bool gup_pte_range(pmd_t pmd, pmd_t *pmdp, unsigned long addr,
			  unsigned long end, bool write, struct page **pages,
			  int *nr)
{
	struct page *table = pmd_pgtable(pmd);
	bool ok = false;
	pte_t *ptep;

	lockless_enter(PT_PTE, table);
	ptep = pte_offset_map(&pmd, addr);
	do {
		pte_t pte = ptep_get_lockless(ptep);
		struct page *page;
		unsigned int seen;

		if (!pte_present(pte) || (write && !pte_write(pte)))
			goto out;
		page = pte_page(pte);
		seen = page_incarnation(page);
		if (!lockless_frame_get(page))
			goto out;
		/* Unmapped since we read it? The page may be someone else's. */
		if (gup_recheck() && (pmdp_get_lockless(pmdp) != pmd ||
				      ptep_get_lockless(ptep) != pte)) {
			put_page(page);
			goto out;
		}
		oracle_check(oracle_speculative_ref(page, seen, ptep));
		pages[(*nr)++] = page;
	} while (ptep++, addr += PAGE_SIZE, addr != end);
	ok = true;
out:
	lockless_leave(PT_PTE);
	return ok;
}

/* gup_huge_pmd(): one reference per small page the range covers. */
static bool gup_huge_pmd(pmd_t orig, pmd_t *pmdp, unsigned long addr,
			 unsigned long end, bool write, struct page **pages,
			 int *nr)
{
	struct page *page = pmd_page(orig);
	unsigned int seen = page_incarnation(page);
	int refs = (int)((end - addr) >> PAGE_SHIFT), i;

	if (write && !pte_write(orig))
		return false;
	if (!lockless_frame_get(page))
		return false;
	for (i = 1; i < refs; i++)
		get_page(page);
	if (gup_recheck() && pmdp_get_lockless(pmdp) != orig) {
		for (i = 0; i < refs; i++)
			put_page(page);
		return false;
	}
	oracle_check(oracle_speculative_ref(page, seen, pmdp));
	for (i = 0; i < refs; i++)
		pages[(*nr)++] = page;
	return true;
}

static bool gup_pmd_range(pud_t pud, unsigned long addr, unsigned long end,
			  bool write, struct page **pages, int *nr)
{
	struct page *table = entry_table(pud);
	pmd_t *pmdp = pmd_offset(&pud, addr);
	bool ok = true;
	unsigned long next;

	lockless_enter(PT_PMD, table);
	do {
		pmd_t pmd = pmdp_get_lockless(pmdp);

		next = pmd_addr_end(addr, end);
		if (!entry_present(pmd))
			ok = false;
		else if (pmd_trans_huge(pmd))
			ok = gup_huge_pmd(pmd, pmdp, addr, next, write, pages,
					  nr);
		else
			ok = gup_pte_range(pmd, pmdp, addr, next, write, pages,
					   nr);
	} while (ok && (pmdp++, addr = next, addr != end));
	lockless_leave(PT_PMD);
	return ok;
}

static bool gup_pud_range(p4d_t p4d, unsigned long addr, unsigned long end,
			  bool write, struct page **pages, int *nr)
{
	struct page *table = entry_table(p4d);
	pud_t *pudp = pud_offset(&p4d, addr);
	bool ok = true;
	unsigned long next;

	/* Three levels: the p4d entry (the pgd's) points at the PMD table. */
	if (level_folded(PT_PUD))
		return gup_pmd_range(p4d, addr, end, write, pages, nr);
	lockless_enter(PT_PUD, table);
	do {
		pud_t pud = entry_read_once(pudp);

		next = pud_addr_end(addr, end);
		if (!entry_present(pud) || entry_leaf(pud))
			ok = false;
		else
			ok = gup_pmd_range(pud, addr, next, write, pages, nr);
	} while (ok && (pudp++, addr = next, addr != end));
	lockless_leave(PT_PUD);
	return ok;
}

/* The p4d level: folded into the pgd entry with four levels or fewer. */
static bool gup_p4d_range(pgd_t pgd, unsigned long addr, unsigned long end,
			  bool write, struct page **pages, int *nr)
{
	p4d_t *p4dp;
	bool ok = true;
	unsigned long next;

	if (level_folded(PT_P4D))
		return gup_pud_range(pgd, addr, end, write, pages, nr);
	lockless_enter(PT_P4D, entry_table(pgd));
	p4dp = p4d_offset(&pgd, addr);
	do {
		p4d_t p4d = entry_read_once(p4dp);

		next = p4d_addr_end(addr, end);
		if (!entry_present(p4d))
			ok = false;
		else
			ok = gup_pud_range(p4d, addr, next, write, pages, nr);
	} while (ok && (p4dp++, addr = next, addr != end));
	lockless_leave(PT_P4D);
	return ok;
}

static void gup_pgd_range(struct mm_struct *mm, unsigned long addr,
			  unsigned long end, bool write, struct page **pages,
			  int *nr)
{
	pgd_t *pgdp = pgd_offset(mm, addr);
	unsigned long next;

	lockless_enter(PT_PGD, mm->pgd);
	do {
		pgd_t pgd = entry_read_once(pgdp);

		next = pgd_addr_end(addr, end);
		if (!entry_present(pgd))
			break;
		if (!gup_p4d_range(pgd, addr, next, write, pages, nr))
			break;
	} while (pgdp++, addr = next, addr != end);
	lockless_leave(PT_PGD);
}

/* lockless_pages_from_mm(): how many pages the fast path got. */
static int lockless_pages_from_mm(struct mm_struct *mm, unsigned long start,
				  unsigned long end, bool write,
				  struct page **pages)
{
	bool irqs = !injected(BUG_GUP_IRQS_ON);
	int nr = 0;

	trace_func("gup_fast", start);
#ifdef TLBF_KERNEL_GUP
	/* Kernel mode: the tree's own walk (kernel/kgupexec.c). */
	return tlbf_kernel_gup_fast(start, end, write, pages);
#endif
	if (irqs)
		local_irq_disable();
	lockless_walk_of(mm, "gup_fast");
	gup_pgd_range(mm, start, end, write, pages, &nr);
	lockless_walk_of(NULL, NULL);
	if (irqs)
		local_irq_enable();
	return nr;
}

long get_user_pages_fast(unsigned long start, int nr_pages, bool write,
			 struct page **pages)
{
	struct mm_struct *mm = cpu_active_mm(this_cpu());
	unsigned long len, end;
	long nr, ret;

	start &= PAGE_MASK;
	if (nr_pages <= 0 || !mm)
		return 0;
	len = (unsigned long)nr_pages << PAGE_SHIFT;
	end = start + len;
	if (end <= start || end > TASK_SIZE)
		return -EFAULT;
	nr = lockless_pages_from_mm(mm, start, end, write, pages);
	if (nr == nr_pages)
		return nr;
	/* The rest by the slow path, under mmap_lock. */
	ret = get_user_pages(mm, start + ((unsigned long)nr << PAGE_SHIFT),
			     nr_pages - (int)nr, write, pages + nr);
	if (ret < 0)
		return nr ? nr : ret;
	return nr + ret;
}

/* The model's FOLL_* bits: what a follow_page() caller asks for. */
#define FOLL_WRITE 0x1u /* only a writable entry */
#define FOLL_GET   0x2u /* the page with a reference, taken under the lock */

/*
 * follow_page_mask() from the PMD slot @pmd for @addr on: under the pmd
 * or PTE lock; NULL if not mapped.
 */
static struct page *follow_pmd(struct vm_area_struct *vma, pmd_t *pmd,
			       unsigned long addr, unsigned int foll)
{
	struct mm_struct *mm = vma->vm_mm;
	bool write = foll & FOLL_WRITE;
	struct page *page = NULL;
	spinlock_t *ptl;
	pte_t *pte, pteval;
	pmd_t pmdval;

	pmdval = entry_read_once(pmd);
	if (pmd_none(pmdval))
		return NULL;
	if (pmd_trans_huge(pmdval)) {
		ptl = pmd_lock(mm, pmd);
		pmdval = entry_read(pmd);
		if (pmd_trans_huge(pmdval) && (!write || pte_write(pmdval)))
			page = pmd_page(pmdval);
		if (page && (foll & FOLL_GET))
			get_page(page);
		spin_unlock(ptl);
		return page;
	}
	pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	if (!pte)
		return NULL;
	pteval = ptep_get(pte);
	if (pte_present(pteval) && (!write || pte_write(pteval)))
		page = pte_page(pteval);
	if (page && (foll & FOLL_GET))
		get_page(page);
	pte_unmap_unlock(pte, ptl);
	return page;
}

/* follow_page_mask(): the walk from the top; NULL if not mapped. */
static struct page *follow_page_walk(struct vm_area_struct *vma,
				     unsigned long addr, unsigned int foll)
{
	pmd_t *pmd = pt_lookup(vma->vm_mm, addr, PT_PMD);

	return pmd ? follow_pmd(vma, pmd, addr, foll) : NULL;
}

/*
 * 6.1's walks of a hugetlb VMA that hold no hugetlb VMA lock: nothing
 * they hold keeps the PMD table alive between the lookup and the table's
 * lock (not mmap_lock, which an unshare by MADV_DONTNEED holds too), so
 * the walk is recorded as a walker in that table (@who), as gup_fast is:
 * the hand-over and free-time oracles see it there.
 */
static struct page *follow_page_unguarded(struct vm_area_struct *vma,
					  unsigned long addr, unsigned int foll,
					  const char *who)
{
	struct mm_struct *mm = vma->vm_mm;
	pmd_t *pmd = pt_lookup(mm, addr, PT_PMD);
	struct page *page;

	if (!pmd)
		return NULL;
	hugetlb_walk_unguarded_begin(mm, pmd, addr, who);
	page = follow_pmd(vma, pmd, addr, foll);
	hugetlb_walk_unguarded_end();
	return page;
}

/*
 * The walk above for @vma; a hugetlb VMA under its VMA lock for read
 * (which keeps an unshare, and so the freeing of a table another process
 * owns, out) when @vma_locked, else unguarded as 6.1's @who.
 */
static struct page *follow_page_as(struct vm_area_struct *vma,
				   unsigned long addr, unsigned int foll,
				   bool vma_locked, const char *who)
{
	struct page *page;

	if (!is_vm_hugetlb_page(vma))
		return follow_page_walk(vma, addr, foll);
	if (!vma_locked)
		return follow_page_unguarded(vma, addr, foll, who);
	hugetlb_vma_lock_read(vma);
	page = follow_page_walk(vma, addr, foll);
	hugetlb_vma_unlock_read(vma);
	return page;
}

/*
 * follow_page() as the slow gup walks: a hugetlb VMA under its VMA lock
 * since v6.2 (eefc7fa53608); 6.1.192's follow_hugetlb_page() looks the
 * entry up with no lock and only then takes the table's lock
 * (docs/findings.md, hugetlb-gup-vs-unshare).
 */
struct page *follow_page(struct vm_area_struct *vma, unsigned long addr,
			 bool write)
{
	return follow_page_as(vma, addr, FOLL_GET | (write ? FOLL_WRITE : 0),
			      hugetlb_walk_vma_locked(FIX_HUGETLB_GUP_VMA_LOCK),
			      "follow_hugetlb_page");
}

/*
 * follow_page(FOLL_DUMP) as move_pages(2)'s status query calls it: with
 * FOLL_GET outside hugetlb only. 6.1.192 reaches follow_huge_pmd_pte()
 * for a hugetlb VMA, which looks the entry up and then takes the split
 * lock inside the table, with no VMA lock; since v6.2 (57a196a58421 made
 * it hugetlb_follow_page_mask(), 7d049f3a03ea took the VMA lock) it holds
 * the VMA lock for read (docs/findings.md, hugetlb-follow-page-vs-unshare).
 */
struct page *follow_page_dump(struct vm_area_struct *vma, unsigned long addr)
{
	bool huge = is_vm_hugetlb_page(vma);

	return follow_page_as(
		vma, addr, huge ? 0 : FOLL_GET,
		hugetlb_walk_vma_locked(FIX_HUGETLB_FOLLOW_PAGE_VMA_LOCK),
		"follow_huge_pmd_pte");
}

long get_user_pages(struct mm_struct *mm, unsigned long start, int nr_pages,
		    bool write, struct page **pages)
{
	long done = 0;
	int ret = 0;

	trace_func(__func__, start);
	down_read(&mm->mmap_lock);
	while (done < nr_pages) {
		unsigned long addr = (start & PAGE_MASK) +
				     ((unsigned long)done << PAGE_SHIFT);
		struct vm_area_struct *vma = vma_lookup(mm, addr);
		struct page *page;

		if (!vma) {
			ret = -EFAULT;
			break;
		}
		page = follow_page(vma, addr, write);
		if (!page) {
			ret = handle_mm_fault(vma, addr, write);
			if (ret)
				break;
			continue; /* faultin_page(), then look again */
		}
		pages[done++] = page;
		cond_resched();
	}
	up_read(&mm->mmap_lock);
	return done ? done : ret;
}
