# SPDX-License-Identifier: GPL-2.0-only
#
# The differential oracle's probe (kernel/diff/events.c), built in every
# build: a model build's and a kernel build's tlbf-events print the same
# lines for the same input exactly when the two gathers decided the same
# (scripts/kdiff compares them). In a kernel build, -DTLBFUZZ_DIFF_MODEL=
# <a model build's tlbf-events> adds a ctest per seed corpus.
add_executable(tlbf-events ${CMAKE_SOURCE_DIR}/kernel/diff/events.c)
target_link_libraries(tlbf-events PRIVATE tlbf_fuzz)
target_compile_options(tlbf-events PRIVATE ${TLBFUZZ_WARNINGS})

set(TLBFUZZ_DIFF_MODEL "" CACHE FILEPATH
    "kernel builds: a model build's tlbf-events, for the differential ctest")
if(TLBFUZZ_KERNEL_SRC AND TLBFUZZ_DIFF_MODEL)
  add_test(NAME kernel_differential
           COMMAND ${CMAKE_SOURCE_DIR}/scripts/kdiff --quiet
                   ${TLBFUZZ_DIFF_MODEL} $<TARGET_FILE:tlbf-events>
                   ${CMAKE_SOURCE_DIR}/corpus/gather/seeds
                   ${CMAKE_SOURCE_DIR}/corpus/exec/seeds)
endif()
