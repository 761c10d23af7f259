#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# scripts/fuzz end to end with this build's fuzzers (libFuzzer fork mode):
#  1. `-t 5 -j 1 gather -o DIR` leaves corpus/, crashes/, progress.csv with
#     rows that count executions, campaign.json and triage.md;
#  2. the same folder again resumes: "(resumed)", the clock in
#     progress.csv goes on, the corpus is kept;
#  3. with --inject the findings land in crashes/ and triage.md has a
#     section for them;
#     --merge --merge-dir folds the corpus into a minimized set;
#  4. SIGINT to the script mid-run stops the fuzzers, keeps corpus and
#     crashes, prints the summary, triages, exits 130.
# Usage: fuzz_campaign.sh BUILD_DIR WORKDIR
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?build dir}" && pwd)
work=${2:?work folder}
# The sanitizer options scripts/fuzz runs with (TSan's fork mode needs them).
. "$root/sanitizers/env.sh"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
fuzz() { python3 "$root/scripts/lib/campaign.py" --build-dir "$build" "$@"; }
last() { tail -1 "$1/progress.csv" | cut -d, -f"$2"; }

rm -rf "$work"
mkdir -p "$work"

# 1.
out=$work/plain
fuzz -t 5 -j 1 gather -o "$out" >"$work/plain.log" 2>&1 || bad "campaign exited $?"
[ -n "$(ls -A "$out/gather/corpus" 2>/dev/null)" ] || bad "empty corpus"
[ -d "$out/gather/crashes" ] || bad "no crashes folder"
head -1 "$out/progress.csv" | grep -q '^elapsed,execs,execs_per_sec,coverage,corpus,findings,interleavings$' ||
	bad "progress.csv header"
[ "$(grep -c . "$out/progress.csv")" -ge 3 ] || bad "progress.csv has too few rows"
[ "$(last "$out" 2)" -gt 0 ] || bad "progress.csv counts no executions"
[ "$(last "$out" 4)" -gt 0 ] || bad "progress.csv has no coverage"
[ "$(last "$out" 7)" -gt 0 ] || bad "progress.csv has no interleaving coverage"
python3 -c 'import json, sys; m = json.load(open(sys.argv[1]))
assert m["targets"] == ["gather"] and m["engine"] == "libfuzzer"' "$out/campaign.json" ||
	bad "campaign.json"
head -1 "$out/triage.md" | grep -q '^# tlbfuzz triage' || bad "no triage.md"
grep -q '^gather ' "$work/plain.log" || bad "no summary table"
grep -Eq 'exec/s [0-9.]+k? \| execs .* \| ilv [0-9]+ \|' "$work/plain.log" || bad "no progress line"

if command -v gnuplot >/dev/null; then
	"$root/scripts/plot" "$out" >/dev/null 2>&1 || bad "scripts/plot exited $?"
	for p in execs coverage corpus findings interleavings; do
		[ -s "$out/plots/$p.png" ] || bad "scripts/plot made no $p.png"
	done
fi

# 2.
t1=$(last "$out" 1)
n1=$(ls "$out/gather/corpus" | wc -l)
fuzz -t 2 -j 1 gather -o "$out" --no-triage >"$work/resume.log" 2>&1 || bad "resume exited $?"
grep -q '(resumed)' "$work/resume.log" || bad "resume not announced"
[ "$(last "$out" 1)" -gt "$t1" ] || bad "resumed clock did not go on from $t1"
[ "$(ls "$out/gather/corpus" | wc -l)" -ge "$n1" ] || bad "resume lost corpus"

# --merge (into a scratch folder, not the source tree's corpus/gather/extra)
fuzz -t 1 -j 1 gather -o "$out" --no-triage --merge --merge-dir "$work/merged" \
	>"$work/merge.log" 2>&1 || bad "merge exited $?"
m=$(ls "$work/merged/gather" 2>/dev/null | wc -l)
[ "$m" -gt 0 ] && [ "$m" -le "$(ls "$out/gather/corpus" | wc -l)" ] ||
	bad "merge left $m inputs"
grep -q "^merged gather: .* has $m input(s) (was 0)" "$work/merge.log" || bad "merge message"

# 3.
out=$work/inject
fuzz -t 5 -j 1 exec -o "$out" --inject shift-noflush >"$work/inject.log" 2>&1 ||
	bad "injected campaign exited $?"
[ -n "$(ls "$out/exec/crashes" 2>/dev/null)" ] || bad "no crash with shift-noflush"
[ "$(last "$out" 6)" -gt 0 ] || bad "progress.csv counts no findings"
grep -q '^## 1\. ' "$out/triage.md" || bad "triage.md has no finding section"
grep -q -- '--target exec --inject shift-noflush' "$out/triage.md" || bad "replay command"

# 4.
out=$work/sigint
(exec python3 "$root/scripts/lib/campaign.py" --build-dir "$build" -t 120 -j 1 gather \
	-o "$out" --inject free-before-flush >"$work/sigint.log" 2>&1) &
pid=$!
for _ in $(seq 60); do
	[ -f "$out/progress.csv" ] && [ "$(last "$out" 2)" -gt 0 ] 2>/dev/null && break
	sleep 0.5
done
kill -INT "$pid"
wait "$pid"
rc=$?
[ "$rc" = 130 ] || bad "SIGINT: exit $rc, want 130"
grep -q '^interrupted: corpus and crashes kept' "$work/sigint.log" || bad "SIGINT: no message"
grep -q '^gather ' "$work/sigint.log" || bad "SIGINT: no summary"
[ -n "$(ls -A "$out/gather/corpus" 2>/dev/null)" ] || bad "SIGINT: corpus lost"
[ -f "$out/triage.md" ] || bad "SIGINT: no triage"
pgrep -f "$out/gather/corpus" >/dev/null && bad "SIGINT: a fuzzer is still running"

[ "$fail" = 0 ] && echo "fuzz: campaign, resume, findings and SIGINT ok" || cat "$work"/*.log | tail -40
exit $fail
