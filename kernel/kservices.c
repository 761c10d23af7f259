// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the kernel's gather code calls outside itself, done in the model
 * world (tlbf/kapi.h): tlb_flush and the flush primitives apply
 * core/arch_flush.c's rules to the simulated CPUs, __get_free_pages goes
 * through should_fail(), pages and tables are released by core/page.c
 * (whose free points run the oracles), call_rcu and smp_call_function are
 * core/sync.c's, so the schedule decides when grace periods end and when
 * IPIs are taken, and BUG/WARN are oracle reports.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "arch_tlbi.h"
#include "faultinj.h"
#include "mmu_gather.h"
#include "oracle.h"
#include "page.h"
#include "sync.h"
#include "tlbf/kapi.h"
#include "trace.h"

static void emit(struct trace_event *ev)
{
	if (trace_on())
		trace_emit(ev);
}

/* ---- flushes ---------------------------------------------------------- */

/* The arch's tlb_flush(): the model's rule on a model-shaped gather. */
void tlbf_k_tlb_flush(const struct tlbf_kview *v)
{
	struct mmu_gather m = {
		.mm = v->mm,
		.start = v->start,
		.end = v->end,
		.fullmm = v->fullmm,
		.need_flush_all = v->need_flush_all,
		.freed_tables = v->freed_tables,
		.cleared_ptes = v->cleared_ptes,
		.cleared_pmds = v->cleared_pmds,
		.cleared_puds = v->cleared_puds,
		.cleared_p4ds = v->cleared_p4ds,
		.vma_exec = v->vma_exec,
		.vma_huge = v->vma_huge,
		.vma_pfn = v->vma_pfn,
		.unshared_tables = v->unshared_tables,
		.fully_unshared_tables = v->fully_unshared_tables,
	};

	tlb_flush(&m);
}

/*
 * The generic tlb_flush()'s calls: the same flush as flush_tlb_mm() and
 * flush_tlb_range() of the profile, with the gather's freed_tables in the
 * event. Outside a gather, freed_tables is false.
 */
void tlbf_k_flush_tlb_mm(void *mm, bool freed_tables)
{
	struct mmu_gather m = {
		.mm = mm, .fullmm = 1, .freed_tables = freed_tables};

	if (tlbf_arch->flush == FLUSH_RANGE_ONLY ||
	    tlbf_arch->flush == FLUSH_NO_RANGE) {
		/* Their tlb_flush() of a fullmm gather is this very flush. */
		m.end = 1;
		tlb_flush(&m);
		return;
	}
	flush_tlb_mm(mm);
}

void tlbf_k_flush_tlb_range(void *mm, unsigned long start, unsigned long end,
			    bool exec, bool huge, bool freed_tables)
{
	struct vm_area_struct vma = {
		.vm_mm = mm,
		.vm_flags = (exec ? VM_EXEC : 0) | (huge ? VM_HUGETLB : 0),
	};
	struct mmu_gather m = {
		.mm = mm,
		.start = start,
		.end = end,
		.freed_tables = freed_tables,
		.vma_exec = exec,
		.vma_huge = huge,
	};

	if (tlbf_arch->flush == FLUSH_RANGE_ONLY) {
		tlb_flush(&m);
		return;
	}
	flush_tlb_range(&vma, start, end);
}

/* ---- the tree's arch flush code ---------------------------------------- */

void tlbf_k_tlbi(const char *op, unsigned long operand)
{
	arm64_tlbi(op, operand);
}

void tlbf_k_dsb(const char *option)
{
	arm64_dsb(option);
}

unsigned long tlbf_k_asid(void *mm)
{
	return arm64_asid(mm);
}

bool tlbf_k_arm64_has_cap(unsigned int cap)
{
	return tlbf_arm64_caps & cap;
}

_Static_assert(TLBF_KFN___FLUSH_TLB_RANGE == FN___FLUSH_TLB_RANGE &&
		       TLBF_KFN_FLUSH_TLB_MM_RANGE == FN_FLUSH_TLB_MM_RANGE &&
		       TLBF_KFN_FLUSH_TLB_MM == FN_FLUSH_TLB_MM &&
		       TLBF_KFN_FLUSH_TLB_RANGE == FN_FLUSH_TLB_RANGE,
	       "kapi.h's flush function numbers follow core/trace.h");

static unsigned long kflush_calls[TLBF_MAX_CPUS];

void tlbf_k_trace_flush(int fn, unsigned long start, unsigned long end,
			int stride_shift, bool freed_tables, bool last_level,
			int tlb_level, bool fullmm_all)
{
	struct trace_event ev = {
		.kind = EV_FLUSH,
		.fn = (enum flush_fn)fn,
		.start = start,
		.end = end,
		.stride_shift = stride_shift,
		.freed_tables = freed_tables,
		.last_level = last_level,
		.tlb_level = tlb_level,
		.fullmm_all = fullmm_all,
	};

	kflush_calls[smp_processor_id()]++;
	emit(&ev);
}

void tlbf_k_flush_tlb_mm_range(void *mm, unsigned long start, unsigned long end,
			       unsigned int stride_shift, bool freed_tables)
{
	kflush_calls[smp_processor_id()]++;
	flush_tlb_mm_range(mm, start, end, stride_shift, freed_tables);
}

unsigned long tlbf_k_flush_calls(void)
{
	return kflush_calls[smp_processor_id()];
}

void tlbf_k_flush_skipped(bool freed_tables)
{
	struct trace_event ev = {.kind = EV_FLUSH_SKIPPED,
				 .freed_tables = freed_tables};

	emit(&ev);
}

void tlbf_k_trace_func(const char *fn, unsigned long arg)
{
	trace_func(fn, arg);
}

int tlbf_k_table_span(void *table, unsigned long *base, unsigned long *size)
{
	struct page *pt = table;

	*size = 1UL << table_span_shift(pt->pt_level);
	*base = pt->pt_base & ~(*size - 1);
	return (int)pt->pt_level;
}

/* ---- batch pages ------------------------------------------------------ */

struct kbatch_page {
	void *addr;
	enum alloc_kind kind;
};

static struct kbatch_page *kbatch;
static unsigned int kbatch_nr, kbatch_cap;
static pthread_mutex_t kbatch_lock = PTHREAD_MUTEX_INITIALIZER;
/*
 * Per simulated CPU: its batch-page requests are for a table batch while
 * this is positive (nested: a table freed inside free_pgd_range()).
 */
static unsigned int kalloc_table[TLBF_MAX_CPUS];

void tlbf_k_alloc_table_batch(bool on)
{
	if (on)
		kalloc_table[smp_processor_id()]++;
	else if (kalloc_table[smp_processor_id()])
		kalloc_table[smp_processor_id()]--;
}

unsigned char tlbf_k_poison_byte(void)
{
	return tlbf_faultinj.attempts & 1 ? 0x5a : 0xa5;
}

void *tlbf_k_alloc_uninit(size_t size)
{
	void *mem = malloc(size);

	if (!mem)
		abort();
	memset(mem, tlbf_k_poison_byte(), size);
	return mem;
}

void *tlbf_k_get_free_page(void)
{
	enum alloc_kind kind = kalloc_table[smp_processor_id()]
				       ? ALLOC_TABLE_BATCH
				       : ALLOC_PAGE_BATCH;
	struct trace_event ev = {.kind = EV_ALLOC, .alloc = kind};
	void *page = NULL;

	if (!should_fail(kind)) {
		page = tlbf_k_alloc_uninit(PAGE_SIZE);
	}
	ev.ok = page != NULL;
	ev.n = tlbf_faultinj.per_kind[ALLOC_PAGE_BATCH] +
	       tlbf_faultinj.per_kind[ALLOC_TABLE_BATCH];
	emit(&ev);
	if (!page)
		return NULL;
	pthread_mutex_lock(&kbatch_lock);
	if (kbatch_nr == kbatch_cap) {
		kbatch_cap = kbatch_cap ? 2 * kbatch_cap : 64;
		kbatch = realloc(kbatch, kbatch_cap * sizeof(*kbatch));
		if (!kbatch)
			abort();
	}
	kbatch[kbatch_nr].addr = page;
	kbatch[kbatch_nr++].kind = kind;
	pthread_mutex_unlock(&kbatch_lock);
	return page;
}

void tlbf_k_free_page(void *addr)
{
	struct trace_event ev = {.kind = EV_FREE_BATCH};
	unsigned int i;

	pthread_mutex_lock(&kbatch_lock);
	for (i = 0; i < kbatch_nr && kbatch[i].addr != addr; i++)
		;
	if (i == kbatch_nr) {
		pthread_mutex_unlock(&kbatch_lock);
		report(ORACLE_KERNEL_BUG, "free_pages of an unknown page",
		       "%p was not a batch page of this run", addr);
		return;
	}
	ev.alloc = kbatch[i].kind;
	kbatch[i] = kbatch[--kbatch_nr];
	pthread_mutex_unlock(&kbatch_lock);
	free(addr);
	emit(&ev);
}

void tlbf_k_batch_full(void)
{
	struct trace_event ev = {.kind = EV_BATCH_FULL};

	emit(&ev);
}

/* ---- pages and tables ------------------------------------------------- */

void tlbf_k_put_page(void *page)
{
	put_page(page);
}

void tlbf_k_remove_rmap(void *page, int nr, void *mm)
{
	if (nr > 0)
		folio_remove_rmap_ptes(page, (unsigned int)nr, mm);
}

/* Per simulated CPU: inside a table batch's RCU callback. */
static unsigned int krcu_depth[TLBF_MAX_CPUS];

void tlbf_k_remove_table(void *table)
{
	free_pt_page(table,
		     krcu_depth[smp_processor_id()] ? VIA_RCU : VIA_DIRECT);
}

bool tlbf_k_page_is_table(void *page)
{
	return ((struct page *)page)->flags & PG_table;
}

/* ---- RCU, IPIs, scheduling points ------------------------------------- */

struct krcu {
	struct rcu_head rh; /* the model's, queued in core/sync_rcu.c */
	void *khead; /* the kernel's, in its table batch */
	void (*func)(void *khead);
};

static void krcu_run(struct rcu_head *rh)
{
	struct krcu *k = (struct krcu *)rh;

	unsigned int cpu = smp_processor_id();

	krcu_depth[cpu]++;
	k->func(k->khead);
	krcu_depth[cpu]--;
	free(k);
}

void tlbf_k_call_rcu(void *head, void (*func)(void *head), unsigned long n)
{
	struct trace_event ev = {.kind = EV_CALL_RCU, .n = n};
	struct krcu *k = calloc(1, sizeof(*k));

	if (!k)
		abort();
	k->khead = head;
	k->func = func;
	emit(&ev);
	call_rcu(&k->rh, krcu_run);
}

/* In mm/mmu_gather.c only tlb_remove_table_sync_one() sends IPIs. */
void tlbf_k_smp_call_function(void (*func)(void *), void *info, bool wait)
{
	struct trace_event ev = {.kind = EV_IPI_SYNC};

	emit(&ev);
	smp_call_function(func, info, wait);
}

void tlbf_k_cond_resched(void)
{
	cond_resched();
}

/* ---- mm counters, BUG/WARN, constants --------------------------------- */

void tlbf_k_inc_flush_pending(void *mm)
{
	inc_tlb_flush_pending(mm);
}

void tlbf_k_dec_flush_pending(void *mm)
{
	dec_tlb_flush_pending(mm);
}

bool tlbf_k_flush_nested(void *mm)
{
	return mm_tlb_flush_nested(mm);
}

void tlbf_k_bug(const char *file, int line, const char *what, bool warn)
{
	report(ORACLE_KERNEL_BUG, warn ? "kernel WARN" : "kernel BUG",
	       "%s:%d: %s", file, line, what);
}

unsigned long tlbf_k_task_size(void)
{
	return TASK_SIZE;
}

unsigned int tlbf_k_levels(void)
{
	return tlbf_geom.levels;
}
