#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# share_vs_pmd_alloc.sh TLBFUZZ TREE KERNEL_BUGS: docs/findings.md's
# hugetlb-share-vs-pmd-alloc on the tree's own huge_pmd_share(). Where
# that function fills the PUD entry without the mm's page_table_lock
# (6.1.y), each reproducer must fire (teardown); where it takes the lock
# (349d1670008d: 6.5 on, 6.12), each must be clean.
set -u
bin=$1 tree=$2 dir=$3
fn=$(sed -n '/^pte_t \*huge_pmd_share(/,/^}/p' "$tree/mm/hugetlb.c")
[ -n "$fn" ] || { echo "no huge_pmd_share() in $tree/mm/hugetlb.c"; exit 1; }
fixed=0
echo "$fn" | grep -q 'page_table_lock' && fixed=1
rc=0 n=0
for b in "$dir"/hugetlb-share-vs-pmd-alloc*.bin; do
	[ -e "$b" ] || continue
	n=$((n + 1))
	out=$("$bin" run --no-inject --target race "$b" 2>&1)
	got=$?
	if [ $fixed = 1 ]; then
		[ $got = 0 ] || { echo "fires on a tree whose huge_pmd_share() takes page_table_lock: $b"; echo "$out" | head -3; rc=1; }
	else
		[ $got = 1 ] && echo "$out" | grep -q 'finding: teardown' ||
			{ echo "no longer fires: $b"; echo "$out" | head -3; rc=1; }
	fi
done
[ $n -gt 0 ] || { echo "no reproducer in $dir"; exit 1; }
[ $rc = 0 ] && echo "ok: $n reproducer(s), tree fixed=$fixed"
exit $rc
