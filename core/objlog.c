// SPDX-License-Identifier: GPL-2.0-only
/* Objects of a reported run and their lives (see core/objlog.h). */
#include "objlog.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "mm.h"
#include "page.h"
#include "pgtable.h"
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

#define OBJ_MAX	 2048
#define LIFE_MAX 4096

bool tlbf_trace_names;

enum obj_kind { OBJ_TABLE, OBJ_FRAME, OBJ_MM, OBJ_FILE, OBJ_ANON_VMA, OBJ_VMA };

struct obj {
	enum obj_kind kind;
	const void *ptr;
	unsigned int id;
	enum pt_level level;
	unsigned long base; /* a table's, kept when it is freed */
	bool freed;
};

struct life_event {
	unsigned int id; /* the table's or frame's id */
	unsigned long line;
	unsigned long step;
	unsigned int cpu;
	char text[112];
};

static struct obj objs[OBJ_MAX];
static unsigned int nr_objs, nr_anon_vmas;
static struct life_event life[LIFE_MAX];
static unsigned int nr_life;
static unsigned long (*clock_fn)(void), (*lines_fn)(void);
static const char *cur_fn[TLBF_MAX_CPUS];

void objlog_begin(bool on)
{
	static bool marked;

	if (on && !marked) {
		marked = true;
		NAMES_BENIGN(objs);
		NAMES_BENIGN(life);
		NAMES_BENIGN(nr_objs);
		NAMES_BENIGN(nr_life);
		NAMES_BENIGN(nr_anon_vmas);
		NAMES_BENIGN(cur_fn);
	}
	tlbf_trace_names = on;
	nr_objs = nr_anon_vmas = nr_life = 0;
	memset(cur_fn, 0, sizeof(cur_fn));
}

void objlog_end(void)
{
	tlbf_trace_names = false;
}

void objlog_set_clock(unsigned long (*steps)(void),
		      unsigned long (*lines)(void))
{
	clock_fn = steps;
	lines_fn = lines;
}

void objlog_set_func(unsigned int cpu, const char *fn)
{
	if (cpu < TLBF_MAX_CPUS)
		cur_fn[cpu] = fn;
}

static const char *path_of(unsigned int cpu)
{
	return cpu < TLBF_MAX_CPUS && cur_fn[cpu] ? cur_fn[cpu] : "set-up";
}

static struct obj *obj_add(enum obj_kind kind, const void *ptr, unsigned int id)
{
	struct obj *o;

	if (nr_objs == OBJ_MAX)
		return NULL;
	o = &objs[nr_objs++];
	*o = (struct obj){.kind = kind, .ptr = ptr, .id = id};
	return o;
}

/* The newest object at @ptr: an address is reused after a free. */
static struct obj *obj_at(const void *ptr)
{
	unsigned int i;

	for (i = nr_objs; i-- > 0;)
		if (objs[i].ptr == ptr)
			return &objs[i];
	return NULL;
}

static void life_add(unsigned int id, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void life_add(unsigned int id, const char *fmt, ...)
{
	unsigned int cpu = smp_processor_id();
	struct life_event *e;
	va_list ap;
	char text[sizeof(e->text)];

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	/* A walker refilling the same entry says nothing new. */
	if (nr_life && life[nr_life - 1].id == id &&
	    life[nr_life - 1].cpu == cpu &&
	    !strcmp(life[nr_life - 1].text, text))
		return;
	if (nr_life == LIFE_MAX)
		return;
	e = &life[nr_life++];
	e->id = id;
	e->cpu = cpu;
	e->step = clock_fn ? clock_fn() : 0;
	e->line = lines_fn ? lines_fn() : 0;
	memcpy(e->text, text, sizeof(text));
}

static unsigned long table_base(const struct obj *o)
{
	return o->freed ? o->base : ((const struct page *)o->ptr)->pt_base;
}

void objlog_table_alloc(struct page *table)
{
	struct obj *o = obj_add(OBJ_TABLE, table, table->id);

	if (!o)
		return;
	o->level = table->pt_level;
	life_add(table->id, "allocated in %s", path_of(smp_processor_id()));
}

void objlog_frame_alloc(struct page *page)
{
	if (obj_add(OBJ_FRAME, page, page->id))
		life_add(page->id, "allocated in %s",
			 path_of(smp_processor_id()));
}

static const char *via_name(enum table_via via)
{
	switch (via) {
	case VIA_PAGE_BATCH:
		return "batched: the gather's page batch";
	case VIA_RCU:
		return "after an RCU grace period";
	case VIA_DIRECT:
		return "directly from the gather (no batch)";
	default:
		return "directly, outside any gather";
	}
}

void objlog_table_free(struct page *table, enum table_via via)
{
	struct obj *o = obj_at(table);

	if (o && o->kind == OBJ_TABLE) {
		o->base = table->pt_base;
		o->freed = true;
	}
	if (via == VIA_RCU)
		life_add(table->id, "freed by its RCU callback, %s",
			 via_name(via));
	else
		life_add(table->id, "freed after %s, %s",
			 path_of(smp_processor_id()), via_name(via));
}

void objlog_frame_free(struct page *page)
{
	struct obj *o = obj_at(page);

	if (o && o->kind == OBJ_FRAME)
		o->freed = true;
	life_add(page->id, "freed after %s (its last reference went)",
		 path_of(smp_processor_id()));
}

void objlog_mm(struct mm_struct *mm)
{
	obj_add(OBJ_MM, mm, mm->id);
}

void objlog_file(struct address_space *mapping)
{
	obj_add(OBJ_FILE, mapping, 0);
}

void objlog_anon_vma(struct anon_vma *av)
{
	obj_add(OBJ_ANON_VMA, av, nr_anon_vmas++);
}

/* A VMA, named by its process (its range changes with splits). */
void objlog_vma(struct vm_area_struct *vma)
{
	obj_add(OBJ_VMA, vma, vma->vm_mm->id);
}

void objlog_tlb_fill(unsigned int cpu, unsigned long va, struct page *page)
{
	(void)cpu;
	life_add(page->id, "TLB caches va %#lx (%s)", va,
		 path_of(smp_processor_id()));
}

void objlog_walk_fill(unsigned int cpu, unsigned long va, struct page *table)
{
	const struct obj *o = obj_at(table);

	(void)cpu;
	if (o && o->kind == OBJ_TABLE)
		life_add(o->id, "walk cache points at it for va %#lx (%s)", va,
			 path_of(smp_processor_id()));
}

void objlog_lockless(const struct page *table, const char *who)
{
	const struct obj *o = obj_at(table);

	if (o && o->kind == OBJ_TABLE)
		life_add(o->id, "%s reads an entry of it with no lock (%s)",
			 who, path_of(smp_processor_id()));
}

/* The table whose entries hold @slot. */
static const struct obj *table_of_slot(const unsigned long *slot,
				       unsigned long *idx)
{
	size_t words = offsetof(struct page, words);
	unsigned int i;

	for (i = nr_objs; i-- > 0;) {
		const struct obj *o = &objs[i];
		const char *first = (const char *)o->ptr + words;

		if (o->kind != OBJ_TABLE || (const char *)slot < first ||
		    (const char *)slot >=
			    first + PTRS_PER_TABLE * sizeof(unsigned long))
			continue;
		*idx = (unsigned long)((const char *)slot - first) /
		       sizeof(unsigned long);
		return o;
	}
	return NULL;
}

void objlog_lockless_slot(const unsigned long *slot, const char *who)
{
	unsigned long idx;
	const struct obj *o = table_of_slot(slot, &idx);

	if (o)
		life_add(o->id, "%s reads an entry of it with no lock (%s)",
			 who, path_of(smp_processor_id()));
}

bool objlog_name_table(const struct page *table, char *buf, size_t len)
{
	const struct obj *o = obj_at(table);

	if (!o || o->kind != OBJ_TABLE)
		return false;
	snprintf(buf, len, "%s table #%u%s", level_name(o->level), o->id,
		 o->freed ? " (freed)" : "");
	return true;
}

bool objlog_name_page(const struct page *page, char *buf, size_t len)
{
	const struct obj *o = obj_at(page);

	if (!o || (o->kind != OBJ_FRAME && o->kind != OBJ_TABLE))
		return false;
	if (o->kind == OBJ_TABLE)
		return objlog_name_table(page, buf, len);
	snprintf(buf, len, "page #%u%s", o->id, o->freed ? " (freed)" : "");
	return true;
}

bool objlog_name_slot(const unsigned long *slot, char *buf, size_t len)
{
	unsigned long idx;
	const struct obj *o = table_of_slot(slot, &idx);

	if (!o)
		return false;
	snprintf(buf, len, "%s 0x%lx%s", level_name(o->level),
		 table_base(o) + (idx << level_shift(o->level)),
		 o->freed ? " (in a freed table)" : "");
	return true;
}

bool objlog_name_lock(const void *lock, char *buf, size_t len,
		      const char **what)
{
	unsigned int i;

	*what = "";
	for (i = nr_objs; i-- > 0;) {
		const struct obj *o = &objs[i];
		const struct mm_struct *mm = o->ptr;
		const struct address_space *f = o->ptr;
		const struct page *t = o->ptr;
		const struct anon_vma *av = o->ptr;
		const struct vm_area_struct *vma = o->ptr;

		if (o->kind == OBJ_TABLE && lock == &t->ptl) {
			snprintf(buf, len, "ptl of %s table #%u",
				 level_name(o->level), o->id);
		} else if (o->kind == OBJ_MM && lock == &mm->mmap_lock) {
			*what = "mmap";
			snprintf(buf, len, "mm%u", o->id);
		} else if (o->kind == OBJ_MM && lock == &mm->page_table_lock) {
			snprintf(buf, len, "page_table_lock of mm%u", o->id);
		} else if (o->kind == OBJ_FILE && lock == &f->i_mmap_rwsem) {
			*what = "i_mmap";
			snprintf(buf, len, "file");
		} else if (o->kind == OBJ_FILE &&
			   (const char *)lock >= (const char *)f->fault_mutex &&
			   (const char *)lock <
				   (const char *)(f->fault_mutex +
						  HUGETLB_FAULT_MUTEXES)) {
			*what = "mutex";
			snprintf(buf, len, "hugetlb fault mutex %d of file",
				 (int)((const struct rw_semaphore *)lock -
				       f->fault_mutex));
		} else if (o->kind == OBJ_FILE && lock == &f->cache_lock) {
			snprintf(buf, len, "i_pages lock of file");
		} else if (o->kind == OBJ_ANON_VMA && lock == &av->rwsem) {
			*what = "anon_vma";
			snprintf(buf, len, "anon_vma #%u", o->id);
		} else if (o->kind == OBJ_VMA && lock == &vma->hugetlb_lock) {
			*what = "hugetlb_vma";
			snprintf(buf, len, "a hugetlb VMA of mm%u", o->id);
		} else {
			continue;
		}
		return true;
	}
	return false;
}

void objlog_name_entry(unsigned long e, char *buf, size_t len)
{
	char name[64];

	if (!entry_present(e)) {
		snprintf(buf, len, e ? "not present" : "none");
		return;
	}
	if (!objlog_name_page(entry_page(e), name, sizeof(name)))
		snprintf(name, sizeof(name), "an unknown page");
	snprintf(buf, len, "%s%s", name, entry_leaf(e) ? " (huge)" : "");
}

/*
 * The object of a report's detail: the frame a lookup found ("looked up
 * as #N"), else its first "table #N", else its first "page #N".
 */
static bool detail_object(const char *detail, unsigned int *id)
{
	const char *p = strstr(detail, "looked up as #");

	if (!p)
		p = strstr(detail, "table #");
	if (!p)
		p = strstr(detail, "page #");
	if (!p)
		return false;
	*id = (unsigned int)strtoul(strchr(p, '#') + 1, NULL, 10);
	return true;
}

unsigned int objlog_life(const char *detail, char *name, size_t len,
			 struct objlog_event *out, unsigned int max)
{
	unsigned int id, i, n = 0;

	name[0] = '\0';
	if (!nr_objs || !detail_object(detail, &id))
		return 0;
	for (i = 0; i < nr_objs; i++)
		if (objs[i].id == id &&
		    (objs[i].kind == OBJ_TABLE || objs[i].kind == OBJ_FRAME))
			objlog_name_page(objs[i].ptr, name, len);
	if (!name[0])
		return 0;
	if (strstr(name, " (freed)"))
		*strstr(name, " (freed)") = '\0';
	for (i = 0; i < nr_life && n < max; i++) {
		if (life[i].id != id)
			continue;
		out[n++] = (struct objlog_event){life[i].line, life[i].step,
						 life[i].cpu, life[i].text};
	}
	return n;
}

void objlog_print_life(FILE *out, const char *detail, unsigned long fatal_step,
		       unsigned int fatal_cpu)
{
	static struct objlog_event ev[LIFE_MAX];
	unsigned int i, n;
	char name[64];

	n = objlog_life(detail, name, sizeof(name), ev, LIFE_MAX);
	if (!name[0])
		return;
	fprintf(out, "---- life of %s (step, cpu, what)\n", name);
	for (i = 0; i < n; i++)
		fprintf(out, "  %7lu  cpu%u  %s\n", ev[i].step, ev[i].cpu,
			ev[i].text);
	fprintf(out, "> %7lu  cpu%u  the oracle fires: it is still in use\n",
		fatal_step, fatal_cpu);
}

#pragma clang attribute pop
