# SPDX-License-Identifier: GPL-2.0-only
#
# Kernel-mode ctests; included at the end of tests/CMakeLists.txt.
#
# Model build: one test that says kernel mode was not built (skipped, so CI
# without a kernel tree stays green and the reason shows in the log).
# Kernel build: the model's suites run against the kernel's gather, case by
# case, except the cases that need something the kernel's code cannot have
# (each listed below with its reason); the regress reproducers must stay
# silent (their bug switches live in the model's gather); vectors recorded
# on 6.1 are pinned to the outcome each other tree gives.
if(NOT TLBFUZZ_KERNEL_SRC)
  add_test(NAME kernel_mode COMMAND sh -c
           "echo 'kernel mode not built: configure with -DTLBFUZZ_KERNEL_SRC=$(scripts/kernel-src 6.1)'; exit 77"
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(kernel_mode PROPERTIES SKIP_RETURN_CODE 77)
  # tlbfuzz run --kernel: a model build refuses it, one line, exit 2.
  if(TARGET tlbfuzz)
    add_test(NAME cli_kernel_refused COMMAND sh -c
             "$<TARGET_FILE:tlbfuzz> run --kernel corpus/gather/seeds/exit_vs_walkers.txt 2>&1 | grep -q 'rebuild with -DTLBFUZZ_KERNEL_SRC' && { $<TARGET_FILE:tlbfuzz> run --kernel corpus/gather/seeds/exit_vs_walkers.txt 2>/dev/null; test $? -eq 2; }"
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  endif()
  return()
endif()

# tlbfuzz run --kernel: accepted, and the seed replays on the tree's code.
add_test(NAME cli_kernel_accepted COMMAND $<TARGET_FILE:tlbfuzz> run --kernel
         ${CMAKE_SOURCE_DIR}/corpus/gather/seeds/exit_vs_walkers.txt)

# Kernel-mode-only cases (kernel/tests/): the tree's 6.2+ delayed rmap.
add_executable(test_kernel_rmap
               ${CMAKE_SOURCE_DIR}/kernel/tests/test_kernel_rmap.c)
target_link_libraries(test_kernel_rmap PRIVATE tlbf_harness)
target_include_directories(test_kernel_rmap PRIVATE
                           ${CMAKE_SOURCE_DIR}/kernel/include)
target_compile_definitions(test_kernel_rmap PRIVATE TLBF_KVER=${KVER_NUM})
target_compile_options(test_kernel_rmap PRIVATE ${TLBFUZZ_WARNINGS})
add_test(NAME test_kernel_rmap COMMAND test_kernel_rmap)

# The tree's gup_fast walk and exec stack shift (kernel/kgupexec.cmake):
# they run, and their results show in the model's state.
if(TLBFUZZ_KERNEL_GUP AND TLBFUZZ_KERNEL_EXEC AND
   KGEOM_PAGE_SHIFT EQUAL 12 AND KGEOM_LEVELS EQUAL 5)
  add_executable(test_kernel_gupexec
                 ${CMAKE_SOURCE_DIR}/kernel/tests/test_kernel_gupexec.c)
  target_link_libraries(test_kernel_gupexec PRIVATE tlbf_harness)
  target_include_directories(test_kernel_gupexec PRIVATE
                             ${CMAKE_SOURCE_DIR}/kernel/include)
  target_compile_options(test_kernel_gupexec PRIVATE ${TLBFUZZ_WARNINGS})
  add_test(NAME test_kernel_gupexec COMMAND test_kernel_gupexec)
endif()

# The tree's own arm64 tlb_flush()/__flush_tlb_range() (kernel/kernel.cmake,
# TLBFUZZ_KERNEL_ARCH_CODE): their decisions, seen in the simulated caches.
if(TLBFUZZ_KERNEL_ARCH_CODE AND "arm64" IN_LIST TLBFUZZ_KERNEL_PROFILES)
  add_executable(test_kernel_arch
                 ${CMAKE_SOURCE_DIR}/kernel/tests/test_kernel_arch.c)
  target_link_libraries(test_kernel_arch PRIVATE tlbf_harness)
  target_compile_options(test_kernel_arch PRIVATE ${TLBFUZZ_WARNINGS})
  add_test(NAME test_kernel_arch COMMAND test_kernel_arch)
endif()
# The tree's own x86 flush_tlb_mm_range() path (kernel/kx86tlb.c): the
# lazy-TLB rule, the tlb_gen catch-up, INVLPG and CR3 (docs/arch-code.md);
# the model's rewrite passes the same cases as tests/test_x86_flush.c.
if(kx86_code AND "x86-native" IN_LIST TLBFUZZ_KERNEL_PROFILES)
  add_executable(test_kernel_x86 ${CMAKE_SOURCE_DIR}/tests/test_x86_flush.c)
  target_compile_definitions(test_kernel_x86 PRIVATE TLBF_X86_TREE)
  target_link_libraries(test_kernel_x86 PRIVATE tlbf_harness)
  target_compile_options(test_kernel_x86 PRIVATE ${TLBFUZZ_WARNINGS})
  add_test(NAME test_kernel_x86 COMMAND test_kernel_x86)
endif()

# <suite>:<case> that cannot pass on kernel code, and why. An entry that
# names no case of its suite's --list is a failing ctest.
set(KMODEL_ONLY
    # a model bug switch (tlbf_injected); the kernel's gather has none
    test_exec:test_exec_shift_noflush_detected
    test_mmu_gather:test_gather_end_vma_flush_then_table
    test_mmu_gather:test_gather_range_only_needs_table_span
    test_sched_run:test_sched_run_finding_ends_run
    test_free_pgd_range:test_fpr_off_by_one_frees_neighbour_table
    test_mmap:test_mmap_free_pgtables_unlinks_first
    test_madvise:test_madvise_nested_dontneed_forces_flush

    # CONFIG_PT_RECLAIM's per-table RCU fallback is 6.14+
    test_mmu_gather:test_gather_pt_reclaim_rcu_fallback
    # the model's choice of rules; a kernel build runs its tree's
    test_mmu_gather:test_gather_rules_612_reserve_slot
    # the model gather's slots and its zap's switch; the fault case runs
    test_zap_folios:test_zap_folios_batched_612
    test_zap_folios:test_zap_folios_per_pte_61
    test_zap_folios:test_zap_folios_delay_rmap_612
    test_zap_folios:test_zap_folios_rmap_before_flush_612
    test_zap_folios:test_zap_folios_rmap_before_flush_61)
if(TLBFUZZ_KERNEL_GUP)
  # gup-no-recheck lives in the model's walk (core/gup.c); the tree's
  # walk runs instead (kernel/kgupexec.cmake)
  list(APPEND KMODEL_ONLY test_gup:test_gup_no_recheck_keeps_reused_page)
endif()
if(KVER_NUM GREATER_EQUAL 609)
  # the 6.1 batch capacity (9698 pages; a full bundle at 8): from 6.9
  # each batch keeps one slot free for a page count
  list(APPEND KMODEL_ONLY test_mmu_gather:test_gather_batch_cap_x86
       test_mmu_gather:test_gather_page_batch_fail_flushes_first)
endif()

# A build for another page size or level count than the default's (4 KiB,
# five levels: kernel/kgeometry.cmake) reads every input at its own
# geometry. The suites below expect the addresses and sizes of the fuzz
# and x86-64 geometries they set up (a 4 KiB page, a 32 KiB or 2 MiB PTE
# table, a 4K TLBI granule), so they are left out there; test_geometry
# covers the build's geometry (folding, free_pgd_range on the kernel's
# code, seeds clean), and the seed replays, smoke runs and regress replay
# run at it.
set(KGEOM_SKIP_SUITES "")
if(NOT (KGEOM_PAGE_SHIFT EQUAL 12 AND KGEOM_LEVELS EQUAL 5))
  # (and the kernel-recorded vectors: x86-64 geometry, 4 KiB pages)
  foreach(t test_gup test_khugepaged test_mremap test_pgtable test_truncate
            test_kernel_arch test_kernel_x86 test_tlbi
            vectors_free_pgd_range.x86_64
            vectors_mmu_gather.x86_64)
    if(TEST ${t})
      set_tests_properties(${t} PROPERTIES DISABLED TRUE)
    endif()
  endforeach()
  set(KGEOM_SKIP_SUITES test_exec test_free_pgd_range test_madvise test_mmap
      test_mmu_gather test_zap_folios test_gup)
endif()

# The suites run case by case from their own --list (kernel/cases.cmake.in,
# read when ctest runs); the whole-suite tests are off.
set(KSUITE_PAIRS "")
foreach(suite test_exec test_free_pgd_range test_madvise test_mmap
        test_mmu_gather test_sched_run test_zap_folios test_gup)
  if(NOT TEST ${suite})
    continue()
  endif()
  set_tests_properties(${suite} PROPERTIES DISABLED TRUE)
  if(suite IN_LIST KGEOM_SKIP_SUITES)
    continue()
  endif()
  string(APPEND KSUITE_PAIRS " ${suite}=$<TARGET_FILE:${suite}>")
endforeach()
configure_file(${CMAKE_SOURCE_DIR}/kernel/cases.cmake.in
               ${CMAKE_CURRENT_BINARY_DIR}/kernel_cases.cmake.gen @ONLY)
file(GENERATE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/kernel_cases.cmake
     INPUT ${CMAKE_CURRENT_BINARY_DIR}/kernel_cases.cmake.gen)
set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES
             ${CMAKE_CURRENT_BINARY_DIR}/kernel_cases.cmake)

# Most bug switches act on the model's gather, which is not linked: in
# kernel mode the reproducers are replayed with every switch off and must
# stay silent on the kernel's code. The crash-state and saved-replay
# checks need the switches' findings, so they run in model builds only.
foreach(t crash_state_fuzz_race crash_state_fuzz_race_replay saved_replay)
  if(TEST ${t})
    set_tests_properties(${t} PROPERTIES DISABLED TRUE)
  endif()
endforeach()
if(TEST regress_replay)
  set_tests_properties(regress_replay PROPERTIES DISABLED TRUE)
  add_test(NAME kernel_regress_silent COMMAND sh -c
           "rc=0; for b in ${CMAKE_SOURCE_DIR}/corpus/regress/*.bin; do $<TARGET_FILE:tlbfuzz> run --no-inject \"$b\" >/dev/null || { echo \"finding on kernel code: $b\"; rc=1; }; done; exit $rc")
endif()
# It minimizes a finding of the shift-noflush switch (the model's gather).
if(TEST minimize_shift_noflush)
  set_tests_properties(minimize_shift_noflush PROPERTIES DISABLED TRUE)
endif()

# 6.12 keeps one batch slot free for a page count, so every batch boundary
# of the 6.1-recorded vectors moves one entry earlier: pin the outcome.
# The failing cases are named (kernel/tests/vectors-6.12-fails.txt), not
# counted: a swap of one failing case for another fails the test.
if(TEST vectors_mmu_gather.x86_64 AND KVER_SHORT STREQUAL "6.12" AND
   NOT KGEOM_SKIP_SUITES)
  set_tests_properties(vectors_mmu_gather.x86_64 PROPERTIES DISABLED TRUE)
  file(GLOB vec_file ${TLBFUZZ_VECTORS_DIR}/mmu_gather.x86_64.jsonl*)
  add_test(NAME vectors_mmu_gather.x86_64_pinned
           COMMAND bash ${CMAKE_SOURCE_DIR}/kernel/tests/vectors_pinned.sh
                   $<TARGET_FILE:tlbfuzz> ${vec_file}
                   ${CMAKE_SOURCE_DIR}/kernel/tests/vectors-6.12-fails.txt)
endif()

# The workflow tests of triage and campaigns rely on switches that act on
# the model's gather (regress reproducers, --inject free-before-flush):
# model builds only.
foreach(t scripts_triage_known scripts_fuzz_campaign)
  if(TEST ${t})
    set_tests_properties(${t} PROPERTIES DISABLED TRUE)
  endif()
endforeach()

# Mutation testing (bench/mutants): the generator's IDs are stable and the
# no-flush mutant of tlb_flush_mmu is killed by the seeds (compiled and
# linked beside this build, which stays untouched; a few seconds).
add_test(NAME kernel_mutants_smoke
         COMMAND python3 ${CMAKE_SOURCE_DIR}/bench/mutants/smoke
                 ${CMAKE_BINARY_DIR} ${TLBFUZZ_KERNEL_SRC})

# scripts/oss-fuzz/build.sh builds the model from the source tree in a
# builder of its own, whatever this build is: in a kernel build its ctests
# would only rebuild and recheck what the asan preset's already do (three
# whole builds per kernel build in scripts/test).
foreach(t scripts_ossfuzz_build_address scripts_ossfuzz_build_undefined
          scripts_ossfuzz_build_afl)
  if(TEST ${t})
    set_tests_properties(${t} PROPERTIES DISABLED TRUE)
  endif()
endforeach()

# hugetlb PMD sharing runs the tree's own functions (kernel/khugetlb.c) on
# every profile that shares: their per-build names are in tlbfuzz, and so
# is the bridge that replaces core/hugetlb_share.c (kernel/khugetlb_model.c).
set(khuge_syms "")
foreach(prof x86-native x86-rcu arm64)
  if(prof IN_LIST TLBFUZZ_KERNEL_PROFILES)
    string(REPLACE "-" "_" pid ${prof})
    foreach(fn huge_pte_alloc huge_pmd_share huge_pmd_unshare_flush)
      string(APPEND khuge_syms " tlbf_k${KVER_NUM}_${pid}_${fn}")
    endforeach()
  endif()
endforeach()
if(khuge_syms AND TARGET tlbfuzz)
  add_test(NAME kernel_hugetlb_tree COMMAND sh -c
           "syms=$(nm $<TARGET_FILE:tlbfuzz>) || exit 1; for s in ${khuge_syms}; do echo \"$syms\" | grep -q \" T $s$\" || { echo \"missing: $s\"; exit 1; }; done; echo \"$syms\" | grep -q ' T tlbf_kh_cpu$' || { echo 'no kernel/khugetlb_model.c'; exit 1; }")
endif()

# The x86 lazy-CPU hugetlb unsharing candidate (docs/findings.md,
# docs/hugetlb.md) fires on the trees' own x86 code with every switch off
# (and must not once the tree's x86 tlb_flush() passes unshared_tables),
# and fuzz_race reaches it from its seeds within seconds: it must keep
# firing on the tree's sharing functions (kernel_x86_lazy_unshare), and
# the race smoke, whose rule is that nothing fires, runs the profiles
# without that finding.
if(TARGET tlbfuzz)
  add_test(NAME kernel_x86_lazy_unshare COMMAND sh -c
           "fixed=0; grep -q unshared_tables ${TLBFUZZ_KERNEL_SRC}/arch/x86/include/asm/tlb.h && fixed=1; for b in ${CMAKE_SOURCE_DIR}/corpus/kernel-bugs/x86-lazy-hugetlb-unshare*.bin; do out=$($<TARGET_FILE:tlbfuzz> run --no-inject \"$b\" 2>&1); rc=$?; if [ $fixed = 1 ]; then [ $rc = 0 ] || { echo \"fires on a tree whose x86 tlb_flush() passes unshared_tables: $b\"; exit 1; }; else echo \"$out\" | grep -q 'finding: stale-walk-cache' && [ $rc = 1 ] || { echo \"no longer fires: $b\"; exit 1; }; fi; done")
endif()
if(TEST fuzz_race_smoke)
  set_tests_properties(fuzz_race_smoke PROPERTIES ENVIRONMENT
                       "TLBFUZZ_ARCHES=arm64,range-only,no-range,ia64")
endif()

# The tree's zap and free_pgtables() (kernel/kzap.c, kernel/kfree_pgtables.c):
# every profile's copy of each compiled function is in the binary, under
# its per-profile name, and its code comes from the tree's mm/memory.c
# (the extracted copy's #line), not from core/.
set(kcallers_syms "")
if(TLBFUZZ_KERNEL_ZAP)
  list(APPEND kcallers_syms unmap_page_range unmap_vmas)
endif()
if(TLBFUZZ_KERNEL_FREE_PGTABLES)
  list(APPEND kcallers_syms free_pgtables)
endif()
list(LENGTH TLBFUZZ_KERNEL_PROFILES kcallers_nprof)
get_filename_component(kcallers_tree ${TLBFUZZ_KERNEL_SRC} REALPATH)
if(kcallers_syms)
  add_test(NAME kernel_callers_compiled
           COMMAND sh ${CMAKE_SOURCE_DIR}/kernel/tests/callers_compiled.sh
                   $<TARGET_FILE:tlbfuzz> ${KVER_NUM} ${kcallers_nprof}
                   ${kcallers_tree}/mm/memory.c ${kcallers_syms})
endif()

# arm64-unshare-leaf-only (docs/findings.md): on a tree whose generic
# gather sets unshared_tables, the reproducer fires exactly when the
# tree's arm64 tlb_flush() leaves unshared_tables out of last_level
# (6.1.170) and is clean where it counts it (6.1.192, 6.12).
if(TARGET tlbfuzz AND "arm64" IN_LIST TLBFUZZ_KERNEL_PROFILES AND
   TLBFUZZ_KERNEL_ARCH_CODE)
  add_test(NAME kernel_arm64_unshare_leaf_only COMMAND sh -c
           "t=${TLBFUZZ_KERNEL_SRC}; grep -q unshared_tables $t/include/asm-generic/tlb.h || exit 77; out=$($<TARGET_FILE:tlbfuzz> run --no-inject ${CMAKE_SOURCE_DIR}/corpus/kernel-bugs/arm64-unshare-leaf-only.bin 2>&1); rc=$?; if grep -q unshared_tables $t/arch/arm64/include/asm/tlb.h; then [ $rc = 0 ] || { echo \"fires on a tree that counts unshared_tables: $out\"; exit 1; }; else echo \"$out\" | grep -q 'finding: stale-walk-cache' || { echo \"no longer fires: $out\"; exit 1; }; fi")
  set_tests_properties(kernel_arm64_unshare_leaf_only PROPERTIES
                       SKIP_RETURN_CODE 77)
endif()

# hugetlb-share-vs-pmd-alloc (docs/findings.md): the reproducers fire
# where the tree's huge_pmd_share() fills the PUD entry under the shared
# table's lock (6.1.y) and are clean where it takes page_table_lock.
if(TARGET tlbfuzz AND "x86-native" IN_LIST TLBFUZZ_KERNEL_PROFILES AND
   "arm64" IN_LIST TLBFUZZ_KERNEL_PROFILES)
  add_test(NAME kernel_share_vs_pmd_alloc
           COMMAND sh ${CMAKE_SOURCE_DIR}/kernel/tests/share_vs_pmd_alloc.sh
                   $<TARGET_FILE:tlbfuzz> ${TLBFUZZ_KERNEL_SRC}
                   ${CMAKE_SOURCE_DIR}/corpus/kernel-bugs)
endif()

# The reproducers of corpus/kernel-bugs fire at the geometry they were
# found at (the fuzzing geometry, read at x86-64 4K by a default build); a
# build at another page size or level count reads them at its own.
if(NOT (KGEOM_PAGE_SHIFT EQUAL 12 AND KGEOM_LEVELS EQUAL 5))
  foreach(t kernel_x86_lazy_unshare kernel_arm64_unshare_leaf_only
            kernel_share_vs_pmd_alloc)
    if(TEST ${t})
      set_tests_properties(${t} PROPERTIES DISABLED TRUE)
    endif()
  endforeach()
endif()
