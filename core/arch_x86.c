// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated x86 CPU (see arch_x86.h): what the hardware does, what
 * switch_mm() keeps, and how a flush function reaches the CPUs chosen
 * for it. Which CPUs are chosen, whether a CPU flushes one page or
 * everything, and the generation arithmetic are the tree's code
 * (arch/x86/mm/tlb.c) in kernel mode, core/arch_x86_flush.c otherwise.
 */
#include "arch_x86.h"

#include "mm.h"

x86_tree_flush_fn tlbf_x86_tree_flush;
struct mm_struct tlbf_x86_init_mm = {.context = {.ctx_id = 1}};

/* A model build has no tree: kernel/kapi.c overrides this one. */
__attribute__((weak)) x86_tree_flush_fn x86_tree_flush_for(const char *profile)
{
	(void)profile;
	return NULL;
}

void x86_tree_use(const struct arch_profile *profile)
{
	tlbf_x86_tree_flush = profile->flush == FLUSH_X86
				      ? x86_tree_flush_for(profile->name)
				      : NULL;
}

/* Per CPU: the CPUs the model's rule would interrupt for this flush. */
static unsigned long model_ipi[TLBF_MAX_CPUS];

unsigned long x86_model_rule_ipis(struct mm_struct *mm, bool freed_tables)
{
	unsigned long cpus = __atomic_load_n(&mm->cpumask, __ATOMIC_RELAXED);
	struct sim_cpu *self = this_cpu();
	unsigned long mask = 0;
	struct sim_cpu *c;

	for_each_online_cpu (c)
		if (c != self && (cpus & (1UL << c->id)) &&
		    (freed_tables || !cpu_lazy(c)))
			mask |= 1UL << c->id;
	return mask;
}

static void no_call(void *info)
{
	(void)info;
}

void x86_model_ipis_after(unsigned long mask)
{
	if (mask)
		smp_call_function_many(mask, no_call, NULL, true);
}

void x86_tree_flush_run(struct mm_struct *mm, unsigned long start,
			unsigned long end, unsigned int stride_shift,
			bool freed_tables)
{
	struct sim_cpu *self = this_cpu();

	model_ipi[self->id] = x86_model_rule_ipis(mm, freed_tables);
	tlbf_x86_tree_flush(mm, start, end, stride_shift, freed_tables);
	/*
	 * The tree sent no IPI (no other CPU in its mask): the CPUs of the
	 * model's rule get an empty one now, after the tree has bumped the
	 * mm's tlb_gen. Sent before, its wait would let a CPU switch to the
	 * mm on the old generation, and the tree would then read a mask the
	 * model never saw and interrupt that CPU as well.
	 */
	x86_model_ipis_after(model_ipi[self->id]);
	model_ipi[self->id] = 0;
}

unsigned long x86_model_ipi_take(void)
{
	unsigned long mask = model_ipi[this_cpu()->id];

	model_ipi[this_cpu()->id] = 0;
	return mask;
}

/* ---- running a flush function on the chosen CPUs --------------------- */

struct x86_call {
	void (*func)(void *info);
	void *info;
	unsigned long targets; /* the CPUs that run func */
};

/* An IPI handler, or the local call, runs with IRQs masked. */
static void x86_call_masked(void *p)
{
	const struct x86_call *call = p;
	struct sim_cpu *c = this_cpu();
	int was = __atomic_load_n(&c->irqs_off, __ATOMIC_RELAXED);

	__atomic_store_n(&c->irqs_off, 1, __ATOMIC_RELAXED);
	call->func(call->info);
	__atomic_store_n(&c->irqs_off, was, __ATOMIC_RELEASE);
}

/* An interrupted CPU that was not chosen runs nothing. */
static void x86_ipi_entry(void *p)
{
	const struct x86_call *call = p;

	if (call->targets & (1UL << this_cpu()->id))
		x86_call_masked(p);
}

unsigned long x86_choose(unsigned long cpus, bool (*cond)(int cpu, void *info),
			 void *info)
{
	unsigned long targets = 0;
	struct sim_cpu *c;

	for_each_online_cpu (c) {
		if (!(cpus & (1UL << c->id)))
			continue;
		if (!cond || cond((int)c->id, info))
			targets |= 1UL << c->id;
		else if (__atomic_load_n(&c->x86.cpu_tlbstate_shared.is_lazy,
					 __ATOMIC_RELAXED))
			__atomic_store_n(&c->lazy_flush_deferred, true,
					 __ATOMIC_RELAXED);
	}
	return targets;
}

void x86_run_on(unsigned long targets, unsigned long model_ipis,
		void (*func)(void *info), void *info)
{
	struct x86_call call = {.func = func, .info = info};
	struct sim_cpu *self = this_cpu();
	unsigned long ipis = (targets | model_ipis) & ~(1UL << self->id);

	call.targets = targets;
	if (ipis)
		smp_call_function_many(ipis, x86_ipi_entry, &call, true);
	if (targets & (1UL << self->id))
		x86_call_masked(&call);
}

void x86_cpu_reset(struct sim_cpu *cpu)
{
	struct tlbf_x86_tlb_state *ts = &cpu->x86.cpu_tlbstate;

	ts->loaded_mm = &tlbf_x86_init_mm;
	ts->loaded_mm_asid = 0;
	ts->ctxs[0].ctx_id = tlbf_x86_init_mm.context.ctx_id;
	ts->ctxs[0].tlb_gen = 0;
	cpu->x86.cpu_tlbstate_shared.is_lazy = false;
}

/* Without PCID the TLB has no address-space tag: every entry matches. */
static bool any_tlb(const struct tlb_entry *t, const void *ctx)
{
	(void)t;
	(void)ctx;
	return true;
}

static bool any_walk(const struct walk_entry *w, const void *ctx)
{
	(void)w;
	(void)ctx;
	return true;
}

static bool tlb_translates(const struct tlb_entry *t, const void *ctx)
{
	return tlb_covers(t, *(const unsigned long *)ctx);
}

void x86_cr3_write(struct sim_cpu *cpu)
{
	tlb_drop_if(cpu, any_tlb, NULL);
	walk_drop_if(cpu, any_walk, NULL);
}

void x86_invlpg(struct sim_cpu *cpu, unsigned long addr)
{
	tlb_drop_if(cpu, tlb_translates, &addr);
	walk_drop_if(cpu, any_walk, NULL);
}

/*
 * As switch_mm_irqs_off() with PCID off: back on the same mm from lazy
 * mode, flush only if a flush was missed (the CPU's tlb_gen is behind the
 * mm's); to another mm, always (choose_new_asid() asks for a flush when
 * there is no PCID). The caller has set the CPU in mm_cpumask first, so
 * a flusher that bumps tlb_gen after our read sends us its IPI; the mm
 * left behind loses the CPU from its mask, as switch_mm_irqs_off() does.
 */
void x86_switch_mm(struct sim_cpu *cpu, struct mm_struct *next)
{
	/*
	 * Relaxed atomics throughout: an idle CPU's IPI handler (a lazy
	 * CPU leaving for init_mm) runs on the sender's behalf.
	 */
	struct tlbf_x86_tlb_state *ts = &cpu->x86.cpu_tlbstate;
	bool *is_lazy = &cpu->x86.cpu_tlbstate_shared.is_lazy;
	bool was_lazy = __atomic_load_n(is_lazy, __ATOMIC_RELAXED);
	struct mm_struct *prev =
		__atomic_load_n(&ts->loaded_mm, __ATOMIC_RELAXED);
	uint64_t gen;

	if (!next)
		next = &tlbf_x86_init_mm;
	__atomic_store_n(is_lazy, false, __ATOMIC_RELAXED);
	gen = (uint64_t)__atomic_load_n(&next->context.tlb_gen.counter,
					__ATOMIC_SEQ_CST);
	if (prev == next &&
	    (!was_lazy ||
	     __atomic_load_n(&ts->ctxs[0].tlb_gen, __ATOMIC_RELAXED) == gen))
		return;
	/* Remote flushes of the mm we leave stop here (as both trees do). */
	if (prev != next && prev != &tlbf_x86_init_mm)
		__atomic_and_fetch(&prev->context.cpumask, ~(1UL << cpu->id),
				   __ATOMIC_SEQ_CST);
	__atomic_store_n(&ts->ctxs[0].ctx_id, next->context.ctx_id,
			 __ATOMIC_RELAXED);
	__atomic_store_n(&ts->ctxs[0].tlb_gen, gen, __ATOMIC_RELAXED);
	x86_cr3_write(cpu);
	__atomic_store_n(&ts->loaded_mm_asid, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&ts->loaded_mm, next, __ATOMIC_RELAXED);
}

void x86_mm_free(struct mm_struct *mm)
{
	struct sim_cpu *c;

	if (!x86_state_on())
		return;
	for_each_online_cpu (c)
		if (__atomic_load_n(&c->x86.cpu_tlbstate.loaded_mm,
				    __ATOMIC_RELAXED) == mm)
			x86_switch_mm(c, NULL);
}

void x86_enter_lazy(struct sim_cpu *cpu)
{
	if (__atomic_load_n(&cpu->x86.cpu_tlbstate.loaded_mm,
			    __ATOMIC_RELAXED) == &tlbf_x86_init_mm)
		return;
	__atomic_store_n(&cpu->x86.cpu_tlbstate_shared.is_lazy, true,
			 __ATOMIC_RELAXED);
}

bool x86_walker_on(const struct sim_cpu *cpu, const struct mm_struct *mm)
{
	if (!x86_state_on())
		return true;
	return __atomic_load_n(&cpu->x86.cpu_tlbstate.loaded_mm,
			       __ATOMIC_RELAXED) == mm;
}
