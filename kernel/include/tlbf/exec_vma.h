/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VMA API of exec's stack shift (6.1 fs/exec.c shift_arg_pages(),
 * 6.12 mm/mmap.c relocate_vma_down()) on the model's VMAs: the VMA
 * iterator as a find_vma() cursor, vma_adjust() (6.12: vma_expand(),
 * vma_shrink()) as the model's change of extent under the rmap locks,
 * and the model's move_page_tables() (core/mremap.c), which kernel mode
 * does not compile. Included by kernel/kexec.c only, after env.h.
 *
 * The tree's code gets a kernel-world struct vm_area_struct that shadows
 * the model's VMA (struct kexec_vma); the shadow is refreshed from the
 * model whenever the iterator hands it out and updated with every change
 * of extent, so the code reads what the model holds.
 */
#ifndef TLBF_KEXEC_VMA_H
#define TLBF_KEXEC_VMA_H

#include "kapi_gupexec.h"

#define USER_PGTABLES_CEILING 0UL

struct kexec_vma {
	struct vm_area_struct v;
	void *model;
};

static inline void kexec_vma_load(struct kexec_vma *k, void *mm, void *model)
{
	k->model = model;
	k->v.vm_mm = mm;
	tlbf_k_vma_range(model, &k->v.vm_start, &k->v.vm_end, &k->v.vm_flags,
			 &k->v.vm_pgoff);
}

static inline void *kexec_model(struct vm_area_struct *vma)
{
	return container_of(vma, struct kexec_vma, v)->model;
}

/* ---- the VMA iterator: a cursor over find_vma() ------------------------ */
struct vma_iterator {
	struct mm_struct *mm;
	unsigned long addr;
	struct kexec_vma *stack; /* the shadow of the VMA being moved */
	struct kexec_vma other; /* the shadow of any other one */
};

/* Set by kernel/kexec.c around the call: the VMA the caller passed. */
#define tlbf_kexec_stack TLBF_KSYM(kexec_stack)
extern __thread struct kexec_vma *tlbf_kexec_stack;

#define VMA_ITERATOR(name, mm_, addr_) \
	struct vma_iterator name = {   \
		.mm = (mm_), .addr = (addr_), .stack = tlbf_kexec_stack}

static inline struct vm_area_struct *vma_next(struct vma_iterator *vmi)
{
	void *model = tlbf_k_vma_find(vmi->mm, vmi->addr);
	struct kexec_vma *k;

	if (!model)
		return NULL;
	k = model == vmi->stack->model ? vmi->stack : &vmi->other;
	kexec_vma_load(k, vmi->mm, model);
	vmi->addr = k->v.vm_end;
	return &k->v;
}

/* 6.12 steps back before vma_expand()/vma_shrink(); the cursor needn't. */
#define vma_iter_prev_range(vmi) ((void)(vmi))
#define vma_prev(vmi)		 ((void)(vmi))

/* ---- changes of extent ------------------------------------------------- */
static inline int kexec_set_range(struct vm_area_struct *vma,
				  unsigned long start, unsigned long end)
{
	int ret = tlbf_k_vma_set_range(kexec_model(vma), start, end);

	vma->vm_start = start;
	vma->vm_end = end;
	return ret;
}

/* 6.1: vma_adjust(vma, start, end, pgoff, insert); pgoff stays. */
#define vma_adjust(vma, start, end, pgoff, insert) \
	((void)(pgoff), (void)(insert), kexec_set_range((vma), (start), (end)))

/* 6.12: the merge state names the VMA and its new extent. */
struct vma_merge_struct {
	struct mm_struct *mm;
	struct vma_iterator *vmi;
	unsigned long start, end, flags, pgoff;
	struct vm_area_struct *vma;
};
#define VMG_STATE(name, mm_, vmi_, start_, end_, flags_, pgoff_) \
	struct vma_merge_struct name = {.mm = (mm_),             \
					.vmi = (vmi_),           \
					.start = (start_),       \
					.end = (end_),           \
					.flags = (flags_),       \
					.pgoff = (pgoff_)}
#define vma_expand(vmg) kexec_set_range((vmg)->vma, (vmg)->start, (vmg)->end)
#define vma_shrink(vmi, vma, start, end, pgoff) \
	((void)(vmi), (void)(pgoff), kexec_set_range((vma), (start), (end)))

/* ---- the model's move_page_tables() (6.12 adds for_stack) -------------- */
#define move_page_tables(vma, old_addr, new_vma, new_addr, len, locks, ...) \
	tlbf_k_move_page_tables(kexec_model(vma), (old_addr),               \
				kexec_model(new_vma), (new_addr), (len),    \
				(locks))

#endif
