#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""mutate.py FILE FUNCTION REGEX REPLACEMENT: apply one mutant in place.

The regex must match exactly once inside FUNCTION's definition (found as
scripts/lib/kextract.py finds it); exit 1 otherwise, leaving FILE as is.
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "scripts", "lib"))
import kextract  # noqa: E402


def main():
    path, func, pattern, repl = sys.argv[1:5]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    span = kextract.find_function(text, func)
    if span is None:
        return 1
    body = text[span[0]:span[1]]
    rx = re.compile(pattern, re.M)
    if len(rx.findall(body)) != 1:
        return 1
    body = rx.sub(repl, body, count=1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text[:span[0]] + body + text[span[1]:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
