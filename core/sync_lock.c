// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sleeping and spinning locks of the sync layer: spinlocks and rwsems, each
 * acquisition and release a scheduling point; a release happens-before the
 * next acquisition.
 */
#include "sync.h"

#include <stddef.h>

#include "cpu.h"
#include "interleave.h"
#include "oracle.h"
#include "sync_internal.h"
#include "trace.h"
#include "trace_names.h"

/* ---- spinlocks ----------------------------------------------------- */

void spin_lock_init(spinlock_t *lock)
{
	lock->locked = 0;
	lock->owner = 0;
}

bool spin_trylock(spinlock_t *lock)
{
	if (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		return false;
	preempt_disable();
	ATOMIC_STORE(&lock->owner, (int)sync_current_cpu() + 1);
	return true;
}

void spin_lock(spinlock_t *lock)
{
	if (trace_names_on())
		trace_note_lock(LOCK_SPIN, lock);
	sync_point(SITE_LOCK);
	while (!spin_trylock(lock)) {
		/* A retry may come back as a plain point: name it again. */
		if (trace_names_on())
			trace_note_lock(LOCK_SPIN, lock);
		sync_wait(SITE_LOCK);
	}
}

void spin_unlock(spinlock_t *lock)
{
	ATOMIC_STORE(&lock->owner, 0);
	if (trace_names_on())
		trace_note_lock(UNLOCK_SPIN, lock);
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
	preempt_enable();
}

bool spin_is_locked(spinlock_t *lock)
{
	return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED);
}

/* ---- rw_semaphore -------------------------------------------------- */

void init_rwsem(struct rw_semaphore *sem)
{
	sem->count = 0;
}

bool down_read_trylock(struct rw_semaphore *sem)
{
	long c = __atomic_load_n(&sem->count, __ATOMIC_RELAXED);

	while (c >= 0) {
		if (__atomic_compare_exchange_n(&sem->count, &c, c + 1, false,
						__ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return true;
	}
	return false;
}

void down_read(struct rw_semaphore *sem)
{
	if (trace_names_on())
		trace_note_lock(LOCK_READ, sem);
	sync_point(SITE_LOCK);
	while (!down_read_trylock(sem)) {
		if (trace_names_on())
			trace_note_lock(LOCK_READ, sem);
		sync_wait(SITE_LOCK);
	}
}

void up_read(struct rw_semaphore *sem)
{
	__atomic_sub_fetch(&sem->count, 1, __ATOMIC_RELEASE);
	if (trace_names_on())
		trace_note_lock(UNLOCK_READ, sem);
	sync_point(SITE_UNLOCK);
}

void down_write(struct rw_semaphore *sem)
{
	long free = 0;

	if (trace_names_on())
		trace_note_lock(LOCK_WRITE, sem);
	sync_point(SITE_LOCK);
	while (!__atomic_compare_exchange_n(&sem->count, &free, -1, false,
					    __ATOMIC_ACQUIRE,
					    __ATOMIC_RELAXED)) {
		free = 0;
		if (trace_names_on())
			trace_note_lock(LOCK_WRITE, sem);
		sync_wait(SITE_LOCK);
	}
}

bool down_write_trylock(struct rw_semaphore *sem)
{
	long free = 0;

	return __atomic_compare_exchange_n(&sem->count, &free, -1, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

void up_write(struct rw_semaphore *sem)
{
	__atomic_store_n(&sem->count, 0, __ATOMIC_RELEASE);
	if (trace_names_on())
		trace_note_lock(UNLOCK_WRITE, sem);
	sync_point(SITE_UNLOCK);
}

void downgrade_write(struct rw_semaphore *sem)
{
	__atomic_store_n(&sem->count, 1, __ATOMIC_RELEASE);
	if (trace_names_on())
		trace_note_lock(LOCK_DOWNGRADE, sem);
	sync_point(SITE_UNLOCK);
}

bool rwsem_is_locked(struct rw_semaphore *sem)
{
	return __atomic_load_n(&sem->count, __ATOMIC_RELAXED) != 0;
}

bool rwsem_is_write_locked(struct rw_semaphore *sem)
{
	return __atomic_load_n(&sem->count, __ATOMIC_RELAXED) < 0;
}
