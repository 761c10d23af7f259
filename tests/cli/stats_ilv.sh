#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# tlbfuzz stats lists the interleaving pairs a run covers: a seed where
# cpu0 zaps while gup_fast and a reader run beside it has pairs, each
# "ilv:" line has its shape, the count matches the lines, and the list
# is the same on a second run. Every strategy's seed is listed too.
# Usage: stats_ilv.sh TLBFUZZ CORPUS_DIR
set -u
tlbfuzz=$1
corpus=$2
failed=0
fail() {
	echo "FAIL: $*"
	failed=1
}
for seed in "$corpus"/gather/seeds/munmap_downgrade_vs_gup_fast.txt \
	"$corpus"/gather/seeds/munmap_downgrade_vs_gup_fast_pct.txt \
	"$corpus"/gather/seeds/munmap_downgrade_vs_gup_fast_delay.txt; do
	one=$(TLBFUZZ_INJECT= "$tlbfuzz" stats "$seed") || fail "$seed: exit $?"
	two=$(TLBFUZZ_INJECT= "$tlbfuzz" stats "$seed")
	[ "$one" = "$two" ] || fail "$seed: two runs differ"
	n=$(echo "$one" | sed -n 's/^ilv_pairs: //p')
	lines=$(echo "$one" | grep -c '^ilv: ')
	[ -n "$n" ] && [ "$n" -gt 0 ] || fail "$seed: no ilv_pairs ($n)"
	[ "$n" = "$lines" ] || fail "$seed: ilv_pairs $n but $lines lines"
	bad=$(echo "$one" | grep '^ilv: ' |
		grep -Ev '^ilv: (pte|table|frame|tlb|walk|range) [a-z]+@.+ -> [a-z]+@.+ \[[a-z,-]+\] #[0-9]+$')
	[ -z "$bad" ] || fail "$seed: malformed: $bad"
	echo "$one" | grep -q '^strategy: ' || fail "$seed: no strategy line"
done
exit $failed
