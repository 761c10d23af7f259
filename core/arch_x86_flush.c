// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model's x86 flush, for a run without the tree's arch/x86/mm/tlb.c:
 * flush_tlb_mm_range() and the per-CPU flush_tlb_func() in the tree's
 * order, on the CPU state core/arch_x86.c keeps for both (cpu_tlbstate,
 * the mm's tlb_gen and cpumask), so that the differential compares like
 * with like.
 *
 * Every flush request takes a new generation of the mm's tlb_gen; each
 * CPU remembers the generation it has flushed up to. A CPU that is
 * already there when a request reaches it flushes nothing (a request
 * from another CPU overtook this one and flushed everything). Only a CPU
 * that missed exactly this request, and nothing after it, flushes just
 * the request's pages; one that missed more flushes everything once and
 * is caught up.
 */
#include "arch_x86.h"

#include "cpu.h"
#include "mm.h"
#include "trace_names.h"

/* tlb_single_page_flush_ceiling: more strides than this flush all. */
#define X86_SINGLE_PAGE_FLUSH_CEILING 33UL

/* What the tree's flush_tlb_info carries. */
struct x86_flush {
	struct mm_struct *mm;
	unsigned long start, end; /* end TLB_FLUSH_ALL: everything */
	unsigned int stride_shift;
	uint64_t new_tlb_gen;
	unsigned int initiator;
};

static struct mm_struct *loaded_mm(const struct sim_cpu *c)
{
	return __atomic_load_n(&c->x86.cpu_tlbstate.loaded_mm,
			       __ATOMIC_RELAXED);
}

static bool cpu_is_lazy(const struct sim_cpu *c)
{
	return __atomic_load_n(&c->x86.cpu_tlbstate_shared.is_lazy,
			       __ATOMIC_RELAXED);
}

/* One INVLPG per stride: the CPU missed only this request. */
static void flush_request_pages(struct sim_cpu *c, const struct x86_flush *f)
{
	unsigned long addr;

	for (addr = f->start; addr < f->end; addr += 1UL << f->stride_shift)
		x86_invlpg(c, addr);
}

/* flush_tlb_func(): on each chosen CPU, IRQs masked. */
static void x86_flush_here(void *info)
{
	const struct x86_flush *f = info;
	struct sim_cpu *c = this_cpu();
	struct tlbf_x86_tlb_state *ts = &c->x86.cpu_tlbstate;
	struct mm_struct *mm = loaded_mm(c);
	/*
	 * Relaxed atomics: an idle CPU's handler runs on the sender's
	 * behalf, so two senders' threads may each run one for this CPU.
	 */
	uint64_t done = __atomic_load_n(&ts->ctxs[0].tlb_gen, __ATOMIC_RELAXED);
	uint64_t now;

	/* Chosen on the mm, a remote CPU may have switched away since. */
	if (c->id != f->initiator && mm != f->mm)
		return;
	if (mm == &tlbf_x86_init_mm)
		return;
	/* Lazy: leave the mm for init_mm (a CR3 write) instead. */
	if (cpu_is_lazy(c)) {
		x86_switch_mm(c, NULL);
		return;
	}
	if (f->new_tlb_gen <= done)
		return;
	now = (uint64_t)__atomic_load_n(&mm->context.tlb_gen.counter,
					__ATOMIC_SEQ_CST);
	if (done == now)
		return;
	if (f->end != TLB_FLUSH_ALL && f->new_tlb_gen == done + 1 &&
	    f->new_tlb_gen == now)
		flush_request_pages(c, f);
	else
		x86_cr3_write(c);
	__atomic_store_n(&ts->ctxs[0].tlb_gen, now, __ATOMIC_RELAXED);
}

/*
 * Without freed tables only CPUs running the mm take the flush; a lazy
 * one catches up at switch_mm() (its walker may still walk the tables,
 * which is why freed tables reach every CPU of the mask).
 */
static bool x86_wants_flush(int cpu, void *info)
{
	const struct x86_flush *f = info;
	const struct sim_cpu *c = &tlbf_cpus[cpu];

	return !cpu_is_lazy(c) && loaded_mm(c) == f->mm;
}

static void note_ipi_purpose(const struct x86_flush *f)
{
	bool all = f->end == TLB_FLUSH_ALL;

	if (trace_names_on())
		trace_note_ipi_purpose(all ? "TLB flush of all of the mm"
					   : "TLB flush",
				       all ? 0 : f->start, all ? 0 : f->end);
}

void x86_model_flush(struct mm_struct *mm, unsigned long start,
		     unsigned long end, unsigned int stride_shift,
		     bool freed_tables)
{
	struct sim_cpu *self = this_cpu();
	struct x86_flush f = {
		.mm = mm,
		.start = start,
		.end = end,
		.stride_shift = stride_shift,
		.initiator = self->id,
	};
	unsigned long model_ipis = x86_model_rule_ipis(mm, freed_tables);
	unsigned long cpus;

	f.new_tlb_gen = (uint64_t)__atomic_add_fetch(
		&mm->context.tlb_gen.counter, 1, __ATOMIC_SEQ_CST);
	if (((end - start) >> stride_shift) > X86_SINGLE_PAGE_FLUSH_CEILING) {
		f.start = 0;
		f.end = TLB_FLUSH_ALL;
	}
	note_ipi_purpose(&f);
	cpus = __atomic_load_n(&mm->context.cpumask, __ATOMIC_SEQ_CST);
	if (cpus & ~(1UL << self->id)) {
		x86_run_on(x86_choose(cpus,
				      freed_tables ? NULL : x86_wants_flush,
				      &f),
			   model_ipis, x86_flush_here, &f);
		return;
	}
	if (loaded_mm(self) == mm)
		x86_run_on(1UL << self->id, 0, x86_flush_here, &f);
	x86_model_ipis_after(model_ipis);
}
