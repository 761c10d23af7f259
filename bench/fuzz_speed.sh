#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Executions per second of every fuzz target (fuzz/targets/targets.txt)
# beside the empty libFuzzer target of the same build tree, in one run,
# with the ratio to the empty target. Each fuzzer runs SECONDS from its
# encoded seeds, one core, fixed seed, every bug switch off, with the
# sanitizer options we ship (sanitizers/env.sh).
#
#   bench/fuzz_speed.sh [BUILD_DIR (build/asan)] [SECONDS (10)]
set -u
case "${1:-}" in -h|--help) sed -n '3,10p' "$0"; exit 0 ;; esac
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$src/build/asan}" && pwd) || exit 2
seconds=${2:-10}
# the largest input: the format's own limit, from this build's CLI
max_len=$("$build/tlbfuzz" limits max_len) || exit 2
. "$src/sanitizers/env.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# exec/s of one fuzzer from libFuzzer's final stats, marked "(finding)"
# when the run stopped on one (the rate is then up to that input: replay
# its crash file). With abort_on_error the sanitizer's line, not
# libFuzzer's deadly-signal line, is what shows the stop.
speed() {
	local bin=$1 seeds=$2 rate
	mkdir -p "$work/c"
	(cd "$work" && TLBFUZZ_INJECT= "$bin" -seed=1 \
		-max_total_time="$seconds" -print_final_stats=1 \
		-max_len="$max_len" "$work/c" $seeds > "$work/log" 2>&1) 2> /dev/null
	rm -rf "$work/c"
	rate=$(awk '/stat::average_exec_per_sec/ { print $2 }' "$work/log")
	if grep -qE '^==.*ERROR: (libFuzzer|AddressSanitizer)|^==== tlbfuzz finding' \
		"$work/log"; then
		echo "${rate:-0}(finding)"
	else
		echo "$rate"
	fi
}

for bin in "$build/fuzz_empty"; do
	[ -x "$bin" ] || { echo "no $bin: build $build first" >&2; exit 2; }
done
empty=$(speed "$build/fuzz_empty" "")
printf '%-20s %12s %10s\n' target exec/s ratio
printf '%-20s %12s %10s\n' fuzz_empty "$empty" 1.000
grep -E '^[a-z0-9_]+$' "$src/fuzz/targets/targets.txt" | while read -r t; do
	s=$(speed "$build/fuzz_$t" "$build/corpus/$t")
	ratio=$(awk -v a="$s" -v b="$empty" \
		'BEGIN { if (a + 0 > 0 && b > 0) printf "%.4f", a / b;
			 else printf "-" }')
	printf '%-20s %12s %10s\n' "fuzz_$t" "$s" "$ratio"
done
