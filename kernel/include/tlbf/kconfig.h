/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kconfig for one kernel-gather build. CMake passes TLBF_KPROFILE_<name>
 * (one of the profiles in kernel/profiles.cmake, which also refuses
 * combinations Kconfig cannot produce) and TLBF_KVER_<major>_<minor>.
 */
#ifndef TLBF_KCONFIG_H
#define TLBF_KCONFIG_H

#define CONFIG_MMU 1
#define CONFIG_SMP 1

/* The build's geometry (kernel/kgeometry.cmake): 3, 4 or 5 levels. */
#ifndef TLBF_KLEVELS
#define TLBF_KLEVELS 5
#endif
#define CONFIG_PGTABLE_LEVELS TLBF_KLEVELS

#if defined(TLBF_KPROFILE_x86_native)
#define CONFIG_MMU_GATHER_MERGE_VMAS 1
#define TLBF_KFLUSH_ARCH 1 /* x86 tlb_flush: flush_tlb_mm_range */
#define TLBF_KTABLES_VIA_PAGES 1 /* native paravirt_tlb_remove_table */
#elif defined(TLBF_KPROFILE_x86_rcu)
#define CONFIG_MMU_GATHER_MERGE_VMAS 1
#define CONFIG_MMU_GATHER_TABLE_FREE 1
#define CONFIG_MMU_GATHER_RCU_TABLE_FREE 1
#define TLBF_KFLUSH_ARCH 1
#elif defined(TLBF_KPROFILE_arm64)
#define CONFIG_MMU_GATHER_TABLE_FREE 1
#define CONFIG_MMU_GATHER_RCU_TABLE_FREE 1
#define TLBF_KFLUSH_ARCH 1 /* arm64 tlb_flush: __flush_tlb_range */
#elif defined(TLBF_KPROFILE_range_only)
/* The generic tlb_flush(): flush_tlb_range() over the gathered range. */
#define TLBF_KTABLES_VIA_PAGES 1
#define TLBF_KTABLE_SPAN 1 /* __p?d_free_tlb names the table's span */
#elif defined(TLBF_KPROFILE_ia64)
/* range-only's flush; tlb_end_vma flushed nothing (VMAs merge). */
#define CONFIG_MMU_GATHER_MERGE_VMAS 1
#define TLBF_KTABLES_VIA_PAGES 1
#define TLBF_KTABLE_SPAN 1
#elif defined(TLBF_KPROFILE_no_range)
#define CONFIG_MMU_GATHER_NO_RANGE 1
#define CONFIG_MMU_GATHER_MERGE_VMAS 1
#define TLBF_KTABLES_VIA_PAGES 1
#else
#error "no TLBF_KPROFILE_<name>: build through CMake's kernel back end"
#endif

/*
 * hugetlb PMD-table sharing (x86 and arm64 select it): compiles the
 * tree's tlb_unshare_pmd_ptdesc()/tlb_flush_unshared_tables() (6.1.19x:
 * ARCH_WANT_HUGE_PMD_SHARE && HUGETLB_PAGE; 6.12:
 * HUGETLB_PMD_PAGE_TABLE_SHARING). Nothing else of the gather changes.
 */
#if defined(TLBF_KPROFILE_x86_native) || defined(TLBF_KPROFILE_x86_rcu) || \
	defined(TLBF_KPROFILE_arm64)
#define CONFIG_HUGETLB_PAGE 1
#define CONFIG_ARCH_WANT_HUGE_PMD_SHARE 1
#define CONFIG_HUGETLB_PMD_PAGE_TABLE_SHARING 1
#define TLBF_KUNSHARE 1
#endif

/* IS_ENABLED(CONFIG_X): 1 when CONFIG_X is defined as 1, else 0. */
#define TLBF_SECOND(a, b, ...) b
#define TLBF_ON_1 ~, 1
#define TLBF_PROBE(...) TLBF_SECOND(__VA_ARGS__, 0, ~)
#define TLBF_CAT(a, b) a##b
#define TLBF_XCAT(a, b) TLBF_CAT(a, b)
#define IS_ENABLED(opt) TLBF_PROBE(TLBF_XCAT(TLBF_ON_, opt))

#endif
