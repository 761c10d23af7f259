#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The unit harness (tests/harness.c) keeps its promises for every test
# binary: `--list` names its cases, a full run runs exactly those (its
# "N passed, M failed" adds up to the list), and a case name it does not
# have is an error (exit 2), not "0 passed, 0 failed".
# Kernel-mode builds pass --no-run: some cases cannot pass on kernel code
# (kernel/tests.cmake runs the rest case by case), so no full run.
# Usage: harness_cases.sh [--no-run] TEST_BINARY...
set -u
failed=0
full=1
if [ "${1:-}" = --no-run ]; then
	full=0
	shift
fi
for bin in "$@"; do
	name=$(basename "$bin")
	listed=$("$bin" --list | wc -l)
	if [ "$listed" -lt 1 ]; then
		echo "FAIL: $name --list names no case"
		failed=1
		continue
	fi
	"$bin" no_such_case_xyz > /dev/null 2>&1
	rc=$?
	if [ $rc != 2 ]; then
		echo "FAIL: $name no_such_case_xyz: exit $rc, not 2"
		failed=1
	fi
	if [ $full = 0 ]; then
		echo "ok: $name: $listed cases listed"
		continue
	fi
	ran=$("$bin" 2>/dev/null |
		sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1 + \2/p')
	if [ -z "$ran" ] || [ $((ran)) != "$listed" ]; then
		echo "FAIL: $name lists $listed cases, a full run ran '$ran'"
		failed=1
	else
		echo "ok: $name: $listed cases"
	fi
done
exit $failed
