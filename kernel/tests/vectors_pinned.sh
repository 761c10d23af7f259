#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Replay a vector file and require that exactly the listed case ids fail
# (one id a line in EXPECTED; '#' lines are comments): a case that starts
# failing, or one that starts passing, fails the test by name.
# Usage: vectors_pinned.sh TLBFUZZ VECTORS EXPECTED
set -u
tlbfuzz=$1
vectors=$2
expected=$3
out=$("$tlbfuzz" vectors "$vectors" 2>&1)
echo "$out" | tail -1
got=$(echo "$out" | sed -n 's/^\([^ :]*\): .*/\1/p' | sort -u)
want=$(grep -v '^#' "$expected" | sort -u)
if [ -z "$want" ]; then
	echo "FAIL: $expected lists no case"
	exit 1
fi
diffs=$(diff <(echo "$want") <(echo "$got") |
	sed -n 's/^< /FAIL: now passes: /p; s/^> /FAIL: now fails: /p')
if [ -n "$diffs" ]; then
	echo "$diffs"
	exit 1
fi
echo "the $(echo "$want" | wc -l) expected failures, by id"
