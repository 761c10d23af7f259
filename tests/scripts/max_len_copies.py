#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The largest input has one definition, INPUT_MAX_SIZE (fuzz/input/input.h),
which `tlbfuzz limits max_len` prints. Scripts, the build and OSS-Fuzz's
options ask the CLI; only prose in docs/ may spell the number, always
beside the word max_len.

Fails when (1) a `max_len` followed by a number anywhere in the tree names
another number than the CLI's (a stale copy), or (2) the number itself
appears in a file outside docs/*.md (a copy not derived from the C
constant), or on a docs line without max_len (which (1) could not check).

Usage: max_len_copies.py TLBFUZZ_CLI SOURCE_DIR
"""
import os
import re
import subprocess
import sys

SKIP_DIRS = {".git", "build", "out", "vectors", "results"}
COPY = re.compile(r"max_len\W{0,4}?(\d+)")


def text_files(root):
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in SKIP_DIRS
                         and not x.startswith("build"))
        for f in sorted(files):
            path = os.path.join(d, f)
            try:
                with open(path, "rb") as fh:
                    data = fh.read()
            except OSError:
                continue
            if b"\0" in data:
                continue
            try:
                yield os.path.relpath(path, root), data.decode()
            except UnicodeDecodeError:
                continue


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: max_len_copies.py TLBFUZZ_CLI SOURCE_DIR")
    cli, root = sys.argv[1], sys.argv[2]
    value = subprocess.run([cli, "limits", "max_len"], check=True,
                           capture_output=True, text=True).stdout.strip()
    if not value.isdigit():
        sys.exit("FAIL: tlbfuzz limits max_len printed %r" % value)
    word = re.compile(r"(?<![\w.])%s(?![\w.])" % value)
    bad = 0
    for rel, text in text_files(root):
        if rel == os.path.join("tests", "scripts", "max_len_copies.py"):
            continue
        doc = rel.startswith("docs" + os.sep) and rel.endswith(".md")
        for n, line in enumerate(text.splitlines(), 1):
            for m in COPY.finditer(line):
                if m.group(1) != value:
                    print("FAIL: %s:%d: max_len %s, INPUT_MAX_SIZE is %s"
                          % (rel, n, m.group(1), value))
                    bad += 1
            if word.search(line) and not (doc and COPY.search(line)):
                print("FAIL: %s:%d: a copy of INPUT_MAX_SIZE (%s); "
                      "derive it from `tlbfuzz limits max_len`: %s"
                      % (rel, n, value, line.strip()))
                bad += 1
    if bad:
        sys.exit(1)
    print("ok: max_len is %s everywhere it is written" % value)


if __name__ == "__main__":
    main()
