// SPDX-License-Identifier: GPL-2.0-only
/* Naming the trace of a reported run (see core/trace_names.h). */
#include "trace_names.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "page.h"
#include "tsan_annotate.h"

/*
 * Report bookkeeping, written from every fiber: TSan sees fibers as
 * threads with no order between them (they switch with no-sync), so this
 * file's code is not instrumented (it only reads model objects to name
 * them) and its own arrays, which libc's formatting writes, are marked
 * benign. Never used while fuzzing.
 */
#define NAMES_BENIGN(obj) TSAN_BENIGN(obj)
#pragma clang attribute push(__attribute__((no_sanitize("thread"))), \
			     apply_to = function)

enum note_kind {
	NOTE_NONE,
	NOTE_LOCK,
	NOTE_ENTRY_WRITE,
	NOTE_ENTRY_READ,
	NOTE_HW_WALK,
	NOTE_EXPR,
	NOTE_IPI,
	NOTE_TEXT,
};

struct trace_note {
	enum note_kind kind;
	const char *verb;
	const void *obj;
	unsigned long a, b;
	char text[96];
};

/* Per CPU: the note for the next point, and the last one (for waits). */
static struct trace_note pending[TLBF_MAX_CPUS], last[TLBF_MAX_CPUS];
/* A note set aside while an interrupt handler runs (see trace_note_irq). */
static struct trace_note stashed[TLBF_MAX_CPUS];
static struct {
	const char *what;
	unsigned long start, end;
} ipi_purpose[TLBF_MAX_CPUS];

void (*tlbf_trace_text)(const char *text);

static struct trace_note *note(enum note_kind kind)
{
	struct trace_note *n = &pending[smp_processor_id() % TLBF_MAX_CPUS];

	n->kind = kind;
	return n;
}

void trace_notes_reset(void)
{
	static bool marked;

	if (!marked) {
		marked = true;
		NAMES_BENIGN(pending);
		NAMES_BENIGN(last);
		NAMES_BENIGN(stashed);
		NAMES_BENIGN(ipi_purpose);
	}
	memset(pending, 0, sizeof(pending));
	memset(last, 0, sizeof(last));
}

void trace_note_lock(enum lock_op op, const void *lock)
{
	struct trace_note *n = note(NOTE_LOCK);

	n->obj = lock;
	n->a = op;
}

void trace_note_entry_write(const char *verb, const unsigned long *slot,
			    unsigned long old, unsigned long val)
{
	struct trace_note *n = note(NOTE_ENTRY_WRITE);

	n->verb = verb;
	n->obj = slot;
	n->a = old;
	n->b = val;
}

void trace_note_entry_read(const unsigned long *slot)
{
	note(NOTE_ENTRY_READ)->obj = slot;
}

void trace_note_hw_walk(const struct page *table, unsigned long va)
{
	struct trace_note *n = note(NOTE_HW_WALK);

	n->obj = table;
	n->a = va;
}

void trace_note_expr(const char *verb, const char *expr)
{
	struct trace_note *n = note(NOTE_EXPR);

	n->verb = verb;
	n->obj = expr;
}

void trace_note_ipi_purpose(const char *what, unsigned long start,
			    unsigned long end)
{
	unsigned int cpu = smp_processor_id() % TLBF_MAX_CPUS;

	ipi_purpose[cpu].what = what;
	ipi_purpose[cpu].start = start;
	ipi_purpose[cpu].end = end;
}

/* @chosen: the targets are chosen, the IPIs not sent yet. */
static void note_ipi(unsigned long mask, bool chosen)
{
	struct trace_note *n = note(NOTE_IPI);

	n->a = mask;
	n->b = chosen;
}

void trace_note_ipi(unsigned long mask)
{
	note_ipi(mask, false);
}

void trace_note_ipi_targets(unsigned long mask)
{
	note_ipi(mask, true);
}

void trace_note_text(const char *fmt, ...)
{
	struct trace_note *n = note(NOTE_TEXT);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(n->text, sizeof(n->text), fmt, ap);
	va_end(ap);
}

void trace_text(const char *fmt, ...)
{
	char text[128];
	va_list ap;

	if (!tlbf_trace_text)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	tlbf_trace_text(text);
}

/* The kernel's name for taking or dropping a lock of this kind. */
static const char *lock_verb(enum lock_op op, const char *what)
{
	static const char *const plain[] = {
		[LOCK_SPIN] = "spin_lock",
		[UNLOCK_SPIN] = "spin_unlock",
		[LOCK_READ] = "down_read",
		[LOCK_WRITE] = "down_write",
		[UNLOCK_READ] = "up_read",
		[UNLOCK_WRITE] = "up_write",
		[LOCK_DOWNGRADE] = "downgrade_write",
	};
	static const char *const suffix[] = {
		[LOCK_READ] = "_lock_read",
		[LOCK_WRITE] = "_lock_write",
		[UNLOCK_READ] = "_unlock_read",
		[UNLOCK_WRITE] = "_unlock_write",
		[LOCK_DOWNGRADE] = "_write_downgrade",
	};
	static const char *const mmap[] = {
		[LOCK_READ] = "mmap_read_lock",
		[LOCK_WRITE] = "mmap_write_lock",
		[UNLOCK_READ] = "mmap_read_unlock",
		[UNLOCK_WRITE] = "mmap_write_unlock",
		[LOCK_DOWNGRADE] = "mmap_write_downgrade",
	};
	static char buf[TLBF_MAX_CPUS][40];
	char *b = buf[smp_processor_id() % TLBF_MAX_CPUS];

	if (op <= UNLOCK_SPIN || !what[0])
		return plain[op];
	if (!strcmp(what, "mmap"))
		return mmap[op];
	/* A mutex modelled as a semaphore taken for write. */
	if (!strcmp(what, "mutex"))
		return op == LOCK_WRITE ? "mutex_lock" : "mutex_unlock";
	snprintf(b, sizeof(buf[0]), "%s%s", what, suffix[op]);
	return b;
}

static void format_lock(const struct trace_note *n, char *buf, size_t len)
{
	char name[64];
	const char *what;

	if (!objlog_name_lock(n->obj, name, sizeof(name), &what))
		snprintf(name, sizeof(name), "a lock of a freed object");
	snprintf(buf, len, "%s(%s)", lock_verb((enum lock_op)n->a, what), name);
}

static void format_entry(const struct trace_note *n, char *buf, size_t len)
{
	char where[64], old[48], val[48], table[48];

	if (!objlog_name_slot(n->obj, where, sizeof(where)))
		snprintf(where, sizeof(where), "an entry outside any table");
	if (n->kind == NOTE_ENTRY_READ) {
		snprintf(buf, len, "READ_ONCE(%s)", where);
		return;
	}
	objlog_name_entry(n->a, old, sizeof(old));
	objlog_name_entry(n->b, val, sizeof(val));
	(void)table;
	snprintf(buf, len, "%s(%s: %s -> %s)", n->verb, where, old, val);
}

static void format_ipi(unsigned int cpu, const struct trace_note *n, char *buf,
		       size_t len)
{
	char cpus[32] = "", *p = cpus;
	unsigned int c;
	const char *what = ipi_purpose[cpu].what;
	const char *arrow = n->b ? "targets chosen:" : "->";

	for (c = 0; c < TLBF_MAX_CPUS; c++)
		if (n->a & (1UL << c))
			p += snprintf(p, cpus + sizeof(cpus) - p, "%scpu%u",
				      p == cpus ? "" : ",", c);
	if (ipi_purpose[cpu].end)
		snprintf(buf, len, "IPI %s %s %s [%#lx, %#lx)",
			 what ? what : "call", arrow, cpus,
			 ipi_purpose[cpu].start, ipi_purpose[cpu].end);
	else
		snprintf(buf, len, "IPI %s %s %s", what ? what : "call", arrow,
			 cpus);
}

static void format_note(unsigned int cpu, const struct trace_note *n, char *buf,
			size_t len)
{
	char name[64];

	switch (n->kind) {
	case NOTE_LOCK:
		format_lock(n, buf, len);
		break;
	case NOTE_ENTRY_WRITE:
	case NOTE_ENTRY_READ:
		format_entry(n, buf, len);
		break;
	case NOTE_HW_WALK:
		if (!objlog_name_table(n->obj, name, sizeof(name)))
			snprintf(name, sizeof(name), "the pgd");
		snprintf(buf, len, "page walk of va %#lx reads %s", n->a, name);
		break;
	case NOTE_EXPR:
		snprintf(buf, len, "%s(%s)", n->verb, (const char *)n->obj);
		break;
	case NOTE_IPI:
		format_ipi(cpu, n, buf, len);
		break;
	default:
		snprintf(buf, len, "%s", n->text);
	}
}

/* A point no primitive described: its site in the kernel's words. */
static const char *site_text(enum sched_site site)
{
	static const char *const names[SITE_NR] = {
		[SITE_LOCK] = "lock",
		[SITE_UNLOCK] = "unlock",
		[SITE_READ_ONCE] = "READ_ONCE",
		[SITE_WRITE_ONCE] = "WRITE_ONCE",
		[SITE_ATOMIC] = "atomic access",
		[SITE_IRQ] = "irq on/off",
		[SITE_PREEMPT] = "preempt_enable()",
		[SITE_RCU] = "RCU read side",
		[SITE_IPI] = "IPI",
		[SITE_RESCHED] = "cond_resched()",
		[SITE_OP] = "(next operation)",
	};

	return site < SITE_NR ? names[site] : "scheduling point";
}

void trace_note_irq_enter(unsigned int cpu)
{
	stashed[cpu % TLBF_MAX_CPUS] = pending[cpu % TLBF_MAX_CPUS];
	pending[cpu % TLBF_MAX_CPUS].kind = NOTE_NONE;
}

void trace_note_irq_exit(unsigned int cpu)
{
	pending[cpu % TLBF_MAX_CPUS] = stashed[cpu % TLBF_MAX_CPUS];
}

void trace_names_format(unsigned int cpu, enum sched_site site, bool wait,
			char *buf, size_t len)
{
	struct trace_note *n = &pending[cpu % TLBF_MAX_CPUS];
	struct trace_note *l = &last[cpu % TLBF_MAX_CPUS];
	char what[160];

	if (wait) {
		if (n->kind != NOTE_NONE) {
			*l = *n;
			n->kind = NOTE_NONE;
		}
		if (l->kind != NOTE_NONE)
			format_note(cpu, l, what, sizeof(what));
		else
			snprintf(what, sizeof(what), "%s", site_text(site));
		snprintf(buf, len, "waits: %s", what);
		return;
	}
	if (n->kind == NOTE_NONE) {
		snprintf(buf, len, "%s", site_text(site));
		return;
	}
	format_note(cpu, n, buf, len);
	*l = *n;
	n->kind = NOTE_NONE;
}

#pragma clang attribute pop
