/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bug switches from the user: TLBFUZZ_INJECT=a,b for the CLI and every
 * fuzz binary, --inject for `tlbfuzz run`. Fuzz targets take switches
 * only from here, never from an input's header, so that with every switch
 * off nothing can fire; regression files carry theirs in the header, and
 * `tlbfuzz run` honours those plus these.
 */
#ifndef TLBF_INJECT_ENV_H
#define TLBF_INJECT_ENV_H

#include <stddef.h>

/* Parse @list ("a,b", "none" or ""); -1 with one line in @err. */
int inject_from_list(const char *list, unsigned int *mask, char *err,
		     size_t errlen);
/* TLBFUZZ_INJECT, or 0 when unset. */
int inject_from_env(unsigned int *mask, char *err, size_t errlen);
/*
 * TLBFUZZ_FIXES=a,b: proposed kernel fixes every run of this process
 * applies (core/rules.h); -1 with one line in @err on an unknown name.
 */
int fixes_from_env(char *err, size_t errlen);
/* "a,b", or "" for none. */
void inject_format(unsigned int mask, char *buf, size_t len);

#endif
