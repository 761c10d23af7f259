#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# ctest helper: a short fixed fuzz_diff run from the seeds of every target.
#   fuzz_diff_check.sh silent   FUZZ_DIFF MODEL DICT WORK RUNS SEEDS...
#     no switch: the run must end clean, no divergence.
#   fuzz_diff_check.sh SWITCH   FUZZ_DIFF MODEL DICT WORK RUNS SEEDS...
#     the model peer runs with bug switch SWITCH: the run must stop at a
#     divergence, report it side by side and leave the input behind.
set -u
mode=$1 fuzzer=$2 model=$3 dict=$4 work=$5 runs=$6
shift 6
# the largest input: the format's own limit, from this build's CLI
max_len=$("$(dirname "$fuzzer")/tlbfuzz" limits max_len) || exit 2
rm -rf "$work"
mkdir -p "$work/corpus"
cd "$work" || exit 2
inject=
[ "$mode" = silent ] || inject=$mode
TLBFUZZ_INJECT=$inject TLBFUZZ_DIFF_MODEL=$model TLBFUZZ_DIFF_TARGET=race \
	"$fuzzer" -runs="$runs" -seed=1 -max_len="$max_len" -dict="$dict" \
	-artifact_prefix="$work/" "$work/corpus" "$@" > log 2>&1
rc=$?
if [ "$mode" = silent ]; then
	[ $rc = 0 ] && grep -q "diverged" log && ! grep -q "==== fuzz_diff" log &&
		exit 0
	tail -40 log
	echo "fuzz_diff_check: the correct model and the tree diverged (rc $rc)"
	exit 1
fi
if [ $rc != 0 ] && grep -q "==== fuzz_diff: model and kernel diverge" log &&
   grep -q "^>" log && ls crash-* > /dev/null 2>&1; then
	grep -A9 "==== fuzz_diff" log
	exit 0
fi
tail -40 log
echo "fuzz_diff_check: the model with $mode did not diverge (rc $rc)"
exit 1
