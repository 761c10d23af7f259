#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Every seed is canonical text (apart from comments): encode, decode and
# encode again give the same bytes and the seed's own lines; the target
# the seed belongs to decodes it unchanged (no operation outside its set).
# Every seed says whether it was written with a bug in mind (a
# `# written-for: SWITCH...` or `# written-for: none` line); the generic
# seeds (corpus/generic, checked as fuzz_race's) all say none and preset
# no fail_nth.
# Usage: seeds.sh TLBFUZZ CORPUS_DIR WORKDIR
set -u
tlbfuzz=$1
corpus=$2
work=$3
mkdir -p "$work"
failed=0
count=0
for seed in "$corpus"/*/seeds/*.txt "$corpus"/generic/*.txt; do
	[ -e "$seed" ] || continue
	target=$(basename "$(dirname "$(dirname "$seed")")")
	count=$((count + 1))
	mark=$(sed -n 's/^# written-for: //p' "$seed")
	if [ -z "$mark" ]; then
		echo "FAIL: $seed: no '# written-for:' line"; failed=1
	fi
	case $seed in "$corpus"/generic/*)
		target=race
		if [ "$mark" != none ] || ! grep -qx 'fail_nth: 0' "$seed"
		then
			echo "FAIL: $seed: a generic seed written for '$mark' or presetting fail_nth"
			failed=1
		fi ;;
	esac
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
