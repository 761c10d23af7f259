/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The input formats: bytes (for the fuzzers) and text (for people), both
 * decoding to a struct program. docs/input-format.md has the byte layout
 * and the grammar; in short:
 *
 *   binary: a 9-byte header, then 9-byte operation records each tagged
 *           with its section (set-up or one CPU), then the schedule bytes
 *           at the tail (their count is in the header).
 *   text:   one line per header field, per operation, per schedule run:
 *             cpus: 3
 *             setup: mmap_anon 0x10000 pages=8
 *             cpu1: gup_fast 0x10000 pages=4
 *             schedule: 03 1f
 *
 * Every byte string decodes: out-of-range values are folded (modulo, or
 * clamped to the user address range), never rejected. The text parser is
 * strict instead: a value the binary cannot hold, or one that folding would
 * change, is an error naming the line. input_encode(input_decode(b)) is the
 * canonical form of b; text printed by input_print() parses back to the
 * same program and prints identically.
 */
#ifndef TLBF_INPUT_H
#define TLBF_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "geometry.h"
#include "program.h"
#include "trace.h"

#define INPUT_HEADER_SIZE 9
#define INPUT_RECORD_SIZE 9
/* Sections: the set-up program, then one per CPU. */
#define INPUT_SECTIONS	   (1 + TLBF_MAX_CPUS)
#define INPUT_MAX_SCHEDULE 255
#define INPUT_MAX_SIZE                                           \
	(INPUT_HEADER_SIZE +                                     \
	 (PROGRAM_MAX_SETUP + TLBF_MAX_CPUS * PROGRAM_MAX_OPS) * \
		 INPUT_RECORD_SIZE +                             \
	 INPUT_MAX_SCHEDULE)
/* The header's geometry byte folds modulo the geometry table's size. */
#define INPUT_NR_GEOMETRIES geometry_nr
/* A 24-bit page index: one past the largest. */
#define INPUT_INDEX_LIMIT (1ul << 24)

/* The most pages one operation spans (pages_m1 + 1). */
#define OP_PAGES_MAX 256u

/* One operation record as stored, before folding. */
struct raw_op {
	uint8_t section; /* 0 set-up, 1 + n cpu n */
	uint8_t kind;
	uint32_t page; /* 24 bits: first page index */
	uint8_t pages_m1; /* page count - 1 */
	uint32_t arg; /* 24 bits: page index or count, pgoff */
};

/* What an operation's fields mean (fuzz/input/opinfo.c). */
enum op_arg {
	ARG_NONE,
	ARG_PGOFF, /* file page offset: "pgoff=N" */
	ARG_NEW_ADDR, /* mremap target: "new=0x..." */
	ARG_SHIFT, /* exec stack shift in bytes: "shift=0x..." */
	ARG_MM, /* a process, 0..PROGRAM_MMS-1: "mm=N" */
};

struct op_info {
	const char *name; /* text name */
	bool addr; /* takes an address */
	bool pages; /* takes a page count (else one page) */
	enum op_arg arg;
};

extern const struct op_info op_info[OP_NR];
/* Look an operation up by its text name; -1 if unknown. */
int op_by_name(const char *name, size_t len);

const struct pt_geometry *input_geometry(unsigned int index);
const char *strategy_name(unsigned int strategy);
/* The header's rules ("6.1", "6.12") and folios ("small", "large"). */
const char *rules_name(unsigned int rules);
const char *folios_name(unsigned int large);
/* The header's fail_kind: "any", then core/faultinj.h's kinds in order. */
const char *fail_kind_name(unsigned int fail_kind);
/* The allocation kind it counts (ALLOC_NR: every kind). */
enum alloc_kind fail_kind_alloc(unsigned int fail_kind);

/* ---- binary (fuzz/input/binary.c) -------------------------------- */
void input_decode(const uint8_t *data, size_t size, struct program *prog);
/* Writes at most INPUT_MAX_SIZE bytes; returns the size. */
size_t input_encode(const struct program *prog, uint8_t *buf);
/* Fold one record's fields into @op for @prog's geometry. */
void input_fold_op(const struct raw_op *raw, const struct program *prog,
		   struct op *op);
void input_unfold_op(const struct op *op, const struct program *prog,
		     unsigned int section, struct raw_op *raw);
/*
 * A record's 24-bit page index to the page number it names at @prog's
 * geometry, and back (INPUT_INDEX_LIMIT when no index names @page).
 */
unsigned long input_index_page(const struct program *prog, unsigned long index);
unsigned long input_page_index(const struct program *prog, unsigned long page);
/*
 * The program @prog's bytes make at the geometry this build runs for its
 * geometry (geometry_for_gather(): another only in a kernel-mode build
 * compiled for another page size or level count): false, @out untouched,
 * when that is @prog's own.
 */
bool input_fold_geometry(const struct program *prog, struct program *out);
/* Read @prog's bytes again with geometry byte @geometry. */
void input_reread(struct program *prog, unsigned int geometry);
/* The defaults an empty input decodes to. */
void input_default(struct program *prog);

/* ---- text (fuzz/input/text.c, fuzz/input/parse.c) ----------------- */
void input_print(const struct program *prog, FILE *out);
/* 0, or -1 with "line N: ..." in @err. */
int input_parse(const char *text, size_t len, struct program *prog, char *err,
		size_t errlen);
/* Text if it is printable and its first line looks like ours. */
bool input_is_text(const uint8_t *data, size_t size);

/* ---- helpers (fuzz/input/load.c) --------------------------------- */
bool program_equal(const struct program *a, const struct program *b);
/* Read a file of either format; 0, or -1 with one line in @err. */
int input_load(const char *path, struct program *prog, char *err,
	       size_t errlen);
/* Apply a fuzz target's operation set (opset.c); -1 if unknown. */
int input_restrict(struct program *prog, const char *target);
/* Whether @target's operation set has @kind (true for an unknown target). */
bool input_op_allowed(const char *target, unsigned int kind);

#endif
