#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# bench/run --quick with this build: every benchmark prints its ratio
# lines and writes its CSV and plots (the figures themselves are not
# checked; a smoke run's timings mean nothing).
#   bench_run_quick.sh BUILD_DIR WORK_DIR
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$1
work=$2
rm -rf "$work/out"
mkdir -p "$work"
fail=0
"$root/bench/run" --quick --out "$work/out" --build "$build" \
	--noinject-build "$work/noinject" > "$work/log" 2>&1 || {
	echo "FAIL bench/run --quick exited non-zero:"; tail -20 "$work/log"
	exit 1
}
for want in 'throughput/.*/fuzz_empty ' 'throughput/.*/fuzz_gather ' \
	'runners/.*fibers-vs-baton' 'inject/.*points-on-vs-compiled-out' \
	'ttb/shift-noflush/found' 'scaling/fuzz_exec/2-jobs' \
	'scaling/shift-noflush/ttb-2-jobs' 'growth/ops=8' 'growth/cpus=3' \
	'growth/span='; do
	# figure, value, baseline, ratio (a number)
	grep -qE "^$want.* [0-9.e+-]+ +[0-9.e+-]+ +[0-9]+\.[0-9]{3}  " \
		"$work/log" || { echo "FAIL no ratio line for $want"; fail=1; }
	tr ',' '/' < "$work/out/results.csv" | grep -qE "^${want%% }" ||
		{ echo "FAIL $want not in results.csv"; fail=1; }
done
for f in results.csv meta.txt survival.md scaling.txt inject.csv \
	time-to-bug/summary.csv; do
	[ -s "$work/out/$f" ] || { echo "FAIL no $f"; fail=1; }
done
if command -v gnuplot > /dev/null; then
	for p in throughput survival scaling scaling_ttb growth_ops growth_cpus \
		growth_span; do
		[ -s "$work/out/$p.png" ] || { echo "FAIL no $p.png"; fail=1; }
	done
else
	grep -q 'skipped: gnuplot is not installed' "$work/log" ||
		{ echo "FAIL no message for the skipped plots"; fail=1; }
fi
[ "$fail" = 0 ] && echo "bench/run --quick: ratio lines, CSV and plots present"
exit "$fail"
