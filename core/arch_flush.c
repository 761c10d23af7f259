// SPDX-License-Identifier: GPL-2.0-only
/*
 * The arch flush side: tlb_flush() per profile and the flush primitives
 * the rest of mm uses (flush_tlb_mm, flush_tlb_range, flush_tlb_page,
 * flush_tlb_mm_range, flush_tlb_table_range). This is the only code that
 * removes entries from simulated CPUs' TLBs and walk caches.
 *
 * Each flush is turned into a struct flush_req: which mm, which addresses
 * it invalidates (start + k * stride below end), whether it is leaf-only,
 * its TTL hint, and what it does to walk caches. How the request reaches
 * the CPUs is the arch's: x86 and the range-only/no-range arches send an
 * IPI that each target handles itself (arch/x86/mm/tlb.c flush_tlb_func),
 * arm64 broadcasts a TLBI that every CPU obeys without taking an
 * interrupt.
 */
#include "arch.h"

#include "arch_tlbi.h"
#include "arch_x86.h"

#include "cpu.h"
#include "interleave.h"
#include "mmu_gather.h"
#include "rules.h"
#include "trace.h"
#include "trace_names.h"

/* arm64 MAX_TLBI_OPS (PTRS_PER_PTE): beyond it, flush the whole ASID. */
#define MAX_TLBI_OPS (PTRS_PER_PTE)
/* __TLBI_RANGE_PAGES(31, 3): the most one range TLBI loop covers. */
#define MAX_TLBI_RANGE_PAGES (32UL << 16)

/* What a flush does to walk-cache (paging-structure cache) entries. */
enum walk_rule {
	WALK_KEEP, /* leaf-only invalidation */
	WALK_SPAN_HIT, /* arm64 non-leaf: an address hits the span */
	WALK_VA_HIT, /* range-only: the walk's own VA is flushed */
	WALK_SPAN_OVERLAP, /* a table range flush: span meets the range */
};

struct flush_req {
	struct mm_struct *mm;
	bool all; /* every entry of mm */
	unsigned long start, end;
	unsigned int stride_shift;
	int tlb_level; /* arm64 TTL: 0 any, 3 pte, 2 pmd, 1 pud */
	enum walk_rule walk;
};

/* Does some start + k * stride below req->end fall in [lo, hi)? */
static bool lattice_hits(const struct flush_req *r, unsigned long lo,
			 unsigned long hi)
{
	unsigned long stride = 1UL << r->stride_shift;
	unsigned long first = r->start;

	if (r->start >= r->end)
		return false;
	if (lo > r->start) {
		if (lo - r->start >= r->end - r->start)
			return false;
		first = r->start + ALIGN_UP_TO(lo - r->start, stride);
		if (first < lo) /* wrapped */
			return false;
	}
	return first < r->end && first < hi && first >= lo;
}

static bool ttl_matches(const struct flush_req *r, enum pt_level level)
{
	return !r->tlb_level || r->tlb_level == 3 - (int)level;
}

static bool leaf_hit(const struct tlb_entry *e, const void *ctx)
{
	const struct flush_req *r = ctx;
	unsigned long span = 1UL << level_shift(e->level);

	if (e->mm != r->mm)
		return false;
	if (r->all)
		return true;
	return ttl_matches(r, e->level) && lattice_hits(r, e->va, e->va + span);
}

static bool walk_hit(const struct walk_entry *w, const void *ctx)
{
	const struct flush_req *r = ctx;
	unsigned long span = 1UL << table_span_shift(w->level);
	unsigned long base = w->va & ~(span - 1);

	if (w->mm != r->mm)
		return false;
	if (r->all)
		return true;
	switch (r->walk) {
	case WALK_SPAN_HIT:
		return lattice_hits(r, base, base + span);
	case WALK_VA_HIT:
		return lattice_hits(r, w->va, w->va + PAGE_SIZE);
	case WALK_SPAN_OVERLAP:
		return base < r->end && base + span - 1 >= r->start;
	default:
		return false;
	}
}

/* Apply @r to one CPU's caches (the CPU's hw lock is taken in cpu.c). */
static void flush_cpu(struct sim_cpu *c, const struct flush_req *r)
{
	tlb_drop_if(c, leaf_hit, r);
	if (r->all || r->walk != WALK_KEEP)
		walk_drop_if(c, walk_hit, r);
}

static void emit_flush(enum flush_fn fn, unsigned long start, unsigned long end,
		       int stride_shift, bool freed_tables, bool last_level,
		       int tlb_level, bool fullmm_all)
{
	struct trace_event ev = {.kind = EV_FLUSH, .fn = fn};

	if (!trace_on())
		return;
	/* The arguments as the arch function got them, unrounded. */
	ev.start = start;
	ev.end = end;
	ev.stride_shift = stride_shift;
	ev.freed_tables = freed_tables;
	ev.last_level = last_level;
	ev.tlb_level = tlb_level;
	ev.fullmm_all = fullmm_all;
	trace_emit(&ev);
}

/* A request for the addresses start + k << shift below end. */
static struct flush_req lattice_req(struct mm_struct *mm, unsigned long start,
				    unsigned long end, unsigned int shift,
				    enum walk_rule walk)
{
	struct flush_req r = {.mm = mm, .walk = walk};

	r.start = start;
	r.end = end;
	r.stride_shift = shift;
	return r;
}

/* ---- IPI delivery (range-only, no-range) --------------------------- */

/* The IPI handler, on the target CPU. */
static void flush_ipi_func(void *info)
{
	flush_cpu(this_cpu(), info);
}

/* Send @r to the mm's CPUs by IPI, waiting for all, and flush locally. */
static void flush_by_ipi(const struct flush_req *r)
{
	unsigned long cpus = __atomic_load_n(&r->mm->cpumask, __ATOMIC_RELAXED);
	struct sim_cpu *self = this_cpu();
	unsigned long mask = 0;
	struct sim_cpu *c;

	for_each_online_cpu (c) {
		if (c == self || !(cpus & (1UL << c->id)))
			continue;
		mask |= 1UL << c->id;
	}
	ilv_flush(r->mm);
	if (trace_names_on())
		trace_note_ipi_purpose(
			r->all ? "TLB flush of all of the mm" : "TLB flush",
			r->all ? 0 : r->start, r->all ? 0 : r->end);
	if (mask)
		smp_call_function_many(mask, flush_ipi_func, (void *)r, true);
	if ((cpus & (1UL << self->id)) || cpu_active_mm(self) == r->mm)
		flush_cpu(self, r);
}

/* arm64 TLBI ... IS: every CPU obeys at once, no interrupt involved. */
static void flush_broadcast(const struct flush_req *r)
{
	struct sim_cpu *c;

	ilv_flush(r->mm);
	for_each_online_cpu (c)
		flush_cpu(c, r);
}

/* ---- x86 ------------------------------------------------------------ */

/*
 * The tree's arch/x86/mm/tlb.c decides in kernel mode, the model's
 * rewrite of it (core/arch_x86_flush.c) otherwise, on the same CPUs.
 */
void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start,
			unsigned long end, unsigned int stride_shift,
			bool freed_tables)
{
	trace_func(__func__, start);
	emit_flush(FN_FLUSH_TLB_MM_RANGE, start, end, (int)stride_shift,
		   freed_tables, false, 0, start == 0 && end == TLB_FLUSH_ALL);
	ilv_flush(mm);
	if (x86_tree_on())
		x86_tree_flush_run(mm, start, end, stride_shift, freed_tables);
	else
		x86_model_flush(mm, start, end, stride_shift, freed_tables);
}

static void x86_tlb_flush(struct mmu_gather *tlb)
{
	unsigned long start = 0, end = TLB_FLUSH_ALL;

	if (!tlb->fullmm && !tlb->need_flush_all) {
		start = tlb->start;
		end = tlb->end;
	}
	/* The tree passes freed_tables alone (docs/findings.md's x86 finding). */
	flush_tlb_mm_range(tlb->mm, start, end, tlb_get_unmap_shift(tlb),
			   tlb->freed_tables ||
				   (rules_fixed(FIX_X86_LAZY_UNSHARE) &&
				    tlb->unshared_tables));
}

/* ---- arm64 ---------------------------------------------------------- */

static void arm64_flush_tlb_mm(struct mm_struct *mm, bool freed_tables)
{
	struct flush_req r = {.mm = mm, .all = true};

	emit_flush(FN_FLUSH_TLB_MM, 0, 0, -1, freed_tables, false, 0, true);
	flush_broadcast(&r);
}

/*
 * arm64 __flush_tlb_range: VALE1IS (leaf only) or VAE1IS (walk caches
 * too) per stride over the range rounded out to the stride, or the range
 * forms RVALE1IS/RVAE1IS, which hit the same entries for a stride-aligned
 * range. What falls back to the whole ASID depends on the CPU, as in the
 * tree: without range instructions MAX_TLBI_OPS strides or more; with
 * them (an Armv8.4 CPU, kernel mode's default: tlbf_arm64_caps) only a
 * range of MAX_TLBI_RANGE_PAGES pages or more. Without ARM64_CAP_TTL the
 * level hint is ignored. @freed_tables is only for the trace.
 */
static void arm64_flush_range(struct mm_struct *mm, unsigned long start,
			      unsigned long end, unsigned long stride,
			      bool last_level, int tlb_level, bool freed_tables)
{
	struct flush_req r = {
		.mm = mm,
		.stride_shift = (unsigned int)__builtin_ctzl(stride),
		.tlb_level = tlb_level,
		.walk = last_level ? WALK_KEEP : WALK_SPAN_HIT,
	};

	trace_func("__flush_tlb_range", start);
	emit_flush(FN___FLUSH_TLB_RANGE, start, end, (int)r.stride_shift,
		   freed_tables, last_level, tlb_level, false);
	r.start = ALIGN_DOWN_TO(start, stride);
	r.end = ALIGN_UP_TO(end, stride);
	if (!(tlbf_arm64_caps & ARM64_CAP_TTL))
		r.tlb_level = 0;
	if (tlbf_arm64_caps & ARM64_CAP_TLB_RANGE) {
		if ((r.end - r.start) >> PAGE_SHIFT >= MAX_TLBI_RANGE_PAGES)
			r.all = true;
	} else if (r.end - r.start >= MAX_TLBI_OPS * stride) {
		r.all = true;
	}
	flush_broadcast(&r);
}

/*
 * The TTL hint: 3, 2 or 1 when exactly one of the pte, pmd, pud levels
 * had entries cleared (and no table was freed: TTL names a leaf level),
 * else 0, "any level".
 */
static int arm64_tlb_get_level(struct mmu_gather *tlb)
{
	unsigned int levels = tlb->cleared_ptes | tlb->cleared_pmds << 1 |
			      tlb->cleared_puds << 2 | tlb->cleared_p4ds << 3;

	if (tlb->freed_tables)
		return 0;
	switch (levels) {
	case 1:
		return 3;
	case 2:
		return 2;
	case 4:
		return 1;
	default:
		return 0;
	}
}

/*
 * A dying mm's ASID is never handed out again without a full
 * invalidation, so a fullmm gather only has to clear walk caches, and
 * only if tables went.
 */
static void arm64_tlb_flush(struct mmu_gather *tlb)
{
	bool last_level = !(tlb->freed_tables || tlb->unshared_tables);
	struct trace_event skipped = {
		.kind = EV_FLUSH_SKIPPED,
		.freed_tables = tlb->freed_tables,
	};

	if (tlb->fullmm) {
		if (!last_level) {
			arm64_flush_tlb_mm(tlb->mm, tlb->freed_tables);
		} else if (trace_on()) {
			trace_emit(&skipped);
		}
		return;
	}
	arm64_flush_range(tlb->mm, tlb->start, tlb->end,
			  tlb_get_unmap_size(tlb), last_level,
			  arm64_tlb_get_level(tlb), tlb->freed_tables);
}

/* ---- range-only (2011 ARM/ia64/sh) and no-range ---------------------- */

/*
 * flush_tlb_range of the range-only arches: a per-page invalidate that
 * removes a walk entry only if that page's own walk filled it.
 */
static void range_only_flush(struct mm_struct *mm, unsigned long start,
			     unsigned long end, bool freed_tables)
{
	struct flush_req r = lattice_req(mm, ALIGN_DOWN_TO(start, PAGE_SIZE),
					 ALIGN_UP_TO(end, PAGE_SIZE),
					 PAGE_SHIFT, WALK_VA_HIT);

	trace_func("flush_tlb_range", start);
	emit_flush(FN_FLUSH_TLB_RANGE, start, end, (int)PAGE_SHIFT,
		   freed_tables, false, 0, false);
	flush_by_ipi(&r);
}

static void ipi_flush_tlb_mm(struct mm_struct *mm, bool freed_tables)
{
	struct flush_req r = {.mm = mm, .all = true};

	emit_flush(FN_FLUSH_TLB_MM, 0, 0, -1, freed_tables, false, 0, true);
	flush_by_ipi(&r);
}

/* include/asm-generic/tlb.h's default tlb_flush. */
static void generic_tlb_flush(struct mmu_gather *tlb)
{
	if (tlb->fullmm || tlb->need_flush_all)
		ipi_flush_tlb_mm(tlb->mm, tlb->freed_tables);
	else if (tlb->end)
		range_only_flush(tlb->mm, tlb->start, tlb->end,
				 tlb->freed_tables);
}

/* MMU_GATHER_NO_RANGE: anything gathered is a whole-mm flush. */
static void no_range_tlb_flush(struct mmu_gather *tlb)
{
	if (tlb->end)
		ipi_flush_tlb_mm(tlb->mm, tlb->freed_tables);
}

/* ---- the hook and the primitives ------------------------------------ */

void tlb_flush(struct mmu_gather *tlb)
{
	trace_func(__func__, tlb->start);
	switch (tlbf_arch->flush) {
	case FLUSH_X86:
		x86_tlb_flush(tlb);
		break;
	case FLUSH_ARM64:
		arm64_tlb_flush(tlb);
		break;
	case FLUSH_RANGE_ONLY:
		generic_tlb_flush(tlb);
		break;
	case FLUSH_NO_RANGE:
		no_range_tlb_flush(tlb);
		break;
	}
}

void flush_tlb_mm(struct mm_struct *mm)
{
	trace_func(__func__, 0);
	switch (tlbf_arch->flush) {
	case FLUSH_X86:
		flush_tlb_mm_range(mm, 0, TLB_FLUSH_ALL, 0, true);
		break;
	case FLUSH_ARM64:
		arm64_flush_tlb_mm(mm, false);
		break;
	default:
		ipi_flush_tlb_mm(mm, false);
		break;
	}
}

void flush_tlb_range(struct vm_area_struct *vma, unsigned long start,
		     unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;

	switch (tlbf_arch->flush) {
	case FLUSH_X86:
		flush_tlb_mm_range(mm, start, end,
				   is_vm_hugetlb_page(vma) ? PMD_SHIFT
							   : PAGE_SHIFT,
				   false);
		break;
	case FLUSH_ARM64:
		/* Not leaf-only: it may be tearing down table entries. */
		arm64_flush_range(mm, start, end, PAGE_SIZE, false, 0, false);
		break;
	case FLUSH_RANGE_ONLY:
		range_only_flush(mm, start, end, false);
		break;
	case FLUSH_NO_RANGE:
		ipi_flush_tlb_mm(mm, false);
		break;
	}
}

void flush_tlb_page(struct vm_area_struct *vma, unsigned long addr)
{
	addr = ALIGN_DOWN_TO(addr, PAGE_SIZE);
	switch (tlbf_arch->flush) {
	case FLUSH_X86:
		flush_tlb_mm_range(vma->vm_mm, addr, addr + PAGE_SIZE,
				   PAGE_SHIFT, false);
		break;
	case FLUSH_ARM64:
		/* flush_tlb_page: one VALE1IS, leaf only. */
		arm64_flush_range(vma->vm_mm, addr, addr + PAGE_SIZE, PAGE_SIZE,
				  true, 0, false);
		break;
	default:
		flush_tlb_range(vma, addr, addr + PAGE_SIZE);
		break;
	}
}

/*
 * A range whose upper entry pointing at a table was cleared or moved
 * (pmdp_collapse_flush, move_normal_pmd): the walk caches must go too.
 * x86 and arm64 use their flush_tlb_range, which already does that; the
 * range-only arches needed the table's whole span flushed, which is what
 * this asks for.
 */
void flush_tlb_table_range(struct mm_struct *mm, unsigned long start,
			   unsigned long end)
{
	struct vm_area_struct vma = {.vm_mm = mm};
	struct flush_req r = lattice_req(mm, ALIGN_DOWN_TO(start, PAGE_SIZE),
					 ALIGN_UP_TO(end, PAGE_SIZE),
					 PAGE_SHIFT, WALK_SPAN_OVERLAP);

	switch (tlbf_arch->flush) {
	case FLUSH_X86:
	case FLUSH_ARM64:
		flush_tlb_range(&vma, start, end);
		break;
	case FLUSH_RANGE_ONLY:
		trace_func(__func__, start);
		emit_flush(FN_FLUSH_TLB_RANGE, start, end, (int)PAGE_SHIFT,
			   false, false, 0, false);
		flush_by_ipi(&r);
		break;
	case FLUSH_NO_RANGE:
		ipi_flush_tlb_mm(mm, false);
		break;
	}
}
