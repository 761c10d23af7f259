#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Copies of the model's tables that cannot be derived agree with them.

kernel/kgeometry.cmake maps each geometry name to its PAGE_SHIFT and level
count at configure time (before any C is built), kernel/kernel.cmake
defaults TLBFUZZ_KERNEL_PROFILES to every arch profile, and
docs/input-format.md's header table lists what the geometry, profile and
strategy bytes fold modulo. The definitions are core/geometry.c,
core/arch.c and enum sched_strategy, which `tlbfuzz list-geometries`,
`tlbfuzz list-arches` and `tlbfuzz limits strategies` print. A geometry,
profile or strategy added, renamed or resized on one side only fails
here (a kernel build at that geometry would compile the wrong PAGE_SHIFT
or level count, or miss the profile; the format's docs would be wrong).

Usage: table_copies.py TLBFUZZ_CLI SOURCE_DIR
"""
import os
import re
import subprocess
import sys


def cli(tlbfuzz, *args):
    return subprocess.run([tlbfuzz] + list(args), check=True,
                          capture_output=True, text=True).stdout


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: table_copies.py TLBFUZZ_CLI SOURCE_DIR")
    tlbfuzz, root = sys.argv[1], sys.argv[2]
    bad = 0
    model = {}
    for line in cli(tlbfuzz, "list-geometries").splitlines():
        name, shift, levels = line.split("\t")
        model[name] = (int(shift), int(levels))
    with open(os.path.join(root, "kernel", "kgeometry.cmake")) as f:
        text = f.read()
    kernel = {m.group(1): (int(m.group(2)), int(m.group(3))) for m in
              re.finditer(r'set\(KGEOM_([\w-]+) "(\d+);(\d+)"\)', text)}
    for name in sorted(set(model) | set(kernel)):
        if name not in kernel:
            print("FAIL: geometry %s (core/geometry.c) is not in "
                  "kernel/kgeometry.cmake" % name)
        elif name not in model:
            print("FAIL: kernel/kgeometry.cmake names %s, which "
                  "core/geometry.c does not have" % name)
        elif kernel[name] != model[name]:
            print("FAIL: %s: kernel/kgeometry.cmake says PAGE_SHIFT %d, "
                  "%d levels; core/geometry.c %d, %d"
                  % ((name,) + kernel[name] + model[name]))
        else:
            continue
        bad += 1
    arches = cli(tlbfuzz, "list-arches").split()
    with open(os.path.join(root, "kernel", "kernel.cmake")) as f:
        m = re.search(r'set\(TLBFUZZ_KERNEL_PROFILES "([^"]*)"', f.read())
    default = m.group(1).split(";") if m else []
    if sorted(default) != sorted(arches):
        print("FAIL: kernel/kernel.cmake's default TLBFUZZ_KERNEL_PROFILES "
              "%s, core/arch.c's profiles %s"
              % (";".join(default), ";".join(arches)))
        bad += 1
    bad += header_table(os.path.join(root, "docs", "input-format.md"), {
        "geometry": (len(model), list(model)),
        "arch profile": (len(arches), arches),
        "schedule strategy": (int(cli(tlbfuzz, "limits", "strategies")), None),
    })
    if bad:
        sys.exit(1)
    print("ok: %d geometries and %d profiles, as the model defines them"
          % (len(model), len(arches)))


def header_table(path, want):
    """Rows of the header table: `% N`: 0 `name`, 1 `name`, ..."""
    bad = 0
    with open(path) as f:
        rows = {m.group(1): m.group(2) for m in re.finditer(
            r"^\| \d+ \| \d+ \| ([a-z ,]+) \| (.*)$", f.read(), re.M)}
    for field, (count, names) in want.items():
        row = next((r for f, r in rows.items()
                    if f == field or f.startswith(field + ",")), "")
        folds, listed = row_fold(row)
        if folds != count:
            print("FAIL: docs/input-format.md: the %s byte folds %% %d, "
                  "the docs say %s" % (field, count,
                                       folds if folds else "nothing"))
            bad += 1
        elif names is not None and [n for _, n in listed] != names:
            print("FAIL: docs/input-format.md: %s names %s, the model %s"
                  % (field, " ".join(n for _, n in listed), " ".join(names)))
            bad += 1
        elif [int(i) for i, _ in listed] != list(range(len(listed))):
            print("FAIL: docs/input-format.md: %s indexes out of order"
                  % field)
            bad += 1
    return bad


def row_fold(row):
    """(N, [(index, name)...]) of a row that folds `% N`, or that gives
    the field bits A-B of a byte shared with other fields (N = 2^width)."""
    m = re.match(r"`% (\d+)`: (.*)", row)
    if m:
        folds, rest = int(m.group(1)), m.group(2)
    else:
        m = re.match(r"bits (\d+)-(\d+) the [a-z ]+: (.*?)(?:;|$)", row)
        if not m:
            return 0, []
        folds = 1 << (int(m.group(2)) - int(m.group(1)) + 1)
        rest = m.group(3)
    return folds, re.findall(r"(\d+) `([\w.-]+)`", rest)


if __name__ == "__main__":
    main()
