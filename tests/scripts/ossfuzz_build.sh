#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# scripts/oss-fuzz/build.sh in a simulated OSS-Fuzz builder: clang-14,
# OSS-Fuzz's $CFLAGS for SANITIZER (address, undefined as project.yaml
# declares, or thread for our CI), $LIB_FUZZING_ENGINE = libFuzzer, or with
# ENGINE afl (project.yaml's other engine) CC=afl-clang-fast and the AFL++
# driver with ASan; fresh $OUT and $WORK, $SRC/tlbfuzz the checkout.
# Checks what ClusterFuzz needs in $OUT: each fuzz_<t> runs its seeds with
# the requested sanitizer and engine in it, seed zips are not empty, .dict
# and .options are there, the options' dict= names a file in $OUT and
# their max_len is the CLI's (INPUT_MAX_SIZE).
# fuzz_race's findings have one crash state per oracle and place
# (crash_state.py) in the address libFuzzer build.
# Usage: ossfuzz_build.sh SANITIZER WORKDIR [libfuzzer|afl]
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
san=${1:?sanitizer}
base=${2:?work folder}
engine=${3:-libfuzzer}
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
undefined)
	# OSS-Fuzz's SANITIZER_FLAGS_undefined (unsigned overflow reported
	# but recoverable; the runtime silences it, as ClusterFuzz does).
	ub=array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unreachable,vla-bound
	flags="$common -fsanitize=$ub,unsigned-integer-overflow -fno-sanitize-recover=$ub"
	init=__ubsan_handle_shift_out_of_bounds_abort
	export UBSAN_OPTIONS=silence_unsigned_overflow=1:halt_on_error=1 ;;
*) echo "ossfuzz_build.sh: unknown sanitizer '$san'" >&2; exit 2 ;;
esac
case "$engine" in
libfuzzer)
	cc=clang-14 cxx=clang++-14 lib=-fsanitize=fuzzer
	flags="$flags -fsanitize=fuzzer-no-link" ;;
afl)
	cc=afl-clang-fast cxx=afl-clang-fast++ lib=/usr/lib/afl/libAFLDriver.a
	[ -f "$lib" ] || { echo "ossfuzz_build.sh: no $lib (afl++)" >&2; exit 2; } ;;
*) echo "ossfuzz_build.sh: unknown engine '$engine'" >&2; exit 2 ;;
esac

# The build must not lean on this machine's presets or option files.
if ! env -i PATH="$PATH" HOME="${HOME:-/tmp}" CC=$cc CXX=$cxx \
	CFLAGS="$flags" AFL_QUIET=1 \
	LIB_FUZZING_ENGINE="$lib" SANITIZER="$san" \
	FUZZING_ENGINE="$engine" ARCHITECTURE=x86_64 \
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
	syms=$(nm "$bin")
	grep -q " $init\$" <<<"$syms" || bad "fuzz_$t has no $init"
	if [ "$engine" = afl ]; then
		grep -q " __afl_area_ptr\$" <<<"$syms" || bad "fuzz_$t has no AFL++ instrumentation"
	fi
	grep -q " LLVMFuzzerRunDriver\$\| main\$" <<<"$syms" || bad "fuzz_$t has no engine"
	[ -s "$base/out/fuzz_$t.dict" ] || bad "fuzz_$t.dict missing"
	opts=$base/out/fuzz_$t.options
	if [ -s "$opts" ]; then
		d=$(sed -n 's/^dict *= *//p' "$opts")
		[ -z "$d" ] || [ -f "$base/out/$d" ] || bad "fuzz_$t.options names $d, not in OUT"
		m=$(sed -n 's/^max_len *= *//p' "$opts")
		want=$("$base/work/tlbfuzz-build/tlbfuzz" limits max_len)
		[ -n "$want" ] && [ "$m" = "$want" ] ||
			bad "fuzz_$t.options max_len '$m', tlbfuzz limits max_len '$want'"
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
	# The AFL++ driver runs the files it is given, once each.
	if [ "$engine" = afl ]; then
		if ! TLBFUZZ_INJECT= "$bin" "$s"/* >"$base/run_$t.log" 2>&1; then
			tail -20 "$base/run_$t.log"
			bad "fuzz_$t failed on its seeds"
		fi
		continue
	fi
	if ! TLBFUZZ_INJECT= "$bin" -runs=0 "$s" >"$base/run_$t.log" 2>&1 ||
	   ! TLBFUZZ_INJECT= "$bin" -runs=300 -seed=1 -dict="$base/out/fuzz_$t.dict" \
		"$s" >>"$base/run_$t.log" 2>&1; then
		tail -20 "$base/run_$t.log"
		bad "fuzz_$t failed on its seeds"
	fi
done
[ "$n" -gt 0 ] || bad "no targets in targets.txt"
# Findings of the OSS-Fuzz build: one crash state per oracle and place.
if [ "$san" = address ] && [ "$engine" = libfuzzer ] && [ -x "$base/out/fuzz_race" ]; then
	python3 "$root/tests/cli/crash_state.py" "$base/out/fuzz_race" \
		"$root/corpus/regress" "$root/tests/cli/crash_state" \
		>"$base/crash_state.log" 2>&1 ||
		{ tail -20 "$base/crash_state.log"; bad "crash states of the OSS-Fuzz build"; }
fi
[ "$fail" = 0 ] && echo "oss-fuzz build ($san, $engine): $n fuzzers ok"
exit $fail
