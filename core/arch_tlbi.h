/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arm64 TLB maintenance instructions, executed on the simulated CPUs with
 * their architectural meaning. Kernel mode compiles a tree's own
 * arch/arm64/include/asm/tlbflush.h, whose __tlbi(op, arg) lands here
 * with the instruction's name and its real 64-bit operand; everything the
 * operand says (VA, ASID, TTL hint, range base/NUM/SCALE/TG) is decoded
 * here, so an encoding mistake in the tree changes what is invalidated.
 *
 *   by VA      [r]va[a][l]e1[is|os]: VA[55:12] in bits 43:0, ASID in
 *              63:48 (ignored by the "aa" all-ASID forms), TTL hint in
 *              47:44 (granule in 47:46, level in 45:44; 0b00xx: none).
 *              Drops the leaf entry that translates VA (only at the
 *              hinted level when there is a hint); without "l" also every
 *              walk-cache entry used to translate VA. "l" (last level)
 *              leaves the walk caches alone.
 *   range      r...: BaseADDR (in granules) in 36:0, TTL level 38:37,
 *              NUM 43:39, SCALE 45:44, TG 47:46, ASID 63:48: the range
 *              [BaseADDR, BaseADDR + (NUM+1) * 2^(5*SCALE+1) granules).
 *              Entries overlapping it go. A TG that is not the granule in
 *              use invalidates nothing (the architecture requires nothing).
 *   ASID       aside1[is]: every entry, leaf and walk, of ASID 63:48.
 *   all        vmalle1[is]: every entry of every ASID.
 *
 * Without ARM64_CAP_TTL the TTL field is ignored (RES0); without
 * ARM64_CAP_TLB_RANGE a range TLBI is undefined: an ORACLE_KERNEL_BUG.
 *
 * "is"/"os" (shareable) forms reach every CPU; the others only the CPU
 * that issues them. An invalidation is only guaranteed complete after a
 * DSB of the same or wider shareability (not an ST-only one), so TLBIs
 * wait in the issuing CPU's queue until dsb(ish)/dsb(nsh)/dsb(sy) (or
 * until the queue is full: finishing early is always allowed).
 */
#ifndef TLBF_ARCH_TLBI_H
#define TLBF_ARCH_TLBI_H

#include <stdbool.h>
#include <stdint.h>

struct mm_struct;

/* CPU features the tree's code asks about (cpus_have_const_cap...). */
enum {
	ARM64_CAP_TTL = 1, /* ARMv8.4-TTL: level hints */
	ARM64_CAP_TLB_RANGE = 2, /* ARMv8.4-TLBI range instructions */
	ARM64_CAP_REPEAT_TLBI = 4, /* erratum workaround: repeat + DSB */
};
/* Default ARM64_CAP_TTL | ARM64_CAP_TLB_RANGE; TLBFUZZ_ARM64_CAPS=n. */
extern unsigned int tlbf_arm64_caps;

/* The mm's ASID as ASID(mm) reads it (never 0: that is the kernel's). */
unsigned long arm64_asid(struct mm_struct *mm);

/*
 * Execute "tlbi @mnemonic, @operand" on this CPU (queued until a DSB).
 * An unknown mnemonic is an ORACLE_KERNEL_BUG report (not modelled).
 */
void arm64_tlbi(const char *mnemonic, uint64_t operand);
/* "dsb @option": ish, nsh, sy complete this CPU's queued TLBIs. */
void arm64_dsb(const char *option);
/* TLBIs this CPU issued that no DSB has completed yet. */
unsigned int arm64_tlbi_pending(void);
/* Forget queued TLBIs (run reset). */
void arm64_tlbi_reset(void);

#endif
