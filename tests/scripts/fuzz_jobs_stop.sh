#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# scripts/fuzz's jobs and stopping, with this build's fuzzers:
#  1. `-j 1` over every target: never more than one fuzzing process at a
#     time (sampled every 0.2 s), every target gets a turn, and the
#     campaign (-t 30, no triage) ends within a few seconds of 30 s;
#  2. `-j 3` over two targets: never more than three fuzzing processes
#     (libFuzzer's fork-mode parents only supervise and are not counted);
#  3. SIGINT mid-run of an injected campaign: exit 130, no process of the
#     campaign left, corpus and crashes kept;
#  4. a fuzzer that ignores SIGINT and SIGTERM and leaves a grandchild in
#     a session of its own: the time limit still ends the campaign (15 s
#     to wrap up, 8 s after SIGINT) and leaves no process behind.
# Usage: fuzz_jobs_stop.sh BUILD_DIR WORKDIR
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?build dir}" && pwd)
work=${2:?work folder}
# The sanitizer options scripts/fuzz runs with (TSan's fork mode needs them).
. "$root/sanitizers/env.sh"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
fuzz() { python3 "$root/scripts/lib/campaign.py" "$@"; }
# Fuzzing processes of the campaign writing into $1: libFuzzer's fork-mode
# parents aside, and the short-lived task LSan clones from a fuzzer at
# its exit (same command line, a fuzzer as its parent).
nfuzz() {
	ps -eo pid=,ppid=,comm=,args= | awk -v o="artifact_prefix=$1/" '
		$3 ~ /^fuzz_/ && index($0, o) { fz[$1] = 1; pp[$1] = $2; fork[$1] = / -fork=/ }
		END { n = 0; for (p in fz) if (!fork[p] && !(pp[p] in fz)) n++; print n }'
}
# Every process whose command line names $1.
left() { pgrep -f -- "$1" | grep -vx "$$" | wc -l; }
# Run the campaign in the background, sample nfuzz until it ends; sets
# max_seen, rc, secs.
sample() {
	local out=$1
	shift
	local t0=$(date +%s.%N) pid n
	(exec python3 "$root/scripts/lib/campaign.py" "$@" -o "$out" >"$out.log" 2>&1) &
	pid=$!
	max_seen=0
	while kill -0 "$pid" 2>/dev/null; do
		n=$(nfuzz "$out")
		[ "$n" -gt "$max_seen" ] && max_seen=$n
		sleep 0.2
	done
	wait "$pid"
	rc=$?
	secs=$(echo "$(date +%s.%N) - $t0" | bc)
}

rm -rf "$work"
mkdir -p "$work"
ntargets=$(grep -cE '^[a-z0-9_]+$' "$root/fuzz/targets/targets.txt")

# 1.
sample "$work/j1" --build-dir "$build" -t 30 -j 1 --no-triage
[ "$rc" = 0 ] || bad "-j 1: exit $rc"
[ "$max_seen" = 1 ] || bad "-j 1: $max_seen fuzzing processes at once, want 1"
for t in $(grep -E '^[a-z0-9_]+$' "$root/fuzz/targets/targets.txt"); do
	grep -q '^#[0-9]' "$work/j1/$t/fuzz.log" 2>/dev/null ||
		bad "-j 1: $t got no turn"
done
[ "$(echo "$secs < 30 + 6" | bc)" = 1 ] || bad "-t 30 took $secs s"

# 2.
if [ "$ntargets" -ge 2 ]; then
	sample "$work/j3" --build-dir "$build" -t 6 -j 3 gather exec --no-triage
	[ "$rc" = 0 ] || bad "-j 3: exit $rc"
	[ "$max_seen" -le 3 ] && [ "$max_seen" -ge 1 ] ||
		bad "-j 3: $max_seen fuzzing processes at once"
fi

# 3.
out=$work/sigint
(exec python3 "$root/scripts/lib/campaign.py" --build-dir "$build" -t 120 -j 2 gather exec \
	-o "$out" --inject free-before-flush --no-triage >"$out.log" 2>&1) &
pid=$!
for _ in $(seq 300); do
	[ -n "$(ls "$out/gather/crashes" 2>/dev/null)" ] &&
		[ -n "$(ls "$out/gather/corpus" 2>/dev/null)" ] && [ "$(nfuzz "$out")" -gt 0 ] && break
	sleep 0.2
done
ncorpus=$(ls "$out/gather/corpus" | wc -l)
ncrash=$(ls "$out/gather/crashes" | wc -l)
kill -INT "$pid"
wait "$pid"
rc=$?
[ "$rc" = 130 ] || bad "SIGINT: exit $rc, want 130"
[ "$(left "$out/")" = 0 ] || bad "SIGINT: $(left "$out/") process(es) of the campaign left"
[ "$(ls "$out/gather/corpus" | wc -l)" -ge "$ncorpus" ] || bad "SIGINT: corpus lost"
[ "$(ls "$out/gather/crashes" | wc -l)" -ge "$ncrash" ] || bad "SIGINT: crashes lost"

# 4.
fake=$work/fakebuild
marker=tlbfuzz-stubborn-$$
mkdir -p "$fake"
cat >"$fake/fuzz_gather" <<EOS
#!/bin/bash
trap '' INT TERM
setsid bash -c 'trap "" INT TERM; while :; do sleep 0.2; done' $marker &
while :; do sleep 0.2; done
EOS
chmod +x "$fake/fuzz_gather"
t0=$(date +%s.%N)
fuzz --build-dir "$fake" -t 3 -j 1 gather -o "$work/stubborn" --no-triage \
	>"$work/stubborn.log" 2>&1
secs=$(echo "$(date +%s.%N) - $t0" | bc)
# 15 s to wrap up, then SIGINT, 8 s, SIGKILL: 3 + 23 s, and start-up
[ "$(echo "$secs < 3 + 28" | bc)" = 1 ] || bad "stubborn fuzzer: -t 3 took $secs s"
sleep 0.5
if [ "$(left "$marker")" != 0 ]; then
	bad "stubborn fuzzer: its grandchild is still running"
	kill -KILL $(pgrep -f -- "$marker") 2>/dev/null
fi
[ "$(left "$fake/fuzz_gather")" = 0 ] || bad "stubborn fuzzer is still running"

[ "$fail" = 0 ] && echo "fuzz: -j shares, time limit and SIGINT stop everything" ||
	tail -n 5 "$work"/*.log
exit $fail
