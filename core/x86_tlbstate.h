/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86's TLB bookkeeping that the tree's arch/x86/mm/tlb.c flush path reads
 * (kernel-source mode with TLBFUZZ_KERNEL_ARCH_CODE, docs/arch-code.md):
 * the per-CPU cpu_tlbstate and cpu_tlbstate_shared, and the mm's
 * context.ctx_id and context.tlb_gen. The layout is shared by both worlds
 * (core/ and the kernel world's tlbf/x86tlb.h), so it holds plain C types
 * only; the member names are the kernel's, because the tree's code names
 * them. core/cpu.c keeps them as switch_mm() and enter_lazy_tlb() would.
 *
 * PCID is off: one ASID slot (ctxs[0]), and every CR3 write flushes.
 */
#ifndef TLBF_X86_TLBSTATE_H
#define TLBF_X86_TLBSTATE_H

#include <stdbool.h>
#include <stdint.h>

struct mm_struct;

/* The kernel world's per-CPU arrays (TLBF_MAX_CPUS, checked in kapi). */
#define TLBF_X86_MAX_CPUS 4

/* atomic64_t, for context.tlb_gen (updated with __atomic builtins). */
typedef struct {
	int64_t counter;
} tlbf_atomic64_t;

/* The mm's mm_context_t, reduced to what the flush path reads. */
struct tlbf_x86_mm_context {
	uint64_t ctx_id; /* never reused; init_mm has 1 */
	tlbf_atomic64_t tlb_gen; /* bumped by every flush request */
	unsigned long next_trim_cpumask; /* jiffies (always 0 here) */
	/*
	 * mm_cpumask() as x86's switch_mm_irqs_off() keeps it: set when a
	 * CPU loads the mm, cleared when it loads another. The model's own
	 * mask (struct mm_struct.cpumask) is never cleared and stays what
	 * the model's code reads.
	 */
	unsigned long cpumask;
};

/* cpu_tlbstate.ctxs[asid]: what this CPU's TLB holds of which mm. */
struct tlbf_x86_tlb_context {
	uint64_t ctx_id;
	uint64_t tlb_gen; /* the generation this CPU has flushed up to */
};

struct tlbf_x86_tlb_state {
	struct mm_struct *loaded_mm; /* the mm CR3 points at */
	uint16_t loaded_mm_asid; /* always 0: no PCID */
	struct tlbf_x86_tlb_context ctxs[1];
};

struct tlbf_x86_tlb_state_shared {
	bool is_lazy; /* read by other CPUs' should_flush_tlb() */
};

/* One CPU's x86 state, members named as the kernel's per-CPU variables. */
struct tlbf_x86_pcpu {
	struct tlbf_x86_tlb_state cpu_tlbstate;
	struct tlbf_x86_tlb_state_shared cpu_tlbstate_shared;
};

#endif
