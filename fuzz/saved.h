/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What ran a saved input. A fuzz target decodes an input its own way (its
 * operation set) and takes bug switches only from TLBFUZZ_INJECT, never
 * from the input's header; a plain file (a seed, a regression reproducer)
 * is run as it is, header switches included. So that a file the fuzzer
 * saved replays with `tlbfuzz run FILE` exactly as it ran, the target and
 * its switches are written down beside it, in a small text file:
 *
 *   target: gather
 *   inject: free-before-flush       (empty: every switch off)
 *   strategy: pct                   (only when TLBFUZZ_STRATEGY forced one)
 *
 * Two places, looked up in this order:
 *   DIR/.NAME.tlbfuzz   for DIR/NAME, written by a libFuzzer target next
 *                       to the crash file it saves (saved_target.c);
 *   .tlbfuzz            in the file's folder or up to three folders
 *                       above, written by scripts/fuzz into OUT/<target>/
 *                       (covers corpus/, crashes/, AFL++'s queues) and by
 *                       a target under afl-fuzz into its __AFL_OUT_DIR
 *                       (saved_target.c).
 * A file with neither is a plain input.
 */
#ifndef TLBF_SAVED_H
#define TLBF_SAVED_H

#include <stddef.h>

#define SAVED_NAME ".tlbfuzz"

struct saved_ctx {
	char target[32];
	unsigned int inject; /* bit per enum inject_bug */
	int strategy; /* enum sched strategy, or -1: the input's own */
	char from[1024]; /* the file that said so */
};

/* 1 and @ctx filled when @file has a context file, else 0. */
int saved_ctx_find(const char *file, struct saved_ctx *ctx);
/* DIR/.NAME.tlbfuzz for @file DIR/NAME. */
void saved_side_path(const char *file, char *buf, size_t len);
/* Write a context file at @path; 0, or -1 (errno set). */
int saved_ctx_write(const char *path, const char *target, unsigned int inject,
		    int strategy);

#endif
