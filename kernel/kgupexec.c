// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bridge from the model's call sites to the tree's code: core/gup.c's
 * fast path and core/exec.c's stack shift call these in a kernel build
 * with TLBFUZZ_KERNEL_GUP / TLBFUZZ_KERNEL_EXEC, and these call the
 * (tree, profile) build of the run's arch profile.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "memory.h"
#include "tlbf/kapi.h"
#include "tlbf/kapi_gupexec.h"

static const struct tlbf_kops *kops_run(void)
{
	unsigned int i;

	for (i = 0; i < tlbf_kops_nr; i++)
		if (!strcmp(tlbf_kops_all[i]->profile, tlbf_arch->name))
			return tlbf_kops_all[i];
	/* kernel/kapi.c says the same at the run's first gather. */
	fprintf(stderr, "tlbfuzz: kernel mode has no build for profile '%s'\n",
		tlbf_arch->name);
	abort();
}

/* lockless_pages_from_mm() (6.12 gup_fast()) of the current mm. */
int tlbf_kernel_gup_fast(unsigned long start, unsigned long end, bool write,
			 struct page **pages)
{
	tlbf_k_gup_begin(start, end, write);
	return kops_run()->gup_fast(start, end, write, (void **)pages);
}

/* shift_arg_pages() (6.12 relocate_vma_down()), mmap_lock held. */
int tlbf_kernel_shift_arg_pages(struct vm_area_struct *vma, unsigned long shift)
{
	return kops_run()->shift_arg_pages(vma->vm_mm, vma, shift);
}
