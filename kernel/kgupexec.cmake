# SPDX-License-Identifier: GPL-2.0-only
#
# Kernel-source mode, included by kernel/kernel.cmake after the per-profile
# builds exist: the tree's gup_fast walk (mm/gup.c) and exec stack shift
# (6.1 fs/exec.c shift_arg_pages(), 6.12 mm/mmap.c relocate_vma_down()),
# cut out by name at build time like free_*_range(), compiled into each
# (tree, profile) build and called from core/gup.c and core/exec.c.
#
#   TLBFUZZ_KERNEL_GUP   ON (default): the tree's lockless walk; OFF:
#                        the model's (core/gup.c)
#   TLBFUZZ_KERNEL_EXEC  ON (default): the tree's stack shift; OFF: the
#                        model's (core/exec.c)

option(TLBFUZZ_KERNEL_GUP "kernel mode: compile the tree's gup_fast walk" ON)
option(TLBFUZZ_KERNEL_EXEC "kernel mode: compile the tree's exec stack shift"
       ON)

set(KGE_DEFS "")
set(KGE_SRCS "")
set(KGE_MODEL_SRCS ${CMAKE_SOURCE_DIR}/kernel/kgupexec.c)

if(TLBFUZZ_KERNEL_GUP)
  # 6.10 renamed the walk gup_fast_*() (and lockless_pages_from_mm() to
  # gup_fast(), try_grab_folio() of the fast path to try_grab_folio_fast()).
  file(READ ${KTREE}/mm/gup.c kgup_text)
  if(kgup_text MATCHES "gup_fast_pte_range")
    set(KGUP_FUNCS try_get_folio gup_put_folio record_subpages
        try_grab_folio_fast gup_fast_folio_allowed gup_fast_pte_range
        gup_fast_pmd_leaf gup_fast_pmd_range gup_fast_pud_range
        gup_fast_p4d_range gup_fast_pgd_range gup_fast_permitted gup_fast)
    list(APPEND KGE_DEFS TLBF_KGUP_612_NAMES)
  else()
    set(KGUP_FUNCS try_get_folio try_grab_folio gup_put_folio
        record_subpages gup_pte_range gup_huge_pmd gup_pmd_range
        gup_pud_range gup_p4d_range gup_pgd_range gup_fast_permitted
        lockless_pages_from_mm)
  endif()
  set(KGUP_C ${CMAKE_BINARY_DIR}/kernel/gup_fast_${KVER_SHORT}.c)
  tlbf_kextract(mm/gup.c ${KGUP_C} ${KGUP_FUNCS})
  list(APPEND KGE_DEFS TLBF_KGUP TLBF_KGUP_C="${KGUP_C}")
  list(APPEND KGE_SRCS ${CMAKE_SOURCE_DIR}/kernel/kgup.c ${KGUP_C})
  list(APPEND KGE_MODEL_SRCS ${CMAKE_SOURCE_DIR}/kernel/kwalk.c
       ${CMAKE_SOURCE_DIR}/kernel/kfolio.c)
  target_compile_definitions(tlbf_core PRIVATE TLBF_KERNEL_GUP=1)
  message(STATUS "tlbfuzz kernel mode: gup_fast from the tree's mm/gup.c")
endif()

if(TLBFUZZ_KERNEL_EXEC)
  # 6.12 moved the shift to mm/mmap.c as relocate_vma_down().
  file(READ ${KTREE}/fs/exec.c kexec_text)
  if(kexec_text MATCHES "static int shift_arg_pages\\(")
    set(KEXEC_FILE fs/exec.c)
    set(KEXEC_FUNC shift_arg_pages)
  else()
    set(KEXEC_FILE mm/mmap.c)
    set(KEXEC_FUNC relocate_vma_down)
    list(APPEND KGE_DEFS TLBF_KEXEC_612)
  endif()
  set(KEXEC_C ${CMAKE_BINARY_DIR}/kernel/exec_shift_${KVER_SHORT}.c)
  tlbf_kextract(${KEXEC_FILE} ${KEXEC_C} ${KEXEC_FUNC})
  list(APPEND KGE_DEFS TLBF_KEXEC TLBF_KEXEC_C="${KEXEC_C}")
  list(APPEND KGE_SRCS ${CMAKE_SOURCE_DIR}/kernel/kexec.c ${KEXEC_C})
  list(APPEND KGE_MODEL_SRCS ${CMAKE_SOURCE_DIR}/kernel/kexecvma.c)
  target_compile_definitions(tlbf_core PRIVATE TLBF_KERNEL_EXEC=1)
  message(STATUS "tlbfuzz kernel mode: exec stack shift from the tree's "
          "${KEXEC_FILE} ${KEXEC_FUNC}()")
endif()

# The extracted code is the kernel's: kernel style, not ours to fix.
set_source_files_properties(${CMAKE_SOURCE_DIR}/kernel/kgup.c
    ${CMAKE_SOURCE_DIR}/kernel/kexec.c PROPERTIES COMPILE_OPTIONS
    "${KWARN};-Wno-unused-variable;-Wno-unused-but-set-variable")
foreach(prof ${TLBFUZZ_KERNEL_PROFILES})
  string(REPLACE "-" "_" pid ${prof})
  target_sources(${KLIB}_${pid} PRIVATE ${KGE_SRCS})
  target_compile_definitions(${KLIB}_${pid} PRIVATE ${KGE_DEFS})
endforeach()
target_sources(${KLIB} PRIVATE ${KGE_MODEL_SRCS})
