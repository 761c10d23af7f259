#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Every seed is canonical text (apart from comments): encode, decode and
# encode again give the same bytes and the seed's own lines; the target
# the seed belongs to decodes it unchanged (no operation outside its set).
# Usage: seeds.sh TLBFUZZ CORPUS_DIR WORKDIR
set -u
tlbfuzz=$1
corpus=$2
work=$3
mkdir -p "$work"
failed=0
count=0
for seed in "$corpus"/*/seeds/*.txt; do
	target=$(basename "$(dirname "$(dirname "$seed")")")
	count=$((count + 1))
	if ! "$tlbfuzz" encode "$seed" -o "$work/a.bin" ||
	   ! "$tlbfuzz" decode "$work/a.bin" > "$work/a.txt" ||
	   ! "$tlbfuzz" encode "$work/a.txt" -o "$work/b.bin" ||
	   ! "$tlbfuzz" decode --target "$target" "$work/a.bin" > "$work/t.txt"
	then
		echo "FAIL: $seed: the CLI failed"; failed=1; continue
	fi
	grep -v '^#' "$seed" > "$work/seed.txt"
	if ! cmp -s "$work/a.bin" "$work/b.bin"; then
		echo "FAIL: $seed: binary round trip differs"; failed=1
	elif ! diff -u "$work/seed.txt" "$work/a.txt"; then
		echo "FAIL: $seed: not canonical text"; failed=1
	elif ! diff -u "$work/a.txt" "$work/t.txt"; then
		echo "FAIL: $seed: uses operations outside fuzz_$target's set"
		failed=1
	fi
done
echo "$count seeds checked"
[ "$count" -gt 0 ] || failed=1
exit $failed
