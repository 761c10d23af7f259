#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Every script answers a bad argument with exactly one line on stderr and
# exit status 2, and answers --help with status 0.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
fail=0
pass=0

check() {
	local what=$1; shift
	local err rc lines
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	lines=$(printf '%s' "$err" | grep -c '')
	if [ "$rc" = 2 ] && [ "$lines" = 1 ]; then
		pass=$((pass + 1))
	else
		echo "FAIL $what: rc=$rc, $lines stderr lines: $err"
		fail=$((fail + 1))
	fi
}

help_ok() {
	if "$@" >/dev/null 2>&1; then
		pass=$((pass + 1))
	else
		echo "FAIL $*: --help did not exit 0"
		fail=$((fail + 1))
	fi
}

check "fuzz --bogus" python3 "$root/scripts/lib/campaign.py" --bogus
check "fuzz -t 0" python3 "$root/scripts/lib/campaign.py" -t 0
check "fuzz -j x" python3 "$root/scripts/lib/campaign.py" -j x
check "triage missing" python3 "$root/scripts/lib/triage.py" /nonexistent/path
check "triage --bogus" python3 "$root/scripts/lib/triage.py" --bogus x
check "plot no dir" "$root/scripts/plot"
check "plot missing csv" "$root/scripts/plot" /nonexistent
check "plot --bogus" "$root/scripts/plot" --bogus
check "coverage --bogus" "$root/scripts/coverage" --bogus
check "coverage missing" "$root/scripts/coverage" /nonexistent
check "test --bogus" "$root/scripts/test" --bogus
check "test --kernels bad scope" "$root/scripts/test" --kernels "6.1:arm64-64k-48:all"
check "fuzz unknown target" python3 "$root/scripts/lib/campaign.py" nosuchtarget
check "fuzz --engine bogus" python3 "$root/scripts/lib/campaign.py" --engine bogus
check "fuzz --preset afl, libfuzzer" python3 "$root/scripts/lib/campaign.py" --preset afl
check "fuzz --build-dir missing" python3 "$root/scripts/lib/campaign.py" --build-dir /nonexistent
check "fuzz --merge-dir alone" python3 "$root/scripts/lib/campaign.py" --merge-dir /tmp
check "triage --target bogus" python3 "$root/scripts/lib/triage.py" --target bogus /
check "triage --replays 0" python3 "$root/scripts/lib/triage.py" --replays 0 /
check "triage no build" python3 "$root/scripts/lib/triage.py" --build-dir /nonexistent /
check "oss-fuzz build.sh outside a builder" env -u CC -u LIB_FUZZING_ENGINE bash "$root/scripts/oss-fuzz/build.sh"
check "bench/run --bogus" "$root/bench/run" --bogus
check "bench/run --only nosuch" "$root/bench/run" --only nosuch
check "bench/run --seconds 0" "$root/bench/run" --seconds 0
check "bench/run --jobs x" "$root/bench/run" --jobs x
check "bench/run --build missing" "$root/bench/run" --build /nonexistent
check "bench/run --ttb-from missing" "$root/bench/run" --ttb-from /nonexistent
help_ok python3 "$root/scripts/lib/campaign.py" --help
help_ok python3 "$root/scripts/lib/triage.py" --help
help_ok "$root/scripts/plot" --help
help_ok "$root/scripts/coverage" --help
help_ok "$root/scripts/test" --help
help_ok "$root/bench/run" --help
echo "scripts: $pass passed, $fail failed"
[ "$fail" = 0 ]
