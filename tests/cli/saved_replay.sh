#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A saved input replays what its target ran, with no flags (fuzz/saved.h):
#  1. per fuzz target: fuzzing from the seeds with a switch on saves a
#     crash file; `tlbfuzz run FILE` (no --target, no --inject, nothing in
#     the environment) says which target and switches it used and gives
#     the same finding; with --no-inject it is clean;
#  2. a file saved by a clean run whose header bits name a switch stays
#     clean, whether its context is beside it or scripts/fuzz's .tlbfuzz
#     folders above it; the same file on its own fires (its header);
#  3. under afl-fuzz (simulated: __AFL_OUT_DIR set, as afl-fuzz sets it),
#     a target writes the context into that folder, and a crash file in
#     its crashes/ replays as the target ran it.
# Usage: saved_replay.sh BUILD_DIR WORKDIR
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?build dir}" && pwd)
work=${2:?work folder}
tlbfuzz=$build/tlbfuzz
. "$root/sanitizers/env.sh"
unset TLBFUZZ_INJECT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
finding() { grep -m1 -E '^==== tlbfuzz finding|^SUMMARY: ' "$1"; }
rm -rf "$work"
mkdir -p "$work"

# 1.
n=0
for t in $(grep -E '^[a-z0-9_]+$' "$root/fuzz/targets/targets.txt"); do
	[ "$t" = roundtrip ] && continue # formats only: nothing can fire
	case $t in exec) sw=shift-noflush ;; *) sw=free-before-flush ;; esac
	d=$work/$t
	mkdir -p "$d/corpus"
	(cd "$d" && TLBFUZZ_INJECT=$sw "$build/fuzz_$t" -seed=1 -max_total_time=120 \
		-artifact_prefix="$d/" "$d/corpus" "$build/corpus/$t" \
		>fuzz.log 2>&1)
	crash=$(ls "$d"/crash-* 2>/dev/null | head -1)
	[ -n "$crash" ] || { bad "$t: no crash with $sw"; continue; }
	n=$((n + 1))
	"$tlbfuzz" run "$crash" >"$d/run.out" 2>"$d/run.err"
	rc=$?
	[ "$rc" = 1 ] || bad "$t: replay without flags exited $rc, want 1"
	grep -q "replayed as fuzz_$t ran it (switches: $sw;" "$d/run.err" ||
		bad "$t: replay does not say which target and switches it used"
	want=$(finding "$d/fuzz.log")
	got=$(finding "$d/run.out")
	[ -n "$want" ] && [ "$want" = "$got" ] ||
		bad "$t: the fuzzer found '$want', the replay '$got'"
	"$tlbfuzz" run --no-inject "$crash" >"$d/clean.out" 2>&1 ||
		bad "$t: replay with --no-inject fires"
done
[ "$n" -gt 0 ] || bad "no target made a crash"

# 2.
reg=$root/corpus/regress/free-before-flush.bin
"$tlbfuzz" run "$reg" >/dev/null 2>&1
[ $? = 1 ] || bad "control: $reg does not fire on its own"
mkdir -p "$work/clean" "$work/camp/gather/crashes"
cp "$reg" "$work/clean/crash-0"
printf 'target: gather\ninject: \n' >"$work/clean/.crash-0.tlbfuzz"
"$tlbfuzz" run "$work/clean/crash-0" >"$work/clean.out" 2>&1 ||
	bad "a clean run's crash file fires on its header's switch"
grep -q 'replayed as fuzz_gather ran it (switches: none;' "$work/clean.out" ||
	bad "clean: no line naming the target"
cp "$reg" "$work/camp/gather/crashes/crash-1"
printf 'target: gather\ninject:\n' >"$work/camp/gather/.tlbfuzz"
"$tlbfuzz" run "$work/camp/gather/crashes/crash-1" >"$work/camp.out" 2>&1 ||
	bad "a file in a clean campaign's folder fires on its header's switch"

# 3.
afl=$work/afl/main
mkdir -p "$afl/crashes"
__AFL_OUT_DIR=$afl TLBFUZZ_INJECT=free-before-flush "$build/fuzz_gather_replay" \
	"$build/corpus/gather" >/dev/null 2>&1
grep -qx 'target: gather' "$afl/.tlbfuzz" && grep -qx 'inject: free-before-flush' "$afl/.tlbfuzz" ||
	bad "AFL++: no context in \$__AFL_OUT_DIR"
crash=$(ls "$work"/gather/crash-* 2>/dev/null | head -1)
if [ -n "$crash" ]; then
	cp "$crash" "$afl/crashes/id:000000,sig:06,src:000000,time:1,execs:1,op:havoc,rep:1"
	"$tlbfuzz" run "$afl/crashes/id:000000"* >"$work/afl.out" 2>&1
	[ $? = 1 ] || bad "AFL++: the crash does not replay"
	grep -q 'replayed as fuzz_gather ran it (switches: free-before-flush;' "$work/afl.out" ||
		bad "AFL++: replay does not name the target"
fi

[ "$fail" = 0 ] && echo "saved replay: $n target(s) replay their crash, clean files stay clean"
exit $fail
