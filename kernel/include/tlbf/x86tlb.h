/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the tree's x86 flush path (arch/x86/mm/tlb.c: flush_tlb_mm_range,
 * flush_tlb_multi, native_flush_tlb_multi, should_flush_tlb,
 * should_trim_cpumask, flush_tlb_func, get/put_flush_tlb_info, and
 * asm/tlbflush.h's inc_mm_tlb_gen, cut out by name at build time) needs
 * from outside itself (kernel/kx86tlb.c compiles them). Only what a CPU
 * does and what the model does not keep is supplied here:
 *
 *   per-CPU state   cpu_tlbstate, cpu_tlbstate_shared: the simulated
 *                   CPU's (core/x86_tlbstate.h), kept by the model's
 *                   switch_mm/enter_lazy_tlb; flush_tlb_info and its
 *                   reentrancy count: here, one per CPU
 *   mm->context     ctx_id, tlb_gen: the model mm's first member
 *   mm_cpumask      the model mm's CPU mask
 *   IPIs            on_each_cpu_mask/on_each_cpu_cond_mask: core/sync's
 *                   smp_call_function_many, the handler with IRQs masked
 *   instructions    INVLPG (flush_tlb_one_user), CR3 reload
 *                   (flush_tlb_local), the CR3 switch to init_mm
 *   PCID            off: one ASID, no user/kernel PCID pair (no PTI)
 *   jiffies         0, so should_trim_cpumask() never trims (the model
 *                   never clears mm_cpumask bits, see docs/arch-code.md)
 *   statistics      count_vm_tlb_event(s), inc_irq_stat, trace_tlb_flush:
 *                   nothing
 */
#ifndef TLBF_KX86TLB_H
#define TLBF_KX86TLB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../../core/x86_tlbstate.h"
#include "kapi.h"

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef tlbf_atomic64_t atomic64_t;
typedef struct tlbf_x86_mm_context mm_context_t;

/* The model's mm starts with the context (core/mm.h). */
struct mm_struct {
	mm_context_t context;
};
struct task_struct;

#define CONFIG_DEBUG_VM 1 /* as kernel mode's VM_WARN_ON: checks on */
#define PAGE_SHIFT TLBF_KPAGE_SHIFT
#define TLB_FLUSH_ALL (-1UL)
#define TLB_GENERATION_INVALID 0
#define LOADED_MM_SWITCHING ((struct mm_struct *)1UL)
#define STATIC_NOPV static
#define __flush_tlb_multi(msk, info) native_flush_tlb_multi(msk, info)
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* The tree's default (a debugfs knob): more strides flush everything. */
static unsigned long tlb_single_page_flush_ceiling = 33;

/* ---- BUG/WARN: oracle reports, as in the rest of kernel mode --------- */
#define BUG_ON(cond)                                                  \
	do {                                                          \
		if (unlikely(cond))                                   \
			tlbf_k_bug(__FILE__, __LINE__, #cond, false); \
	} while (0)
#define WARN_ON_ONCE(cond)                                           \
	({                                                           \
		bool __c = !!(cond);                                 \
		if (unlikely(__c))                                   \
			tlbf_k_bug(__FILE__, __LINE__, #cond, true); \
		__c;                                                 \
	})
#define VM_WARN_ON(cond) ((void)WARN_ON_ONCE(cond))

/* ---- CPUs, IRQs, preemption: core/sync.c ----------------------------- */
#define smp_processor_id() ((int)tlbf_k_cpu())
#define raw_smp_processor_id() smp_processor_id()
#define nr_cpu_ids ((unsigned int)tlbf_k_nr_cpus())
/*
 * Preemption is not disabled: the model's x86 flush does not disable it
 * (a preempt-disabled sender would hold off RCU grace periods, x86-rcu's
 * table freeing), and both must run on one schedule (the differential).
 */
#define get_cpu() smp_processor_id()
#define put_cpu() \
	do {      \
	} while (0)
#define irqs_disabled() tlbf_k_irqs_disabled()
#define local_irq_disable() tlbf_k_irq(false)
#define local_irq_enable() tlbf_k_irq(true)
#define lockdep_assert_irqs_enabled() \
	do {                          \
	} while (0)
#define barrier() __asm__ __volatile__("" ::: "memory")
#define smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define READ_ONCE(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

/* ---- time: no clock; jiffies stands still ---------------------------- */
#define jiffies 0UL
#define HZ 250UL
#define time_after(a, b) ((long)((b) - (a)) < 0)

/* ---- atomic64_t (context.tlb_gen) ------------------------------------ */
#define atomic64_read(v) __atomic_load_n(&(v)->counter, __ATOMIC_SEQ_CST)
#define atomic64_inc_return(v) \
	__atomic_add_fetch(&(v)->counter, 1, __ATOMIC_SEQ_CST)

/* ---- per-CPU variables ------------------------------------------------ */
/*
 * cpu_tlbstate and cpu_tlbstate_shared are members of the simulated
 * CPU's struct tlbf_x86_pcpu, so per_cpu(cpu_tlbstate.loaded_mm, n) is
 * that member of CPU n's. flush_tlb_info is an array here, one per CPU.
 */
#define tlbf_x86_pcpu_of(cpu) ((struct tlbf_x86_pcpu *)tlbf_k_x86_pcpu(cpu))
#define per_cpu(var, cpu) (tlbf_x86_pcpu_of(cpu)->var)
#define this_cpu_read(var) per_cpu(var, smp_processor_id())
#define this_cpu_write(var, v) (per_cpu(var, smp_processor_id()) = (v))
#define this_cpu_ptr(p) (&(*(p))[smp_processor_id()])
#define this_cpu_inc_return(var) (++(var)[smp_processor_id()])
#define this_cpu_dec(var) (--(var)[smp_processor_id()])
#define init_mm (*(struct mm_struct *)tlbf_k_x86_init_mm())

/* ---- cpumask: the model mm's one word -------------------------------- */
struct cpumask {
	unsigned long bits;
};
#define mm_cpumask(mm) ((struct cpumask *)tlbf_k_mm_cpumask(mm))

static inline unsigned int cpumask_any_but(const struct cpumask *m,
					   unsigned int cpu)
{
	unsigned long bits = __atomic_load_n(&m->bits, __ATOMIC_SEQ_CST);

	bits &= ~(1UL << cpu);
	return bits ? (unsigned int)__builtin_ctzl(bits) : nr_cpu_ids;
}

/* ---- IPIs -------------------------------------------------------------- */
typedef bool (*smp_cond_func_t)(int cpu, void *info);
#define on_each_cpu_cond_mask(cond, func, info, wait, mask) \
	tlbf_k_on_each_cpu_cond_mask((cond), (func), (info), &(mask)->bits)
#define on_each_cpu_mask(mask, func, info, wait) \
	tlbf_k_on_each_cpu_cond_mask(NULL, (func), (info), &(mask)->bits)

/* ---- instructions ------------------------------------------------------ */
/* INVLPG; with PCID off and no PTI there is no user PCID to invalidate. */
#define flush_tlb_one_user(addr) tlbf_k_x86_invlpg(addr)
/* A CR3 reload: everything non-global goes. */
#define flush_tlb_local() tlbf_k_x86_flush_local()
/* flush_tlb_func()'s only switch: a lazy CPU leaves for init_mm. */
#define switch_mm_irqs_off(prev, next, tsk) tlbf_k_x86_leave_lazy()

/* ---- statistics and tracing: nothing ----------------------------------- */
#define count_vm_tlb_event(e) \
	do {                  \
	} while (0)
#define count_vm_tlb_events(e, n) ((void)(n))
#define inc_irq_stat(s) \
	do {            \
	} while (0)
#define trace_tlb_flush(reason, pages) ((void)(pages))
#define mmu_notifier_arch_invalidate_secondary_tlbs(mm, start, end) \
	do {                                                        \
	} while (0)

/* asm/tlbflush.h's struct, the fields the flush path reads. */
struct flush_tlb_info {
	struct mm_struct *mm;
	unsigned long start;
	unsigned long end;
	u64 new_tlb_gen;
	unsigned int initiating_cpu;
	u8 stride_shift;
	u8 freed_tables;
	u8 trim_cpumask;
};

/* The tree's per-CPU variables, one slot per simulated CPU. */
static struct flush_tlb_info flush_tlb_info[TLBF_X86_MAX_CPUS];
static unsigned int flush_tlb_info_idx[TLBF_X86_MAX_CPUS];

#endif
