#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Replay corpus/regress (see its README.md): a <switch>.bin fires with the
# switch its header carries and stays clean with every switch off; an
# fp-*.bin stays clean; each .txt encodes to its .bin; `tlbfuzz minimize`
# keeps the finding and never grows a reproducer.
# Usage: regress.sh TLBFUZZ REGRESS_DIR WORKDIR
set -u
tlbfuzz=$1
dir=$2
work=$3
mkdir -p "$work"
failed=0
count=0
for bin in "$dir"/*.bin; do
	[ -e "$bin" ] || continue
	count=$((count + 1))
	name=$(basename "$bin" .bin)
	txt="$dir/$name.txt"
	if [ -e "$txt" ]; then
		"$tlbfuzz" encode "$txt" -o "$work/$name.bin" &&
			cmp -s "$work/$name.bin" "$bin" ||
			{ echo "FAIL: $txt does not encode to $bin"; failed=1; }
	fi
	TLBFUZZ_INJECT= "$tlbfuzz" run --no-inject "$bin" > "$work/out"
	rc=$?
	if [ $rc != 0 ]; then
		echo "FAIL: $bin fires with every switch off (exit $rc)"
		cat "$work/out"; failed=1
	fi
	case $name in fp-*) continue ;; esac
	TLBFUZZ_INJECT= "$tlbfuzz" run "$bin" > "$work/out"
	rc=$?
	if [ $rc != 1 ]; then
		echo "FAIL: $bin does not fire with its switch (exit $rc)"
		failed=1
	else
		echo "ok: $name: $(head -1 "$work/out")"
	fi
	if ! TLBFUZZ_INJECT= "$tlbfuzz" minimize "$bin" -o "$work/min.bin"
	then
		echo "FAIL: minimize lost the finding of $bin"; failed=1
	elif [ "$(wc -c < "$work/min.bin")" -gt "$(wc -c < "$bin")" ]; then
		echo "FAIL: minimize grew $bin"; failed=1
	elif ! cmp -s "$work/min.bin" "$bin"; then
		echo "note: $bin minimizes further now (re-minimize it)"
	fi
done
echo "$count reproducers replayed"
exit $failed
