#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# With every switch off no seed may fire, and each runs the same way twice
# (same trace hash). No seed at all fails.
# Usage: seeds_run.sh TLBFUZZ CORPUS_DIR
set -u
tlbfuzz=$1
corpus=$2
failed=0
count=0
for seed in "$corpus"/*/seeds/*.txt "$corpus"/generic/*.txt; do
	[ -e "$seed" ] || continue
	count=$((count + 1))
	target=$(basename "$(dirname "$(dirname "$seed")")")
	case $seed in "$corpus"/generic/*) target=race ;; esac
	if ! TLBFUZZ_INJECT= "$tlbfuzz" run --target "$target" "$seed"; then
		echo "FAIL: $seed fired (or failed) with every switch off"
		failed=1
		continue
	fi
	one=$(TLBFUZZ_INJECT= "$tlbfuzz" stats "$seed" | grep '^trace_hash')
	two=$(TLBFUZZ_INJECT= "$tlbfuzz" stats "$seed" | grep '^trace_hash')
	if [ -z "$one" ] || [ "$one" != "$two" ]; then
		echo "FAIL: $seed: not deterministic ($one vs $two)"
		failed=1
	fi
done
echo "$count seeds replayed"
if [ $count = 0 ]; then
	echo "FAIL: no seed in $corpus/*/seeds"
	failed=1
fi
exit $failed
