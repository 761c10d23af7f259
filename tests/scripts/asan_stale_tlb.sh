#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Runs the asan_stale_tlb helper with the shipped sanitizer options and
# passes only when ASan reported the late access as a heap-use-after-free
# of the frame the buggy zap freed (not of a later frame that reused its
# memory: then the quarantine was too small). Usage: asan_stale_tlb.sh HELPER
set -u
. "$(dirname "$0")/../../sanitizers/env.sh"
out=$("$1" 2>&1)
echo "$out"
echo "$out" | grep -q 'ERROR: AddressSanitizer: heap-use-after-free' || exit 1
echo "$out" | grep -A6 'freed by thread' | grep -q 'in buggy_zap' || exit 1
echo "asan_stale_tlb: reported"
