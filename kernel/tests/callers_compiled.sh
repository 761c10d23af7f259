#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# callers_compiled.sh TLBFUZZ KVER NPROFILES MEMORY_C FUNC...: each FUNC
# of the tree's mm/memory.c is defined once per profile in TLBFUZZ
# (tlbf_k<KVER>_<profile>_FUNC), and the debug line table of that copy
# names MEMORY_C (the tree's file, through the extracted copy's #line).
set -u
bin=$1 kver=$2 nprof=$3 memc=$4
shift 4
rc=0
syms=$(nm "$bin") || exit 1
for f in "$@"; do
	copies=$(echo "$syms" | grep " T tlbf_k${kver}_[a-z0-9_]*_${f}\$" |
		grep -v "_kb_${f}\$")
	n=$(echo "$copies" | grep -c .)
	if [ "$n" -ne "$nprof" ]; then
		echo "callers_compiled: $f: $n copies, want $nprof (one per profile)"
		rc=1
		continue
	fi
	addr=$(echo "$copies" | head -1 | cut -d' ' -f1)
	where=$(addr2line -e "$bin" "0x$addr")
	case "$where" in
	"$memc":*) echo "ok: $f from $where" ;;
	*) echo "callers_compiled: $f at $where, not $memc"; rc=1 ;;
	esac
done
exit $rc
