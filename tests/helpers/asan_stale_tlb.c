// SPDX-License-Identifier: GPL-2.0-only
/*
 * asan_stale_tlb: a late access through a stale TLB entry to a freed
 * frame must be an AddressSanitizer report, with the shipped options
 * (sanitizers/asan.options: quarantine size, malloc context). CPU 0
 * writes a page (TLB filled), then the frame is unmapped and freed with
 * no flush, as a buggy zap would; the model's stale-tlb oracle fires and
 * is ignored here; 4096 more frames come and go (a run frees about 50
 * objects, ~10 KiB: this is hundreds of runs' worth of frees, so the
 * quarantine must hold far more than a run); then CPU 0 reads the page
 * again through its TLB. The
 * ctest expects ASan's heap-use-after-free on that frame (freed in
 * buggy_zap(), not one of the 4096 that reused its memory). Exit 0
 * means ASan missed it.
 */
#include <stdio.h>

#include "core.h"
#include "cpu.h"
#include "memory.h"
#include "mm.h"
#include "oracle.h"
#include "page.h"
#include "pgtable.h"

#define VA 0x100000UL

static void ignore(enum oracle o, const char *reason, const char *detail,
		   void *ctx)
{
	(void)ctx;
	fprintf(stderr, "model oracle (ignored): %s: %s: %s\n", oracle_name(o),
		reason, detail);
}

/* The buggy zap: clear the PTE, drop the page, never flush. */
static __attribute__((noinline)) void buggy_zap(unsigned long *pte,
						struct page *page)
{
	entry_write(pte, 0);
	page_remove_rmap(page);
	put_page(page);
	__asm__ volatile("" ::: "memory"); /* no tail call: keep the frame */
}

int main(void)
{
	struct core_config cfg = {
		.geometry = &geometry_fuzz,
		.arch = &arch_x86_native,
		.nr_cpus = 2,
	};
	struct mm_struct *mm;
	struct page *page, *other;
	unsigned long *pte;
	int i;

	/* Churn the allocator first, as a fuzzer's earlier runs would. */
	for (i = 0; i < 2; i++) {
		core_reset(&cfg);
		mm = mm_alloc();
		cpu_switch_mm(&tlbf_cpus[0], mm);
		do_mmap(mm, VA, 0x10000, VM_READ | VM_WRITE, NULL, 0);
		user_access(mm, VA, true);
		if (i == 1)
			break;
		exit_mmap(mm);
		mm_free(mm);
		synchronize_rcu();
	}
	pte = pt_lookup(mm, VA, PT_PTE);
	if (!pte || !pte_present(entry_read(pte))) {
		fprintf(stderr, "asan_stale_tlb: no page mapped\n");
		return 2;
	}
	page = pte_page(entry_read(pte));
	report_set_handler(ignore, NULL);
	buggy_zap(pte, page);
	for (i = 0; i < 4096; i++) {
		other = alloc_page();
		if (other)
			put_page(other);
	}
	/* The late access: a TLB hit on a freed frame. */
	user_access(mm, VA, false);
	fprintf(stderr, "asan_stale_tlb: the late access was not reported\n");
	return 0;
}
