// SPDX-License-Identifier: GPL-2.0-only
/*
 * User accesses and the hardware page walker of the current CPU.
 *
 * A load or store first asks the CPU's TLB. On a miss the "hardware"
 * walks the tables: it starts at the deepest table its walk cache holds
 * for the address (paging-structure caches) or at the pgd, reads each
 * entry once, remembers every table it went through in the walk cache,
 * and loads the leaf into the TLB. The walker takes no lock and trusts
 * whatever it cached: only a TLB flush makes it forget. Entries keep raw
 * pointers, so a walk through a freed table, or a store through a stale
 * TLB entry to a freed frame, is an ASan use-after-free.
 *
 * A store through an entry that is not yet dirty sets the pte's dirty bit
 * with an atomic update, as x86 and arm64 (DBM) hardware do. A missing
 * translation is a page fault: handle_mm_fault() under mmap_lock for read,
 * then the access is retried.
 */
#include <errno.h>

#include "cpu.h"
#include "mm_internal.h"
#include "memory.h"
#include "oracle.h"

struct walk_result {
	unsigned long *slot;	/* the leaf entry's slot */
	unsigned long entry;	/* its value as read */
	enum pt_level level;	/* PT_PTE, or PT_PMD for a huge pmd */
};

/* The level of the tables an entry of a @level table points to. */
static enum pt_level child_level(enum pt_level level)
{
	if (level == PT_PGD && level_folded(PT_P4D))
		return PT_PUD;
	return level - 1;
}

/* Where a walk for @addr starts: the deepest cached table, or the pgd. */
static struct page *walk_start(struct sim_cpu *cpu, struct mm_struct *mm,
			       unsigned long addr, enum pt_level *level)
{
	struct walk_entry *w = walk_lookup(cpu, mm, addr);
	struct page *table = NULL;

	if (w) {
		hw_lock(&cpu->tlb_lock);
		if (w->mm == mm) {
			table = w->table;
			*level = w->level;
		}
		hw_unlock(&cpu->tlb_lock);
	}
	if (!table) {
		table = mm->pgd;
		*level = PT_PGD;
	}
	return table;
}

/*
 * Walk to the leaf for @addr. Returns false when an entry on the way is
 * not present. The pgd is the root register, never cached. No scheduling
 * point inside: a hardware walk is part of one instruction, which an IPI
 * cannot split and a TLBI waits for, so no flush or grace period may end
 * half-way through it.
 */
static bool hw_walk_tables(struct sim_cpu *cpu, struct mm_struct *mm,
			   unsigned long addr, struct walk_result *res)
{
	enum pt_level level;
	struct page *table = walk_start(cpu, mm, addr, &level);
	unsigned long va = addr & PAGE_MASK;

	for (;;) {
		unsigned long *slot;
		unsigned long e;

		if (level != PT_PGD) {
			struct walk_entry w = {
				.mm = mm, .va = va, .level = level,
				.table = table,
			};

			walk_fill(cpu, &w);
		}
		slot = &table->words[level_index(level, addr)];
		e = entry_read(slot);
		if (!entry_present(e))
			return false;
		if (level == PT_PTE || entry_leaf(e)) {
			res->slot = slot;
			res->entry = e;
			res->level = level;
			return true;
		}
		table = entry_table(e);
		level = child_level(level);
	}
}

void hw_walk(struct mm_struct *mm, unsigned long addr)
{
	struct sim_cpu *cpu = this_cpu();
	struct walk_result res;

	hw_lock(&cpu->tlb_lock);
	hw_walk_tables(cpu, mm, addr, &res);
	hw_unlock(&cpu->tlb_lock);
}

/* A real load or store of the frame's words: ASan sees a stale one. */
static void touch_frame(struct page *page, unsigned long addr, bool write)
{
	unsigned long *word = &page->words[(addr / sizeof(long)) %
					   FRAME_WORDS];

	if (write)
		__atomic_fetch_add(word, 1, __ATOMIC_RELAXED);
	else
		(void)__atomic_load_n(word, __ATOMIC_RELAXED);
}

/* A TLB hit usable for this access: copy it out under the lock. */
static bool tlb_hit(struct sim_cpu *cpu, struct mm_struct *mm,
		    unsigned long addr, bool write, struct tlb_entry *out)
{
	struct tlb_entry *t = tlb_lookup(cpu, mm, addr);
	bool ok = false;

	if (!t)
		return false;
	hw_lock(&cpu->tlb_lock);
	if (t->mm == mm) {
		*out = *t;
		ok = true;
	}
	hw_unlock(&cpu->tlb_lock);
	if (!ok || out->va > addr ||
	    addr - out->va >= (1UL << level_shift(out->level)))
		return false;
	/* A store through a clean entry walks again to set the dirty bit. */
	return !write || (out->writable && out->dirty);
}

/*
 * The walk found a leaf; set the dirty bit for a store (atomically: the
 * kernel may be clearing the pte at the same moment) and fill the TLB.
 * Returns false when the entry changed under us: walk again.
 */
static bool load_leaf(struct sim_cpu *cpu, struct mm_struct *mm,
		      unsigned long addr, bool write,
		      const struct walk_result *res, struct tlb_entry *out)
{
	unsigned long e = res->entry;
	unsigned long span = 1UL << level_shift(res->level);

	if (write && !(e & _PAGE_DIRTY)) {
		unsigned long old = e;

		if (!__atomic_compare_exchange_n(res->slot, &old,
						 e | _PAGE_DIRTY, false,
						 __ATOMIC_RELAXED,
						 __ATOMIC_RELAXED))
			return false;
		e |= _PAGE_DIRTY;
	}
	*out = (struct tlb_entry){
		.mm = mm,
		.va = addr & ~(span - 1),
		.level = res->level,
		.page = entry_page(e),
		.writable = pte_write(e),
		.dirty = pte_dirty(e),
	};
	tlb_fill(cpu, out);
	return true;
}

static int fault_in(struct mm_struct *mm, unsigned long addr, bool write)
{
	struct vm_area_struct *vma;
	int ret;

	down_read(&mm->mmap_lock);
	vma = vma_lookup(mm, addr);
	ret = vma ? handle_mm_fault(vma, addr, write) : -EFAULT;
	up_read(&mm->mmap_lock);
	return ret;
}

/*
 * The hardware part of one load or store: TLB hit, or walk and fill, then
 * the access itself. It holds this CPU's TLB lock throughout, so a remote
 * invalidation of this CPU waits for it to complete, as a TLBI or a flush
 * IPI waits for an instruction in flight. Returns 0, -EFAULT, or -EAGAIN
 * when a fault (or a retry) is needed.
 */
static int hw_access(struct sim_cpu *cpu, struct mm_struct *mm,
		     unsigned long addr, bool write)
{
	struct walk_result res;
	struct tlb_entry t;
	int ret = -EAGAIN;

	hw_lock(&cpu->tlb_lock);
	if (tlb_hit(cpu, mm, addr, write, &t)) {
		touch_frame(t.page, addr, write);
		ret = 0;
	} else if (hw_walk_tables(cpu, mm, addr, &res)) {
		if (write && !pte_write(res.entry))
			ret = -EFAULT;	/* no COW in the model */
		else if (load_leaf(cpu, mm, addr, write, &res, &t)) {
			touch_frame(t.page, addr, write);
			ret = 0;
		} else {
			ret = -EBUSY;	/* the entry changed: walk again */
		}
	}
	hw_unlock(&cpu->tlb_lock);
	return ret;
}

#define ACCESS_MAX_TRIES	64

int user_access(struct mm_struct *mm, unsigned long addr, bool write)
{
	struct sim_cpu *cpu = this_cpu();
	unsigned int tries;

	if (WARN_ON(cpu->active_mm != mm || cpu->lazy))
		return -EFAULT;
	for (tries = 0; tries < ACCESS_MAX_TRIES; tries++) {
		int ret = hw_access(cpu, mm, addr, write);

		if (ret == -EBUSY)
			continue;
		if (ret != -EAGAIN)
			return ret;
		ret = fault_in(mm, addr, write);
		if (ret)
			return ret;
	}
	return -EAGAIN;
}
