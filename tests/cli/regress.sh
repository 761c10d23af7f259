#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Replay corpus/regress (see its README.md): every switch that
# `tlbfuzz list-bugs` prints has a <switch>.bin and .txt; a <switch>.bin
# fires with the switch its header carries, by the oracle its .txt names
# on its `# Oracle: NAME` line, and stays clean with every switch off; an
# fp-*.bin stays clean; each .txt encodes to its .bin; `tlbfuzz minimize`
# keeps the finding and never grows a reproducer. No reproducer at all,
# or a file that is neither a switch's nor fp-*, fails.
# Usage: regress.sh TLBFUZZ REGRESS_DIR WORKDIR
set -u
tlbfuzz=$1
dir=$2
work=$3
mkdir -p "$work"
failed=0
count=0
switches=$("$tlbfuzz" list-bugs | cut -f1)
if [ -z "$switches" ]; then
	echo "FAIL: tlbfuzz list-bugs printed no switch"
	exit 1
fi
for sw in $switches; do
	[ -e "$dir/$sw.bin" ] && [ -e "$dir/$sw.txt" ] && continue
	echo "FAIL: switch $sw has no reproducer ($dir/$sw.bin and .txt)"
	failed=1
done
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
	if ! printf '%s\n' $switches | grep -qx -- "$name"; then
		echo "FAIL: $bin: $name is no switch of list-bugs (nor fp-*)"
		failed=1
		continue
	fi
	want=$(sed -n 's/^# Oracle: \([a-z-]*\).*/\1/p' "$txt" | head -1)
	if [ -z "$want" ]; then
		echo "FAIL: $txt names no oracle (a '# Oracle: NAME' line)"
		failed=1
	fi
	TLBFUZZ_INJECT= "$tlbfuzz" run "$bin" > "$work/out"
	rc=$?
	got=$(sed -n 's/^==== tlbfuzz finding: \([a-z-]*\):.*/\1/p' \
		"$work/out" | head -1)
	if [ $rc != 1 ]; then
		echo "FAIL: $bin does not fire with its switch (exit $rc)"
		failed=1
	elif [ "$got" != "$want" ]; then
		echo "FAIL: $bin fires $got, its .txt names $want"
		failed=1
	else
		echo "ok: $name: $(head -1 "$work/out")"
	fi
	# Under TSan a candidate that races before its oracle fires ends the
	# whole minimize (halt_on_error): the ASan and plain builds check it.
	if [ "${TLBF_SANITIZER:-}" = thread ]; then
		continue
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
if [ $count = 0 ]; then
	echo "FAIL: no reproducer in $dir"
	failed=1
fi
exit $failed
