#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The unit harness (tests/harness.c) keeps its promises for every test
# binary, which the per-case ctests rely on: `--list` names each case its
# source registers (the TEST_CASE entries of SOURCE), no more, no fewer,
# each once; and a case name it does not have is an error (exit 2), not
# "0 passed, 0 failed". The cases themselves run as their own ctests
# (tests/cases.cmake.in; kernel builds: kernel/cases.cmake.in).
# Usage: harness_cases.sh TEST_BINARY=SOURCE...
set -u
failed=0
for pair in "$@"; do
	bin=${pair%%=*}
	src=${pair#*=}
	name=$(basename "$bin")
	bad=0
	listed=$("$bin" --list | sort)
	registered=$(sed -n 's/.*TEST_CASE(\([A-Za-z0-9_]*\)).*/\1/p' "$src" | sort)
	n=$(printf '%s\n' "$listed" | grep -c .)
	if [ "$n" -lt 1 ]; then
		echo "FAIL: $name --list names no case"
		failed=1
		continue
	fi
	dup=$(printf '%s\n' "$listed" | uniq -d)
	if [ -n "$dup" ]; then
		echo "FAIL: $name --list names a case twice: $dup"
		bad=1
	fi
	if [ "$listed" != "$registered" ]; then
		echo "FAIL: $name --list and the TEST_CASE entries of $(basename "$src") differ:"
		diff <(printf '%s\n' "$registered") <(printf '%s\n' "$listed") |
			sed -n 's/^</  registered, not listed:/p; s/^>/  listed, not registered:/p'
		bad=1
	fi
	"$bin" no_such_case_xyz > /dev/null 2>&1
	rc=$?
	if [ $rc != 2 ]; then
		echo "FAIL: $name no_such_case_xyz: exit $rc, not 2"
		bad=1
	fi
	if [ $bad = 0 ]; then
		echo "ok: $name: $n cases listed, as registered"
	else
		failed=1
	fi
done
exit $failed
