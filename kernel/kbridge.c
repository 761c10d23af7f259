// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel world's end of kernel-source mode: one struct tlbf_kops per
 * (tree, profile) build, whose entries call the kernel's gather API, the
 * exported functions of the tree's mm/mmu_gather.c and the inline and
 * macro half of its include/asm-generic/tlb.h, on a kernel struct
 * mmu_gather that kernel/kapi.c allocates. Nothing here decides anything
 * about flushing or freeing: that is the kernel code's job.
 */

/*
 * Calls to __tlb_remove_page_size() from tlb.h's inlines go through a
 * counting wrapper, so that every "batch full" the kernel reports shows in
 * the trace, as the vectors' harness did by wrapping the symbol.
 */
#undef __tlb_remove_page_size
#define __tlb_remove_page_size TLBF_KSYM(tlbf_counted_remove_page_size)

#include <asm/tlb.h>

#undef __tlb_remove_page_size
#define __tlb_remove_page_size TLBF_KSYM(__tlb_remove_page_size)

#if TLBF_KVER >= 602
bool __tlb_remove_page_size(struct mmu_gather *tlb, struct page *page,
			    bool delay_rmap, int page_size);

bool TLBF_KSYM(tlbf_counted_remove_page_size)(struct mmu_gather *tlb,
					      struct page *page,
					      bool delay_rmap, int page_size)
{
	bool full = __tlb_remove_page_size(tlb, page, delay_rmap, page_size);

	if (full)
		tlbf_k_batch_full();
	return full;
}
#else
bool __tlb_remove_page_size(struct mmu_gather *tlb, struct page *page,
			    int page_size);

bool TLBF_KSYM(tlbf_counted_remove_page_size)(struct mmu_gather *tlb,
					      struct page *page, int page_size)
{
	bool full = __tlb_remove_page_size(tlb, page, page_size);

	if (full)
		tlbf_k_batch_full();
	return full;
}
#endif

/*
 * The kernel's gather lives on its caller's stack: whatever the gather
 * functions do not set is garbage. Poison it, so a field they forget
 * reads as garbage here too. The vma_* bits are the exception: only
 * tlb_start_vma sets them, and the kernel-recorded vectors start from a
 * zeroed gather.
 */
static void kb_stack_gather(struct mmu_gather *tlb)
{
	__builtin_memset(tlb, tlbf_k_poison_byte(), sizeof(*tlb));
	tlb->vma_exec = 0;
	tlb->vma_huge = 0;
	tlb->vma_pfn = 0;
}

static void kb_gather(void *kg, void *mm)
{
	kb_stack_gather(kg);
	tlb_gather_mmu(kg, mm);
}

static void kb_gather_fullmm(void *kg, void *mm)
{
	kb_stack_gather(kg);
	tlb_gather_mmu_fullmm(kg, mm);
}

/*
 * The VMA the bridge hands the kernel's gather (tlb_gather_mmu_vma,
 * tlb_start/end_vma, tlb_flush_rmaps): they read only these fields.
 */
static struct vm_area_struct kb_vma(void *mm, unsigned long start,
				    unsigned long end, unsigned long flags)
{
	return (struct vm_area_struct){
		.vm_start = start,
		.vm_end = end,
		.vm_flags = flags,
		.vm_mm = mm,
	};
}

static void kb_gather_vma(void *kg, void *mm, unsigned long start,
			  unsigned long end, unsigned long flags)
{
	struct vm_area_struct vma = kb_vma(mm, start, end, flags);

	kb_stack_gather(kg);
	tlb_gather_mmu_vma(kg, &vma);
}

static void kb_finish(void *kg)
{
	tlb_finish_mmu(kg);
}

static void kb_flush_mmu(void *kg)
{
	tlb_flush_mmu(kg);
}

static void kb_flush_mmu_tlbonly(void *kg)
{
	tlb_flush_mmu_tlbonly(kg);
}

static void kb_start_vma(void *kg, void *mm, unsigned long start,
			 unsigned long end, unsigned long flags)
{
	struct vm_area_struct vma = kb_vma(mm, start, end, flags);

	tlb_start_vma((struct mmu_gather *)kg, &vma);
}

static void kb_end_vma(void *kg, void *mm, unsigned long start,
		       unsigned long end, unsigned long flags)
{
	struct vm_area_struct vma = kb_vma(mm, start, end, flags);

	tlb_end_vma((struct mmu_gather *)kg, &vma);
}

static bool kb___remove_page_size(void *kg, void *page, int size)
{
#if TLBF_KVER >= 602
	if (size == (int)PAGE_SIZE)
		return __tlb_remove_page((struct mmu_gather *)kg, page, false);

	return TLBF_KSYM(tlbf_counted_remove_page_size)(kg, page, false, size);
#else
	if (size == (int)PAGE_SIZE)
		return __tlb_remove_page((struct mmu_gather *)kg, page);
	return TLBF_KSYM(tlbf_counted_remove_page_size)(kg, page, size);
#endif
}

static void kb_remove_page_size(void *kg, void *page, int size)
{
	if (size == (int)PAGE_SIZE)
		tlb_remove_page((struct mmu_gather *)kg, page);
	else
		tlb_remove_page_size((struct mmu_gather *)kg, page, size);
}

static void kb_remove_table(void *kg, void *table)
{
	tlbf_free_table_tlb((struct mmu_gather *)kg, table);
}

static void kb_table_sync_one(void)
{
	tlb_remove_table_sync_one();
}

static void kb_flush_range(void *kg, int level, unsigned long addr,
			   unsigned long size)
{
	struct mmu_gather *tlb = kg;

	switch (level) {
	case 0:
		tlb_flush_pte_range(tlb, addr, size);
		break;
	case 1:
		tlb_flush_pmd_range(tlb, addr, size);
		break;
	case 2:
		tlb_flush_pud_range(tlb, addr, size);
		break;
	default:
		tlb_flush_p4d_range(tlb, addr, size);
		break;
	}
}

static void kb_remove_tlb_entry(void *kg, void *ptep, unsigned long addr)
{
	struct mmu_gather *tlb = kg;

	tlb_remove_tlb_entry(tlb, (pte_t *)ptep, addr);
}

/* The fake hstate carries the huge page size (tlbf/custom.h). */
static void kb_remove_huge_tlb_entry(void *kg, unsigned long size,
				     unsigned long addr)
{
	struct mmu_gather *tlb = kg;
	struct hstate *h = (struct hstate *)(uintptr_t)size;

	tlb_remove_huge_tlb_entry(h, tlb, (pte_t *)NULL, addr);
}

static void kb_remove_pmd_tlb_entry(void *kg, void *pmdp, unsigned long addr)
{
	struct mmu_gather *tlb = kg;

	tlb_remove_pmd_tlb_entry(tlb, (pmd_t *)pmdp, addr);
}

static void kb_remove_pud_tlb_entry(void *kg, void *pudp, unsigned long addr)
{
	struct mmu_gather *tlb = kg;

	tlb_remove_pud_tlb_entry(tlb, (pud_t *)pudp, addr);
}

static void kb_free_tlb(void *kg, int level, void *table, unsigned long addr)
{
	struct mmu_gather *tlb = kg;

	/* The kernel's pmd/pud/p4d_free_tlb() take the table's entries. */
	void *entries = tlbf_k_table_entries(table);

	/* The tree's arm64 __p?d_free_tlb() fill table batches only. */
	if (IS_ENABLED(TLBF_KARCH_ARM64))
		tlbf_k_alloc_table_batch(true);
	switch (level) {
	case 0:
		pte_free_tlb(tlb, table, addr);
		break;
	case 1:
		pmd_free_tlb(tlb, (pmd_t *)entries, addr);
		break;
	case 2:
		pud_free_tlb(tlb, (pud_t *)entries, addr);
		break;
	default:
		p4d_free_tlb(tlb, (p4d_t *)entries, addr);
		break;
	}
	if (IS_ENABLED(TLBF_KARCH_ARM64))
		tlbf_k_alloc_table_batch(false);
}

static void kb_view(void *kg, struct tlbf_kview *v)
{
	tlbf_kview_fill(kg, v);
}

#if TLBF_KVER >= 602
/*
 * zap_present_folio_ptes() on a dirty file page: the rmap goes only after
 * the TLB flush (tlb_flush_rmaps), if the arch can delay it at all.
 */
static bool kb_remove_page_delay_rmap(void *kg, void *page)
{
	struct mmu_gather *tlb = kg;
	bool delay = tlb_delay_rmap(tlb);

	if (!delay)
		tlbf_k_remove_rmap(page, 1, tlb->mm);
	return __tlb_remove_page(tlb, page, delay);
}

static void kb_flush_rmaps(void *kg, void *mm, unsigned long start,
			   unsigned long end, unsigned long flags)
{
	struct vm_area_struct vma = kb_vma(mm, start, end, flags);

	tlb_flush_rmaps((struct mmu_gather *)kg, &vma);
}
#endif

#if TLBF_KVER >= 609
/*
 * zap_present_folio_ptes() with @nr pages of one folio (the model's folio
 * is one page: the count travels in the next slot as the kernel's does).
 * A delayed rmap announces itself first, as the tree's caller does.
 */
static bool kb_remove_folio_pages(void *kg, void *page, unsigned int nr,
				  bool delay_rmap)
{
	struct mmu_gather *tlb = kg;

	if (delay_rmap)
		delay_rmap = tlb_delay_rmap(tlb);
	return __tlb_remove_folio_pages(tlb, page, nr, delay_rmap);
}
#endif

/* kernel/kpgfree.c */
void TLBF_KSYM(kb_free_pgd_range)(void *kg, unsigned long addr,
				  unsigned long end, unsigned long floor,
				  unsigned long ceiling);

#ifdef TLBF_KUNSHARE
/* The descriptor is the count itself (tlbf/types.h). */
static void kb_unshare_pmd(void *kg, void *share_count, unsigned long addr)
{
#if TLBF_KVER >= 612
	tlb_unshare_pmd_ptdesc(kg, (struct ptdesc *)share_count, addr);
#else
	tlb_unshare_pmd_ptdesc(kg, (struct page *)share_count, addr);
#endif
}

static void kb_flush_unshared(void *kg)
{
	tlb_flush_unshared_tables(kg);
}
#endif

#ifdef TLBF_KX86_FLUSH
/* kernel/kx86tlb.c: the tree's arch/x86/mm/tlb.c flush_tlb_mm_range(). */
void TLBF_KSYM(x86_flush_tlb_mm_range)(void *mm, unsigned long start,
				       unsigned long end,
				       unsigned int stride_shift,
				       bool freed_tables);
#endif
#ifdef TLBF_KGUP
/* kernel/kgup.c */
int TLBF_KSYM(kb_gup_fast)(unsigned long start, unsigned long end, bool write,
			   void **pages);
#endif
#ifdef TLBF_KEXEC
/* kernel/kexec.c */
int TLBF_KSYM(kb_shift_arg_pages)(void *mm, void *vma, unsigned long shift);
#endif
/* kernel/kzap.c and kernel/kfree_pgtables.c */
void TLBF_KSYM(kb_unmap_page_range)(void *kg, void *vma, unsigned long addr,
				    unsigned long end, unsigned int details);
void TLBF_KSYM(kb_unmap_vmas)(void *kg, void *vma, unsigned long start,
			      unsigned long end);
void TLBF_KSYM(kb_free_pgtables)(void *kg, void *vma, unsigned long floor,
				 unsigned long ceiling);

const struct tlbf_kops TLBF_KSYM(kops) = {
	.profile = TLBF_KPROFILE_NAME,
	.version = TLBF_KVERSION,
	.page_shift = TLBF_KPAGE_SHIFT,
	.gather_size = sizeof(struct mmu_gather),
	.gather = kb_gather,
	.gather_fullmm = kb_gather_fullmm,
	.gather_vma = kb_gather_vma,
	.finish = kb_finish,
	.flush_mmu = kb_flush_mmu,
	.flush_mmu_tlbonly = kb_flush_mmu_tlbonly,
	.start_vma = kb_start_vma,
	.end_vma = kb_end_vma,
	.__remove_page_size = kb___remove_page_size,
	.remove_page_size = kb_remove_page_size,
	.remove_table = kb_remove_table,
	.table_sync_one = kb_table_sync_one,
	.flush_range = kb_flush_range,
	.remove_tlb_entry = kb_remove_tlb_entry,
	.remove_huge_tlb_entry = kb_remove_huge_tlb_entry,
	.remove_pmd_tlb_entry = kb_remove_pmd_tlb_entry,
	.remove_pud_tlb_entry = kb_remove_pud_tlb_entry,
	.free_tlb = kb_free_tlb,
	.view = kb_view,
	.free_pgd_range = TLBF_KSYM(kb_free_pgd_range),
#if TLBF_KVER >= 602
	.remove_page_delay_rmap = kb_remove_page_delay_rmap,
	.flush_rmaps = kb_flush_rmaps,
#endif
#ifdef TLBF_KUNSHARE
	.unshare_pmd = kb_unshare_pmd,
	.flush_unshared = kb_flush_unshared,
#endif
#ifdef TLBF_KX86_FLUSH
	.x86_flush_tlb_mm_range = TLBF_KSYM(x86_flush_tlb_mm_range),
#endif
#if TLBF_KVER >= 609
	.remove_folio_pages = kb_remove_folio_pages,
#endif
#ifdef TLBF_KGUP
	.gup_fast = TLBF_KSYM(kb_gup_fast),
#endif
#ifdef TLBF_KEXEC
	.shift_arg_pages = TLBF_KSYM(kb_shift_arg_pages),
#endif
#ifdef TLBF_KZAP
	.unmap_page_range = TLBF_KSYM(kb_unmap_page_range),
	.unmap_vmas = TLBF_KSYM(kb_unmap_vmas),
#endif
#ifdef TLBF_KFREE_PGTABLES
	.free_pgtables = TLBF_KSYM(kb_free_pgtables),
#endif
};
