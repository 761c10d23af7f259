#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A short, fixed libFuzzer run of one target from its encoded seeds with
# every switch off: nothing may fire. New inputs go to a scratch folder,
# never into the seeds. The known findings of the correct model
# (docs/findings.md: x86 lazy unshare, hugetlb share vs pmd_alloc,
# hugetlb gup vs unshare) run
# with their fixes, as a campaign that wants to see anything else would:
# which builds reach them in these runs depends on their
# instrumentation. TLBFUZZ_FIXES from the
# caller wins. Usage: fuzz_smoke.sh FUZZER SEEDS DICT WORK RUNS
set -u
fuzzer=$1
seeds=$2
dict=$3
work=$4
runs=$5
# the largest input: the format's own limit, from this build's CLI
max_len=$("$(dirname "$fuzzer")/tlbfuzz" limits max_len) || exit 2
rm -rf "$work"
mkdir -p "$work/corpus"
cd "$work" || exit 2
# report_signal_unsafe=0: a finding ends the run instead of hanging in
# TSan's report of libFuzzer's crash handler.
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:atexit_sleep_ms=0:report_signal_unsafe=0}
export TLBFUZZ_FIXES=${TLBFUZZ_FIXES-x86-lazy-unshare,hugetlb-share-ptl,hugetlb-gup-vma-lock,hugetlb-walk-vma-lock,hugetlb-fault-vma-lock,hugetlb-follow-page-vma-lock}
TLBFUZZ_INJECT= exec "$fuzzer" -runs="$runs" -seed=1 -max_len="$max_len" \
	-dict="$dict" -artifact_prefix="$work/" "$work/corpus" "$seeds"
