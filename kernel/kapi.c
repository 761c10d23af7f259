// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model world's end of kernel-source mode.
 *
 * 1. The model's gather API (core/mmu_gather.h), so that every caller in
 *    core/ and fuzz/ runs unchanged: each call finds the kernel gather
 *    that shadows the caller's struct mmu_gather, calls the kernel build
 *    of the current profile (struct tlbf_kops), and mirrors the kernel
 *    gather's fields back into the caller's struct, so that state readers
 *    (the vectors' recorder, oracles) see the kernel's values.
 * 2. The services the kernel world's shim headers call (tlbf/kapi.h):
 *    flushes through core/arch_flush.c, batch pages through should_fail(),
 *    page and table freeing through core/page.c, RCU, IPIs, BUG/WARN.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "faultinj.h"
#include "mmu_gather.h"
#include "oracle.h"
#include "page.h"
#include "sync.h"
#include "tlbf/kapi.h"
#include "tlbf/kmode.h"
#include "trace.h"

#define KAPI_SLOTS 32

/* A caller's struct mmu_gather, its kernel shadow, and the mirrors. */
struct kslot {
	struct mmu_gather *tlb;
	const struct tlbf_kops *ops;
	void *kg;
	struct mmu_gather_batch mirror[TLBF_KVIEW_BATCHES];
	struct mmu_table_batch *table_mirror;
};

/*
 * The build has one PAGE_SHIFT and CONFIG_PGTABLE_LEVELS
 * (kernel/kgeometry.cmake): a run whose geometry has both runs as it is,
 * and so does a four-level one in a five-level build (the p4d folded at
 * run time); any other folds to the build's own geometry.
 */
const struct pt_geometry *geometry_for_gather(const struct pt_geometry *g)
{
	const struct pt_geometry *own = geometry_by_name(TLBF_KGEOMETRY);

	if (g->page_shift == TLBF_KPAGE_SHIFT &&
	    (g->levels == TLBF_KLEVELS ||
	     (TLBF_KLEVELS == 5 && g->levels == 4)))
		return g;
	return own ? own : g;
}

/*
 * CPUs may be real threads (the pthread runner): the table is locked, but
 * never across a call into the kernel's code, which may reach a scheduling
 * point. A slot belongs to one open gather, so its fields need no lock.
 */
static struct kslot kslots[KAPI_SLOTS];
static pthread_mutex_t kslots_lock = PTHREAD_MUTEX_INITIALIZER;

static const struct tlbf_kops *kops_current(void)
{
	unsigned int i;

	for (i = 0; i < tlbf_kops_nr; i++) {
		const struct tlbf_kops *k = tlbf_kops_all[i];

		if (strcmp(k->profile, tlbf_arch->name))
			continue;
		/* geometry_for_gather() saw to it; a broken build if not. */
		if (k->page_shift != tlbf_geom.page_shift) {
			fprintf(stderr,
				"tlbfuzz: kernel mode was built for %u-bit "
				"pages; geometry '%s' has %u-bit pages "
				"(TLBFUZZ_KERNEL_GEOMETRY)\n",
				k->page_shift, tlbf_geom.name,
				tlbf_geom.page_shift);
			abort();
		}
		return k;
	}
	/* Not a finding: the run asked for what this build cannot do. */
	fprintf(stderr,
		"tlbfuzz: kernel mode has no gather for profile '%s' "
		"(built: see TLBFUZZ_KERNEL_PROFILES)\n",
		tlbf_arch->name);
	abort();
}

static struct kslot *kslot_find_locked(struct mmu_gather *tlb)
{
	unsigned int i;

	for (i = 0; i < KAPI_SLOTS; i++)
		if (kslots[i].tlb == tlb)
			return &kslots[i];
	return NULL;
}

/* tlb_gather_mmu*(): a fresh kernel gather for @tlb. */
static struct kslot *kslot_open(struct mmu_gather *tlb)
{
	const struct tlbf_kops *ops = kops_current();
	struct kslot *s;
	unsigned int i;

	pthread_mutex_lock(&kslots_lock);
	s = kslot_find_locked(tlb);
	for (i = 0; !s && i < KAPI_SLOTS; i++)
		if (!kslots[i].tlb)
			s = &kslots[i];
	if (s)
		s->tlb = tlb;
	pthread_mutex_unlock(&kslots_lock);
	if (!s) {
		fprintf(stderr,
			"tlbfuzz: kernel mode shadows at most %d "
			"open gathers\n",
			KAPI_SLOTS);
		abort();
	}
	free(s->kg);
	s->ops = ops;
	/*
	 * Zeroed, not poisoned: the vma_* bits are set only by
	 * tlb_start_vma, and the kernel-recorded vectors start from a
	 * zeroed gather.
	 */
	s->kg = calloc(1, ops->gather_size);
	if (!s->kg)
		abort();
	if (!s->table_mirror) {
		s->table_mirror = calloc(1, sizeof(*s->table_mirror));
		if (!s->table_mirror)
			abort();
	}
	return s;
}

static struct kslot *kslot(struct mmu_gather *tlb)
{
	struct kslot *s;

	pthread_mutex_lock(&kslots_lock);
	s = kslot_find_locked(tlb);
	pthread_mutex_unlock(&kslots_lock);

	if (!s) {
		report(ORACLE_KERNEL_BUG, "gather used before tlb_gather_mmu",
		       "struct mmu_gather %p", (void *)tlb);
		abort();
	}
	return s;
}

/* Copy the kernel gather's state into the caller's struct mmu_gather. */
static void kslot_mirror(struct kslot *s)
{
	struct mmu_gather *tlb = s->tlb;
	struct tlbf_kview v;
	unsigned int i;

	s->ops->view(s->kg, &v);
	tlb->mm = v.mm;
	tlb->start = v.start;
	tlb->end = v.end;
	tlb->fullmm = v.fullmm;
	tlb->need_flush_all = v.need_flush_all;
	tlb->freed_tables = v.freed_tables;
	tlb->cleared_ptes = v.cleared_ptes;
	tlb->cleared_pmds = v.cleared_pmds;
	tlb->cleared_puds = v.cleared_puds;
	tlb->cleared_p4ds = v.cleared_p4ds;
	tlb->vma_exec = v.vma_exec;
	tlb->vma_huge = v.vma_huge;
	tlb->vma_pfn = v.vma_pfn;
	tlb->unshared_tables = v.unshared_tables;
	tlb->fully_unshared_tables = v.fully_unshared_tables;
	tlb->batch_count = v.batch_count;
	tlb->local.nr = v.local_nr;
	tlb->local.next = v.nr_batches ? &s->mirror[0] : NULL;
	tlb->active = &tlb->local;
	for (i = 0; i < v.nr_batches; i++) {
		s->mirror[i].nr = v.batch_nr[i];
		s->mirror[i].next =
			i + 1 < v.nr_batches ? &s->mirror[i + 1] : NULL;
	}
	if (v.table_batch_nr >= 0) {
		s->table_mirror->nr = (unsigned int)v.table_batch_nr;
		tlb->batch = s->table_mirror;
	} else {
		tlb->batch = NULL;
	}
}

/* ---- the model's gather API on the kernel's gather -------------------- */

/* A kernel build runs its own tree's rules: nothing to choose. */
void tlb_gather_rules(unsigned int kver)
{
	(void)kver;
}

/* "6.12.118" -> 612: the rules core/zap.c follows (core/rules.h). */
unsigned int tlb_gather_tree_kver(void)
{
	unsigned int major = 0, minor = 0;

	if (sscanf(tlbf_kops_all[0]->version, "%u.%u", &major, &minor) != 2)
		return 601;
	return major * 100 + minor;
}

void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm)
{
	struct kslot *s = kslot_open(tlb);

	s->ops->gather(s->kg, mm);
	kslot_mirror(s);
}

void tlb_gather_mmu_fullmm(struct mmu_gather *tlb, struct mm_struct *mm)
{
	struct kslot *s = kslot_open(tlb);

	s->ops->gather_fullmm(s->kg, mm);
	kslot_mirror(s);
}

void tlb_gather_mmu_vma(struct mmu_gather *tlb, struct vm_area_struct *vma)
{
	struct kslot *s = kslot_open(tlb);

	s->ops->gather_vma(s->kg, vma->vm_mm, vma->vm_start, vma->vm_end,
			   vma->vm_flags);
	kslot_mirror(s);
}

/* The caller's struct keeps the final state; the shadow goes. */
void tlb_finish_mmu(struct mmu_gather *tlb)
{
	struct kslot *s = kslot(tlb);

	s->ops->finish(s->kg);
	kslot_mirror(s);
	free(s->kg);
	s->kg = NULL;
	pthread_mutex_lock(&kslots_lock);
	s->tlb = NULL;
	pthread_mutex_unlock(&kslots_lock);
}

#define KAPI_CALL(tlb, call)                  \
	do {                                  \
		struct kslot *s = kslot(tlb); \
		s->ops->call;                 \
		kslot_mirror(s);              \
	} while (0)

void tlb_start_vma(struct mmu_gather *tlb, struct vm_area_struct *vma)
{
	KAPI_CALL(tlb, start_vma(s->kg, vma->vm_mm, vma->vm_start, vma->vm_end,
				 vma->vm_flags));
}

void tlb_end_vma(struct mmu_gather *tlb, struct vm_area_struct *vma)
{
	KAPI_CALL(tlb, end_vma(s->kg, vma->vm_mm, vma->vm_start, vma->vm_end,
			       vma->vm_flags));
}

void tlb_flush_mmu(struct mmu_gather *tlb)
{
	KAPI_CALL(tlb, flush_mmu(s->kg));
}

void tlb_flush_mmu_tlbonly(struct mmu_gather *tlb)
{
	KAPI_CALL(tlb, flush_mmu_tlbonly(s->kg));
}

bool __tlb_remove_page_size(struct mmu_gather *tlb, struct page *page,
			    int page_size)
{
	struct kslot *s = kslot(tlb);
	bool full = s->ops->__remove_page_size(s->kg, page, page_size);

	kslot_mirror(s);
	return full;
}

bool __tlb_remove_page(struct mmu_gather *tlb, struct page *page)
{
	return __tlb_remove_page_size(tlb, page, (int)PAGE_SIZE);
}

void tlb_remove_page_size(struct mmu_gather *tlb, struct page *page,
			  int page_size)
{
	KAPI_CALL(tlb, remove_page_size(s->kg, page, page_size));
}

void tlb_remove_page(struct mmu_gather *tlb, struct page *page)
{
	tlb_remove_page_size(tlb, page, (int)PAGE_SIZE);
}

void tlb_remove_table(struct mmu_gather *tlb, void *table)
{
	KAPI_CALL(tlb, remove_table(s->kg, table));
}

void tlb_remove_table_sync_one(void)
{
	kops_current()->table_sync_one();
}

void tlb_flush_pte_range(struct mmu_gather *tlb, unsigned long address,
			 unsigned long size)
{
	KAPI_CALL(tlb, flush_range(s->kg, 0, address, size));
}

void tlb_flush_pmd_range(struct mmu_gather *tlb, unsigned long address,
			 unsigned long size)
{
	KAPI_CALL(tlb, flush_range(s->kg, 1, address, size));
}

void tlb_flush_pud_range(struct mmu_gather *tlb, unsigned long address,
			 unsigned long size)
{
	KAPI_CALL(tlb, flush_range(s->kg, 2, address, size));
}

void tlb_flush_p4d_range(struct mmu_gather *tlb, unsigned long address,
			 unsigned long size)
{
	KAPI_CALL(tlb, flush_range(s->kg, 3, address, size));
}

void tlb_remove_tlb_entry(struct mmu_gather *tlb, pte_t *ptep,
			  unsigned long address)
{
	KAPI_CALL(tlb, remove_tlb_entry(s->kg, ptep, address));
}

void tlb_remove_huge_tlb_entry(struct mmu_gather *tlb, unsigned long size,
			       unsigned long address)
{
	KAPI_CALL(tlb, remove_huge_tlb_entry(s->kg, size, address));
}

void tlb_remove_pmd_tlb_entry(struct mmu_gather *tlb, pmd_t *pmdp,
			      unsigned long address)
{
	KAPI_CALL(tlb, remove_pmd_tlb_entry(s->kg, pmdp, address));
}

void tlb_remove_pud_tlb_entry(struct mmu_gather *tlb, pud_t *pudp,
			      unsigned long address)
{
	KAPI_CALL(tlb, remove_pud_tlb_entry(s->kg, pudp, address));
}

void pte_free_tlb(struct mmu_gather *tlb, pgtable_t pte, unsigned long address)
{
	KAPI_CALL(tlb, free_tlb(s->kg, 0, pte, address));
}

void pmd_free_tlb(struct mmu_gather *tlb, struct page *pmd,
		  unsigned long address)
{
	KAPI_CALL(tlb, free_tlb(s->kg, 1, pmd, address));
}

void pud_free_tlb(struct mmu_gather *tlb, struct page *pud,
		  unsigned long address)
{
	KAPI_CALL(tlb, free_tlb(s->kg, 2, pud, address));
}

void p4d_free_tlb(struct mmu_gather *tlb, struct page *p4d,
		  unsigned long address)
{
	KAPI_CALL(tlb, free_tlb(s->kg, 3, p4d, address));
}

/* free_pgd_range(): mm/memory.c's, extracted from the tree. */
void free_pgd_range(struct mmu_gather *tlb, unsigned long addr,
		    unsigned long end, unsigned long floor,
		    unsigned long ceiling)
{
	trace_func(__func__, addr);
	KAPI_CALL(tlb, free_pgd_range(s->kg, addr, end, floor, ceiling));
}

/*
 * The flush stride, as core/arch_flush.c asks it of the (mirrored) model
 * gather: one entry's span at the finest level with an entry cleared, a
 * page when none was (levels are numbered from the leaf, PT_PTE = 0).
 */
unsigned int tlb_get_unmap_shift(struct mmu_gather *tlb)
{
	unsigned int levels = tlb->cleared_ptes | tlb->cleared_pmds << 1 |
			      tlb->cleared_puds << 2 | tlb->cleared_p4ds << 3;
	enum pt_level finest =
		levels ? (enum pt_level)__builtin_ctz(levels) : PT_PTE;

	return level_shift(finest);
}

unsigned long tlb_get_unmap_size(struct mmu_gather *tlb)
{
	return 1UL << tlb_get_unmap_shift(tlb);
}

/*
 * hugetlb PMD unsharing: the tree's tlb_unshare_pmd_ptdesc() and
 * tlb_flush_unshared_tables() on the profiles whose kernels share PMD
 * tables (x86, arm64); the others have no sharing to unshare.
 */
bool tlb_gather_has_unshare(void)
{
	return kops_current()->unshare_pmd != NULL;
}

void tlb_unshare_pmd_ptdesc(struct mmu_gather *tlb, struct page *pt,
			    unsigned long addr)
{
	struct kslot *s = kslot(tlb);

	if (!s->ops->unshare_pmd) {
		report(ORACLE_KERNEL_BUG,
		       "tlb_unshare_pmd_ptdesc in kernel mode",
		       "this profile's kernel has no hugetlb PMD sharing");
		return;
	}
	s->ops->unshare_pmd(s->kg, &pt->pt_share_count, addr);
	kslot_mirror(s);
}

void tlb_flush_unshared_tables(struct mmu_gather *tlb)
{
	struct kslot *s = kslot(tlb);

	if (!s->ops->flush_unshared)
		return;
	s->ops->flush_unshared(s->kg);
	kslot_mirror(s);
}

/* ---- 6.2+: delayed rmap removal (kernel mode only, tlbf/kmode.h) ------- */

bool tlb_remove_page_delay_rmap(struct mmu_gather *tlb, struct page *page)
{
	struct kslot *s = kslot(tlb);
	bool full;

	if (!s->ops->remove_page_delay_rmap) {
		/* 6.1: the rmap goes at once, before the flush. */
		page_remove_rmap(page);
		return __tlb_remove_page(tlb, page);
	}
	full = s->ops->remove_page_delay_rmap(s->kg, page);
	kslot_mirror(s);
	return full;
}

/* Whether the tree delays rmaps at all; the bridge announces it. */
bool tlb_delay_rmap(struct mmu_gather *tlb)
{
	return kslot(tlb)->ops->remove_page_delay_rmap != NULL;
}

bool __tlb_remove_folio_pages(struct mmu_gather *tlb, struct page *page,
			      unsigned int nr_pages, bool delay_rmap)
{
	struct kslot *s = kslot(tlb);
	bool full;

	if (nr_pages == 1 && delay_rmap)
		return tlb_remove_page_delay_rmap(tlb, page);
	if (nr_pages == 1)
		return __tlb_remove_page(tlb, page);
	if (!s->ops->remove_folio_pages) {
		report(ORACLE_KERNEL_BUG,
		       "__tlb_remove_folio_pages in kernel mode",
		       "this tree has no folio batching (before 6.9)");
		return false;
	}
	full = s->ops->remove_folio_pages(s->kg, page, nr_pages, delay_rmap);
	kslot_mirror(s);
	return full;
}

void tlb_flush_rmaps(struct mmu_gather *tlb, struct vm_area_struct *vma)
{
	struct kslot *s = kslot(tlb);

	if (!s->ops->flush_rmaps)
		return;
	s->ops->flush_rmaps(s->kg, vma->vm_mm, vma->vm_start, vma->vm_end,
			    vma->vm_flags);
	kslot_mirror(s);
}

/* ---- for kernel/khugetlb_model.c (tlbf/kmode.h) ------------------------ */

void *tlbf_kslot_gather(struct mmu_gather *tlb)
{
	return kslot(tlb)->kg;
}

void tlbf_kslot_mirror(struct mmu_gather *tlb)
{
	kslot_mirror(kslot(tlb));
}

/* ---- mm/memory.c's callers of the gather (kernel/kzap_model.c) ------- */

void *tlbf_kapi_kgather(struct mmu_gather *tlb, const struct tlbf_kops **ops)
{
	struct kslot *s = kslot(tlb);

	*ops = s->ops;
	return s->kg;
}

struct mmu_gather *tlbf_kapi_model_tlb(void *kg)
{
	struct mmu_gather *tlb = NULL;
	unsigned int i;

	pthread_mutex_lock(&kslots_lock);
	for (i = 0; i < KAPI_SLOTS && !tlb; i++)
		if (kslots[i].tlb && kslots[i].kg == kg)
			tlb = kslots[i].tlb;
	pthread_mutex_unlock(&kslots_lock);
	return tlb;
}
