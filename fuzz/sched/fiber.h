/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fibers: one OS thread, several stacks, switched by hand.
 *
 * A fiber is a stack and a saved stack pointer. fiber_switch() is the one
 * place control moves between them, and it tells the sanitizers about it
 * in the order they need:
 *
 *   1. __sanitizer_start_switch_fiber   (ASan: the stack we go to; the
 *      fake stack of the one we leave is kept, or dropped for good)
 *   2. __tsan_switch_to_fiber(no_sync)  (TSan: a new "thread" runs now,
 *      with no happens-before from the one we leave)
 *   3. the switch itself: tlbf_fiber_swap (x86-64 assembly), or
 *      swapcontext() where no assembly routine exists
 *   4. __sanitizer_finish_switch_fiber  (on the stack we arrived on)
 *
 * No setjmp/longjmp ever crosses fibers. Fibers are made once per process
 * and reused; their entry function never returns.
 */
#ifndef TLBF_FIBER_H
#define TLBF_FIBER_H

#include <stdbool.h>
#include <stddef.h>

#if !defined(__x86_64__) || defined(TLBF_FIBER_UCONTEXT)
#define TLBF_FIBER_USE_UCONTEXT 1
#include <ucontext.h>
#endif

struct fiber {
	void *sp; /* saved stack pointer while switched out */
	void *stack; /* NULL: the OS thread's own stack */
	size_t stack_size;
	const void *bottom; /* for ASan: lowest address of the stack */
	size_t size;
	void *tsan; /* TSan's fiber handle */
	void *fake_stack; /* ASan fake stack kept while switched out */
	void (*entry)(void *arg);
	void *arg;
#ifdef TLBF_FIBER_USE_UCONTEXT
	ucontext_t uc;
#endif
};

/* Describe the calling OS thread's own stack as a fiber. */
void fiber_init_thread(struct fiber *self);
/* Make a fiber that will run @entry(@arg) the first time it is entered. */
void fiber_create(struct fiber *f, size_t stack_size, void (*entry)(void *arg),
		  void *arg);
/*
 * Throw away whatever @f's stack holds and make it start at its entry
 * again. Only for a fiber that left for good.
 */
void fiber_restart(struct fiber *f);
/*
 * Leave @from and run @to. @from resumes here when someone switches back,
 * unless @for_good: then its frames are abandoned (ASan drops its fake
 * stack) and only fiber_restart() makes it usable again.
 */
void fiber_switch(struct fiber *from, struct fiber *to, bool for_good);
/*
 * At process exit: tell TSan the fiber is gone (a live one counts as a
 * running thread, and TSan then sleeps a second before exiting). Never
 * for the fiber that is running.
 */
void fiber_release_tsan(struct fiber *f);
/* Which switch routine this build uses: "x86-64 asm" or "ucontext". */
const char *fiber_switch_kind(void);

#endif
