#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# tlbfuzz minimize keeps the finding and drops what it does not need: an
# input that shows shift-noflush (tests/cli/minimize_input.txt) shrinks
# to fewer lines, two CPUs and no fail_nth, still fires, carries the
# switch in its header, and minimizes the same way twice.
# Usage: minimize.sh TLBFUZZ INPUT WORKDIR
set -u
tlbfuzz=$1
seed=$2
work=$3
mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
TLBFUZZ_INJECT= "$tlbfuzz" minimize --target exec --inject shift-noflush \
	"$seed" -o "$work/min.txt" || fail "minimize exited $?"
TLBFUZZ_INJECT= "$tlbfuzz" minimize --target exec --inject shift-noflush \
	"$seed" -o "$work/again.txt" || fail "second minimize exited $?"
cmp -s "$work/min.txt" "$work/again.txt" || fail "not deterministic"
grep -q '^inject: shift-noflush$' "$work/min.txt" || fail "switch not kept"
grep -q '^cpus: 2$' "$work/min.txt" || fail "idle CPUs kept"
grep -q '^fail_nth: 0$' "$work/min.txt" || fail "fail_nth kept"
TLBFUZZ_INJECT= "$tlbfuzz" run "$work/min.txt" > /dev/null
[ $? = 1 ] || fail "the minimized input does not fire"
before=$(grep -cE '^(setup|cpu[0-9]|schedule):' "$seed")
after=$(grep -cE '^(setup|cpu[0-9]|schedule):' "$work/min.txt")
[ "$after" -lt "$before" ] || fail "nothing removed ($before -> $after)"
TLBFUZZ_INJECT= "$tlbfuzz" run --no-inject "$work/min.txt" > /dev/null ||
	fail "fires with every switch off"
echo "ok: $before -> $after lines"
