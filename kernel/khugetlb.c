// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tree's own hugetlb PMD-table sharing: page_table_shareable(),
 * want_pmd_share(), huge_pmd_share(), __huge_pmd_unshare() (where the tree
 * has it), huge_pmd_unshare(), huge_pmd_unshare_flush() and the generic
 * huge_pte_alloc(), cut out of its mm/hugetlb.c at build time by
 * scripts/lib/kextract.py (kernel/kernel.cmake), compiled against
 * tlbf/hugetlb_env.h and the tree's asm-generic/tlb.h, once per profile
 * whose kernel shares PMD tables (x86, arm64). The entry points below are
 * what kernel/khugetlb_model.c calls in place of core/hugetlb_share.c.
 */
#include <asm/tlb.h>

#include "tlbf/hugetlb_env.h"

/* Their names are the model's too (core/hugetlb_share.c). */
#define want_pmd_share	       TLBF_KSYM(want_pmd_share)
#define huge_pmd_share	       TLBF_KSYM(huge_pmd_share)
#define huge_pmd_unshare       TLBF_KSYM(huge_pmd_unshare)
#define huge_pmd_unshare_flush TLBF_KSYM(huge_pmd_unshare_flush)
#define huge_pte_alloc	       TLBF_KSYM(huge_pte_alloc)

bool want_pmd_share(struct vm_area_struct *vma, unsigned long addr);
pte_t *huge_pmd_share(struct mm_struct *mm, struct vm_area_struct *vma,
		      unsigned long addr, pud_t *pud);
int huge_pmd_unshare(struct mmu_gather *tlb, struct vm_area_struct *vma,
		     unsigned long addr, pte_t *ptep);
void huge_pmd_unshare_flush(struct mmu_gather *tlb, struct vm_area_struct *vma);
pte_t *huge_pte_alloc(struct mm_struct *mm, struct vm_area_struct *vma,
		      unsigned long addr, unsigned long sz);

#include TLBF_KHUGETLB_C

/* A call starts on this CPU: shadows of @vma, its mm and its file. */
static void kh_enter(struct tlbf_kh_ctx *c, void *vma)
{
	unsigned int cpu = tlbf_kh_cpu();

	__builtin_memset(c, 0, sizeof(*c));
	tlbf_kh_view(c, vma, &c->vma, &c->mm);
	tlbf_kh_ctx_of[cpu < TLBF_KH_CPUS ? cpu : 0] = c;
}

static void kh_leave(void)
{
	unsigned int cpu = tlbf_kh_cpu();

	tlbf_kh_ctx_of[cpu < TLBF_KH_CPUS ? cpu : 0] = NULL;
}

static void *kh_pte_alloc(void *mm, void *vma, unsigned long addr)
{
	struct tlbf_kh_ctx c;
	pte_t *pte;

	(void)mm; /* the VMA's own */
	kh_enter(&c, vma);
	pte = huge_pte_alloc(&c.mm, &c.vma, addr, PMD_SIZE);
	kh_leave();
	return pte;
}

static int kh_pmd_unshare(void *kg, void *vma, unsigned long addr, void *pmd,
			  bool check_locks)
{
	struct tlbf_kh_ctx c;
	int ret;

	kh_enter(&c, vma);
	tlbf_kh_slot(pmd, addr);
#ifdef TLBF_KH_CHECK_LOCKS
	/* As the tree's callers: the split skips the VMA lock's check. */
	if (check_locks)
		ret = huge_pmd_unshare(kg, &c.vma, addr, pmd);
	else
		ret = __huge_pmd_unshare(kg, &c.vma, addr, pmd, false);
#else
	(void)check_locks; /* this tree's huge_pmd_unshare always checks */
	ret = huge_pmd_unshare(kg, &c.vma, addr, pmd);
#endif
	kh_leave();
	return ret;
}

static void kh_unshare_flush(void *kg, void *vma)
{
	struct tlbf_kh_ctx c;

	kh_enter(&c, vma);
	huge_pmd_unshare_flush(kg, &c.vma);
	kh_leave();
}

const struct tlbf_khops TLBF_KSYM(khops) = {
	.profile = TLBF_KPROFILE_NAME,
	.pte_alloc = kh_pte_alloc,
	.pmd_unshare = kh_pmd_unshare,
	.unshare_flush = kh_unshare_flush,
};
