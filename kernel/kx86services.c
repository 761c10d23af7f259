// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model world's end of the tree's x86 flush path (tlbf/x86tlb.h,
 * kernel/kx86tlb.c): the simulated CPUs' per-CPU x86 state, the mm's CPU
 * mask, IPIs on core/sync.c, and the instructions of core/arch_x86.c.
 */
#include <string.h>

#include "arch_x86.h"
#include "cpu.h"
#include "mm.h"
#include "sync.h"
#include "tlbf/kapi.h"

_Static_assert(TLBF_X86_MAX_CPUS == TLBF_MAX_CPUS,
	       "tlbf/x86tlb.h's per-CPU arrays have a slot per CPU");

/* The run's x86 profile's build of the tree's flush_tlb_mm_range(). */
x86_tree_flush_fn x86_tree_flush_for(const char *profile)
{
	unsigned int i;

	for (i = 0; i < tlbf_kops_nr; i++)
		if (!strcmp(tlbf_kops_all[i]->profile, profile))
			return tlbf_kops_all[i]->x86_flush_tlb_mm_range;
	return NULL;
}

unsigned int tlbf_k_cpu(void)
{
	return smp_processor_id();
}

unsigned int tlbf_k_nr_cpus(void)
{
	return tlbf_nr_cpus;
}

void *tlbf_k_x86_pcpu(int cpu)
{
	return &tlbf_cpus[cpu].x86;
}

void *tlbf_k_x86_init_mm(void)
{
	return &tlbf_x86_init_mm;
}

unsigned long *tlbf_k_mm_cpumask(void *mm)
{
	return &((struct mm_struct *)mm)->context.cpumask;
}

/*
 * local_irq_disable()/enable() of the flush: the IRQ flag as the other
 * CPUs see it (IPI delivery), but no scheduling point: the flush's
 * scheduling points are the model's (x86_tree_flush_run() in
 * core/arch_x86.c), so that the tree's code and the model's rule run
 * under the same schedule.
 */
void tlbf_k_irq(bool enable)
{
	__atomic_store_n(&this_cpu()->irqs_off, enable ? 0 : 1,
			 __ATOMIC_RELEASE);
}

bool tlbf_k_irqs_disabled(void)
{
	return irqs_disabled();
}

/*
 * As smp_call_function_many_cond() with SCF_RUN_LOCAL: @cond is asked
 * for each CPU of the mask, the local CPU runs @func itself, the others
 * by IPI, and the caller waits for all. A lazy CPU that @cond passes
 * over, this one included (a kernel thread flushing its lazy mm), is
 * marked for the oracles (x86_choose()).
 */
void tlbf_k_on_each_cpu_cond_mask(bool (*cond)(int cpu, void *info),
				  void (*func)(void *info), void *info,
				  const unsigned long *mask)
{
	unsigned long cpus = __atomic_load_n(mask, __ATOMIC_SEQ_CST);

	/*
	 * The IPIs go to the CPUs the model's rule interrupts as well (see
	 * x86_tree_flush_run()).
	 */
	x86_run_on(x86_choose(cpus, cond, info), x86_model_ipi_take(), func,
		   info);
}

void tlbf_k_x86_invlpg(unsigned long addr)
{
	x86_invlpg(this_cpu(), addr);
}

void tlbf_k_x86_flush_local(void)
{
	x86_cr3_write(this_cpu());
}

void tlbf_k_x86_leave_lazy(void)
{
	x86_switch_mm(this_cpu(), NULL);
}
