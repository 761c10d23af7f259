#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# scripts/kernel-bisect for real, on two Debian versions and a broken tree:
#   1. 6.1.170 and 6.1.192 (their packages from the local package folders,
#      else skipped: exit 77): a corpus/regress reproducer replays clean
#      on both (its switch never reaches the kernel's code), the CSV and
#      JSON say so, and no compiled function differs between the two;
#   2. 6.1.192 and a copy of it whose tlb_flush_mmu lost its TLB flush
#      (kernel_tree_mutant.py): the copy is the first bad version, with
#      the oracle, and tlb_flush_mmu of mm/mmu_gather.c is the one
#      compiled function that differs; exit 1.
# Builds go to build/kbisect/ of the source tree and stay (about a minute
# each on two busy cores; seconds once built).
# Usage: kernel_bisect.sh WORKDIR MUTANT_TREE_DIR
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:?work folder}
mutant=${2:?folder for the broken tree}
fail=0
bad() { echo "FAIL: $*"; fail=1; }
bisect=$root/scripts/kernel-bisect
# Versions from the local packages and the cache only: no download.
export TLBFUZZ_NO_APT=1
repro=$root/corpus/regress/free-before-flush.bin

have=0
IFS=: read -ra dirs <<< "${TLBFUZZ_DEB_DIRS:-/work/ksrc/debs:/work/ksrc:/var/cache/apt/archives}"
for v in 6.1.170 6.1.192; do
	for d in "${dirs[@]}"; do
		ls "$d"/linux-source-6.1_"$v"-*_all.deb >/dev/null 2>&1 && { have=$((have + 1)); break; }
	done
done
if [ "$have" != 2 ]; then
	echo "skipped: no local linux-source-6.1 6.1.170 and 6.1.192 packages" \
	     "(TLBFUZZ_DEB_DIRS)"
	exit 77
fi
rm -rf "$work"
mkdir -p "$work"

# 1.
"$bisect" "$repro" --versions "6.1.170 6.1.192" -j 2 --csv "$work/two.csv" \
	--json "$work/two.json" > "$work/two.log" 2>&1
rc=$?
[ "$rc" = 0 ] || bad "two versions: exit $rc, want 0"
grep -q '^6\.1\.170,6\.1\.170-[^,]*,clean,' "$work/two.csv" || bad "6.1.170 not clean in CSV"
grep -q '^6\.1\.192,6\.1\.192-[^,]*,clean,' "$work/two.csv" || bad "6.1.192 not clean in CSV"
[ "$(grep -c . "$work/two.csv")" = 3 ] || bad "CSV rows"
grep -q '^no change: clean on every version checked' "$work/two.log" || bad "no-change line"
# Between the two, the gather and free_*_range are the same text; the
# tree's arm64 flush code (compiled by default) is not: 6.1.192 repeats
# the TLBI sync (an erratum workaround) in __flush_tlb_range. (The zap
# and the hugetlb sharing code, compiled too, changed as well.)
grep -q '^compiled functions that differ between 6.1.170 and 6.1.192:' \
	"$work/two.log" || bad "function diff line"
grep -q '^  changed  __flush_tlb_range  (arch/arm64/include/asm/tlbflush.h)' \
	"$work/two.log" || bad "__flush_tlb_range not named as changed"
if grep -q '(mm/mmu_gather.c)\|free_p[a-z0-9]*_range  (mm/memory.c)' "$work/two.log"; then
	bad "a gather or free_*_range function named as changed"
fi
python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
assert [v["verdict"] for v in d["versions"]] == ["clean", "clean"], d
assert d["changes"] == [], d' "$work/two.json" || bad "JSON"

# 2.
tree=$("$root/scripts/kernel-src" 6.1.192)
python3 "$root/tests/scripts/kernel_tree_mutant.py" "$tree" "$mutant" ||
	bad "no mutant tree"
"$bisect" "$repro" --versions "6.1.192 $mutant" -j 2 \
	--json "$work/mut.json" > "$work/mut.log" 2>&1
rc=$?
[ "$rc" = 1 ] || bad "mutant: exit $rc, want 1"
grep -Eq '^last good 6\.1\.192, first bad linux-noflush \([a-z-]+\)' "$work/mut.log" ||
	bad "no first bad line"
sed -n '/^compiled functions that differ/,$p' "$work/mut.log" > "$work/mut.funcs"
grep -Eq '^  changed +tlb_flush_mmu +\(mm/mmu_gather\.c\)$' "$work/mut.funcs" ||
	bad "tlb_flush_mmu not named"
[ "$(grep -c '^  ' "$work/mut.funcs")" = 1 ] || bad "more than one function named"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
c = d["changes"]
assert len(c) == 1 and c[0]["kind"] == "regression", c
assert c[0]["functions"] == [{"file": "mm/mmu_gather.c",
    "function": "tlb_flush_mmu", "change": "changed"}], c' "$work/mut.json" ||
	bad "mutant JSON"

if [ "$fail" = 0 ]; then
	echo "kernel-bisect: two versions clean, the broken copy found with tlb_flush_mmu"
else
	tail -n 20 "$work"/*.log
fi
exit $fail
