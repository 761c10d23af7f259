// SPDX-License-Identifier: GPL-2.0-only
/*
 * IPIs of the sync layer: smp_call_function_many() queues a request per
 * target, a target runs it at its next scheduling point with IRQs on, or
 * as it resumes if it was switched out (sync_point()), an idle one at
 * once, on its behalf; the target's acknowledgement happens-before the
 * sender's return.
 */
#include "sync.h"

#include <stddef.h>

#include "cpu.h"
#include "interleave.h"
#include "oracle.h"
#include "sync_internal.h"
#include "trace.h"
#include "trace_names.h"

/* ---- IPIs ---------------------------------------------------------- */

static void ipi_run_pending(struct sim_cpu *c)
{
	unsigned int from;

	for (from = 0; from < TLBF_MAX_CPUS; from++) {
		struct ipi_request *req =
			__atomic_load_n(&c->ipi_from[from], __ATOMIC_ACQUIRE);

		if (!req)
			continue;
		__atomic_store_n(&c->ipi_from[from], NULL, __ATOMIC_RELAXED);
		__atomic_sub_fetch(&c->ipi_count, 1, __ATOMIC_RELAXED);
		if (trace_names_on())
			trace_note_irq_enter(c->id);
		req->func(req->info);
		if (trace_names_on())
			trace_note_irq_exit(c->id);
		__atomic_store_n(&req->done, 1, __ATOMIC_RELEASE);
	}
}

/* Take pending IPIs if IRQs are on; true when a handler ran. */
bool sync_cpu_service(struct sim_cpu *c)
{
	if (ATOMIC_LOAD(&c->irqs_off))
		return false;
	if (!__atomic_load_n(&c->ipi_count, __ATOMIC_ACQUIRE))
		return false;
	ipi_run_pending(c);
	return true;
}

/*
 * An idle CPU takes an IPI at once, and the sender runs the handler on its
 * behalf. The acquire here pairs with the release of the CPU going idle,
 * and idle_ipi_done() with the acquire in cpu_service(): the handler is
 * ordered after everything the CPU did, and before what it does next, as
 * if the CPU had run it itself.
 */
static bool cpu_takes_ipi_now(struct sim_cpu *c)
{
	return __atomic_load_n(&c->idle, __ATOMIC_ACQUIRE) &&
	       !ATOMIC_LOAD(&c->irqs_off);
}

static void idle_ipi_done(struct sim_cpu *c)
{
	__atomic_fetch_add(&c->ipi_count, 0, __ATOMIC_RELEASE);
}

void smp_call_function_many(unsigned long mask, smp_call_func_t func,
			    void *info, bool wait)
{
	struct ipi_request reqs[TLBF_MAX_CPUS];
	unsigned int self = sync_current_cpu();
	struct sim_cpu *c;

	WARN_ON(wait && irqs_disabled());
	/*
	 * The caller chose @mask (from an mm_cpumask, a lazy test) before
	 * the IPIs go out: a target may switch to another mm in between, so
	 * a handler must not assume its CPU still runs the sender's mm (x86
	 * flush_tlb_func() checks loaded_mm for this reason).
	 */
	if (trace_names_on())
		trace_note_ipi_targets(mask);
	sync_point(SITE_IPI);
	for_each_online_cpu (c) {
		struct ipi_request *req = &reqs[c->id];

		req->done = 1;
		if (c->id == self || !(mask & (1UL << c->id)))
			continue;
		req->func = func;
		req->info = info;
		if (cpu_takes_ipi_now(c)) {
			/* An idle CPU takes it at once; run it as that CPU. */
			int saved = sync_override_get();

			sync_override_set((int)c->id);
			if (trace_names_on())
				trace_note_irq_enter(c->id);
			func(info);
			if (trace_names_on())
				trace_note_irq_exit(c->id);
			sync_override_set(saved);
			idle_ipi_done(c);
			continue;
		}
		req->done = 0;
		__atomic_store_n(&c->ipi_from[self], req, __ATOMIC_RELEASE);
		__atomic_add_fetch(&c->ipi_count, 1, __ATOMIC_RELEASE);
	}
	if (trace_names_on())
		trace_note_ipi(mask);
	sync_point(SITE_IPI);
	for_each_online_cpu (c) {
		/* Requests live on this stack: always wait for them. */
		while (!__atomic_load_n(&reqs[c->id].done, __ATOMIC_ACQUIRE)) {
			if (cpu_takes_ipi_now(c) &&
			    __atomic_load_n(&c->ipi_from[self],
					    __ATOMIC_RELAXED)) {
				int saved = sync_override_get();

				sync_override_set((int)c->id);
				ipi_run_pending(c);
				sync_override_set(saved);
				idle_ipi_done(c);
				continue;
			}
			sync_wait(SITE_IPI);
		}
	}
	ilv_sync(ILV_ORDER_IPI);
	(void)wait;
}

void smp_call_function(smp_call_func_t func, void *info, bool wait)
{
	smp_call_function_many(cpu_online_mask(), func, info, wait);
}
