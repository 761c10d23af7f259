#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# bench/ablation with tiny limits: it runs every configuration, writes
# trials.csv, speed.csv, summary.csv and table.md, and the table has a row per
# switch, the totals and exec/s. Timings are not checked.
# Usage: ablation_smoke.sh BUILD_DIR WORK_DIR
set -u
build=$1
work=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$work"
mkdir -p "$work"
failed=0
fail() {
	echo "FAIL: $*"
	failed=1
}
"$src/bench/ablation" --build "$build" --out "$work/out" \
	--switches free-before-flush --trials 1 --limit 2 --speed 1 \
	>"$work/log" 2>&1 || fail "exit $? ($(tail -n 3 "$work/log"))"
for f in trials.csv speed.csv summary.csv table.md; do
	[ -s "$work/out/$f" ] || fail "no $f"
done
t="$work/out/table.md"
grep -q '^| switch | edge | ilv | fallback | mutator | keep | all |$' \
	"$t" || fail "table header"
grep -q '^| `free-before-flush` |' "$t" || fail "no switch row"
grep -q '^| total of medians |' "$t" || fail "no totals row"
grep -q '^| exec/s ' "$t" || fail "no exec/s row"
[ "$(($(wc -l <"$work/out/trials.csv") - 1))" = 6 ] ||
	fail "expected 6 trials in trials.csv"
"$src/bench/ablation" --summarize "$work/out" --limit 2 >"$work/again" 2>&1 ||
	fail "--summarize exit $?"
grep -q '^Executions:' "$work/again" || fail "--summarize: no executions table"
"$src/bench/ablation" --configs nope >/dev/null 2>&1
[ $? = 2 ] || fail "a bad --configs must exit 2"
exit $failed
