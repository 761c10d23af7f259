/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulated x86 CPU of both x86 profiles (docs/arch-code.md): the
 * two invalidating instructions, the CR3 switch with the tlb_gen
 * catch-up of switch_mm_irqs_off(), enter_lazy_tlb(), the IPI calls of a
 * flush, and the hook that hands flush_tlb_mm_range() to the tree's own
 * arch/x86/mm/tlb.c (kernel-source mode, TLBFUZZ_KERNEL_ARCH_CODE). In a
 * model build, or a kernel build without the tree's x86 code, no hook is
 * set and core/arch_x86_flush.c decides on the same CPU state.
 */
#ifndef TLBF_ARCH_X86_H
#define TLBF_ARCH_X86_H

#include <stdbool.h>

#include "arch.h"
#include "cpu.h"

/* The tree's flush_tlb_mm_range(), compiled for one x86 profile. */
typedef void (*x86_tree_flush_fn)(void *mm, unsigned long start,
				  unsigned long end, unsigned int stride_shift,
				  bool freed_tables);

/* Set by arch_use() for the run's profile; NULL: the model's x86 rule. */
extern x86_tree_flush_fn tlbf_x86_tree_flush;

/* The kernel's init_mm: what a CPU loads when it leaves a lazy mm. */
extern struct mm_struct tlbf_x86_init_mm;

/* The tree's flush for @profile (kernel/kapi.c), or NULL. */
x86_tree_flush_fn x86_tree_flush_for(const char *profile);
void x86_tree_use(const struct arch_profile *profile);

static inline bool x86_tree_on(void)
{
	return tlbf_x86_tree_flush != NULL;
}

/* The run's profile is an x86 one: CPUs keep cpu_tlbstate. */
static inline bool x86_state_on(void)
{
	return tlbf_arch->flush == FLUSH_X86;
}

/*
 * The model's flush_tlb_mm_range() (core/arch_x86_flush.c), for a run
 * without the tree's x86 code.
 */
void x86_model_flush(struct mm_struct *mm, unsigned long start,
		     unsigned long end, unsigned int stride_shift,
		     bool freed_tables);

/*
 * flush_tlb_mm_range() on the tree's code (core/arch_flush.c calls it
 * after tracing the call). The flush keeps the scheduling of the model's
 * rule, so that a schedule means the same on both sides of the
 * differential: the IPI goes to the CPUs the model's rule interrupts
 * (the other online CPUs of the model's mm_cpumask, less the lazy ones
 * without freed_tables), and those the tree's code did not choose run
 * nothing in it (they are a superset: the tree's mask is cleared on
 * switch, the model's never). No IPI when neither sends one; when the
 * tree sends none, the model's CPUs get theirs after the tree's flush.
 */
void x86_tree_flush_run(struct mm_struct *mm, unsigned long start,
			unsigned long end, unsigned int stride_shift,
			bool freed_tables);
/*
 * Inside x86_tree_flush_run(): the CPUs the model's rule interrupts, for
 * the tree's IPI to include; taken once, so none is sent twice.
 */
unsigned long x86_model_ipi_take(void);
/*
 * The model's rule for a flush of @mm: the other online CPUs of the
 * model's mm_cpumask (which is never cleared), less the lazy ones unless
 * @freed_tables. Every x86 flush interrupts these, whoever decides.
 */
unsigned long x86_model_rule_ipis(struct mm_struct *mm, bool freed_tables);
/* Empty IPIs to @mask, for a flush that sent none of its own. */
void x86_model_ipis_after(unsigned long mask);

/*
 * on_each_cpu_cond_mask()'s choice: the CPUs of @cpus that @cond (NULL:
 * all) passes. A lazy CPU passed over is marked for the oracles: its
 * leaf entries cannot be used before switch_mm() catches up on tlb_gen.
 */
unsigned long x86_choose(unsigned long cpus, bool (*cond)(int cpu, void *info),
			 void *info);
/*
 * Run @func on @targets, each with IRQs masked: IPIs to the others and
 * to @model_ipis (a CPU that is not a target runs nothing), the wait,
 * then this CPU's own call if it is a target (the model's order).
 */
void x86_run_on(unsigned long targets, unsigned long model_ipis,
		void (*func)(void *info), void *info);

/* cpus_reset(): every CPU starts on init_mm, caught up with it. */
void x86_cpu_reset(struct sim_cpu *cpu);
/* CR3 write without PCID: every non-global entry of this CPU goes. */
void x86_cr3_write(struct sim_cpu *cpu);
/*
 * INVLPG @addr on @cpu: the leaf entries that translate @addr and, as the
 * SDM states for INVLPG, every paging-structure-cache entry of the
 * current PCID (with PCID off: all of them).
 */
void x86_invlpg(struct sim_cpu *cpu, unsigned long addr);
/* switch_mm_irqs_off(): CR3 and cpu_tlbstate for @next (NULL: init_mm). */
void x86_switch_mm(struct sim_cpu *cpu, struct mm_struct *next);
/*
 * The model frees an mm that a CPU may still have loaded (the kernel's
 * mm_count keeps it until every CPU switched away): switch those CPUs to
 * init_mm first, so that nothing of the tree's state points at it.
 */
void x86_mm_free(struct mm_struct *mm);
/* enter_lazy_tlb(): is_lazy, unless the CPU is on init_mm. */
void x86_enter_lazy(struct sim_cpu *cpu);
/* Can @cpu's hardware walker walk @mm now (CR3 points at it)? */
bool x86_walker_on(const struct sim_cpu *cpu, const struct mm_struct *mm);

#endif
