# SPDX-License-Identifier: GPL-2.0-only
# ctests of the fuzz layer that run the CLI and the fuzz targets
# (tests/cli/*.sh); included from tests/CMakeLists.txt.
set(cli ${CMAKE_CURRENT_SOURCE_DIR}/cli)
set(work ${CMAKE_CURRENT_BINARY_DIR}/work)
set(tlbfuzz $<TARGET_FILE:tlbfuzz>)
set(corpus ${CMAKE_SOURCE_DIR}/corpus)

add_test(NAME cli_errors
         COMMAND bash ${cli}/cli_errors.sh ${tlbfuzz} ${work}/cli_errors)
add_test(NAME seeds_roundtrip
         COMMAND bash ${cli}/seeds.sh ${tlbfuzz} ${corpus} ${work}/seeds)
add_test(NAME seeds_clean_deterministic
         COMMAND bash ${cli}/seeds_run.sh ${tlbfuzz} ${corpus})
add_test(NAME stats_ilv_pairs
         COMMAND bash ${cli}/stats_ilv.sh ${tlbfuzz} ${corpus})
if(NOT TLBFUZZ_KERNEL_SRC)
  add_test(NAME fixes_env
           COMMAND bash ${cli}/fixes.sh ${tlbfuzz} ${corpus})
  set_tests_properties(fixes_env PROPERTIES ENVIRONMENT
                       "TSAN_OPTIONS=halt_on_error=1:atexit_sleep_ms=0")
endif()
add_test(NAME regress_replay
         COMMAND bash ${cli}/regress.sh ${tlbfuzz} ${corpus}/regress
                 ${work}/regress)
# Under TSan a race report must end the run at once and fail it; no
# 1 s sleep at each exit.
set_tests_properties(seeds_clean_deterministic PROPERTIES
                     ENVIRONMENT "TSAN_OPTIONS=halt_on_error=1:atexit_sleep_ms=0")
set_tests_properties(regress_replay PROPERTIES ENVIRONMENT
    "TSAN_OPTIONS=halt_on_error=1:atexit_sleep_ms=0;TLBF_SANITIZER=${TLBFUZZ_SANITIZER}")

# Per target: the replay runner over the encoded seeds (every engine), and
# a fixed-count libFuzzer run from them (libFuzzer builds).
set(TLBF_SMOKE_RUNS 3000 CACHE STRING "libFuzzer -runs of each smoke test")
file(STRINGS ${CMAKE_SOURCE_DIR}/fuzz/targets/targets.txt targets
     REGEX "^[a-z0-9_]+$")
foreach(t ${targets})
  set(seeds ${CMAKE_BINARY_DIR}/corpus/${t})
  add_test(NAME replay_${t}_seeds
           COMMAND fuzz_${t}_replay ${seeds})
  set_tests_properties(replay_${t}_seeds PROPERTIES ENVIRONMENT
                       "TLBFUZZ_INJECT=;TSAN_OPTIONS=halt_on_error=1:atexit_sleep_ms=0")
  if(TLBFUZZ_ENGINE STREQUAL "libfuzzer" AND NOT TLBFUZZ_OSSFUZZ)
    add_test(NAME fuzz_${t}_smoke
             COMMAND bash ${cli}/fuzz_smoke.sh $<TARGET_FILE:fuzz_${t}>
                     ${seeds} ${corpus}/${t}.dict ${work}/smoke_${t}
                     ${TLBF_SMOKE_RUNS})
  endif()
endforeach()

# A crash file each target saves replays with `tlbfuzz run FILE` alone.
if(TLBFUZZ_ENGINE STREQUAL "libfuzzer" AND NOT TLBFUZZ_OSSFUZZ)
  add_test(NAME saved_replay
           COMMAND bash ${cli}/saved_replay.sh ${CMAKE_BINARY_DIR}
                   ${work}/saved_replay)
  set_tests_properties(saved_replay PROPERTIES TIMEOUT 600 ENVIRONMENT
                       "TSAN_OPTIONS=halt_on_error=1:atexit_sleep_ms=0")
endif()

add_test(NAME minimize_shift_noflush
         COMMAND bash ${cli}/minimize.sh ${tlbfuzz}
                 ${cli}/minimize_input.txt ${work}/minimize)
set_tests_properties(minimize_shift_noflush PROPERTIES ENVIRONMENT
                     "TSAN_OPTIONS=halt_on_error=1:atexit_sleep_ms=0")

add_test(NAME fuzz_target_bad_inject
         COMMAND bash ${cli}/target_env.sh $<TARGET_FILE:fuzz_gather_replay>
                 ${CMAKE_BINARY_DIR}/corpus/gather ${work}/target_env)
set_tests_properties(fuzz_target_bad_inject PROPERTIES ENVIRONMENT
                     "TSAN_OPTIONS=halt_on_error=1:atexit_sleep_ms=0")

# Crash states as ClusterFuzz computes them (tests/cli/crash_state.py):
# one per oracle and place, stable across inputs of one bug. ASan builds:
# the target the engine drives (libFuzzer or AFL++'s driver) and the
# standalone replay runner.
if(TLBFUZZ_SANITIZER STREQUAL "address")
  foreach(bin fuzz_race fuzz_race_replay)
    if(TARGET ${bin})
      add_test(NAME crash_state_${bin}
               COMMAND python3 ${cli}/crash_state.py $<TARGET_FILE:${bin}>
                       ${corpus}/regress ${cli}/crash_state ${tlbfuzz})
      set_tests_properties(crash_state_${bin} PROPERTIES TIMEOUT 300)
    endif()
  endforeach()
endif()

# The report's trace names every lock, entry, IPI and RCU step of every
# regress reproducer, and gives the life of the reported object.
add_test(NAME trace_names_regress
         COMMAND python3 ${cli}/trace_names.py ${tlbfuzz} ${corpus}/regress)
set_tests_properties(trace_names_regress PROPERTIES ENVIRONMENT
                     "TSAN_OPTIONS=halt_on_error=1:atexit_sleep_ms=0")

# The HTML view of every regress reproducer, loaded in headless chromium
# (scripts/lib/deps.sh installs it): lanes, the fatal step, no error.
add_test(NAME html_report_chromium
         COMMAND python3 ${cli}/html_report.py ${tlbfuzz} ${corpus}/regress
                 ${work}/html_report)
set_tests_properties(html_report_chromium PROPERTIES TIMEOUT 600
                     ENVIRONMENT "TSAN_OPTIONS=halt_on_error=1:atexit_sleep_ms=0")

# corpus/generic is what gen.py writes: one seed per operation family and
# arch profile (`tlbfuzz list-arches`), so a new profile needs its seeds.
add_test(NAME generic_seeds_current
         COMMAND python3 ${corpus}/generic/gen.py ${tlbfuzz} --check)
set_tests_properties(generic_seeds_current PROPERTIES ENVIRONMENT
                     "TSAN_OPTIONS=halt_on_error=1:atexit_sleep_ms=0")
