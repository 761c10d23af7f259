// SPDX-License-Identifier: GPL-2.0-only
/*
 * One struct op on the current simulated CPU: the kernel path it stands
 * for, through core/memory.h. Errors are ignored: a failing operation
 * (no VMA there, -ENOMEM from fail_nth) is a legitimate outcome, and the
 * oracles judge what the kernel paths did, not what they returned.
 */
#include "ops.h"

#include "cpu.h"
#include "memory.h"
#include "trace_names.h"

#define GUP_MAX_PAGES 16

static const char *const op_names[OP_NR] = {
	[OP_MMAP_ANON] = "do_mmap(anon)",
	[OP_MMAP_FILE] = "do_mmap(file)",
	[OP_MMAP_STACK] = "do_mmap(stack)",
	[OP_MUNMAP] = "do_munmap",
	[OP_MUNMAP_DOWNGRADE] = "do_munmap(downgrade)",
	[OP_MADV_DONTNEED] = "madvise(MADV_DONTNEED)",
	[OP_MADV_FREE] = "madvise(MADV_FREE)",
	[OP_MREMAP] = "mremap",
	[OP_EXEC_SHIFT] = "shift_arg_pages",
	[OP_EXIT] = "exit_mmap",
	[OP_TRUNCATE] = "truncate_pagecache",
	[OP_RECLAIM_ANON] = "try_to_unmap(anon)",
	[OP_RECLAIM_FILE] = "try_to_unmap(file)",
	[OP_COLLAPSE] = "collapse_pte_mapped_thp",
	[OP_READ] = "user load",
	[OP_WRITE] = "user store",
	[OP_HW_WALK] = "hardware walk",
	[OP_GUP_FAST] = "get_user_pages_fast",
	[OP_GUP_SLOW] = "get_user_pages",
	[OP_LAZY] = "enter_lazy_tlb",
	[OP_UNLAZY] = "switch_mm",
	[OP_USE_MM] = "switch to another process",
	[OP_MMAP_HUGETLB] = "do_mmap(hugetlbfs)",
	[OP_TRUNCATE_HUGETLB] = "hugetlb_vmtruncate",
	[OP_MPROTECT_HUGETLB] = "mprotect(hugetlb)",
	[OP_MINCORE] = "mincore",
	[OP_MOVE_PAGES] = "move_pages(status)",
};

const char *op_name(enum op_kind kind)
{
	return kind < OP_NR ? op_names[kind] : "?";
}

/* The CPU's current process. */
static unsigned int cur_index(struct op_env *env)
{
	return env->cur[smp_processor_id()];
}

static struct mm_struct *cur_mm(struct op_env *env)
{
	return env->mms[cur_index(env)];
}

static int pages_of(unsigned long len)
{
	unsigned long n = len >> PAGE_SHIFT;

	if (n < 1)
		n = 1;
	return n > GUP_MAX_PAGES ? GUP_MAX_PAGES : (int)n;
}

/* GUP pins are put back at once: the op models the pin, not the I/O. */
static void gup(struct op_env *env, const struct op *op, bool fast)
{
	struct page *pages[GUP_MAX_PAGES];
	long i, n;

	if (fast)
		n = get_user_pages_fast(op->addr, pages_of(op->len), true,
					pages);
	else
		n = get_user_pages(cur_mm(env), op->addr, pages_of(op->len),
				   true, pages);
	for (i = 0; i < n; i++)
		put_page(pages[i]);
}

static void op_mmap(struct op_env *env, const struct op *op)
{
	unsigned long flags = VM_READ | VM_WRITE;
	struct address_space *file = NULL;
	unsigned long pgoff = 0;

	if (op->kind == OP_MMAP_FILE) {
		file = env->file;
		flags |= VM_SHARED;
		pgoff = op->arg;
	} else if (op->kind == OP_MMAP_STACK) {
		flags |= VM_GROWSDOWN;
	}
	do_mmap(cur_mm(env), op->addr, op->len, flags, file, pgoff);
}

/*
 * hugetlbfs: MAP_SHARED of the hugetlbfs file. The range is folded to
 * whole huge (PMD-size) pages, as the op's address and length count small
 * pages: the start rounds down, the end up. @arg counts huge pages.
 */
static void op_mmap_hugetlb(struct op_env *env, const struct op *op)
{
	unsigned long start = ALIGN_DOWN_TO(op->addr, PMD_SIZE);
	unsigned long end = ALIGN_UP_TO(op->addr + op->len, PMD_SIZE);
	unsigned long flags =
		VM_READ | VM_WRITE | VM_SHARED | VM_MAYSHARE | VM_HUGETLB;

	if (!end || end > TASK_SIZE)
		end = ALIGN_DOWN_TO(TASK_SIZE, PMD_SIZE);
	if (end <= start)
		return;
	do_mmap(cur_mm(env), start, end - start, flags, env->hfile,
		op->arg << (PMD_SHIFT - PAGE_SHIFT));
}

/* mprotect of the huge pages the range touches (rounded out, as mmap). */
static void op_mprotect_hugetlb(struct op_env *env, const struct op *op)
{
	unsigned long start = ALIGN_DOWN_TO(op->addr, PMD_SIZE);
	unsigned long end = ALIGN_UP_TO(op->addr + op->len, PMD_SIZE);

	if (end && end <= TASK_SIZE)
		hugetlb_mprotect(cur_mm(env), start, end);
}

/* mmput() of the last user: wait for the others, then tear down. */
static void op_exit(struct op_env *env)
{
	unsigned int i = cur_index(env);
	int users;

	for (;;) {
		users = __atomic_load_n(&env->users[i], __ATOMIC_ACQUIRE);
		if (users < 0)
			return; /* another CPU ran the exit */
		if (!users && __atomic_compare_exchange_n(
				      &env->users[i], &users, -1, false,
				      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
			break;
		if (trace_names_on())
			trace_note_text("exit waits for mm_users to drop");
		sync_wait(SITE_ATOMIC);
	}
	exit_mmap(env->mms[i]);
}

/* mmget_not_zero(): false once the mm is dead or dying. */
static bool mm_user_get(struct op_env *env, unsigned int i)
{
	int users = __atomic_load_n(&env->users[i], __ATOMIC_RELAXED);

	do {
		if (users < 0)
			return false;
	} while (!__atomic_compare_exchange_n(&env->users[i], &users, users + 1,
					      false, __ATOMIC_SEQ_CST,
					      __ATOMIC_RELAXED));
	return true;
}

static void mm_user_put(struct op_env *env, unsigned int i)
{
	__atomic_sub_fetch(&env->users[i], 1, __ATOMIC_SEQ_CST);
}

bool op_env_exited(struct op_env *env, unsigned int i)
{
	return __atomic_load_n(&env->users[i], __ATOMIC_RELAXED) < 0;
}

/*
 * The CPU now runs a task of process @i (a context switch to another
 * process: switch_mm). The process is created the first time any CPU
 * names it; a dead one is left alone.
 */
static void op_use_mm(struct op_env *env, unsigned int i)
{
	struct mm_struct *mm = __atomic_load_n(&env->mms[i], __ATOMIC_ACQUIRE);

	if (!mm) {
		struct mm_struct *fresh = mm_alloc();

		if (__atomic_compare_exchange_n(&env->mms[i], &mm, fresh, false,
						__ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE))
			mm = fresh;
		else
			mm_free(fresh);
	}
	if (op_env_exited(env, i))
		return;
	env->cur[smp_processor_id()] = i;
	cpu_switch_mm(this_cpu(), mm);
}

/* Address-space operations: each takes mmap_lock itself. */
static bool op_mm(struct op_env *env, const struct op *op)
{
	struct mm_struct *mm = cur_mm(env);

	switch (op->kind) {
	case OP_MMAP_ANON:
	case OP_MMAP_FILE:
	case OP_MMAP_STACK:
		op_mmap(env, op);
		return true;
	case OP_MMAP_HUGETLB:
		op_mmap_hugetlb(env, op);
		return true;
	case OP_MPROTECT_HUGETLB:
		op_mprotect_hugetlb(env, op);
		return true;
	case OP_MUNMAP:
	case OP_MUNMAP_DOWNGRADE:
		do_munmap(mm, op->addr, op->len,
			  op->kind == OP_MUNMAP_DOWNGRADE);
		return true;
	case OP_MADV_DONTNEED:
		do_madvise(mm, op->addr, op->len, MADV_DONTNEED);
		return true;
	case OP_MADV_FREE:
		do_madvise(mm, op->addr, op->len, MADV_FREE);
		return true;
	case OP_MREMAP:
		do_mremap(mm, op->addr, op->len, op->arg);
		return true;
	case OP_EXEC_SHIFT:
		shift_arg_pages_at(mm, op->addr, op->arg);
		return true;
	case OP_EXIT:
		op_exit(env);
		return true;
	default:
		return false;
	}
}

/* rmap-driven paths, accesses and CPU state. */
static void op_other(struct op_env *env, const struct op *op)
{
	switch (op->kind) {
	case OP_TRUNCATE:
		truncate_pagecache(env->file, op->arg);
		break;
	case OP_TRUNCATE_HUGETLB:
		hugetlb_vmtruncate(env->hfile, op->arg);
		break;
	case OP_RECLAIM_ANON:
		reclaim_anon_page(cur_mm(env), op->addr);
		break;
	case OP_RECLAIM_FILE:
		reclaim_file_page(env->file, op->arg);
		break;
	case OP_COLLAPSE:
		collapse_pte_mapped_thp(cur_mm(env), op->addr);
		break;
	case OP_READ:
	case OP_WRITE:
		user_access(cur_mm(env), op->addr, op->kind == OP_WRITE);
		break;
	case OP_HW_WALK:
		hw_walk(cur_mm(env), op->addr);
		break;
	case OP_MINCORE:
		sys_mincore(cur_mm(env), op->addr, op->len);
		break;
	case OP_MOVE_PAGES:
		do_pages_stat(cur_mm(env), op->addr, op->len >> PAGE_SHIFT);
		break;
	case OP_GUP_FAST:
	case OP_GUP_SLOW:
		gup(env, op, op->kind == OP_GUP_FAST);
		break;
	case OP_LAZY:
		if (!op_env_exited(env, cur_index(env)))
			cpu_enter_lazy(this_cpu());
		break;
	case OP_UNLAZY:
		if (!op_env_exited(env, cur_index(env)))
			cpu_switch_mm(this_cpu(), cur_mm(env));
		break;
	case OP_USE_MM:
		op_use_mm(env, (unsigned int)op->arg % PROGRAM_MMS);
		break;
	default:
		break;
	}
}

/*
 * Ops that act on the mm as one of its users. File rmap paths (the file
 * outlives the mm), CPU state changes and the exit itself do not.
 */
static bool needs_mm_user(enum op_kind kind)
{
	switch (kind) {
	case OP_TRUNCATE:
	case OP_TRUNCATE_HUGETLB:
	case OP_RECLAIM_FILE:
	case OP_LAZY:
	case OP_UNLAZY:
	case OP_USE_MM:
	case OP_EXIT:
		return false;
	default:
		return true;
	}
}

/*
 * What a lazy CPU (running a kernel thread on a borrowed mm) can still do:
 * work kernel threads do on some mm (reclaim, truncate, khugepaged, remote
 * GUP), speculative walks, and switching back. System calls, user loads
 * and stores and gup_fast need a user task of this mm on this CPU.
 */
static bool runs_in_kernel_thread(enum op_kind kind)
{
	switch (kind) {
	case OP_TRUNCATE:
	case OP_TRUNCATE_HUGETLB:
	case OP_RECLAIM_ANON:
	case OP_RECLAIM_FILE:
	case OP_COLLAPSE:
	case OP_GUP_SLOW:
	case OP_HW_WALK:
	case OP_LAZY:
	case OP_UNLAZY:
		return true;
	default:
		return false;
	}
}

void op_run(struct op_env *env, const struct op *op)
{
	bool user = needs_mm_user(op->kind);
	unsigned int i;

	sync_point(SITE_OP);
	i = cur_index(env);
	if (cpu_lazy(this_cpu()) && !runs_in_kernel_thread(op->kind))
		return;
	if (user && !mm_user_get(env, i))
		return;
	trace_func(op_name(op->kind), op->addr);
	if (!op_mm(env, op))
		op_other(env, op);
	if (user)
		mm_user_put(env, i);
}
