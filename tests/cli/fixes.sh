#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# TLBFUZZ_FIXES=x86-lazy-unshare (core/rules.h): the written-up x86 finding
# (corpus/kernel-bugs/x86-lazy-hugetlb-unshare*.bin) fires on the model as
# the trees are, and with the proposed fix applied it does not; every
# corpus/regress reproducer still fires with the fix on (the fix touches
# only x86's unsharing flush). Model builds only: in kernel mode the
# tree's own x86 code decides. Usage: fixes.sh TLBFUZZ CORPUS
set -u
tlbfuzz=$1
corpus=$2
failed=0
for f in "$corpus"/kernel-bugs/x86-lazy-hugetlb-unshare*.bin; do
	"$tlbfuzz" run "$f" > /dev/null 2>&1
	[ $? = 1 ] || { echo "FAIL: $f does not fire on the model"; failed=1; }
	TLBFUZZ_FIXES=x86-lazy-unshare "$tlbfuzz" run "$f" > /dev/null 2>&1
	[ $? = 0 ] || { echo "FAIL: $f still fires with the x86 fix"; failed=1; }
done
n=0
for f in "$corpus"/regress/*.bin; do
	case $(basename "$f") in fp-*) continue ;; esac
	n=$((n + 1))
	TLBFUZZ_FIXES=x86-lazy-unshare "$tlbfuzz" run "$f" > /dev/null 2>&1
	[ $? = 1 ] || { echo "FAIL: $f no longer fires with the x86 fix"; failed=1; }
done
[ "$n" -gt 0 ] || { echo "FAIL: no reproducer in $corpus/regress"; failed=1; }
[ "$failed" = 0 ] && echo "ok: the x86 finding goes away with the fix; $n reproducers still fire"
exit $failed
