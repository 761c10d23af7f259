# SPDX-License-Identifier: GPL-2.0-only
#
# The geometry of a kernel-mode build (included by kernel/kernel.cmake):
# TLBFUZZ_KERNEL_GEOMETRY names one of core/geometry.c's geometries, whose
# page size and level count are the build's PAGE_SHIFT and
# CONFIG_PGTABLE_LEVELS. Sets KGEOM (compile definitions), KGEOM_NAME,
# KGEOM_PAGE_SHIFT and KGEOM_LEVELS.
#
# Levels 3 and 4 fold the pud and p4d at compile time, as pgtable-nopud.h
# and pgtable-nop4d.h do; 5 folds the p4d at run time when the run's
# geometry has four levels (x86's pgtable_l5_enabled(), arm64 LPA2's).

# name -> "PAGE_SHIFT;LEVELS" (core/geometry.c; docs/geometries.md); the
# table_copies ctest checks it against `tlbfuzz list-geometries`.
set(KGEOM_fuzz "12;4")
set(KGEOM_x86_64 "12;4")
set(KGEOM_x86_64-la57 "12;5")
set(KGEOM_arm64-4k-48 "12;4")
set(KGEOM_arm64-16k-48 "14;4")
set(KGEOM_arm64-16k-47 "14;3")
set(KGEOM_arm64-64k-48 "16;3")
set(KGEOM_arm64-64k-52 "16;3")
set(KGEOM_arm64-4k-52 "12;5")
set(KGEOM_arm64-16k-52 "14;4")
set(KGEOM_fuzz-3l "12;3")
set(KGEOM_fuzz-16k "14;4")
set(KGEOM_fuzz-64k "16;3")
set(KGEOM_fuzz-5l "12;5")

get_cmake_property(kgeom_names VARIABLES)
list(FILTER kgeom_names INCLUDE REGEX "^KGEOM_.")
list(TRANSFORM kgeom_names REPLACE "^KGEOM_" "")
list(JOIN kgeom_names ", " kgeom_names)

set(kshift_default_12 "x86_64-la57")
set(kshift_default_14 "arm64-16k-48")
set(kshift_default_16 "arm64-64k-48")

if(NOT TLBFUZZ_KERNEL_PAGE_SHIFT MATCHES "^(12|14|16)$")
  message(FATAL_ERROR "TLBFUZZ_KERNEL_PAGE_SHIFT: 12, 14 or 16")
endif()
if(TLBFUZZ_KERNEL_GEOMETRY STREQUAL "")
  set(KGEOM_NAME ${kshift_default_${TLBFUZZ_KERNEL_PAGE_SHIFT}})
else()
  set(KGEOM_NAME ${TLBFUZZ_KERNEL_GEOMETRY})
endif()
if(NOT DEFINED KGEOM_${KGEOM_NAME})
  message(FATAL_ERROR "TLBFUZZ_KERNEL_GEOMETRY=${KGEOM_NAME}: unknown "
          "(${kgeom_names})")
endif()
list(GET KGEOM_${KGEOM_NAME} 0 KGEOM_PAGE_SHIFT)
list(GET KGEOM_${KGEOM_NAME} 1 KGEOM_LEVELS)
# Both spellings given: they must agree.
if(NOT TLBFUZZ_KERNEL_GEOMETRY STREQUAL "" AND
   NOT TLBFUZZ_KERNEL_PAGE_SHIFT STREQUAL "12" AND
   NOT TLBFUZZ_KERNEL_PAGE_SHIFT STREQUAL KGEOM_PAGE_SHIFT)
  message(FATAL_ERROR "TLBFUZZ_KERNEL_PAGE_SHIFT=${TLBFUZZ_KERNEL_PAGE_SHIFT} "
          "but TLBFUZZ_KERNEL_GEOMETRY=${KGEOM_NAME} has ${KGEOM_PAGE_SHIFT}")
endif()
# 52-bit VAs with 4K or 16K pages need LPA2 (Linux 6.9 and later).
if(KGEOM_NAME MATCHES "^arm64-(4k|16k)-52$" AND KVER_NUM LESS 609)
  message(FATAL_ERROR "TLBFUZZ_KERNEL_GEOMETRY=${KGEOM_NAME}: Linux "
          "${KVERSION} has no LPA2 (52-bit VAs with 4K/16K pages: 6.9+)")
endif()
message(STATUS "tlbfuzz kernel mode: geometry ${KGEOM_NAME} "
        "(PAGE_SHIFT ${KGEOM_PAGE_SHIFT}, ${KGEOM_LEVELS} levels)")
set(KGEOM TLBF_KPAGE_SHIFT=${KGEOM_PAGE_SHIFT}
    TLBF_KLEVELS=${KGEOM_LEVELS} TLBF_KGEOMETRY="${KGEOM_NAME}")
