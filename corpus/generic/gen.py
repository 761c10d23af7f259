#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write the generic seeds: one per operation family and arch profile.

Written with no bug in mind: every seed is the same template (one mapping
written in, the family's operation on cpu0, gup_fast and a read on cpu1, a
hardware walk and a write on cpu2, a plain round-robin schedule, no
fail_nth), only the operation and the profile change. bench/time-to-bug
--generic-seeds fuzzes from these instead of corpus/<target>/seeds.

Usage: corpus/generic/gen.py TLBFUZZ   (rewrites corpus/generic/*.txt in
canonical text: each is encoded and decoded by TLBFUZZ)
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ARCHES = ["x86-native", "x86-rcu", "arm64", "range-only", "no-range", "ia64"]
A = 0x100000
ANON = ["setup: mmap_anon %#x pages=16" % A]
FILE = ["setup: mmap_file %#x pages=16 pgoff=0" % A]
STACK = ["setup: mmap_stack 0xf00000 pages=16"]
# family: (mapping, cpu0's operations, addresses the others touch)
FAMILIES = {
    "munmap": (ANON, ["munmap %#x pages=16" % A], A),
    "munmap_downgrade": (ANON, ["munmap_downgrade %#x pages=16" % A], A),
    "madv_dontneed": (ANON, ["madv_dontneed %#x pages=16" % A], A),
    "madv_free": (ANON, ["madv_free %#x pages=16" % A], A),
    "mremap": (ANON, ["mremap %#x pages=16 new=0x300000" % A], A),
    "exec_shift": (STACK, ["exec_shift 0xf00000 shift=0x100000"], 0xf00000),
    "exit": (ANON, ["exit"], A),
    "truncate": (FILE, ["truncate pgoff=0"], A),
    "reclaim_collapse": (ANON, ["reclaim_anon %#x" % (A + 0x4000),
                                "collapse %#x" % A], A),
}


def template(arch, mapping, ops, va):
    lines = ["geometry: fuzz", "arch: " + arch, "cpus: 3",
             "strategy: bytes", "fail_nth: 0", "inject: none"]
    lines += mapping
    lines += ["setup: write %#x" % va, "setup: write %#x" % (va + 0x8000)]
    lines += ["cpu0: " + op for op in ops]
    lines += ["cpu1: gup_fast %#x pages=4" % va, "cpu1: read %#x" % (va + 0x8000),
              "cpu2: hw_walk %#x" % (va + 0x4000),
              "cpu2: write %#x" % (va + 0xc000),
              "schedule: 09 0a 08 09 0a 08"]
    return "\n".join(lines) + "\n"


def canonical(tlbfuzz, text):
    with tempfile.TemporaryDirectory() as d:
        raw, enc = os.path.join(d, "a.txt"), os.path.join(d, "a.bin")
        with open(raw, "w") as f:
            f.write(text)
        subprocess.run([tlbfuzz, "encode", raw, "-o", enc], check=True)
        return subprocess.run([tlbfuzz, "decode", enc], check=True,
                              capture_output=True, text=True).stdout


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: corpus/generic/gen.py TLBFUZZ\n")
        sys.exit(2)
    for fam, (mapping, ops, va) in FAMILIES.items():
        for arch in ARCHES:
            body = canonical(sys.argv[1], template(arch, mapping, ops, va))
            head = ("# Generic seed (corpus/generic/gen.py): %s on %s, with\n"
                    "# gup_fast, a read, a hardware walk and a write beside it.\n"
                    "# written-for: none\n") % (fam, arch)
            name = "%s_%s.txt" % (fam, arch.replace("-", "_"))
            with open(os.path.join(HERE, name), "w") as f:
                f.write(head + body)


if __name__ == "__main__":
    main()
