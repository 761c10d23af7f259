/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * 64-bit FNV constants and the one mixing step the trace hash and the
 * interleaving-pair index share: an FNV-1a step on a whole word, then an
 * xor-shift so that high bits reach the low ones (pair indices and hash
 * buckets take the low bits).
 */
#ifndef TLBF_FNV_H
#define TLBF_FNV_H

#include <stdint.h>

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME  0x100000001b3ULL

static inline uint64_t fnv_mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * FNV_PRIME;
	return h ^ (h >> 29);
}

#endif
