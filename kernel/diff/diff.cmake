# SPDX-License-Identifier: GPL-2.0-only
#
# The differential oracle (kernel/diff/). Every build has tlbf-events, a
# probe that prints each gather decision of a run (events_print.c): a
# model build's and a kernel build's print the same lines for the same
# input exactly when the two gathers decided the same (scripts/kdiff
# compares them). A kernel build with libFuzzer also has fuzz_diff, the
# same comparison as a fuzz target against a model build's probe. In a
# kernel build, -DTLBFUZZ_DIFF_MODEL=<a model build's tlbf-events> adds
# the ctests that compare the seeds and run fuzz_diff briefly.
add_library(tlbf_events STATIC ${CMAKE_SOURCE_DIR}/kernel/diff/events_print.c
            ${CMAKE_SOURCE_DIR}/kernel/diff/diff_report.c)
target_link_libraries(tlbf_events PUBLIC tlbf_fuzz)
target_include_directories(tlbf_events PUBLIC ${CMAKE_SOURCE_DIR}/kernel/diff)
target_compile_options(tlbf_events PRIVATE ${TLBFUZZ_WARNINGS})

add_executable(tlbf-events ${CMAKE_SOURCE_DIR}/kernel/diff/events.c)
target_link_libraries(tlbf-events PRIVATE tlbf_events)
target_compile_options(tlbf-events PRIVATE ${TLBFUZZ_WARNINGS})
if(TLBFUZZ_KERNEL_SRC)
  target_compile_definitions(tlbf-events PRIVATE
                             TLBF_EVENTS_KVERSION="${KVERSION}"
                             TLBF_EVENTS_KGEOMETRY="${KGEOM_NAME}")
endif()

if(TLBFUZZ_KERNEL_SRC AND TLBFUZZ_ENGINE STREQUAL "libfuzzer"
   AND NOT TLBFUZZ_OSSFUZZ)
  add_executable(fuzz_diff ${CMAKE_SOURCE_DIR}/kernel/diff/fuzz_diff.c
                 ${CMAKE_SOURCE_DIR}/kernel/diff/model_peer.c)
  target_link_libraries(fuzz_diff PRIVATE tlbf_events)
  target_compile_definitions(fuzz_diff PRIVATE
                             TLBF_DIFF_KVER_SHORT="${KVER_SHORT}")
  target_link_options(fuzz_diff PRIVATE -fsanitize=fuzzer)
  target_compile_options(fuzz_diff PRIVATE ${TLBFUZZ_WARNINGS})
endif()

# The model peer's contract: a served program prints as a fresh run does.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND)
  add_test(NAME events_serve_matches
           COMMAND ${Python3_EXECUTABLE}
                   ${CMAKE_SOURCE_DIR}/kernel/diff/serve_check.py
                   $<TARGET_FILE:tlbf-events> ${CMAKE_BINARY_DIR}/corpus
                   ${CMAKE_SOURCE_DIR}/corpus/regress)
endif()

set(TLBFUZZ_DIFF_MODEL "" CACHE FILEPATH
    "kernel builds: a model build's tlbf-events, for the differential ctests")
if(TLBFUZZ_KERNEL_SRC AND TLBFUZZ_DIFF_MODEL)
  add_test(NAME kernel_differential
           COMMAND ${CMAKE_SOURCE_DIR}/scripts/kdiff --quiet
                   ${TLBFUZZ_DIFF_MODEL} $<TARGET_FILE:tlbf-events>
                   ${CMAKE_SOURCE_DIR}/corpus/gather/seeds
                   ${CMAKE_SOURCE_DIR}/corpus/exec/seeds
                   ${CMAKE_SOURCE_DIR}/corpus/race/seeds)
  # one of the geometry checks (tests/CMakeLists.txt)
  set_tests_properties(kernel_differential PROPERTIES LABELS geometry)
  # Inputs that once diverged, each for a reason fixed since
  # (corpus/differential/README.md): they must agree now.
  file(GLOB diff_fixed CONFIGURE_DEPENDS
       ${CMAKE_SOURCE_DIR}/corpus/differential/*.bin)
  add_test(NAME kernel_differential_fixed
           COMMAND ${CMAKE_SOURCE_DIR}/scripts/kdiff --quiet --target race
                   ${TLBFUZZ_DIFF_MODEL} $<TARGET_FILE:tlbf-events>
                   ${diff_fixed})
  if(TARGET fuzz_diff)
    # 3000 inputs of every operation, silent; then a model switch that
    # diverges on single seeds (whatever ran before them in the process)
    # must stop the run, reported side by side.
    foreach(mode silent free-before-flush)
      add_test(NAME kernel_fuzz_diff_${mode}
               COMMAND ${CMAKE_SOURCE_DIR}/kernel/diff/fuzz_diff_check.sh
                       ${mode} $<TARGET_FILE:fuzz_diff> ${TLBFUZZ_DIFF_MODEL}
                       ${CMAKE_SOURCE_DIR}/corpus/race.dict
                       ${CMAKE_BINARY_DIR}/fuzz_diff_${mode} 3000
                       ${CMAKE_BINARY_DIR}/corpus/gather
                       ${CMAKE_BINARY_DIR}/corpus/exec
                       ${CMAKE_BINARY_DIR}/corpus/race)
    endforeach()
    # The campaign script, two profiles, a few hundred inputs each.
    add_test(NAME bench_differential_smoke
             COMMAND ${CMAKE_SOURCE_DIR}/bench/differential --runs 300
                     --jobs 1 --profiles arm64,no-range
                     --model ${TLBFUZZ_DIFF_MODEL}
                     --out ${CMAKE_BINARY_DIR}/bench-differential
                     ${CMAKE_BINARY_DIR})
  endif()
endif()
