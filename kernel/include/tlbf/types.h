/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel types, reduced to what the gather code reads. struct page and
 * struct mm_struct stay incomplete: the gather only passes them on, and
 * the model world (kernel/kapi.c) owns what they point at.
 */
#ifndef TLBF_KTYPES_H
#define TLBF_KTYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint32_t u32;
typedef uint64_t u64;
typedef unsigned int gfp_t;

#ifdef TLBF_KUNSHARE
/*
 * The unshare API reads one field of a PMD table's descriptor, its share
 * count. kbridge passes the address of the model's count as the
 * descriptor, so the count is the only member and the layout of the
 * model's atomic_t (one int) is kept.
 */
typedef struct {
	int counter;
} atomic_t;
#define atomic_read(v) __atomic_load_n(&(v)->counter, __ATOMIC_RELAXED)
#define atomic_dec(v) ((void)__atomic_sub_fetch(&(v)->counter, 1, __ATOMIC_SEQ_CST))
struct page {
	atomic_t pt_share_count;
};
struct ptdesc {
	atomic_t pt_share_count;
};
/* 6.12 mm_types.h / mm.h accessors, by their meaning. */
#define ptdesc_pmd_pts_dec(pt) atomic_dec(&(pt)->pt_share_count)
#define ptdesc_pmd_pts_count(pt) atomic_read(&(pt)->pt_share_count)
#define ptdesc_pmd_is_shared(pt) (ptdesc_pmd_pts_count(pt) != 0)
#else
struct page;
#endif
struct folio;
struct mm_struct;
struct hstate;

/* Custom: only the fields the gather reads (tlb_update_vma_flags). */
struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	unsigned long vm_flags;
	struct mm_struct *vm_mm;
	unsigned long vm_pgoff; /* exec's shift passes it on (vma_adjust) */
	/* The extracted callers (tlbf/zap_shim.h): the rest is the model's. */
	void *vm_file;
	void *tlbf_vma; /* the model's VMA this one stands for */
	struct vm_area_struct *tlbf_next; /* the maple tree's order */
};

/* The gather's entry points; the kernel declares them in mm_types.h. */
struct mmu_gather;
void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm);
void tlb_gather_mmu_fullmm(struct mmu_gather *tlb, struct mm_struct *mm);
void tlb_gather_mmu_vma(struct mmu_gather *tlb, struct vm_area_struct *vma);
void tlb_finish_mmu(struct mmu_gather *tlb);

typedef struct {
	unsigned long pte;
} pte_t;
typedef struct {
	unsigned long pmd;
} pmd_t;
typedef struct {
	unsigned long pud;
} pud_t;
typedef struct {
	unsigned long p4d;
} p4d_t;
typedef struct page *pgtable_t;

/* The kernel's shape: two words, so MAX_TABLE_BATCH matches. */
struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};
typedef void (*rcu_callback_t)(struct rcu_head *head);
typedef void (*smp_call_func_t)(void *info);

/* The same values as core/mm.h and the kernel. */
#define VM_EXEC 0x00000004UL
#define VM_PFNMAP 0x00000400UL
#define VM_HUGETLB 0x00400000UL
#define VM_MIXEDMAP 0x10000000UL

/*
 * Geometry. PAGE_SHIFT is fixed per build (TLBFUZZ_KERNEL_PAGE_SHIFT): it
 * sizes the gather's batches. The gather code uses the other sizes only at
 * run time, so they follow the run's geometry (core/geometry.h), and one
 * build runs the x86-64 geometry of the vectors and the small fuzzing one.
 */
#ifndef TLBF_KPAGE_SHIFT
#define TLBF_KPAGE_SHIFT 12
#endif
#define PAGE_SHIFT TLBF_KPAGE_SHIFT
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PMD_SHIFT (tlbf_k_level_shift(1))
#define PUD_SHIFT (tlbf_k_level_shift(2))
#define P4D_SHIFT (tlbf_k_level_shift(3))
#define PMD_SIZE (1UL << PMD_SHIFT)
#define PUD_SIZE (1UL << PUD_SHIFT)
#define P4D_SIZE (1UL << P4D_SHIFT)
#define HPAGE_PMD_SIZE PMD_SIZE
#define HPAGE_PUD_SIZE PUD_SIZE
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define TASK_SIZE (tlbf_k_task_size())

#define GFP_NOWAIT 0x1u
#define __GFP_NOWARN 0x2u
#define GFP_KERNEL 0x4u
#define GFP_ATOMIC 0x8u

#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#ifndef noinline
#define noinline __attribute__((noinline))
#endif
#define __maybe_unused __attribute__((unused))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min_t(t, a, b) min((t)(a), (t)(b))
#define max_t(t, a, b) max((t)(a), (t)(b))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr)-offsetof(type, member)))

#endif
