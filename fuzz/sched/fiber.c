// SPDX-License-Identifier: GPL-2.0-only
/* Fibers and their one switch function (see fiber.h). */
#define _GNU_SOURCE
#include "fiber.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#ifndef __has_feature
#define __has_feature(x) 0
#endif

#if __has_feature(address_sanitizer)
#include <sanitizer/asan_interface.h>
#define FIBER_ASAN 1
#endif
#if __has_feature(thread_sanitizer)
#include <sanitizer/tsan_interface.h>
#define FIBER_TSAN 1
#endif

/*
 * struct fiber is the scheduler's own state, handed between fibers that
 * TSan sees as unordered threads: keep its accesses out of TSan's sight.
 */
#define FIBER_NO_TSAN __attribute__((no_sanitize("thread")))

#ifndef TLBF_FIBER_USE_UCONTEXT
void tlbf_fiber_swap(void **save_sp, void *load_sp);
void tlbf_fiber_boot(void);
#endif

FIBER_NO_TSAN static void asan_start(struct fiber *from, struct fiber *to,
				     bool final)
{
#ifdef FIBER_ASAN
	__sanitizer_start_switch_fiber(final ? NULL : &from->fake_stack,
				       to->bottom, to->size);
#else
	(void)from;
	(void)to;
	(void) final;
#endif
}

FIBER_NO_TSAN static void asan_finish(struct fiber *self)
{
#ifdef FIBER_ASAN
	__sanitizer_finish_switch_fiber(self ? self->fake_stack : NULL, NULL,
					NULL);
#else
	(void)self;
#endif
}

FIBER_NO_TSAN static void tsan_switch(struct fiber *to)
{
#ifdef FIBER_TSAN
	__tsan_switch_to_fiber(to->tsan, __tsan_switch_to_fiber_no_sync);
#else
	(void)to;
#endif
}

/* First code on a new stack: no fake stack to restore yet. */
FIBER_NO_TSAN static void fiber_start(void *arg)
{
	struct fiber *f = arg;

	asan_finish(NULL);
	f->entry(f->arg);
	fprintf(stderr, "tlbfuzz: fiber entry returned\n");
	abort();
}

#ifdef TLBF_FIBER_USE_UCONTEXT
FIBER_NO_TSAN static void fiber_start_uc(unsigned int hi, unsigned int lo)
{
	fiber_start((void *)(((uintptr_t)hi << 32) | lo));
}

FIBER_NO_TSAN static void fiber_prepare(struct fiber *f)
{
	uintptr_t p = (uintptr_t)f;

	if (getcontext(&f->uc))
		abort();
	f->uc.uc_stack.ss_sp = f->stack;
	f->uc.uc_stack.ss_size = f->stack_size;
	f->uc.uc_link = NULL;
	makecontext(&f->uc, (void (*)(void))fiber_start_uc, 2,
		    (unsigned int)(p >> 32), (unsigned int)p);
}

FIBER_NO_TSAN static void fiber_swap(struct fiber *from, struct fiber *to)
{
	if (swapcontext(&from->uc, &to->uc))
		abort();
}

const char *fiber_switch_kind(void)
{
	return "ucontext";
}
#else
/*
 * Lay out the frame tlbf_fiber_swap pops: r15, r14, r13 (function),
 * r12 (argument), rbx, rbp, then the return address tlbf_fiber_boot. The
 * stack pointer after that return is 16-byte aligned, as a call needs.
 */
FIBER_NO_TSAN static void fiber_prepare(struct fiber *f)
{
	uintptr_t top = ((uintptr_t)f->stack + f->stack_size) & ~(uintptr_t)15;
	uintptr_t *sp = (uintptr_t *)(top - 16) - 7;

	sp[0] = 0;
	sp[1] = 0;
	sp[2] = (uintptr_t)fiber_start;
	sp[3] = (uintptr_t)f;
	sp[4] = 0;
	sp[5] = 0;
	sp[6] = (uintptr_t)tlbf_fiber_boot;
	f->sp = sp;
}

FIBER_NO_TSAN static void fiber_swap(struct fiber *from, struct fiber *to)
{
	tlbf_fiber_swap(&from->sp, to->sp);
}

const char *fiber_switch_kind(void)
{
	return "x86-64 asm";
}
#endif

FIBER_NO_TSAN void fiber_init_thread(struct fiber *self)
{
	pthread_attr_t attr;
	void *addr;
	size_t size;

	*self = (struct fiber){0};
	if (pthread_getattr_np(pthread_self(), &attr) ||
	    pthread_attr_getstack(&attr, &addr, &size))
		abort();
	pthread_attr_destroy(&attr);
	self->bottom = addr;
	self->size = size;
#ifdef FIBER_TSAN
	self->tsan = __tsan_get_current_fiber();
#endif
}

FIBER_NO_TSAN void fiber_create(struct fiber *f, size_t stack_size,
				void (*entry)(void *arg), void *arg)
{
	void *stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);

	if (stack == MAP_FAILED) {
		perror("tlbfuzz: fiber stack");
		abort();
	}
	*f = (struct fiber){0};
	f->stack = stack;
	f->stack_size = stack_size;
	f->bottom = stack;
	f->size = stack_size;
	f->entry = entry;
	f->arg = arg;
#ifdef FIBER_TSAN
	f->tsan = __tsan_create_fiber(0);
#endif
	fiber_prepare(f);
}

FIBER_NO_TSAN void fiber_release_tsan(struct fiber *f)
{
#ifdef FIBER_TSAN
	if (f->tsan)
		__tsan_destroy_fiber(f->tsan);
	f->tsan = NULL;
#else
	(void)f;
#endif
}

FIBER_NO_TSAN void fiber_restart(struct fiber *f)
{
#ifdef FIBER_ASAN
	/* Abandoned frames leave their redzones poisoned: clear them. */
	__asan_unpoison_memory_region(f->stack, f->stack_size);
#endif
#ifdef FIBER_TSAN
	/* A fresh TSan fiber, so its shadow call stack starts empty. */
	__tsan_destroy_fiber(f->tsan);
	f->tsan = __tsan_create_fiber(0);
#endif
	f->fake_stack = NULL;
	fiber_prepare(f);
}

/*
 * The one switch function. With @for_good the fiber we leave never runs
 * this stack again (ASan frees its fake stack); it must be restarted.
 */
FIBER_NO_TSAN void fiber_switch(struct fiber *from, struct fiber *to,
				bool for_good)
{
	asan_start(from, to, for_good);
	tsan_switch(to);
	fiber_swap(from, to);
	if (for_good) {
		fprintf(stderr, "tlbfuzz: a fiber left for good was resumed\n");
		abort();
	}
	asan_finish(from);
}
