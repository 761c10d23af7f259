# SPDX-License-Identifier: GPL-2.0-only
#
# Kernel versions: scripts/kernel-src, scripts/kernel-bisect and
# scripts/fuzz --kernel (tests/scripts/kernel_*.sh).
set(kv_scripts ${CMAKE_SOURCE_DIR}/tests/scripts)
set(kv_work ${CMAKE_BINARY_DIR}/work/kernel-versions)

# Arguments, --list, version resolution, the cache, kfuncs: no download,
# no kernel build. Every build.
add_test(NAME scripts_kernel_versions
         COMMAND bash ${kv_scripts}/kernel_versions.sh ${kv_work}/args
                 ${CMAKE_BINARY_DIR})
set_tests_properties(scripts_kernel_versions PROPERTIES TIMEOUT 300)

# The real thing, once: the asan preset's model build (scripts/test runs
# it) builds kernel mode for two Debian versions and a broken copy of
# 6.1.192 (tlb_flush_mmu without its flush) into build/kbisect/, one to
# three minutes each the first time on two busy cores, bisects them, and
# fuzzes 6.1.192 (20 s, clean) and the broken copy (10 s, divergences).
# Skipped (77) without the local packages.
if(NOT TLBFUZZ_KERNEL_SRC AND TLBFUZZ_SANITIZER STREQUAL "address"
   AND TLBFUZZ_ENGINE STREQUAL "libfuzzer" AND NOT TLBFUZZ_OSSFUZZ)
  add_test(NAME kernel_bisect_two_versions
           COMMAND bash ${kv_scripts}/kernel_bisect.sh ${kv_work}/bisect
                   ${kv_work}/linux-noflush)
  add_test(NAME scripts_fuzz_kernel_smoke
           COMMAND bash ${kv_scripts}/fuzz_kernel.sh ${kv_work}/fuzz
                   ${kv_work}/linux-noflush)
  # Both build into build/kbisect/6.1.192: one at a time.
  set_tests_properties(kernel_bisect_two_versions scripts_fuzz_kernel_smoke
                       PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 1800
                       RESOURCE_LOCK kbisect_builds)
endif()
