/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every linux/ and asm/ header a kernel file includes lands here (except
 * asm/tlb.h, the arch hooks): the fake environment, sorted by kind as in
 * the kernel's tools/testing/vma harness:
 *
 *   kconfig.h  the profile's Kconfig choices (CONFIG_MMU_GATHER_*)
 *   types.h    the kernel types the gather needs, reduced to what it uses
 *   stubs.h    no-ops: things with no effect on TLBs, tables or pages
 *   uenv.h     userspace equivalents: the same effect, done on the
 *              simulated CPUs, the model's pages and the fault injector
 *   pgtable.h  userspace equivalents of the page-table accessors, on the
 *              model's page tables
 *   custom.h   deliberate changes, each with its reason
 *   arm64.h    the instruction primitives under the tree's own arm64
 *              flush code (TLBFUZZ_KERNEL_ARCH_CODE)
 *   x86.h      the flush_tlb_mm_range() under the tree's x86 tlb_flush()
 *
 * Only include/asm-generic/tlb.h is taken from the tree; nothing else of
 * its include/ is on the include path.
 */
#ifndef TLBF_ENV_H
#define TLBF_ENV_H

#include "kconfig.h"
#include "types.h"
#include "stubs.h"
#include "uenv.h"
#include "pgtable.h"
#include "custom.h"
#ifdef TLBF_KARCH_ARM64
#include "arm64.h"
#endif
#ifdef TLBF_KARCH_X86
#include "x86.h"
#endif

#endif
