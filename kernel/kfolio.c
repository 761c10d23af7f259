// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model-world side of tlbf/folio_ref.h: FOLL_GET references of the
 * tree's gup_fast (kernel/kgup.c) on the model's struct page refcount,
 * through core/page.c, whose speculative get is a scheduling point and
 * whose last put frees the frame (oracles first).
 */
#include "cpu.h"
#include "oracle.h"
#include "page.h"
#include "pgtable.h"
#include "tlbf/kapi_gupexec.h"

/* kernel/kwalk.c */
void tlbf_k_walk_lookup(struct page **page, unsigned int *seen,
			const unsigned long **slot);
void tlbf_k_walk_kept_at(unsigned long *va, unsigned long *span);

/*
 * get_user_pages_fast() hands back pages[i] for start + i pages: the walk
 * keeps folios in address order with no gap, a PMD leaf the rest of its
 * span up to the range's end. Per CPU: the address the next kept folio
 * must map, the range's end, and whether the call asked to write.
 */
static struct gup_order {
	unsigned long next, end;
	bool write;
} gup_order[TLBF_MAX_CPUS];

void tlbf_k_gup_begin(unsigned long start, unsigned long end, bool write)
{
	gup_order[smp_processor_id()] =
		(struct gup_order){.next = start, .end = end, .write = write};
}

/*
 * A reference taken for writing must come through an entry that allows
 * writing (pte_access_permitted()/pmd_access_permitted()): a write pin of
 * a read-only page lets the caller write where the mm may not. The entry
 * is read again here: the tree's re-check compared it with no scheduling
 * point since, so it is the value the walk judged.
 */
static void check_write_allowed(const unsigned long *slot, struct page *page)
{
	if (gup_order[smp_processor_id()].write &&
	    !(entry_read(slot) & _PAGE_RW))
		report(ORACLE_KERNEL_BUG,
		       "gup_fast took a write reference through a read-only entry",
		       "page #%u", page_incarnation(page));
}

static void check_in_order(struct page *page)
{
	struct gup_order *o = &gup_order[smp_processor_id()];
	unsigned long va, span;

	tlbf_k_walk_kept_at(&va, &span);
	if (o->next < va || o->next - va >= span) {
		report(ORACLE_KERNEL_BUG,
		       "gup_fast kept pages out of address order",
		       "page #%u from the entry at %#lx, expected %#lx",
		       page_incarnation(page), va, o->next);
		return;
	}
	o->next = va + span < o->end ? va + span : o->end;
}

int tlbf_k_folio_ref_count(void *folio)
{
	return page_ref_count(folio);
}

/* folio_ref_try_add_rcu(): one speculative get, then the rest plainly. */
bool tlbf_k_folio_ref_try_add(void *folio, int refs)
{
	bool got = refs > 0 && get_page_unless_zero(folio);
	int i;

	/* The walker's lookup window (kwalk.c) ends with the get. */
	lockless_frame_hold(NULL);
	if (!got)
		return false;
	for (i = 1; i < refs; i++)
		get_page(folio);
	return true;
}

void tlbf_k_folio_ref_add(void *folio, int refs)
{
	while (refs-- > 0)
		get_page(folio);
}

void tlbf_k_folio_put_refs(void *folio, int refs)
{
	/* The kernel would oops: a failed grab's NULL given back. */
	if (!folio) {
		report(ORACLE_KERNEL_BUG, "references dropped on a NULL folio",
		       "%d reference(s)", refs);
		return;
	}
	while (refs-- > 0)
		put_page(folio);
}

/*
 * folio_set_referenced(): the tree's walk keeps the folio, every re-check
 * passed. Kept on a frame freed and reused since the entry was read, and
 * not mapped there again, is the finding of a missing or wrong re-check.
 */
void tlbf_k_folio_kept(void *folio)
{
	struct page *page;
	const unsigned long *slot;
	unsigned int seen;

	tlbf_k_walk_lookup(&page, &seen, &slot);
	if (page != folio || !slot) {
		report(ORACLE_KERNEL_BUG,
		       "gup_fast kept a folio it never looked up", "page #%u",
		       page_incarnation(folio));
		return;
	}
	oracle_check(oracle_speculative_ref(page, seen, slot));
	check_write_allowed(slot, page);
	check_in_order(page);
}

void tlbf_k_unmodelled(const char *file, int line, const char *what)
{
	report(ORACLE_KERNEL_BUG, "kernel path the model does not have",
	       "%s:%d: %s", file, line, what);
}
