/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel-recorded test vectors (tests/vectors): replay each recorded
 * case on the model and compare what it produces, field by field.
 *
 * A file is JSON lines, plain or gzip. Each record's format is told by
 * its fields, never by its id, kind or note: a record with "ops" and
 * "events" is an mmu_gather sequence, one with "call" and "freed" a
 * free_pgd_range call (both described in tests/vectors/README.md).
 *
 * Every mismatch prints one line, "case-id: field: expected X, got Y".
 */
#ifndef TLBF_VECTORS_H
#define TLBF_VECTORS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

struct vec_totals {
	unsigned long passed;
	unsigned long failed;
};

/*
 * Bug switches (enum inject_bug bits) every replayed case runs with:
 * TLBFUZZ_INJECT shows which recorded kernel behaviour a bug breaks.
 */
extern unsigned int vec_injected;

/* Replay every case of @path. -1: the file cannot be read or parsed. */
int vectors_replay_file(const char *path, struct vec_totals *totals);

/* ---- shared by the per-format replayers (vec_common.c) ------------ */

/* One case being replayed: its id and how many mismatches it had. */
struct vec_case {
	const char *id;
	unsigned int mismatches;
};

/* Print (the first few of) a case's mismatches and count them all. */
void vec_mismatch(struct vec_case *vc, const char *field, const char *expected,
		  const char *got);
/* Compare two JSON values; NULL stands for an absent field. */
void vec_compare(struct vec_case *vc, const char *field, const cJSON *expected,
		 const cJSON *got);
/* Compare every field of two objects (either may lack some). */
void vec_compare_objects(struct vec_case *vc, const char *prefix,
			 const cJSON *expected, const cJSON *got);

/* A "0x..." string (or a number) as an unsigned long; false if neither. */
bool vec_hex(const cJSON *item, unsigned long *out);
/* The named field of @obj as a hex value; false if absent or malformed. */
bool vec_field_hex(const cJSON *obj, const char *name, unsigned long *out);
/* Add @value to @obj as a "0x..." string. */
void vec_add_hex(cJSON *obj, const char *name, unsigned long value);

/* Oracle reports during a replay count as mismatches of that case. */
void vec_catch_reports(struct vec_case *vc);

/* Replayers: true if the record was run (it may have mismatched). */
bool vec_is_free_pgd_range(const cJSON *rec);
void vec_replay_free_pgd_range(struct vec_case *vc, const cJSON *rec);
bool vec_is_mmu_gather(const cJSON *rec);
void vec_replay_mmu_gather(struct vec_case *vc, const cJSON *rec);

#endif
