# SPDX-License-Identifier: GPL-2.0-only
# Shared by the scripts: install what the build needs on Debian, once.

deps_missing() {
	local missing=""
	command -v clang-14 >/dev/null || missing="$missing clang-14"
	ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a \
		>/dev/null 2>&1 || missing="$missing libclang-rt-14-dev"
	command -v llvm-cov-14 >/dev/null || missing="$missing llvm-14"
	command -v cmake >/dev/null || missing="$missing cmake"
	command -v afl-clang-fast >/dev/null || missing="$missing afl++"
	[ -f /usr/include/cjson/cJSON.h ] || missing="$missing libcjson-dev"
	[ -f /usr/include/zlib.h ] || missing="$missing zlib1g-dev"
	command -v python3 >/dev/null || missing="$missing python3"
	command -v gnuplot >/dev/null || missing="$missing gnuplot-nox"
	command -v clang-format-14 >/dev/null || missing="$missing clang-format-14"
	# the HTML view's ctest loads pages in a real, headless browser
	command -v chromium >/dev/null || missing="$missing chromium"
	echo "$missing"
}

ensure_deps() {
	local missing
	missing=$(deps_missing)
	[ -z "$missing" ] && return 0
	echo "installing:$missing"
	if [ "$(id -u)" != 0 ]; then
		echo "need root to install:$missing" >&2
		return 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq $missing >/dev/null
}
