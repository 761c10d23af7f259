#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# TLBFUZZ_FIXES (core/rules.h): each written-up finding that the model
# shows (corpus/kernel-bugs/<finding>*.bin) fires on the model as the
# trees are, and with its fix applied it does not; every corpus/regress
# reproducer still fires with all the fixes on (each touches one kernel
# step the catalog's bugs do not need). Model builds only: in kernel mode
# the tree's own code decides. Usage: fixes.sh TLBFUZZ CORPUS
set -u
tlbfuzz=$1
corpus=$2
failed=0
all=
# finding prefix : the fix that makes it go away
for pair in x86-lazy-hugetlb-unshare:x86-lazy-unshare \
	hugetlb-share-vs-pmd-alloc:hugetlb-share-ptl \
	hugetlb-gup-vs-unshare:hugetlb-gup-vma-lock \
	hugetlb-walk-vs-unshare:hugetlb-walk-vma-lock \
	hugetlb-fault-vs-unshare:hugetlb-fault-vma-lock \
	hugetlb-follow-page-vs-unshare:hugetlb-follow-page-vma-lock; do
	finding=${pair%%:*} fix=${pair#*:}
	all=${all:+$all,}$fix
	seen=0
	for f in "$corpus"/kernel-bugs/"$finding"*.bin; do
		[ -e "$f" ] || continue
		seen=1
		"$tlbfuzz" run "$f" > /dev/null 2>&1
		[ $? = 1 ] || { echo "FAIL: $f does not fire on the model"; failed=1; }
		TLBFUZZ_FIXES=$fix "$tlbfuzz" run "$f" > /dev/null 2>&1
		[ $? = 0 ] || { echo "FAIL: $f still fires with $fix"; failed=1; }
	done
	[ "$seen" = 1 ] || { echo "FAIL: no reproducer of $finding"; failed=1; }
done
n=0
for f in "$corpus"/regress/*.bin; do
	case $(basename "$f") in fp-*) continue ;; esac
	n=$((n + 1))
	TLBFUZZ_FIXES=$all "$tlbfuzz" run "$f" > /dev/null 2>&1
	[ $? = 1 ] || { echo "FAIL: $f no longer fires with $all"; failed=1; }
done
[ "$n" -gt 0 ] || { echo "FAIL: no reproducer in $corpus/regress"; failed=1; }
[ "$failed" = 0 ] && echo "ok: each finding goes away with its fix; $n reproducers still fire with $all"
exit $failed
