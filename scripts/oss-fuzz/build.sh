#!/bin/bash -eu
# SPDX-License-Identifier: GPL-2.0-only
# OSS-Fuzz / ClusterFuzzLite build script. Follows their contract:
#   $CC, $CXX, $CFLAGS      compiler and flags (sanitizer and coverage
#                           instrumentation included: nothing here adds
#                           -fsanitize, $SANITIZER decides)
#   $LIB_FUZZING_ENGINE     linked into each fuzz_<target> (libFuzzer, AFL++,
#                           honggfuzz...); its presence also tells CMake to
#                           add no flags of its own (CMakeLists.txt)
#   $SRC                    holds the checkout as $SRC/tlbfuzz
#   $WORK                   scratch: the CMake build tree
#   $OUT                    gets fuzz_<t>, fuzz_<t>_seed_corpus.zip,
#                           fuzz_<t>.dict and fuzz_<t>.options per target
# OSS-Fuzz runs address and undefined (project.yaml); TSan is our own CI's
# replay of the corpus (docs/workflows.md), but the script builds with any $CFLAGS.
# TLBFUZZ_JOBS (default: nproc) limits the parallel build.

for v in CC CFLAGS LIB_FUZZING_ENGINE OUT WORK; do
	if [ -z "${!v:-}" ]; then
		echo "build.sh: \$$v is not set (run inside an OSS-Fuzz builder, or set CC CFLAGS LIB_FUZZING_ENGINE OUT WORK)" >&2
		exit 2
	fi
done
CXX=${CXX:-clang++}
SANITIZER=${SANITIZER:-address}
here=$(cd "$(dirname "$0")/../.." && pwd)
if [ -n "${SRC:-}" ] && [ -f "$SRC/tlbfuzz/fuzz/targets/targets.txt" ]; then
	src=$SRC/tlbfuzz
else
	src=$here
fi
build=$WORK/tlbfuzz-build
targets=$(grep -E '^[a-z0-9_]+$' "$src/fuzz/targets/targets.txt")
echo "tlbfuzz build.sh: sanitizer $SANITIZER, targets:" $targets

# C objects, but the fuzzers link with $CXX: $LIB_FUZZING_ENGINE may be a
# C++ archive (AFL++, honggfuzz drivers). No build type: $CFLAGS alone
# sets the optimisation level, and BUG_ON/asserts stay on.
export LIB_FUZZING_ENGINE
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE= \
	-DCMAKE_C_COMPILER="$CC" -DCMAKE_ASM_COMPILER="$CC" \
	-DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_ASM_FLAGS="$CFLAGS" \
	-DCMAKE_EXE_LINKER_FLAGS="$CFLAGS" \
	-DCMAKE_C_LINK_EXECUTABLE="$CXX <FLAGS> <CMAKE_C_LINK_FLAGS> <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>" \
	>/dev/null
# Only what $OUT needs: the fuzzers and the CLI that encodes the seeds.
# shellcheck disable=SC2046
cmake --build "$build" -j "${TLBFUZZ_JOBS:-$(nproc)}" --target tlbfuzz \
	$(for t in $targets; do echo "fuzz_$t"; done) >/dev/null

for t in $targets; do
	cp "$build/fuzz_$t" "$OUT/"
	if [ -f "$src/corpus/$t.dict" ]; then
		cp "$src/corpus/$t.dict" "$OUT/fuzz_$t.dict"
	fi
	if [ -f "$src/corpus/$t.options" ]; then
		# plus the largest input, from the format's own constant
		sed "/^\[libfuzzer\]/a max_len = $("$build/tlbfuzz" limits max_len)" \
			"$src/corpus/$t.options" > "$OUT/fuzz_$t.options"
	fi
	# Seed corpus: the text seeds encoded, plus a merged corpus
	# (scripts/fuzz --merge) when there is one.
	seeds=$(mktemp -d "$WORK/seeds-$t.XXXXXX")
	for s in "$src/corpus/$t/seeds/"*.txt; do
		[ -f "$s" ] || continue
		"$build/tlbfuzz" encode "$s" -o "$seeds/$(basename "$s" .txt).bin"
	done
	if [ -d "$src/corpus/$t/extra" ]; then
		find "$src/corpus/$t/extra" -maxdepth 1 -type f \
			-exec cp -t "$seeds" {} +
	fi
	rm -f "$OUT/fuzz_${t}_seed_corpus.zip"
	if [ -n "$(ls -A "$seeds")" ]; then
		if command -v zip >/dev/null; then
			(cd "$seeds" && zip -q -j "$OUT/fuzz_${t}_seed_corpus.zip" ./*)
		else
			(cd "$seeds" && python3 -m zipfile -c "$OUT/fuzz_${t}_seed_corpus.zip" ./*)
		fi
	fi
	rm -rf "$seeds"
done
echo "tlbfuzz build.sh: $(echo $targets | wc -w) fuzzer(s) in $OUT"
