# SPDX-License-Identifier: GPL-2.0-only
# Source this to export the sanitizer options every script and ctest uses.
_tlbf_san_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_tlbf_opts() { grep -v '^#' "$1" | grep . | paste -sd: -; }
export ASAN_OPTIONS="$(_tlbf_opts "$_tlbf_san_dir/asan.options")"
export UBSAN_OPTIONS="$(_tlbf_opts "$_tlbf_san_dir/ubsan.options")"
export TSAN_OPTIONS="$(_tlbf_opts "$_tlbf_san_dir/tsan.options")"
export LSAN_OPTIONS="suppressions=$_tlbf_san_dir/lsan.supp"
unset _tlbf_san_dir
