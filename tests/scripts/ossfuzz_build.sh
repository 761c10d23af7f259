#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# scripts/oss-fuzz/build.sh in a simulated OSS-Fuzz builder: clang-14,
# OSS-Fuzz's $CFLAGS for SANITIZER (address or thread), $LIB_FUZZING_ENGINE
# = libFuzzer, fresh $OUT and $WORK, $SRC/tlbfuzz the checkout. Checks
# what ClusterFuzz needs in $OUT: each fuzz_<t> runs its seeds with the
# requested sanitizer in it, seed zips are not empty, .dict and .options
# are there and the options' dict= names a file in $OUT; fuzz_race's
# findings have one crash state per oracle and place (crash_state.py).
# Usage: ossfuzz_build.sh SANITIZER WORKDIR
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
san=${1:?sanitizer}
base=${2:?work folder}
fail=0
bad() { echo "FAIL: $*"; fail=1; }

rm -rf "$base"
mkdir -p "$base/out" "$base/work" "$base/src" "$base/seeds"
ln -s "$root" "$base/src/tlbfuzz"
common="-O1 -fno-omit-frame-pointer -gline-tables-only"
case "$san" in
address) flags="$common -fsanitize=address -fsanitize-address-use-after-scope"
	init=__asan_init ;;
thread) flags="$common -fsanitize=thread"; init=__tsan_init ;;
*) echo "ossfuzz_build.sh: unknown sanitizer '$san'" >&2; exit 2 ;;
esac

# The build must not lean on this machine's presets or option files.
if ! env -i PATH="$PATH" HOME="${HOME:-/tmp}" CC=clang-14 CXX=clang++-14 \
	CFLAGS="$flags -fsanitize=fuzzer-no-link" \
	LIB_FUZZING_ENGINE=-fsanitize=fuzzer SANITIZER="$san" \
	FUZZING_ENGINE=libfuzzer ARCHITECTURE=x86_64 \
	OUT="$base/out" WORK="$base/work" SRC="$base/src" TLBFUZZ_JOBS=2 \
	bash "$root/scripts/oss-fuzz/build.sh" >"$base/build.log" 2>&1; then
	tail -30 "$base/build.log"
	echo "FAIL: build.sh exited non-zero"
	exit 1
fi

if grep -v '^\s*#' "$root/scripts/oss-fuzz/build.sh" | grep -q -- '-fsanitize'; then
	bad "build.sh hard-codes -fsanitize"
fi

n=0
for t in $(grep -E '^[a-z0-9_]+$' "$root/fuzz/targets/targets.txt"); do
	n=$((n + 1))
	bin=$base/out/fuzz_$t
	[ -x "$bin" ] || { bad "$bin missing"; continue; }
	nm "$bin" | grep -q " $init\$" || bad "fuzz_$t has no $init"
	nm "$bin" | grep -q " LLVMFuzzerRunDriver\$\| main\$" || bad "fuzz_$t has no engine"
	[ -s "$base/out/fuzz_$t.dict" ] || bad "fuzz_$t.dict missing"
	opts=$base/out/fuzz_$t.options
	if [ -s "$opts" ]; then
		d=$(sed -n 's/^dict *= *//p' "$opts")
		[ -z "$d" ] || [ -f "$base/out/$d" ] || bad "fuzz_$t.options names $d, not in OUT"
	else
		bad "fuzz_$t.options missing"
	fi
	zip=$base/out/fuzz_${t}_seed_corpus.zip
	s=$base/seeds/$t
	mkdir -p "$s"
	if ! python3 -m zipfile -e "$zip" "$s" 2>/dev/null || [ -z "$(ls -A "$s")" ]; then
		bad "fuzz_${t}_seed_corpus.zip missing or empty"
		continue
	fi
	# Every seed alone, then a short mutation run from them: clean.
	if ! TLBFUZZ_INJECT= "$bin" -runs=0 "$s" >"$base/run_$t.log" 2>&1 ||
	   ! TLBFUZZ_INJECT= "$bin" -runs=300 -seed=1 -dict="$base/out/fuzz_$t.dict" \
		"$s" >>"$base/run_$t.log" 2>&1; then
		tail -20 "$base/run_$t.log"
		bad "fuzz_$t failed on its seeds"
	fi
done
[ "$n" -gt 0 ] || bad "no targets in targets.txt"
# Findings of the OSS-Fuzz build: one crash state per oracle and place.
if [ "$san" = address ] && [ -x "$base/out/fuzz_race" ]; then
	python3 "$root/tests/cli/crash_state.py" "$base/out/fuzz_race" \
		"$root/corpus/regress" "$root/tests/cli/crash_state" \
		>"$base/crash_state.log" 2>&1 ||
		{ tail -20 "$base/crash_state.log"; bad "crash states of the OSS-Fuzz build"; }
fi
[ "$fail" = 0 ] && echo "oss-fuzz build ($san): $n fuzzers ok"
exit $fail
