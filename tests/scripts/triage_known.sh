#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# scripts/triage on known findings made from corpus/regress:
#  1. a campaign-shaped folder (OUT/race/crashes, OUT/race/afl/main/crashes,
#     campaign.json with the switch): copies of one reproducer land in one
#     section, replayed as target race with the campaign's switch, and a
#     clean input is reported as not reproduced;
#  2. loose files (each regress .bin, its header carrying its switch):
#     every one reproduces, and each oracle has its own section;
#  3. the parser on canned ASan and TSan reports;
#  4. a finding that fires on every other replay is marked flaky;
#  5. the written-up findings of the correct model are named as known.
# Usage: triage_known.sh BUILD_DIR WORKDIR
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?build dir}" && pwd)
work=${2:?work folder}
cli=$build/tlbfuzz
reg=$root/corpus/regress
fail=0
bad() { echo "FAIL: $*"; fail=1; }
sections() { grep -c '^## ' "$1"; }
triage() { python3 "$root/scripts/lib/triage.py" --build-dir "$build" "$@"; }

rm -rf "$work"
mkdir -p "$work/camp/race/crashes" "$work/camp/race/afl/main/crashes" "$work/loose"

# 1. campaign layout
sw=free-before-flush
cp "$reg/$sw.bin" "$work/camp/race/crashes/crash-aaaa"
cp "$reg/$sw.bin" "$work/camp/race/crashes/crash-bbbb"
cp "$reg/$sw.bin" "$work/camp/race/afl/main/crashes/id:000000,sig:06,src:000000,op:havoc"
echo "not a finding" >"$work/camp/race/afl/main/crashes/README.txt"
cp "$reg/fp-lazy-cpu-user-access.bin" "$work/camp/race/crashes/crash-cccc"
printf '{"targets": ["race"], "inject": "%s"}\n' "$sw" >"$work/camp/campaign.json"
rep=$work/camp/triage.md
triage "$work/camp" -o "$rep" >"$work/camp.log" 2>&1 || bad "triage exited $?"
[ -f "$rep" ] || { cat "$work/camp.log"; bad "no report"; exit 1; }
[ "$(sections "$rep")" = 2 ] || bad "campaign: $(sections "$rep") sections, want 2"
grep -q '^4 finding file(s), 1 unique' "$rep" || bad "campaign: wrong headline"
grep -q '^## 1\. stale-walk-cache$' "$rep" || bad "campaign: first section not stale-walk-cache"
grep -q '^- files: 3 ' "$rep" || bad "campaign: the 3 copies are not one finding"
grep -q '^## 2\. not-reproduced' "$rep" || bad "campaign: clean input not reported"
grep -q -- "run --target race --inject $sw " "$rep" || bad "campaign: replay command lacks target/switch"
min=$(ls "$work/camp/triage.d/"*.bin 2>/dev/null | head -1)
if [ -z "$min" ]; then
	bad "campaign: no minimized reproducer"
else
	"$cli" run --target race --inject "$sw" "$min" >/dev/null 2>&1
	[ $? = 1 ] || bad "campaign: minimized reproducer does not fire"
	[ "$(stat -c %s "$min")" -le "$(stat -c %s "$reg/$sw.bin")" ] ||
		bad "campaign: minimized reproducer is bigger"
fi
grep -q '^Decoded reproducer:' "$rep" || bad "campaign: no decoded program"
page=$(ls "$work/camp/triage.d/"*.html 2>/dev/null | head -1)
[ -n "$page" ] && grep -q 'id="finding-data"' "$page" ||
	bad "campaign: no HTML view of the finding"
grep -q '^- HTML view: ' "$rep" || bad "campaign: the report does not name the HTML view"
grep -q "^>" "$rep" || bad "campaign: no trace excerpt with the fatal step"

# 2. loose files, replayed as they are
n=0
oracles=""
for f in "$reg"/*.bin; do
	case $(basename "$f") in fp-*) continue ;; esac
	cp "$f" "$work/loose/crash-$(basename "$f" .bin)"
	n=$((n + 1))
	o=$("$cli" run "$f" 2>&1 | sed -n 's/^==== tlbfuzz finding: \([a-z-]*\):.*/\1/p')
	oracles="$oracles$o"$'\n'
done
want=$(printf '%s' "$oracles" | sort -u | grep -c .)
rep=$work/loose.md
triage --replays 2 "$work/loose" -o "$rep" >"$work/loose.log" 2>&1 || bad "triage (loose) exited $?"
if [ "$n" -gt 0 ]; then
	got=$(sections "$rep")
	grep -q "^$n finding file(s)" "$rep" || bad "loose: not all $n files counted"
	grep -q 'not-reproduced' "$rep" && bad "loose: a regress reproducer did not reproduce"
	grep -q 'flaky' "$rep" && bad "loose: a deterministic reproducer marked flaky"
	[ "$got" -ge "$want" ] && [ "$got" -le "$n" ] ||
		bad "loose: $got sections for $n files with $want oracles"
	for o in $(printf '%s' "$oracles" | sort -u); do
		grep -q "^## [0-9]*\. $o\$" "$rep" || bad "loose: no section for $o"
	done
fi

# 3. sanitizer reports
PYTHONPATH=$root/scripts/lib python3 - <<'PY' || bad "sanitizer report parsing"
import triage
asan = """==1==ERROR: AddressSanitizer: heap-use-after-free on address 0x6020 at pc 0x1
READ of size 8 at 0x6020 thread T0
    #0 0x55 in __asan_report_load8 asan_rtl.cpp:1
    #1 0x56 in hw_walk /src/core/walk.c:40:9
    #2 0x57 in cpu_run_op /src/fuzz/run.c:10:2
    #3 0x58 in sched_fiber_main /src/fuzz/sched/sched.c:3:1
freed by thread T0 here:
    #0 0x59 in free
    #1 0x60 in pte_free /src/core/pgtable.c:9
SUMMARY: AddressSanitizer: heap-use-after-free /src/core/walk.c:40:9 in hw_walk
"""
tsan = """==================
WARNING: ThreadSanitizer: data race (pid=12)
  Write of size 8 at 0x7b04 by main thread:
    #0 set_pte /src/core/pgtable.c:12:3 (tlbfuzz+0x4d)
    #1 zap_pte_range /src/core/zap.c:88:3 (tlbfuzz+0x4e)
  Previous read of size 8 at 0x7b04 by thread T1:
    #0 gup_fast /src/core/gup.c:5:1 (tlbfuzz+0x4f)
SUMMARY: ThreadSanitizer: data race /src/core/pgtable.c:12:3 in set_pte
"""
ours = "==== tlbfuzz finding: stale-tlb: frame freed while a CPU's TLB maps it\n  object: page #4: CPU0 TLB maps mm0 va 0x100000\n"
for text, want in ((asan, ("asan-heap-use-after-free", ("hw_walk", "cpu_run_op", "sched_fiber_main"))),
                   (tsan, ("tsan-data-race", ("set_pte", "zap_pte_range", "gup_fast"))),
                   (ours, ("stale-tlb", ("page",)))):
    got = triage.signature(text)
    assert got == want, (got, want)
# one freeing path, two walkers: two findings
walker = ("==== tlbfuzz finding: lockless-walker-in-freed-table: x\n"
          "  object: pmd table #2 (va 0x40000): mm0 gave it up, CPU0 walks it with no lock in %s\n"
          "  stack: tlbf_oracle_walker_in_freed_table <- i_mmap_unlock_write <- zap_page_range\n")
gup, walk = (triage.signature(walker % w) for w in ("follow_hugetlb_page", "walk_hugetlb_range"))
assert gup != walk and gup[1][-1] == "walker follow_hugetlb_page", (gup, walk)
assert triage.show_frames(walk[1]).endswith("zap_page_range; against walker walk_hugetlb_range"), walk
print("signatures ok")
PY
# 4. a finding that fires on every other replay is marked flaky (a fake
# CLI that alternates; minimize and decode fail, which triage survives).
mkdir -p "$work/fake" "$work/flaky"
cat >"$work/fake/tlbfuzz" <<'SH'
#!/bin/sh
[ "$1" = run ] || exit 2
n=$(cat "$(dirname "$0")/count" 2>/dev/null || echo 0)
echo $((n + 1)) >"$(dirname "$0")/count"
[ $((n % 2)) = 0 ] || exit 0
echo "==== tlbfuzz finding: liveness: step budget exceeded"
echo "  object: -"
exit 1
SH
chmod +x "$work/fake/tlbfuzz"
echo x >"$work/flaky/crash-1"
python3 "$root/scripts/lib/triage.py" --build-dir "$work/fake" --replays 4 \
	"$work/flaky" -o "$work/flaky.md" >/dev/null 2>&1 || bad "flaky: triage exited $?"
grep -q '^## 1\. liveness (flaky: 2 of 4 replays)$' "$work/flaky.md" ||
	bad "flaky: not marked: $(grep '^## ' "$work/flaky.md")"

# 5. the findings docs/findings.md writes up are named as known (each
# goes away with its fix, tlbfuzz list-fixes); a switch's bug is not.
mkdir -p "$work/known"
for f in "$root"/corpus/kernel-bugs/hugetlb-share-vs-pmd-alloc.bin \
	"$root"/corpus/kernel-bugs/x86-lazy-hugetlb-unshare.bin; do
	cp "$f" "$work/known/crash-$(basename "$f" .bin)"
done
cp "$reg/gup-no-recheck.bin" "$work/known/crash-switch"
triage --no-minimize "$work/known" -o "$work/known.md" \
	>"$work/known.log" 2>&1 || bad "known: triage exited $?"
for k in hugetlb-share-vs-pmd-alloc x86-lazy-hugetlb-unshare; do
	grep -q "^## [0-9]*\. .* (known: $k)\$" "$work/known.md" ||
		bad "known: $k not named: $(grep '^## ' "$work/known.md")"
done
[ "$(grep -c '(known: ' "$work/known.md")" = 2 ] ||
	bad "known: the switch's bug is named known too: $(grep '^## ' "$work/known.md")"

[ "$fail" = 0 ] && echo "triage: campaign and loose findings deduplicated and reported"
exit $fail
