// SPDX-License-Identifier: GPL-2.0-only
/* The engines' view of interleaving pairs (see ilv_counters.h). */
#include "ilv_counters.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "interleave.h"

/* Writes of the seen-bitmap: every growth at first, then sparser. */
#define ILV_WRITE_EAGER 32
#define ILV_WRITE_EVERY 512 /* runs between later writes */

__attribute__((section("__libfuzzer_extra_counters"), used))
uint8_t tlbf_ilv_counters[ILV_NR_COUNTERS];

/*
 * AFL++'s runtime: __afl_coverage_interesting(val, id) stores @val at
 * byte @id of the map (the documented hook for user-defined coverage).
 * Not __afl_area_ptr itself: afl-clang-fast's pass declares that in
 * every module it instruments, and a second declaration of the name
 * would leave an undefined __afl_area_ptr.N at link time. Weak: absent
 * outside AFL++ builds.
 */
void __afl_coverage_interesting(uint8_t val, uint32_t id) __attribute__((weak));
extern uint32_t __afl_map_size __attribute__((weak));

struct ilv_seen {
	uint64_t bits[ILV_NR_COUNTERS / 64];
	unsigned int nr;
	unsigned long runs, written_at;
	unsigned int writes;
	bool dirty, hooked;
};

static struct ilv_seen seen;

static void afl_set(uint32_t idx)
{
	uint32_t size, at;

	if (!__afl_coverage_interesting || !&__afl_map_size)
		return;
	size = __afl_map_size;
	if (!size)
		return;
	at = (uint32_t)(((uint64_t)idx * 2654435761u + 0x9e37u) % size);
	__afl_coverage_interesting(1, at);
}

static void write_seen(void)
{
	const char *base = getenv("TLBFUZZ_ILV_OUT");
	char path[4096], tmp[4200];
	FILE *f;

	seen.dirty = false;
	seen.written_at = seen.runs;
	seen.writes++;
	if (!base || !*base)
		return;
	snprintf(path, sizeof(path), "%s.%d", base, (int)getpid());
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "wb");
	if (!f)
		return;
	fwrite(seen.bits, 1, sizeof(seen.bits), f);
	if (fclose(f) == 0)
		rename(tmp, path);
}

static void write_at_exit(void)
{
	if (seen.dirty)
		write_seen();
}

static void note_seen(uint32_t idx)
{
	if (seen.bits[idx / 64] & (1ULL << (idx % 64)))
		return;
	seen.bits[idx / 64] |= 1ULL << (idx % 64);
	seen.nr++;
	seen.dirty = true;
}

void ilv_counters_publish(void)
{
	const uint32_t *hits;
	unsigned int n = ilv_run_hits(&hits), i;

	seen.runs++;
	for (i = 0; i < n; i++) {
		tlbf_ilv_counters[hits[i]] = 1;
		afl_set(hits[i]);
		note_seen(hits[i]);
	}
	if (!seen.dirty)
		return;
	if (!seen.hooked) {
		seen.hooked = true;
		atexit(write_at_exit);
	}
	if (seen.writes < ILV_WRITE_EAGER ||
	    seen.runs - seen.written_at >= ILV_WRITE_EVERY)
		write_seen();
}
