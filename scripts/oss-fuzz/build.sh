#!/bin/bash -eu
# SPDX-License-Identifier: GPL-2.0-only
# OSS-Fuzz / ClusterFuzzLite build script. Follows their contract: the
# compiler, flags and engine come from $CC, $CFLAGS, $LIB_FUZZING_ENGINE;
# binaries, seed corpora, dictionaries and options go to $OUT. Nothing here
# adds -fsanitize: $SANITIZER decides (address/undefined; TSan runs in our
# own CI instead, see DESIGN.md).
src=${SRC_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${WORK:-/tmp}/tlbfuzz-ossfuzz-build
targets=$(grep -v '^#' "$src/fuzz/targets/targets.txt" | tr -s '[:space:]' ' ')

cmake -S "$src" -B "$build" \
	-DCMAKE_C_COMPILER="$CC" -DCMAKE_ASM_COMPILER="$CC" \
	-DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_ASM_FLAGS="$CFLAGS" \
	-DCMAKE_EXE_LINKER_FLAGS="$CFLAGS" \
	-DCMAKE_BUILD_TYPE=Release
# shellcheck disable=SC2086
cmake --build "$build" -j "$(nproc)" --target tlbfuzz \
	$(for t in $targets; do echo "fuzz_$t"; done)

for t in $targets; do
	cp "$build/fuzz_$t" "$OUT/"
	[ -f "$src/corpus/$t.dict" ] && cp "$src/corpus/$t.dict" "$OUT/fuzz_$t.dict"
	[ -f "$src/corpus/$t.options" ] && cp "$src/corpus/$t.options" "$OUT/fuzz_$t.options"
	seeds=$(mktemp -d)
	for s in "$src"/corpus/"$t"/seeds/*.txt; do
		[ -f "$s" ] || continue
		"$build/tlbfuzz" encode "$s" -o "$seeds/$(basename "$s" .txt)"
	done
	(cd "$seeds" && zip -q -j "$OUT/fuzz_${t}_seed_corpus.zip" ./* 2>/dev/null || true)
	rm -rf "$seeds"
done
