# SPDX-License-Identifier: GPL-2.0-only
"""Crash states the way ClusterFuzz computes them.

A crash state is the top three frames of the first stack trace in a
sanitizer's (or libFuzzer's) report, after dropping the frames of the
runtimes: the C library, the sanitizers, libFuzzer and AFL++'s driver,
allocation and exit functions. The rules below follow ClusterFuzz's
published ignore list for C programs, written down here for the frames a
tlbfuzz crash can show.

    python3 crashstate.py < report.txt   prints the state, one frame a line
"""

import re
import sys

# "#3 0x55d3 in func file.c:12:3" (ASan, UBSan, LSan, libFuzzer's
# __sanitizer_print_stack_trace), "#3 0x55d3  (/lib/libc.so.6+0x3c04f)"
# (no symbol), "#3 func file.c:12 (bin+0x12)" (TSan).
FRAME_RE = re.compile(
    r"^\s*#(\d+)\s+(?:0x[0-9a-f]+\s+)?(?:in\s+)?(.*?)\s*$")

IGNORED_NAMES = re.compile(
    r"^(abort|exit|_exit|raise|gsignal|tgkill|pthread_kill|"
    r"__pthread_kill\w*|__GI_\w*|__libc_\w*|_start|main|"
    r"__sanitizer\w*|__asan\w*|__ubsan\w*|__tsan\w*|__lsan\w*|"
    r"__msan\w*|__interceptor\w*|___interceptor\w*|asan_\w*|"
    r"fuzzer::.*|LLVMFuzzerTestOneInput|LLVMFuzzerRunDriver|"
    r"ExecuteFilesOnyByOne|"  # AFL++'s libAFLDriver
    r"malloc|calloc|realloc|free\w*|operator\b.*|"
    r".*assert.*|.*logger.*)$")
IGNORED_PLACES = re.compile(
    r"(libc\.so|libpthread|libstdc\+\+|libc\+\+|/sanitizer_common/|"
    r"compiler-rt/|/libfuzzer/|afl-compiler-rt|libAFLDriver)")


def frames(text):
    """(name, place) of each frame of the first stack trace in text."""
    out, last = [], -1
    for line in text.splitlines():
        m = FRAME_RE.match(line)
        if not m:
            if out and line.strip() == "":
                break  # a blank line ends the first trace
            continue
        n = int(m.group(1))
        if n <= last:
            break  # a second trace starts
        last = n
        rest = m.group(2)
        if rest.startswith("("):
            out.append(("", rest))  # no symbol, only the module
            continue
        name = re.split(r"[\s(]", rest, 1)[0]
        if "(" in rest and "::" in rest:  # C++: name(args) place
            name = rest.split("(", 1)[0].strip()
        out.append((name, rest[len(name):].strip()))
    return out


def ignored(name, place):
    return (len(name) < 3 or IGNORED_NAMES.match(name) is not None or
            IGNORED_PLACES.search(place) is not None)


def crash_state(text, depth=3):
    """The top `depth` frames outside the runtimes, innermost first."""
    state = []
    for name, place in frames(text):
        if ignored(name, place):
            continue
        state.append(name)
        if len(state) == depth:
            break
    return state


def dedup_token(text):
    """The DEDUP_TOKEN line's frames, if the report has one."""
    m = re.search(r"^DEDUP_TOKEN: (\S+)$", text, re.M)
    return m.group(1).split("--") if m else []


if __name__ == "__main__":
    for f in crash_state(sys.stdin.read()):
        print(f)
