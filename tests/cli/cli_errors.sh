#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The CLI answers bad usage with exactly one line on stderr and exit 2,
# never a crash. Usage: cli_errors.sh TLBFUZZ WORKDIR
set -u
tlbfuzz=$1
work=$2
mkdir -p "$work"
printf 'cpu0: frobnicate 0x1000\n' > "$work/garbage.txt"
printf 'cpus: 3\ncpu1: read 0x1001\n' > "$work/misaligned.txt"
printf 'cpu0: exit\n' > "$work/ok.txt"
failed=0

# expect_usage_error [ENV=VALUE] -- ARGS...: exit 2, one stderr line.
expect_usage_error() {
	local env=() out err rc lines
	while [ "$1" != "--" ]; do env+=("$1"); shift; done
	shift
	env "${env[@]}" "$tlbfuzz" "$@" > "$work/out" 2> "$work/err"
	rc=$?
	lines=$(wc -l < "$work/err")
	if [ "$rc" != 2 ] || [ "$lines" != 1 ]; then
		echo "FAIL: tlbfuzz $* (${env[*]}): exit $rc, $lines stderr lines:"
		cat "$work/err"
		failed=1
	else
		echo "ok: tlbfuzz $*: $(cat "$work/err")"
	fi
}

expect_usage_error -- run --bogus "$work/ok.txt"
expect_usage_error -- run "$work/no-such-file"
expect_usage_error -- run "$work/garbage.txt"
expect_usage_error -- run "$work/misaligned.txt"
expect_usage_error -- run --inject no-such-bug "$work/ok.txt"
expect_usage_error TLBFUZZ_INJECT=no-such-bug -- run "$work/ok.txt"
expect_usage_error TLBFUZZ_FIXES=no-such-fix -- run "$work/ok.txt"
expect_usage_error -- run --target no-such-target "$work/ok.txt"
expect_usage_error -- run
expect_usage_error -- run --inject
expect_usage_error -- decode "$work/garbage.txt"
expect_usage_error -- decode "$work/ok.txt" "$work/ok.txt"
expect_usage_error -- encode "$work/ok.txt"
expect_usage_error -- encode "$work/ok.txt" -o "$work/no-dir/x.bin"
expect_usage_error -- minimize "$work/ok.txt" -o
expect_usage_error -- stats "$work/no-such-file"
expect_usage_error -- list-bugs extra
expect_usage_error -- limits no_such_limit
expect_usage_error -- limits max_len extra
expect_usage_error -- list-arches extra
expect_usage_error -- list-geometries extra
expect_usage_error -- report "$work/ok.txt" -o "$work/x.html"
expect_usage_error -- report --html "$work/ok.txt"
expect_usage_error -- report --html "$work/no-such-file" -o "$work/x.html"
expect_usage_error -- report --html "$work/ok.txt" -o "$work/no-dir/x.html"
expect_usage_error -- no-such-command
expect_usage_error --
exit $failed
