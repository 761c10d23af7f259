#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# scripts/fuzz --kernel end to end, briefly: on 6.1.192 (its package from
# the local package folders, else skipped: exit 77) a 20 s campaign of
# race and diff (fuzz_diff against the model peer) builds kernel mode
# optimised in build/kbisect/6.1.192 and the plain preset's tlbf-events,
# seeds every target with corpus/regress, records the tree in
# campaign.json, runs both fuzzers and triages. On the kernel's own code
# (every switch off) it may find only the findings docs/findings.md
# writes up for 6.1.192 (known_only below); fuzz_diff must not diverge.
# Then a divergence: on a copy of 6.1.192 whose tlb_flush_mmu lost its TLB
# flush (kernel_tree_mutant.py), 10 s of diff alone find divergences,
# saved in diff/crashes, triaged as "divergence" with a scripts/kdiff
# replay command that reproduces it.
# Usage: fuzz_kernel.sh WORKDIR MUTANT_TREE_DIR
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:?work folder}
mutant=${2:?folder for the broken tree}
cd "$root" || exit 2   # triage.md names paths from here
fail=0
bad() { echo "FAIL: $*"; fail=1; }
export TLBFUZZ_NO_APT=1

# 6.1.192 has six known findings, docs/findings.md's
# x86-lazy-hugetlb-unshare, hugetlb-share-vs-pmd-alloc and four
# hugetlb-*-vs-unshare, and the race fuzzer can reach them in seconds.
# Every finding of the campaign must be one of them, and scripts/fuzz's
# triage must say which: the first two by a build of the tree with their
# fix (scripts/lib/kfixes.py), the others (in 6.1's slow gup, page walk,
# hugetlb fault and follow_page() as kernel mode keeps them from the
# model) by the model's rules (TLBFUZZ_FIXES=hugetlb-gup-vma-lock and the
# like). The written-up reproducers, triaged as a campaign of this tree,
# must each be named as themselves, so that check runs every time; that
# campaign says it ran with the two tree fixes in TLBFUZZ_FIXES, which
# reach no tree code, so triage must still build and try them.
known_only() { # CAMPAIGN_OUT PROGRESS_ROW
	local w=$work/written k n unnamed
	[ -z "$(ls "$1/diff/crashes" 2>/dev/null)" ] || bad "fuzz_diff diverged on 6.1.192: $2"
	mkdir -p "$w/race/crashes"
	python3 -c 'import json, sys; m = json.load(open(sys.argv[1]))
m["fixes"] = "x86-lazy-unshare,hugetlb-share-ptl"
json.dump(m, open(sys.argv[2], "w"))' "$1/campaign.json" "$w/campaign.json"
	for k in $written; do
		cp "$root/corpus/kernel-bugs/$k.bin" "$w/race/crashes/crash-$k"
	done
	python3 "$root/scripts/lib/triage.py" --build-dir "$root/build/kbisect/6.1.192" \
		--no-minimize --replays 1 "$w" -o "$w/triage.md" > "$w/triage.log" 2>&1 ||
		bad "triage of the written-up reproducers exited $?"
	for k in $written; do
		grep -q "^## [0-9]*\. .* (known: $k)\$" "$w/triage.md" ||
			bad "written-up $k: not named known: $(grep '^## ' "$w/triage.md" | tr '\n' ' ')"
	done
	n=$(ls "$1/race/crashes" 2>/dev/null | wc -l)
	unnamed=$(grep '^## ' "$1/triage.md" 2>/dev/null | grep -v ' (known: [a-z0-9-]*)$')
	[ -z "$unnamed" ] || bad "campaign finding(s) not named known: $unnamed"
	echo "6.1.192: $n finding file(s) from race, each a known finding"
}
written="x86-lazy-hugetlb-unshare hugetlb-share-vs-pmd-alloc hugetlb-gup-vs-unshare hugetlb-walk-vs-unshare hugetlb-fault-vs-unshare hugetlb-follow-page-vs-unshare"
IFS=: read -ra dirs <<< "${TLBFUZZ_DEB_DIRS:-/work/ksrc/debs:/work/ksrc:/var/cache/apt/archives}"
ls "${dirs[@]}" 2>/dev/null | grep -q '^linux-source-6\.1_6\.1\.192-.*_all\.deb$' || {
	echo "skipped: no local linux-source-6.1 6.1.192 package (TLBFUZZ_DEB_DIRS)"
	exit 77
}
rm -rf "$work"
mkdir -p "$work"
tree=$("$root/scripts/kernel-src" 6.1.192)
out=$work/out
"$root/scripts/fuzz" --kernel 6.1.192 -t 20 -j 2 race diff -o "$out" \
	> "$work/fuzz.log" 2>&1
rc=$?
[ "$rc" = 0 ] || bad "scripts/fuzz --kernel exited $rc"
grep -q '^tlbfuzz kernel mode: Linux 6\.1\.192 from .*kernel-6\.1\.192, build build/kbisect/6\.1\.192$' \
	"$work/fuzz.log" || bad "no kernel mode line"
python3 -c 'import json, os, sys; m = json.load(open(sys.argv[1]))
assert m["kernel"] == "6.1.192" and m["targets"] == ["race", "diff"], m
assert m["tree"].endswith("kernel-6.1.192"), m
assert os.access(m["diff_model"], os.X_OK), m' "$out/campaign.json" || bad "campaign.json"
grep -q 'CMAKE_BUILD_TYPE:STRING=RelWithDebInfo' "$root/build/kbisect/6.1.192/CMakeCache.txt" ||
	bad "the kernel build is not optimised"
nreg=$(ls "$root"/corpus/regress/*.bin | wc -l)
for t in race diff; do
	[ "$(ls "$out/$t/seeds-regress" | wc -l)" = "$nreg" ] ||
		bad "$t: not seeded with the $nreg corpus/regress inputs"
done
# libFuzzer read them: its seed count is the race seeds plus those.
nseed=$(ls "$root/build/kbisect/6.1.192/corpus/race" | wc -l)
grep -q -- "-fork=[0-9]*: $((nseed + nreg)) seed inputs" "$out/race/fuzz.log" ||
	bad "race: libFuzzer did not load $nseed seeds + $nreg reproducers"
last=$(tail -1 "$out/progress.csv")
[ "$(echo "$last" | cut -d, -f2)" -gt 0 ] || bad "no executions: $last"
known_only "$out" "$last"
grep -q '^diff ' "$work/fuzz.log" || bad "no diff row in the summary"
head -1 "$out/triage.md" 2>/dev/null | grep -q '^# tlbfuzz triage' || bad "no triage.md"
# the divergence
python3 "$root/tests/scripts/kernel_tree_mutant.py" "$tree" "$mutant" || bad "no mutant tree"
out=$work/mutant
"$root/scripts/fuzz" --kernel "$mutant" -t 10 -j 1 diff -o "$out" > "$work/mutant.log" 2>&1 ||
	bad "scripts/fuzz --kernel MUTANT exited $?"
[ -n "$(ls "$out/diff/crashes" 2>/dev/null)" ] || bad "no divergence saved"
grep -q '^## 1\. divergence' "$out/triage.md" || bad "triage.md: no divergence section"
cmd=$(sed -n 's/^- replay: `\(scripts\/kdiff --target race .*\)`$/\1/p' "$out/triage.md" | head -1)
[ -n "$cmd" ] || bad "triage.md: no kdiff replay command"
(cd "$root" && $cmd > "$work/replay.log" 2>&1)
[ $? = 1 ] && grep -q '^==== divergence' "$work/replay.log" ||
	bad "the printed replay command does not diverge: $cmd"

[ "$fail" = 0 ] && echo "fuzz --kernel: 6.1.192 built, race and diff fuzzed, known finding only, triaged; a broken copy's divergence saved, triaged, replayed" ||
	tail -30 "$work/fuzz.log"
exit $fail
