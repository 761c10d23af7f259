// SPDX-License-Identifier: GPL-2.0-only
/*
 * exec's stack shift, as extracted from the tree at build time by
 * scripts/lib/kextract.py (kernel/kernel.cmake, TLBFUZZ_KERNEL_EXEC):
 * 6.1 fs/exec.c shift_arg_pages(), 6.12 mm/mmap.c relocate_vma_down(),
 * compiled against tlbf/exec_vma.h and the tree's gather (tlb.h,
 * mm/mmu_gather.c) and free_pgd_range() (kernel/kpgfree.c) of this
 * (tree, profile) build.
 */
#include <errno.h>

#include <asm/tlb.h>

#include "tlbf/exec_vma.h"

__thread struct kexec_vma *tlbf_kexec_stack;

/* kernel/kpgfree.c: the tree's free_pgd_range(), arm64's batch set up. */
void TLBF_KSYM(kb_free_pgd_range)(void *kg, unsigned long addr,
				  unsigned long end, unsigned long floor,
				  unsigned long ceiling);

/*
 * The gather lives on the caller's stack with whatever was there: as
 * kernel/kbridge.c does for the model's callers, poison it first.
 */
static void kexec_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm)
{
	__builtin_memset(tlb, tlbf_k_poison_byte(), sizeof(*tlb));
	tlb->vma_exec = 0;
	tlb->vma_huge = 0;
	tlb->vma_pfn = 0;
	tlb_gather_mmu(tlb, mm);
}

/* The trace shows the call as the model's kernel-mode wrapper does. */
static void kexec_free_pgd_range(struct mmu_gather *tlb, unsigned long addr,
				 unsigned long end, unsigned long floor,
				 unsigned long ceiling)
{
	tlbf_k_trace_func("free_pgd_range", addr);
	TLBF_KSYM(kb_free_pgd_range)(tlb, addr, end, floor, ceiling);
}

#undef tlb_gather_mmu
#define tlb_gather_mmu(tlb, mm) kexec_gather_mmu((tlb), (mm))
#undef free_pgd_range
#define free_pgd_range kexec_free_pgd_range

#ifdef TLBF_KEXEC_612
#define relocate_vma_down TLBF_KSYM(relocate_vma_down)
int relocate_vma_down(struct vm_area_struct *vma, unsigned long shift);
#endif

#include TLBF_KEXEC_C

/*
 * The model's caller holds mmap_lock for write and has checked @shift
 * (setup_arg_pages() computes it); @model_vma is the stack VMA.
 */
int TLBF_KSYM(kb_shift_arg_pages)(void *mm, void *model_vma,
				  unsigned long shift)
{
	struct kexec_vma stack;
	int ret;

	kexec_vma_load(&stack, mm, model_vma);
	tlbf_kexec_stack = &stack;
#ifdef TLBF_KEXEC_612
	ret = relocate_vma_down(&stack.v, shift);
#else
	ret = shift_arg_pages(&stack.v, shift);
#endif
	tlbf_kexec_stack = NULL;
	return ret;
}
