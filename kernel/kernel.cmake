# SPDX-License-Identifier: GPL-2.0-only
#
# Kernel-source mode: -DTLBFUZZ_KERNEL_SRC=/path/to/linux builds the gather
# from that tree's mm/mmu_gather.c and include/asm-generic/tlb.h (read at
# build time, never copied into this project) against kernel/include/, once
# per arch profile, into tlbf_kernel_gather_<ver>, which then stands where
# tlbf_model_gather stands in a model build.
#
#   TLBFUZZ_KERNEL_PROFILES   profiles to build (default: every profile of
#                             core/arch.c; the table_copies ctest checks)
#   TLBFUZZ_KERNEL_GEOMETRY   a geometry name (docs/geometries.md), e.g.
#                             arm64-16k-47: the build's PAGE_SHIFT and
#                             CONFIG_PGTABLE_LEVELS; runs whose geometry has
#                             other ones fold to it. Unset: 4 KiB pages and
#                             five levels folded at run time (x86's
#                             pgtable_l5_enabled()), for every 4 KiB
#                             geometry of four or five levels.
#   TLBFUZZ_KERNEL_PAGE_SHIFT the older spelling: 12 (the default above),
#                             14 (arm64-16k-48) or 16 (arm64-64k-48)
#   TLBFUZZ_KERNEL_ARCH_CODE  ON (default when the tree has them): the
#                             arm64 profile compiles the tree's own
#                             arch/arm64/include/asm/{tlb,tlbflush}.h over
#                             simulated TLBI/DSB/ASID primitives instead
#                             of our stand-in tlb_flush; the x86 ones the
#                             tree's asm/tlb.h (docs/arch-code.md)

set(TLBFUZZ_KERNEL_PROFILES "x86-native;x86-rcu;arm64;range-only;no-range;ia64"
    CACHE STRING
    "kernel-mode arch profiles (Kconfig combinations) to build")
set(TLBFUZZ_KERNEL_PAGE_SHIFT "12" CACHE STRING
    "kernel-mode PAGE_SHIFT, fixed per build (sizes the gather's batches)")
set(TLBFUZZ_KERNEL_GEOMETRY "" CACHE STRING
    "kernel-mode geometry: PAGE_SHIFT and CONFIG_PGTABLE_LEVELS of the build")

set(KTREE ${TLBFUZZ_KERNEL_SRC})
foreach(f Makefile mm/mmu_gather.c include/asm-generic/tlb.h)
  if(NOT EXISTS ${KTREE}/${f})
    message(FATAL_ERROR "TLBFUZZ_KERNEL_SRC=${KTREE}: no ${f} "
            "(scripts/kernel-src 6.1 prepares a tree)")
  endif()
endforeach()

# The tree's version, from its top Makefile.
file(STRINGS ${KTREE}/Makefile KMAKE REGEX "^(VERSION|PATCHLEVEL|SUBLEVEL) =")
foreach(line ${KMAKE})
  if(line MATCHES "^([A-Z]+) = ([0-9]+)")
    set(K_${CMAKE_MATCH_1} ${CMAKE_MATCH_2})
  endif()
endforeach()
if(NOT DEFINED K_VERSION OR NOT DEFINED K_PATCHLEVEL)
  message(FATAL_ERROR "${KTREE}/Makefile: no VERSION/PATCHLEVEL")
endif()
set(KVER_SHORT ${K_VERSION}.${K_PATCHLEVEL})
set(KVERSION ${K_VERSION}.${K_PATCHLEVEL}.${K_SUBLEVEL})
math(EXPR KVER_NUM "${K_VERSION} * 100 + ${K_PATCHLEVEL}")
if(KVER_NUM LESS 601)
  message(FATAL_ERROR "kernel mode needs a 6.1 or later tree (${KVERSION})")
endif()
message(STATUS "tlbfuzz kernel mode: Linux ${KVERSION} from ${KTREE}")

include(${CMAKE_CURRENT_LIST_DIR}/kgeometry.cmake)

# Each profile is a set of Kconfig symbols (kernel/include/tlbf/kconfig.h
# spells them out). Refuse what Kconfig cannot produce: mm/Kconfig makes
# MMU_GATHER_RCU_TABLE_FREE select MMU_GATHER_TABLE_FREE, and
# MMU_GATHER_NO_RANGE arches must use the generic tlb_flush().
set(KPROF_x86-native "MERGE_VMAS;ARCH_FLUSH")
set(KPROF_x86-rcu "MERGE_VMAS;TABLE_FREE;RCU_TABLE_FREE;ARCH_FLUSH")
set(KPROF_arm64 "TABLE_FREE;RCU_TABLE_FREE;ARCH_FLUSH")
set(KPROF_range-only "TABLE_SPAN")
set(KPROF_no-range "NO_RANGE;MERGE_VMAS")
set(KPROF_ia64 "TABLE_SPAN;MERGE_VMAS")
function(tlbf_kernel_check_profile name)
  if(NOT DEFINED KPROF_${name})
    message(FATAL_ERROR "kernel profile '${name}': unknown "
            "(x86-native, x86-rcu, arm64, range-only, no-range, ia64)")
  endif()
  set(k ${KPROF_${name}})
  if("RCU_TABLE_FREE" IN_LIST k AND NOT "TABLE_FREE" IN_LIST k)
    message(FATAL_ERROR "kernel profile '${name}': MMU_GATHER_RCU_TABLE_FREE "
            "without MMU_GATHER_TABLE_FREE (Kconfig selects it)")
  endif()
  if("NO_RANGE" IN_LIST k AND "ARCH_FLUSH" IN_LIST k)
    message(FATAL_ERROR "kernel profile '${name}': MMU_GATHER_NO_RANGE with "
            "an arch tlb_flush (tlb.h #errors on it)")
  endif()
endfunction()

# mm/mmu_gather.c is the kernel's: kernel style, not ours to fix.
set(KWARN -Wall -Wno-unused-parameter -Wno-unused-function
    # tlb.h puts struct mmu_gather_batch (flexible array) before __pages[]
    -Wno-gnu-variable-sized-type-not-at-end
    # "unsigned int nr = min(512U, batch->nr)" style comparisons
    -Wno-sign-compare
    # The kernel's own build makes these errors (top Makefile, or
    # scripts/Makefile.extrawarn from 6.6 on), so a mutant that trips them
    # would never build there either.
    -Werror=return-type -Werror=implicit-function-declaration
    -Werror=implicit-int
    # Reading a variable before it is set: clang warns in every kernel
    # build and the kernel test robot reports it; a mutant that does so is
    # rejected here rather than run on whatever the stack held.
    -Werror=uninitialized -Werror=sometimes-uninitialized)
set_source_files_properties(${KTREE}/mm/mmu_gather.c PROPERTIES
    COMPILE_OPTIONS "${KWARN}")

# mm/memory.c's page-table freeing, cut out by name at build time.
set(KPGFREE_FUNCS free_pte_range free_pmd_range free_pud_range
    free_p4d_range free_pgd_range)
set(KPGFREE_C ${CMAKE_BINARY_DIR}/kernel/memory_pgfree_${KVER_SHORT}.c)
add_custom_command(OUTPUT ${KPGFREE_C}
    COMMAND python3 ${CMAKE_SOURCE_DIR}/scripts/lib/kextract.py
            --tree ${KTREE} --file mm/memory.c --out ${KPGFREE_C}
            ${KPGFREE_FUNCS}
    DEPENDS ${KTREE}/mm/memory.c ${CMAKE_SOURCE_DIR}/scripts/lib/kextract.py
    COMMENT "Extracting ${KPGFREE_FUNCS} from Linux ${KVERSION}")
# Fail at configure time, naming the function, when the tree lacks one.
execute_process(COMMAND python3 ${CMAKE_SOURCE_DIR}/scripts/lib/kextract.py
                --tree ${KTREE} --file mm/memory.c --out ${KPGFREE_C}
                ${KPGFREE_FUNCS}
                RESULT_VARIABLE krc ERROR_VARIABLE kerr)
if(NOT krc EQUAL 0)
  message(FATAL_ERROR "${kerr}")
endif()
set_source_files_properties(${KPGFREE_C} PROPERTIES HEADER_FILE_ONLY TRUE
                            GENERATED TRUE)
# The extracted code is the kernel's: kernel style, not ours to fix.
set_source_files_properties(${CMAKE_SOURCE_DIR}/kernel/kpgfree.c PROPERTIES
    COMPILE_OPTIONS "${KWARN}")

# mm/memory.c's callers of the gather, cut out by name the same way:
# the zap (kernel/kzap.c) and free_pgtables() (kernel/kfree_pgtables.c).
# Each has a switch, so that one file's functions can be fuzzed alone:
#   TLBFUZZ_KERNEL_ZAP            zap_pte_range() ... unmap_vmas()
#   TLBFUZZ_KERNEL_FREE_PGTABLES  free_pgtables()
# (default ON when the tree defines them; OFF: the model's own code runs
# on the tree's gather, as before). docs/kernel-mode.md has the table.
file(READ ${KTREE}/mm/memory.c KMEMORY_TEXT)
# The names of @names that mm/memory.c defines (a line starting with
# the return type, the name, then its parameters).
function(tlbf_kmemory_defines out)
  set(found "")
  foreach(name ${ARGN})
    string(REGEX MATCH "\n[A-Za-z_][^\n;{}()]*[ *]${name}\\(" m
           "${KMEMORY_TEXT}")
    if(m)
      list(APPEND found ${name})
    endif()
  endforeach()
  set(${out} ${found} PARENT_SCOPE)
endfunction()
# In calling order; the helpers a tree lacks drop out (6.1 has
# should_zap_page, 6.12 should_zap_folio and the zap_present_* pair).
tlbf_kmemory_defines(KZAP_FUNCS init_rss_vec add_mm_rss_vec should_zap_cows
    should_zap_page should_zap_folio zap_drop_file_uffd_wp
    zap_present_folio_ptes zap_present_ptes zap_nonpresent_ptes
    zap_pte_range zap_pmd_range zap_pud_range zap_p4d_range unmap_page_range
    unmap_single_vma unmap_vmas)
tlbf_kmemory_defines(kzap_core zap_pte_range unmap_page_range unmap_vmas)
tlbf_kmemory_defines(kfpt_core free_pgtables)
list(LENGTH kzap_core kzap_n)
if(kzap_n EQUAL 3)
  set(kzap_default ON)
else()
  set(kzap_default OFF)
endif()
if(kfpt_core)
  set(kfpt_default ON)
else()
  set(kfpt_default OFF)
endif()
option(TLBFUZZ_KERNEL_ZAP
       "kernel mode: compile the tree's zap_pte_range() .. unmap_vmas()"
       ${kzap_default})
option(TLBFUZZ_KERNEL_FREE_PGTABLES
       "kernel mode: compile the tree's free_pgtables()" ${kfpt_default})
# Extract FUNCS from FILE of the tree into OUT, at configure time (failing
# with the function's name) and again whenever the tree's file changes.
function(tlbf_kextract file out)
  set(funcs ${ARGN})
  execute_process(COMMAND python3 ${CMAKE_SOURCE_DIR}/scripts/lib/kextract.py
                  --tree ${KTREE} --file ${file} --out ${out} ${funcs}
                  RESULT_VARIABLE krc ERROR_VARIABLE kerr)
  if(NOT krc EQUAL 0)
    message(FATAL_ERROR "${kerr}")
  endif()
  add_custom_command(OUTPUT ${out}
      COMMAND python3 ${CMAKE_SOURCE_DIR}/scripts/lib/kextract.py
              --tree ${KTREE} --file ${file} --out ${out} ${funcs}
      DEPENDS ${KTREE}/${file} ${CMAKE_SOURCE_DIR}/scripts/lib/kextract.py
      COMMENT "Extracting ${funcs} from Linux ${KVERSION}")
  set_source_files_properties(${out} PROPERTIES HEADER_FILE_ONLY TRUE
                              GENERATED TRUE)
endfunction()
set(KZAP_C ${CMAKE_BINARY_DIR}/kernel/memory_zap_${KVER_SHORT}.c)
set(KFPT_C ${CMAKE_BINARY_DIR}/kernel/memory_free_pgtables_${KVER_SHORT}.c)
set(KCALLERS_SRC "")
set(KCALLERS_DEFS "")
if(TLBFUZZ_KERNEL_ZAP)
  tlbf_kextract(mm/memory.c ${KZAP_C} ${KZAP_FUNCS})
  list(APPEND KCALLERS_SRC ${CMAKE_SOURCE_DIR}/kernel/kzap.c ${KZAP_C})
  list(APPEND KCALLERS_DEFS TLBF_KZAP=1 TLBF_KZAP_C="${KZAP_C}")
  target_compile_definitions(tlbf_core PRIVATE TLBF_KERNEL_ZAP=1)
  message(STATUS "tlbfuzz kernel mode: the tree's ${KZAP_FUNCS}")
endif()
if(TLBFUZZ_KERNEL_FREE_PGTABLES)
  tlbf_kextract(mm/memory.c ${KFPT_C} free_pgtables)
  list(APPEND KCALLERS_SRC ${CMAKE_SOURCE_DIR}/kernel/kfree_pgtables.c
       ${KFPT_C})
  list(APPEND KCALLERS_DEFS TLBF_KFREE_PGTABLES=1
       TLBF_KFREE_PGTABLES_C="${KFPT_C}")
  target_compile_definitions(tlbf_core PRIVATE TLBF_KERNEL_FREE_PGTABLES=1)
  message(STATUS "tlbfuzz kernel mode: the tree's free_pgtables")
endif()
if(KCALLERS_SRC)
  # core/zap.c and core/free_pgtables.c include tlbf/kcallers.h.
  target_include_directories(tlbf_core PRIVATE
                             ${CMAKE_SOURCE_DIR}/kernel/include)
endif()
set_source_files_properties(${CMAKE_SOURCE_DIR}/kernel/kzap.c
    ${CMAKE_SOURCE_DIR}/kernel/kfree_pgtables.c PROPERTIES
    COMPILE_OPTIONS "${KWARN}")

# The tree's arm64 flush code: its asm/tlb.h as it is, its asm/tlbflush.h
# copied at build time minus the two macros that emit the TLBI
# instruction (tlbf/arm64.h supplies them).
set(KX86_TLB_H ${KTREE}/arch/x86/include/asm/tlb.h)
set(KARM64_TLB_H ${KTREE}/arch/arm64/include/asm/tlb.h)
set(KARM64_TLBFLUSH_H ${KTREE}/arch/arm64/include/asm/tlbflush.h)
if(EXISTS ${KARM64_TLB_H} AND EXISTS ${KARM64_TLBFLUSH_H})
  set(karch_default ON)
else()
  set(karch_default OFF)
endif()
option(TLBFUZZ_KERNEL_ARCH_CODE
       "kernel mode: compile the tree's arm64 tlb_flush/__flush_tlb_range"
       ${karch_default})
set(KARM64_TLBFLUSH_COPY
    ${CMAKE_BINARY_DIR}/kernel/arm64_tlbflush_${KVER_SHORT}.h)
set(KARM64_DROP __TLBI_0 __TLBI_1)
if(TLBFUZZ_KERNEL_ARCH_CODE)
  if(NOT karch_default)
    message(FATAL_ERROR "TLBFUZZ_KERNEL_ARCH_CODE: ${KTREE} has no "
            "arch/arm64/include/asm/tlb.h and tlbflush.h "
            "(scripts/kernel-src extracts them)")
  endif()
  execute_process(COMMAND python3 ${CMAKE_SOURCE_DIR}/scripts/lib/kextract.py
                  --tree ${KTREE} --file arch/arm64/include/asm/tlbflush.h
                  --out ${KARM64_TLBFLUSH_COPY} --drop-macros ${KARM64_DROP}
                  RESULT_VARIABLE krc ERROR_VARIABLE kerr)
  if(NOT krc EQUAL 0)
    message(FATAL_ERROR "${kerr}")
  endif()
  add_custom_command(OUTPUT ${KARM64_TLBFLUSH_COPY}
      COMMAND python3 ${CMAKE_SOURCE_DIR}/scripts/lib/kextract.py
              --tree ${KTREE} --file arch/arm64/include/asm/tlbflush.h
              --out ${KARM64_TLBFLUSH_COPY} --drop-macros ${KARM64_DROP}
      DEPENDS ${KARM64_TLBFLUSH_H}
              ${CMAKE_SOURCE_DIR}/scripts/lib/kextract.py
      COMMENT "Copying arm64 asm/tlbflush.h of Linux ${KVERSION}")
  set_source_files_properties(${KARM64_TLBFLUSH_COPY} PROPERTIES
                              HEADER_FILE_ONLY TRUE GENERATED TRUE)
  message(STATUS "tlbfuzz kernel mode: arm64 profile compiles the tree's "
          "arch/arm64 tlb.h and tlbflush.h")
endif()

# The tree's x86 flush path (arch/x86/mm/tlb.c's flush_tlb_mm_range and
# what it calls, asm/tlbflush.h's inc_mm_tlb_gen), cut out by name for
# the x86 profiles (kernel/kx86tlb.c, tlbf/x86tlb.h; docs/arch-code.md).
set(KX86_TLB_FUNCS get_flush_tlb_info put_flush_tlb_info flush_tlb_func
    should_flush_tlb should_trim_cpumask native_flush_tlb_multi
    flush_tlb_multi flush_tlb_mm_range)
set(KX86_GEN_FUNCS inc_mm_tlb_gen)
set(KX86_TLB_C ${CMAKE_BINARY_DIR}/kernel/x86_tlb_${KVER_SHORT}.c)
set(KX86_GEN_C ${CMAKE_BINARY_DIR}/kernel/x86_tlbgen_${KVER_SHORT}.c)
set(kx86_code OFF)
if(TLBFUZZ_KERNEL_ARCH_CODE AND EXISTS ${KTREE}/arch/x86/mm/tlb.c AND
   EXISTS ${KTREE}/arch/x86/include/asm/tlbflush.h)
  set(kx86_code ON)
  foreach(part "TLB;arch/x86/mm/tlb.c" "GEN;arch/x86/include/asm/tlbflush.h")
    list(GET part 0 tag)
    list(GET part 1 kfile)
    set(kargs --tree ${KTREE} --file ${kfile} --out ${KX86_${tag}_C}
        ${KX86_${tag}_FUNCS})
    execute_process(COMMAND python3
                    ${CMAKE_SOURCE_DIR}/scripts/lib/kextract.py ${kargs}
                    RESULT_VARIABLE krc ERROR_VARIABLE kerr)
    if(NOT krc EQUAL 0)
      message(FATAL_ERROR "${kerr}")
    endif()
    add_custom_command(OUTPUT ${KX86_${tag}_C}
        COMMAND python3 ${CMAKE_SOURCE_DIR}/scripts/lib/kextract.py ${kargs}
        DEPENDS ${KTREE}/${kfile} ${CMAKE_SOURCE_DIR}/scripts/lib/kextract.py
        COMMENT "Extracting ${KX86_${tag}_FUNCS} from Linux ${KVERSION}")
    set_source_files_properties(${KX86_${tag}_C} PROPERTIES
                                HEADER_FILE_ONLY TRUE GENERATED TRUE)
  endforeach()
  set_source_files_properties(${CMAKE_SOURCE_DIR}/kernel/kx86tlb.c
      PROPERTIES COMPILE_OPTIONS "${KWARN}")
  message(STATUS "tlbfuzz kernel mode: x86 profiles compile the tree's "
          "arch/x86/mm/tlb.c flush_tlb_mm_range path")
endif()

set(KLIB tlbf_kernel_gather_${KVER_SHORT})
set(KOPS_DECLS "")
set(KOPS_LIST "")
foreach(prof ${TLBFUZZ_KERNEL_PROFILES})
  tlbf_kernel_check_profile(${prof})
  string(REPLACE "-" "_" pid ${prof})
  set(prefix tlbf_k${KVER_NUM}_${pid}_)
  set(t ${KLIB}_${pid})
  add_library(${t} OBJECT ${KTREE}/mm/mmu_gather.c
              ${CMAKE_SOURCE_DIR}/kernel/kbridge.c
              ${CMAKE_SOURCE_DIR}/kernel/kpgfree.c ${KPGFREE_C}
              ${KCALLERS_SRC})
  target_include_directories(${t} PRIVATE ${CMAKE_SOURCE_DIR}/kernel/include)
  target_compile_definitions(${t} PRIVATE
      TLBF_KPROFILE_${pid} TLBF_KPROFILE_NAME="${prof}"
      TLBF_KVERSION="${KVERSION}" TLBF_KVER=${KVER_NUM}
      TLBF_KPREFIX=${prefix}
      TLBF_KTREE_TLB_H="${KTREE}/include/asm-generic/tlb.h"
      TLBF_KPGFREE_C="${KPGFREE_C}" ${KGEOM} ${KCALLERS_DEFS})
  target_compile_options(${t} PRIVATE -include
      ${CMAKE_SOURCE_DIR}/kernel/include/tlbf/renames.h)
  if(TLBFUZZ_KERNEL_ARCH_CODE AND prof MATCHES "^x86-" AND
     EXISTS ${KX86_TLB_H})
    target_compile_definitions(${t} PRIVATE TLBF_KARCH_CODE=1
        TLBF_KARCH_X86=1 TLBF_KTREE_ARCH_TLB_H="${KX86_TLB_H}")
  endif()
  if(kx86_code AND prof MATCHES "^x86-")
    target_sources(${t} PRIVATE ${CMAKE_SOURCE_DIR}/kernel/kx86tlb.c
                   ${KX86_TLB_C} ${KX86_GEN_C})
    target_compile_definitions(${t} PRIVATE TLBF_KX86_FLUSH=1
        TLBF_KX86_TLB_C="${KX86_TLB_C}" TLBF_KX86_GEN_C="${KX86_GEN_C}")
  endif()
  if(TLBFUZZ_KERNEL_ARCH_CODE AND prof STREQUAL "arm64")
    target_sources(${t} PRIVATE ${KARM64_TLBFLUSH_COPY})
    target_compile_definitions(${t} PRIVATE TLBF_KARCH_CODE=1
        TLBF_KARCH_ARM64=1 TLBF_KTREE_ARCH_TLB_H="${KARM64_TLB_H}"
        TLBF_KARCH_TLBFLUSH_H="${KARM64_TLBFLUSH_COPY}")
  endif()
  set_property(TARGET ${t} PROPERTY POSITION_INDEPENDENT_CODE OFF)
  list(APPEND KOBJS $<TARGET_OBJECTS:${t}>)
  string(APPEND KOPS_DECLS "extern const struct tlbf_kops ${prefix}kops;\n")
  string(APPEND KOPS_LIST "\t&${prefix}kops,\n")
endforeach()
# Ours, so -Werror; tlb.h's struct mmu_gather has the bundle's flexible
# array before __pages[], which clang flags in every file that includes it.
set_source_files_properties(${CMAKE_SOURCE_DIR}/kernel/kbridge.c PROPERTIES
    COMPILE_OPTIONS "${TLBFUZZ_WARNINGS};-Wno-gnu-variable-sized-type-not-at-end")

# The table of built kernel gathers (tlbf/kapi.h: tlbf_kops_all).
file(WRITE ${CMAKE_BINARY_DIR}/kernel/kgathers.c.in
"// SPDX-License-Identifier: GPL-2.0-only\n/* Generated by kernel/kernel.cmake. */\n#include \"tlbf/kapi.h\"\n\n${KOPS_DECLS}\nconst struct tlbf_kops *const tlbf_kops_all[] = {\n${KOPS_LIST}};\n\nconst unsigned int tlbf_kops_nr =\n\tsizeof(tlbf_kops_all) / sizeof(tlbf_kops_all[0]);\n")
configure_file(${CMAKE_BINARY_DIR}/kernel/kgathers.c.in
               ${CMAKE_BINARY_DIR}/kernel/kgathers.c COPYONLY)

add_library(${KLIB} STATIC ${KOBJS} ${CMAKE_BINARY_DIR}/kernel/kgathers.c
            ${CMAKE_SOURCE_DIR}/kernel/kapi.c
            ${CMAKE_SOURCE_DIR}/kernel/kservices.c
            ${CMAKE_SOURCE_DIR}/kernel/kx86services.c
            ${CMAKE_SOURCE_DIR}/kernel/kpgtable.c
            ${CMAKE_SOURCE_DIR}/kernel/kzap_model.c
            ${CMAKE_SOURCE_DIR}/kernel/kpage.c)
target_include_directories(${KLIB} PRIVATE ${CMAKE_SOURCE_DIR}/kernel/include
                           ${CMAKE_SOURCE_DIR}/core)
target_compile_definitions(${KLIB} PRIVATE ${KGEOM})
target_compile_options(${KLIB} PRIVATE ${TLBFUZZ_WARNINGS})
target_link_libraries(${KLIB} PUBLIC tlbf_core)
set(TLBFUZZ_GATHER_LIB ${KLIB})

# ---- hugetlb PMD-table sharing: the tree's own (kernel/khugetlb.c) -------
# mm/hugetlb.c's sharing functions, cut out by name, built into the
# profiles whose kernels share PMD tables (kconfig.h: x86, arm64); the
# model's core/hugetlb_share.c is replaced by kernel/khugetlb_model.c.
# __huge_pmd_unshare() (the split's form that skips the VMA-lock check)
# came with the gather unshare API in 6.1.19x and 6.12; a tree without it
# is built with huge_pmd_unshare() alone.
set(KHUGETLB_FUNCS page_table_shareable want_pmd_share huge_pmd_share
    __huge_pmd_unshare huge_pmd_unshare huge_pmd_unshare_flush
    huge_pte_alloc)
set(KHUGETLB_C ${CMAKE_BINARY_DIR}/kernel/hugetlb_share_${KVER_SHORT}.c)
set(KHUGETLB_DEFS TLBF_KHUGETLB_C="${KHUGETLB_C}" TLBF_KH_CHECK_LOCKS=1)
execute_process(COMMAND python3 ${CMAKE_SOURCE_DIR}/scripts/lib/kextract.py
                --tree ${KTREE} --file mm/hugetlb.c --out ${KHUGETLB_C}
                ${KHUGETLB_FUNCS} RESULT_VARIABLE krc ERROR_QUIET)
if(NOT krc EQUAL 0)
  list(REMOVE_ITEM KHUGETLB_FUNCS __huge_pmd_unshare)
  set(KHUGETLB_DEFS TLBF_KHUGETLB_C="${KHUGETLB_C}")
  execute_process(COMMAND python3
                  ${CMAKE_SOURCE_DIR}/scripts/lib/kextract.py
                  --tree ${KTREE} --file mm/hugetlb.c --out ${KHUGETLB_C}
                  ${KHUGETLB_FUNCS} RESULT_VARIABLE krc ERROR_VARIABLE kerr)
  if(NOT krc EQUAL 0)
    message(FATAL_ERROR "${kerr}")
  endif()
endif()
add_custom_command(OUTPUT ${KHUGETLB_C}
    COMMAND python3 ${CMAKE_SOURCE_DIR}/scripts/lib/kextract.py
            --tree ${KTREE} --file mm/hugetlb.c --out ${KHUGETLB_C}
            ${KHUGETLB_FUNCS}
    DEPENDS ${KTREE}/mm/hugetlb.c ${CMAKE_SOURCE_DIR}/scripts/lib/kextract.py
    COMMENT "Extracting ${KHUGETLB_FUNCS} from Linux ${KVERSION}")
set_source_files_properties(${KHUGETLB_C} PROPERTIES HEADER_FILE_ONLY TRUE
                            GENERATED TRUE)
set_source_files_properties(${CMAKE_SOURCE_DIR}/kernel/khugetlb.c PROPERTIES
    COMPILE_OPTIONS "${KWARN};-Wno-gnu-variable-sized-type-not-at-end")
set(KHOPS_DECLS "")
set(KHOPS_LIST "")
foreach(prof ${TLBFUZZ_KERNEL_PROFILES})
  if(NOT prof MATCHES "^(x86-native|x86-rcu|arm64)$")
    continue()
  endif()
  string(REPLACE "-" "_" pid ${prof})
  target_sources(${KLIB}_${pid} PRIVATE
                 ${CMAKE_SOURCE_DIR}/kernel/khugetlb.c ${KHUGETLB_C})
  target_compile_definitions(${KLIB}_${pid} PRIVATE ${KHUGETLB_DEFS})
  set(prefix tlbf_k${KVER_NUM}_${pid}_)
  string(APPEND KHOPS_DECLS "extern const struct tlbf_khops ${prefix}khops;\n")
  string(APPEND KHOPS_LIST "\t&${prefix}khops,\n")
endforeach()
file(WRITE ${CMAKE_BINARY_DIR}/kernel/khugetlbs.c.in
"// SPDX-License-Identifier: GPL-2.0-only\n/* Generated by kernel/kernel.cmake. */\n#include <stddef.h>\n\n#include \"tlbf/khugetlb.h\"\n\n${KHOPS_DECLS}\nconst struct tlbf_khops *const tlbf_khops_all[] = {\n${KHOPS_LIST}\tNULL,\n};\n\nconst unsigned int tlbf_khops_nr =\n\tsizeof(tlbf_khops_all) / sizeof(tlbf_khops_all[0]) - 1;\n")
configure_file(${CMAKE_BINARY_DIR}/kernel/khugetlbs.c.in
               ${CMAKE_BINARY_DIR}/kernel/khugetlbs.c COPYONLY)
target_sources(${KLIB} PRIVATE ${CMAKE_BINARY_DIR}/kernel/khugetlbs.c
               ${CMAKE_SOURCE_DIR}/kernel/khugetlb_model.c)

include(${CMAKE_CURRENT_LIST_DIR}/kgupexec.cmake)
