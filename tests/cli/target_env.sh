#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A fuzz binary given a bad TLBFUZZ_INJECT says so in one line on stderr
# and exits 2 before running anything; a good one runs the seeds.
# Usage: target_env.sh FUZZ_REPLAY_BINARY SEEDS WORKDIR
set -u
bin=$1
seeds=$2
work=$3
mkdir -p "$work"
TLBFUZZ_INJECT=no-such-bug "$bin" "$seeds" > "$work/out" 2> "$work/err"
rc=$?
lines=$(wc -l < "$work/err")
if [ $rc != 2 ] || [ "$lines" != 1 ] || grep -q 'inputs' "$work/out"; then
	echo "FAIL: exit $rc, $lines stderr lines:"; cat "$work/err" "$work/out"
	exit 1
fi
echo "ok: $(cat "$work/err")"
TLBFUZZ_INJECT=none "$bin" "$seeds" || { echo "FAIL: 'none' rejected"; exit 1; }
# The search switches take 0 or 1 and nothing else, each in one line.
for var in TLBFUZZ_FALLBACK TLBFUZZ_MUTATOR TLBFUZZ_ILV; do
	env "$var=2" "$bin" "$seeds" > "$work/out" 2> "$work/err"
	rc=$?
	lines=$(wc -l < "$work/err")
	if [ $rc != 2 ] || [ "$lines" != 1 ]; then
		echo "FAIL: $var=2: exit $rc, $lines stderr lines:"; cat "$work/err"
		exit 1
	fi
	echo "ok: $(cat "$work/err")"
	env "$var=0" "$bin" "$seeds" || { echo "FAIL: $var=0 rejected"; exit 1; }
done
