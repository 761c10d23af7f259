// SPDX-License-Identifier: GPL-2.0-only
/*
 * Simulated CPUs: TLB and walk-cache arrays and their fill, lookup and
 * invalidation. Which entries a flush drops is the arch's rule
 * (core/arch_*.c); this file only applies it.
 */
#include "cpu.h"

#include <string.h>

#include "arch_tlbi.h"
#include "arch_x86.h"
#include "interleave.h"
#include "mm.h"
#include "objlog.h"

struct sim_cpu tlbf_cpus[TLBF_MAX_CPUS];
unsigned int tlbf_nr_cpus = 1;
unsigned long tlbf_tlb_fill_seq;

void cpus_reset(unsigned int nr)
{
	unsigned int i;

	if (nr < 1)
		nr = 1;
	if (nr > TLBF_MAX_CPUS)
		nr = TLBF_MAX_CPUS;
	memset(tlbf_cpus, 0, sizeof(tlbf_cpus));
	for (i = 0; i < TLBF_MAX_CPUS; i++) {
		tlbf_cpus[i].id = i;
		tlbf_cpus[i].online = i < nr;
		tlbf_cpus[i].idle = 1;
		x86_cpu_reset(&tlbf_cpus[i]);
	}
	tlbf_nr_cpus = nr;
	tlbf_tlb_fill_seq = 0;
	arm64_tlbi_reset();
}

void tlb_fill(struct sim_cpu *cpu, const struct tlb_entry *e)
{
	hw_lock(&cpu->tlb_lock);
	tlb_fill_locked(cpu, e);
	hw_unlock(&cpu->tlb_lock);
}

void tlb_fill_locked(struct sim_cpu *cpu, const struct tlb_entry *e)
{
	unsigned int i, slot = TLB_ENTRIES;

	for (i = 0; i < TLB_ENTRIES; i++) {
		struct tlb_entry *t = &cpu->tlb[i];

		if (t->mm == e->mm && t->va == e->va && t->level == e->level) {
			slot = i;
			break;
		}
		if (!t->mm && slot == TLB_ENTRIES)
			slot = i;
	}
	if (slot == TLB_ENTRIES) {
		slot = cpu->tlb_next;
		cpu->tlb_next = (cpu->tlb_next + 1) % TLB_ENTRIES;
	}
	ilv_fill(ILV_TLB, e->mm, ILV_FRAME, e->page);
	if (tlbf_trace_names)
		objlog_tlb_fill(cpu->id, e->va, e->page);
	cpu->tlb[slot] = *e;
	cpu->tlb[slot].seq =
		__atomic_add_fetch(&tlbf_tlb_fill_seq, 1, __ATOMIC_RELAXED);
}

void walk_fill(struct sim_cpu *cpu, const struct walk_entry *e)
{
	hw_lock(&cpu->tlb_lock);
	walk_fill_locked(cpu, e);
	hw_unlock(&cpu->tlb_lock);
}

void walk_fill_locked(struct sim_cpu *cpu, const struct walk_entry *e)
{
	unsigned int i, slot = WALK_ENTRIES;

	for (i = 0; i < WALK_ENTRIES; i++) {
		struct walk_entry *w = &cpu->walk[i];

		if (w->mm == e->mm && w->va == e->va && w->level == e->level) {
			slot = i;
			break;
		}
		if (!w->mm && slot == WALK_ENTRIES)
			slot = i;
	}
	if (slot == WALK_ENTRIES) {
		slot = cpu->walk_next;
		cpu->walk_next = (cpu->walk_next + 1) % WALK_ENTRIES;
	}
	ilv_fill(ILV_WALK, e->mm, ILV_TABLE, e->table);
	if (tlbf_trace_names)
		objlog_walk_fill(cpu->id, e->va, e->table);
	cpu->walk[slot] = *e;
}

struct tlb_entry *tlb_lookup(struct sim_cpu *cpu, struct mm_struct *mm,
			     unsigned long va)
{
	struct tlb_entry *found = NULL;
	unsigned int i;

	hw_lock(&cpu->tlb_lock);
	for (i = 0; i < TLB_ENTRIES; i++) {
		struct tlb_entry *t = &cpu->tlb[i];

		if (t->mm == mm && tlb_covers(t, va)) {
			found = t;
			break;
		}
	}
	hw_unlock(&cpu->tlb_lock);
	return found;
}

/*
 * A walk entry at @level serves every address inside the span of that
 * table, i.e. the addresses sharing the upper bits of the address whose
 * walk filled it.
 */
static bool walk_serves(const struct walk_entry *w, unsigned long va)
{
	unsigned int shift = table_span_shift(w->level);

	return (w->va >> shift) == (va >> shift);
}

struct walk_entry *walk_lookup(struct sim_cpu *cpu, struct mm_struct *mm,
			       unsigned long va)
{
	struct walk_entry *best = NULL;
	unsigned int i;

	hw_lock(&cpu->tlb_lock);
	for (i = 0; i < WALK_ENTRIES; i++) {
		struct walk_entry *w = &cpu->walk[i];

		if (w->mm != mm || !walk_serves(w, va))
			continue;
		if (!best || w->level < best->level)
			best = w;
	}
	hw_unlock(&cpu->tlb_lock);
	return best;
}

bool walk_cached_for(const struct sim_cpu *cpu, const struct mm_struct *mm,
		     unsigned long va, const struct page *table)
{
	unsigned int i;

	for (i = 0; i < WALK_ENTRIES; i++) {
		const struct walk_entry *w = &cpu->walk[i];

		if (w->mm == mm && w->table == table && walk_serves(w, va))
			return true;
	}
	return false;
}

unsigned int tlb_drop_if(struct sim_cpu *cpu, tlb_match_fn match,
			 const void *ctx)
{
	unsigned int i, n = 0;

	hw_lock(&cpu->tlb_lock);
	for (i = 0; i < TLB_ENTRIES; i++) {
		struct tlb_entry *t = &cpu->tlb[i];

		if (t->mm && match(t, ctx)) {
			memset(t, 0, sizeof(*t));
			n++;
		}
	}
	hw_unlock(&cpu->tlb_lock);
	return n;
}

void tlb_note_unmap_deferred(struct mm_struct *mm, unsigned long va)
{
	struct sim_cpu *c;
	unsigned int i;

	for_each_online_cpu (c) {
		hw_lock(&c->tlb_lock);
		for (i = 0; i < TLB_ENTRIES; i++) {
			struct tlb_entry *t = &c->tlb[i];

			if (t->mm == mm && tlb_covers(t, va))
				t->unmap_deferred = true;
		}
		hw_unlock(&c->tlb_lock);
	}
}

unsigned int walk_drop_if(struct sim_cpu *cpu, walk_match_fn match,
			  const void *ctx)
{
	unsigned int i, n = 0;

	hw_lock(&cpu->tlb_lock);
	for (i = 0; i < WALK_ENTRIES; i++) {
		struct walk_entry *w = &cpu->walk[i];

		if (w->mm && match(w, ctx)) {
			memset(w, 0, sizeof(*w));
			n++;
		}
	}
	hw_unlock(&cpu->tlb_lock);
	return n;
}

static bool tlb_of_mm(const struct tlb_entry *t, const void *mm)
{
	return t->mm == mm;
}

static bool walk_of_mm(const struct walk_entry *w, const void *mm)
{
	return w->mm == mm;
}

void cpu_flush_mm(struct sim_cpu *cpu, struct mm_struct *mm)
{
	tlb_drop_if(cpu, tlb_of_mm, mm);
	walk_drop_if(cpu, walk_of_mm, mm);
}

/*
 * lazy, lazy_flush_deferred and active_mm are read by other CPUs' flush
 * code (x86 skips lazy CPUs and marks the flush deferred): relaxed
 * atomics, as the kernel reads cpu_tlbstate_shared remotely.
 */
void cpu_switch_mm(struct sim_cpu *cpu, struct mm_struct *mm)
{
	struct mm_struct *prev = cpu_active_mm(cpu);

	if (x86_state_on()) {
		/*
		 * switch_mm_irqs_off() sets the CPU in mm_cpumask before it
		 * reads the mm's tlb_gen, and flushes by that generation
		 * (core/arch_x86.c).
		 */
		if (mm)
			__atomic_or_fetch(&mm->context.cpumask, 1UL << cpu->id,
					  __ATOMIC_SEQ_CST);
		x86_switch_mm(cpu, mm);
	} else {
		/*
		 * To another process: the model has no ASIDs, so the TTBR
		 * switch leaves nothing of the previous mm behind (with ASIDs
		 * its entries would stay tagged but unusable: the same for
		 * every oracle).
		 */
		if (prev && prev != mm)
			cpu_flush_mm(cpu, prev);
	}
	__atomic_store_n(&cpu->lazy, false, __ATOMIC_RELAXED);
	__atomic_store_n(&cpu->lazy_flush_deferred, false, __ATOMIC_RELAXED);
	__atomic_store_n(&cpu->active_mm, mm, __ATOMIC_RELAXED);
	if (mm)
		__atomic_or_fetch(&mm->cpumask, 1UL << cpu->id,
				  __ATOMIC_RELAXED);
}

void cpu_enter_lazy(struct sim_cpu *cpu)
{
	__atomic_store_n(&cpu->lazy, true, __ATOMIC_RELAXED);
	if (x86_state_on())
		x86_enter_lazy(cpu);
}
