/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The seam between the two worlds of kernel-source mode.
 *
 * The kernel world (mm/mmu_gather.c, the real asm-generic/tlb.h, our shim
 * headers and kernel/kbridge.c) has its own struct mmu_gather, struct
 * page (incomplete), struct mm_struct (incomplete) and rcu_head. The model
 * world (core/, fuzz/, kernel/kapi.c) has the model's. They never see each
 * other's types: everything crossing this header is a plain C type or an
 * opaque pointer, so neither side can be miscompiled by the other's
 * layout.
 */
#ifndef TLBF_KAPI_H
#define TLBF_KAPI_H

#include <stdbool.h>
#include <stddef.h>

#define TLBF_KVIEW_BATCHES 32

/* A kernel gather's state as the model's struct mmu_gather shows it. */
struct tlbf_kview {
	void *mm;
	unsigned long start, end;
	unsigned int fullmm, need_flush_all, freed_tables;
	unsigned int cleared_ptes, cleared_pmds, cleared_puds, cleared_p4ds;
	unsigned int vma_exec, vma_huge, vma_pfn;
	unsigned int unshared_tables, fully_unshared_tables;
	unsigned int delayed_rmap; /* 6.2+ */
	unsigned int batch_count;
	unsigned int local_nr; /* entries in the bundle */
	unsigned int nr_batches; /* page batches chained after it */
	unsigned int batch_nr[TLBF_KVIEW_BATCHES];
	int table_batch_nr; /* -1: no table batch */
};

/* One kernel gather build (one tree, one Kconfig profile). */
struct tlbf_kops {
	const char *profile; /* an arch_profile name */
	const char *version; /* the tree's version */
	unsigned int page_shift; /* fixed at build time */
	unsigned long gather_size; /* sizeof the kernel's mmu_gather */
	void (*gather)(void *kg, void *mm);
	void (*gather_fullmm)(void *kg, void *mm);
	void (*gather_vma)(void *kg, void *mm, unsigned long start,
			   unsigned long end, unsigned long flags);
	void (*finish)(void *kg);
	void (*flush_mmu)(void *kg);
	void (*flush_mmu_tlbonly)(void *kg);
	void (*start_vma)(void *kg, void *mm, unsigned long start,
			  unsigned long end, unsigned long flags);
	void (*end_vma)(void *kg, void *mm, unsigned long start,
			unsigned long end, unsigned long flags);
	bool (*__remove_page_size)(void *kg, void *page, int size);
	void (*remove_page_size)(void *kg, void *page, int size);
	void (*remove_table)(void *kg, void *table);
	void (*table_sync_one)(void);
	/* level: 0 pte ... 3 p4d */
	void (*flush_range)(void *kg, int level, unsigned long addr,
			    unsigned long size);
	void (*remove_tlb_entry)(void *kg, void *ptep, unsigned long addr);
	void (*remove_huge_tlb_entry)(void *kg, unsigned long size,
				      unsigned long addr);
	void (*remove_pmd_tlb_entry)(void *kg, void *pmdp, unsigned long addr);
	void (*remove_pud_tlb_entry)(void *kg, void *pudp, unsigned long addr);
	void (*free_tlb)(void *kg, int level, void *table, unsigned long addr);
	void (*view)(void *kg, struct tlbf_kview *v);
	/* mm/memory.c's free_pgd_range(), extracted from the tree */
	void (*free_pgd_range)(void *kg, unsigned long addr, unsigned long end,
			       unsigned long floor, unsigned long ceiling);
	/* 6.2+: queue with delayed rmap removal; NULL before 6.2. */
	bool (*remove_page_delay_rmap)(void *kg, void *page);
	void (*flush_rmaps)(void *kg, void *mm, unsigned long start,
			    unsigned long end, unsigned long flags);
	/*
	 * hugetlb PMD unsharing; NULL where the profile has no sharing.
	 * @share_count is the table's pt_share_count (an atomic_t).
	 */
	void (*unshare_pmd)(void *kg, void *share_count, unsigned long addr);
	void (*flush_unshared)(void *kg);
	/*
	 * The tree's x86 flush_tlb_mm_range() (kernel/kx86tlb.c); NULL on
	 * other profiles and without TLBFUZZ_KERNEL_ARCH_CODE.
	 */
	void (*x86_flush_tlb_mm_range)(void *mm, unsigned long start,
				       unsigned long end,
				       unsigned int stride_shift,
				       bool freed_tables);
	/* 6.9+: __tlb_remove_folio_pages(); NULL before 6.9. */
	bool (*remove_folio_pages)(void *kg, void *page, unsigned int nr,
				   bool delay_rmap);
	/*
	 * mm/gup.c's fast path of the current mm, FOLL_GET: pages got
	 * (TLBFUZZ_KERNEL_GUP; kernel/kgup.c). NULL when not built.
	 */
	int (*gup_fast)(unsigned long start, unsigned long end, bool write,
			void **pages);
	/* exec's stack shift (TLBFUZZ_KERNEL_EXEC; kernel/kexec.c). */
	int (*shift_arg_pages)(void *mm, void *vma, unsigned long shift);
	/*
	 * mm/memory.c's callers of the gather, extracted from the tree
	 * (kernel/kzap.c, kernel/kfree_pgtables.c); NULL when the build
	 * leaves them to the model (TLBFUZZ_KERNEL_ZAP/_FREE_PGTABLES).
	 * @vma is the model's VMA (the head of its vm_next chain);
	 * @details: 0 none, else TLBF_KZ_DETAILS_* bits.
	 */
	void (*unmap_page_range)(void *kg, void *vma, unsigned long addr,
				 unsigned long end, unsigned int details);
	void (*unmap_vmas)(void *kg, void *vma, unsigned long start,
			   unsigned long end);
	void (*free_pgtables)(void *kg, void *vma, unsigned long floor,
			      unsigned long ceiling);
};

#define TLBF_KZ_DETAILS 1u /* a struct zap_details is passed */
#define TLBF_KZ_EVEN_COWS 2u
#define TLBF_KZ_UNMAP 4u

/* Every kernel gather linked into this binary (kernel/kgathers.c). */
extern const struct tlbf_kops *const tlbf_kops_all[];
extern const unsigned int tlbf_kops_nr;

/* ---- model-world services the kernel world calls (kernel/kapi.c) ---- */

/* tlb_flush(): the profile's flush rule on the simulated CPUs. */
void tlbf_k_tlb_flush(const struct tlbf_kview *v);
/* @freed_tables: only for the trace (the generic tlb_flush's gather). */
void tlbf_k_flush_tlb_mm(void *mm, bool freed_tables);
void tlbf_k_flush_tlb_range(void *mm, unsigned long start, unsigned long end,
			    bool exec, bool huge, bool freed_tables);
/* A table page's level (0 pte ... 3 p4d) and the span it maps. */
int tlbf_k_table_span(void *table, unsigned long *base, unsigned long *size);
/* __get_free_pages(): a batch page, through should_fail(). */
/*
 * Memory the kernel code gets uninitialised (a batch page fresh from
 * __get_free_page): filled with a poison byte, never zeroed, so a field
 * the code forgets to set reads as garbage, as it would in the kernel.
 */
void *tlbf_k_alloc_uninit(size_t size);
/*
 * The garbage uninitialised memory holds: 0xa5 or its complement 0x5a,
 * by the parity of the run's allocation count, so every bit of a field
 * the kernel forgets to set is seen both ways within a run, and the same
 * run always sees the same garbage.
 */
unsigned char tlbf_k_poison_byte(void);
void *tlbf_k_get_free_page(void);
void tlbf_k_free_page(void *addr);
/* The next batch-page request is for a table batch. */
void tlbf_k_alloc_table_batch(bool on);
/* release_pages()/free_page_and_swap_cache(): drop the gather's ref. */
void tlbf_k_put_page(void *page);
/* folio_remove_rmap_ptes(): @nr mapcounts of @page go. */
void tlbf_k_remove_rmap(void *page, int nr, void *mm);
/* __tlb_remove_table(): a table leaves the gather for good. */
void tlbf_k_remove_table(void *table);
void tlbf_k_call_rcu(void *head, void (*func)(void *head), unsigned long n);
void tlbf_k_smp_call_function(void (*func)(void *), void *info, bool wait);
void tlbf_k_cond_resched(void);
void tlbf_k_batch_full(void);
/* mm->tlb_flush_pending */
void tlbf_k_inc_flush_pending(void *mm);
void tlbf_k_dec_flush_pending(void *mm);
bool tlbf_k_flush_nested(void *mm);
/* BUG/WARN/VM_BUG_ON */
void tlbf_k_bug(const char *file, int line, const char *what, bool warn);
/* Page tables (tlbf/pgtable.h); level: 0 pte ... 4 pgd. */
void *tlbf_k_pgd_offset(void *mm, unsigned long addr);
/* Enter the table at @level that @upper (one level up) points to. */
void *tlbf_k_offset(int level, void *upper, unsigned long addr);
bool tlbf_k_entry_none(int level, void *entry);
void tlbf_k_entry_clear(int level, void *entry);
void *tlbf_k_entry_table(unsigned long entry);
/* A table page and a pointer to its first entry, both ways. */
void *tlbf_k_table_page(void *first_entry);
void *tlbf_k_table_entries(void *table);
unsigned long tlbf_k_addr_end(int level, unsigned long addr, unsigned long end);
void tlbf_k_dec_nr_table(void *mm, int level);
unsigned int tlbf_k_level_shift(int level);
unsigned long tlbf_k_task_size(void);
unsigned int tlbf_k_levels(void);
/* A page-table page (arm64 __tlb_remove_table() frees it as one). */
bool tlbf_k_page_is_table(void *page);

/*
 * ---- the tree's arch flush code (TLBFUZZ_KERNEL_ARCH_CODE) ----
 * arm64 primitives (tlbf/arm64.h): "tlbi @op, @operand" with the raw
 * operand, "dsb @option", ASID(mm), cpus_have_const_cap(); all decoded
 * and executed by core/arch_tlbi.c.
 */
void tlbf_k_tlbi(const char *op, unsigned long operand);
void tlbf_k_dsb(const char *option);
unsigned long tlbf_k_asid(void *mm);
bool tlbf_k_arm64_has_cap(unsigned int cap);

/*
 * The arch's flush calls as the trace records them (core/trace.h's
 * enum flush_fn, same order): the tree's tlb_flush() is compiled, so
 * only its calls of the arch flush functions are observed, not decided.
 */
enum {
	TLBF_KFN_FLUSH_TLB_MM_RANGE,
	TLBF_KFN___FLUSH_TLB_RANGE,
	TLBF_KFN_FLUSH_TLB_MM,
	TLBF_KFN_FLUSH_TLB_RANGE,
};
void tlbf_k_trace_flush(int fn, unsigned long start, unsigned long end,
			int stride_shift, bool freed_tables, bool last_level,
			int tlb_level, bool fullmm_all);
/* x86: tlbfuzz's flush_tlb_mm_range() (core/arch_flush.c), traced. */
void tlbf_k_flush_tlb_mm_range(void *mm, unsigned long start,
			       unsigned long end, unsigned int stride_shift,
			       bool freed_tables);
/*
 * x86 (tlbf/x86tlb.h): the simulated CPU under the tree's
 * arch/x86/mm/tlb.c. tlbf_k_x86_pcpu() is CPU @cpu's struct
 * tlbf_x86_pcpu (core/x86_tlbstate.h); the instructions act on the
 * calling CPU.
 */
unsigned int tlbf_k_cpu(void);
unsigned int tlbf_k_nr_cpus(void);
void *tlbf_k_x86_pcpu(int cpu);
void *tlbf_k_x86_init_mm(void);
unsigned long *tlbf_k_mm_cpumask(void *mm);
void tlbf_k_irq(bool enable);
bool tlbf_k_irqs_disabled(void);
/*
 * smp_call_function_many_cond(): @func on every CPU of @mask for which
 * @cond (NULL: every one) is true, by IPI, and here if this CPU is in
 * @mask; returns when all ran.
 */
void tlbf_k_on_each_cpu_cond_mask(bool (*cond)(int cpu, void *info),
				  void (*func)(void *info), void *info,
				  const unsigned long *mask);
void tlbf_k_x86_invlpg(unsigned long addr);
void tlbf_k_x86_flush_local(void);
void tlbf_k_x86_leave_lazy(void);

/* Flush calls this CPU made so far (tlb_flush() that made none: skipped). */
unsigned long tlbf_k_flush_calls(void);
void tlbf_k_flush_skipped(bool freed_tables);
void tlbf_k_trace_func(const char *fn, unsigned long arg);

#endif
