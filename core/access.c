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

#include "arch_x86.h"
#include "cpu.h"
#include "mm_internal.h"
#include "memory.h"
#include "oracle.h"

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

enum walk_outcome {
	WALK_LEAF, /* translation loaded into the TLB */
	WALK_NOT_PRESENT, /* a page fault */
	WALK_NOT_WRITABLE, /* a store to a read-only leaf */
	WALK_RETRY, /* a flush raced with the walk: walk again */
};

struct walk_state {
	struct mm_struct *mm;
	unsigned long addr;
	bool write;
	bool fill_tlb; /* false: speculative, walk cache only */
	struct tlb_entry leaf; /* what was loaded into the TLB */
};

/*
 * The leaf for a store must be dirty: set the bit atomically (the kernel
 * may be clearing the pte at this moment), then load the TLB.
 */
static enum walk_outcome walk_leaf(struct sim_cpu *cpu, struct walk_state *ws,
				   unsigned long *slot, unsigned long e,
				   enum pt_level level)
{
	unsigned long span = 1UL << level_shift(level);

	if (!ws->fill_tlb)
		return WALK_LEAF;
	if (ws->write && !pte_write(e))
		return WALK_NOT_WRITABLE;
	if (ws->write && !(e & _PAGE_DIRTY)) {
		unsigned long old = e;

		if (!__atomic_compare_exchange_n(slot, &old, e | _PAGE_DIRTY,
						 false, __ATOMIC_RELAXED,
						 __ATOMIC_RELAXED))
			return WALK_RETRY;
		e |= _PAGE_DIRTY;
	}
	ws->leaf = (struct tlb_entry){
		.mm = ws->mm,
		.va = ws->addr & ~(span - 1),
		.level = level,
		.page = entry_page(e),
		.page_id = page_incarnation(entry_page(e)),
		.frame = page_address(entry_page(e)),
		.writable = pte_write(e),
		.dirty = pte_dirty(e),
	};
	tlb_fill_locked(cpu, &ws->leaf);
	return WALK_LEAF;
}

/*
 * One step: with the TLB lock held (a flush takes it to invalidate this
 * CPU), check that the table is still cached, i.e. no flush since the
 * walk reached it (real hardware: a TLBI or flush IPI completes only after
 * walks in flight), read the entry and cache what it leads to.
 */
static enum walk_outcome walk_step(struct sim_cpu *cpu, struct walk_state *ws,
				   struct page **table, enum pt_level *level)
{
	unsigned long *slot = &(*table)->words[level_index(*level, ws->addr)];
	enum walk_outcome out = WALK_RETRY;
	unsigned long e;

	hw_lock(&cpu->tlb_lock);
	if (*level != PT_PGD && !walk_cached_for(cpu, ws->mm, ws->addr, *table))
		goto out;
	/*
	 * Under the tree's x86 code: CR3 no longer holds this mm (a lazy
	 * CPU left for init_mm, maybe between two steps of this walk).
	 */
	if (*level == PT_PGD && !x86_walker_on(cpu, ws->mm)) {
		out = WALK_NOT_PRESENT;
		goto out;
	}
	e = entry_read(slot);
	if (!entry_present(e)) {
		out = WALK_NOT_PRESENT;
	} else if (*level == PT_PTE || entry_leaf(e)) {
		out = walk_leaf(cpu, ws, slot, e, *level);
	} else {
		struct walk_entry w = {
			.mm = ws->mm,
			.va = ws->addr & PAGE_MASK,
			.level = level_below(*level),
			.table = entry_table(e),
		};

		walk_fill_locked(cpu, &w);
		*table = w.table;
		*level = w.level;
		hw_unlock(&cpu->tlb_lock);
		return WALK_RETRY; /* not finished: the caller goes on */
	}
out:
	hw_unlock(&cpu->tlb_lock);
	return out;
}

/*
 * Walk to the leaf for ws->addr. A scheduling point separates the levels,
 * as other CPUs may act between two reads of a real walk; the pgd is the
 * root register, never cached.
 */
#define WALK_MAX_RESTARTS 16

static enum walk_outcome hw_walk_tables(struct sim_cpu *cpu,
					struct walk_state *ws)
{
	unsigned int restarts;

	for (restarts = 0; restarts < WALK_MAX_RESTARTS; restarts++) {
		enum pt_level level;
		struct page *table = walk_start(cpu, ws->mm, ws->addr, &level);
		enum pt_level before;
		enum walk_outcome out;

		do {
			before = level;
			if (trace_names_on()) {
				trace_note_hw_walk(table, ws->addr);
				objlog_lockless(table,
						"the hardware page walk");
			}
			sync_point(SITE_READ_ONCE);
			out = walk_step(cpu, ws, &table, &level);
		} while (out == WALK_RETRY && level != before);
		if (out != WALK_RETRY)
			return out;
	}
	return WALK_RETRY;
}

void hw_walk(struct mm_struct *mm, unsigned long addr)
{
	struct walk_state ws = {.mm = mm, .addr = addr};

	hw_walk_tables(this_cpu(), &ws);
}

/* A real load or store of the frame's words: ASan sees a stale one. */
static void touch_frame(unsigned long *frame, unsigned long addr, bool write)
{
	unsigned long *word = &frame[(addr / sizeof(long)) % FRAME_WORDS];

	if (write)
		__atomic_fetch_add(word, 1, __ATOMIC_RELAXED);
	else
		(void)__atomic_load_n(word, __ATOMIC_RELAXED);
}

/*
 * A TLB hit usable for this access. The access happens with the TLB lock
 * held, as a real access is atomic with its translation: a flush that
 * drops the entry waits for it.
 */
static bool tlb_hit_access(struct sim_cpu *cpu, struct mm_struct *mm,
			   unsigned long addr, bool write)
{
	bool done = false;
	unsigned int i;

	hw_lock(&cpu->tlb_lock);
	for (i = 0; i < TLB_ENTRIES; i++) {
		const struct tlb_entry *t = &cpu->tlb[i];
		unsigned long span = 1UL << level_shift(t->level);

		if (t->mm != mm || addr < t->va || addr - t->va >= span)
			continue;
		/* A store through a clean entry walks to set the dirty bit. */
		if (!write || (t->writable && t->dirty)) {
			touch_frame(t->frame, addr, write);
			done = true;
		}
		break;
	}
	hw_unlock(&cpu->tlb_lock);
	return done;
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

#define ACCESS_MAX_TRIES 64

int user_access(struct mm_struct *mm, unsigned long addr, bool write)
{
	struct sim_cpu *cpu = this_cpu();
	unsigned int tries;

	/*
	 * Only a CPU running a thread of @mm executes its user code: the
	 * runner switches to it first (cpu_switch_mm). A lazy CPU runs a
	 * kernel thread and makes no user accesses: nothing happens.
	 */
	if (cpu_active_mm(cpu) != mm || cpu_lazy(cpu))
		return -EFAULT;
	for (tries = 0; tries < ACCESS_MAX_TRIES; tries++) {
		struct walk_state ws = {
			.mm = mm,
			.addr = addr,
			.write = write,
			.fill_tlb = true,
		};
		int ret;

		if (tlb_hit_access(cpu, mm, addr, write))
			return 0;
		switch (hw_walk_tables(cpu, &ws)) {
		case WALK_LEAF:
			continue; /* the TLB has it now */
		case WALK_NOT_WRITABLE:
			/*
			 * A write-protect fault. The fault handler refuses a
			 * VMA without VM_WRITE and makes a shared hugetlb leaf
			 * writable (hugetlb_wp()); the model has no COW, so
			 * only a leaf that mprotect left read-only gets here.
			 */
			break;
		case WALK_RETRY:
			continue;
		case WALK_NOT_PRESENT:
			break;
		}
		ret = fault_in(mm, addr, write);
		if (ret)
			return ret;
	}
	return -EAGAIN;
}
