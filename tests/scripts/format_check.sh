#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The project's C follows .clang-format (kernel style): every C file of
# ours is already formatted. kernel/include/ is left out: its shim headers
# mirror the kernel's own layout on purpose.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
command -v clang-format-14 >/dev/null || { echo "clang-format-14 missing"; exit 1; }
bad=0
files=$(git ls-files 'core/*.[ch]' 'fuzz/*.[ch]' 'tests/*.[ch]' 'bench/*.[ch]' \
	'kernel/*.[ch]' 2>/dev/null | grep -v '^kernel/include/')
[ -n "$files" ] || files=$(find core fuzz tests bench kernel -name '*.[ch]' ! -path 'kernel/include/*')
for f in $files; do
	if ! clang-format-14 --dry-run --Werror "$f" >/dev/null 2>&1; then
		echo "not formatted: $f (clang-format-14 -i $f)"
		bad=$((bad + 1))
	fi
done
n=$(echo "$files" | wc -w)
echo "format: $((n - bad)) passed, $bad failed"
[ "$bad" = 0 ]
