#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write the generic seeds: one per operation family and arch profile.

Written with no bug in mind: every seed is the same template (one mapping
written in, the family's operation on cpu0, gup_fast and a read on cpu1, a
hardware walk and a write on cpu2, a plain round-robin schedule, no
fail_nth), only the operation and the profile change. bench/time-to-bug
--generic-seeds fuzzes from these instead of corpus/<target>/seeds.

The profiles are the ones `TLBFUZZ list-arches` prints (core/arch.c), so
a new profile gets its seeds here.

Usage: corpus/generic/gen.py TLBFUZZ [--check]
  rewrites corpus/generic/*.txt in canonical text (each is encoded and
  decoded by TLBFUZZ); --check writes nothing and exits 1 if the folder
  differs from what it would write (a seed missing, extra or changed).
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
A = 0x100000
ANON = ["setup: mmap_anon %#x pages=16" % A]
FILE = ["setup: mmap_file %#x pages=16 pgoff=0" % A]
STACK = ["setup: mmap_stack 0xf00000 pages=16"]
# The hugetlbfs file over one PUD span in processes 0 and 1, each faulted
# in, so that process 1 shares process 0's PMD table. The set-up then
# switches back to process 0: cpu0 inherits the set-up's last process
# (docs/input-format.md), and the template has all three CPUs in one
# process, as every other family has them.
H = 0x40000
SHARED = ["setup: mmap_hugetlb %#x pages=64 pgoff=0" % H,
          "setup: write %#x" % H, "setup: use_mm mm=1",
          "setup: mmap_hugetlb %#x pages=64 pgoff=0" % H,
          "setup: write %#x" % H, "setup: use_mm mm=0"]
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
    "hugetlb_share": (SHARED, ["munmap %#x pages=16" % H], H),
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


def seeds(tlbfuzz):
    """{file name: text} of every generic seed."""
    arches = subprocess.run([tlbfuzz, "list-arches"], check=True,
                            capture_output=True, text=True).stdout.split()
    out = {}
    for fam, (mapping, ops, va) in FAMILIES.items():
        for arch in arches:
            body = canonical(tlbfuzz, template(arch, mapping, ops, va))
            head = ("# Generic seed (corpus/generic/gen.py): %s on %s, with\n"
                    "# gup_fast, a read, a hardware walk and a write beside it.\n"
                    "# written-for: none\n") % (fam, arch)
            out["%s_%s.txt" % (fam, arch.replace("-", "_"))] = head + body
    return out


def check(want):
    have = {f for f in os.listdir(HERE) if f.endswith(".txt")}
    bad = 0
    for name in sorted(set(want) | have):
        path = os.path.join(HERE, name)
        if name not in want:
            print("FAIL: corpus/generic/%s: no such family or profile" % name)
        elif name not in have:
            print("FAIL: corpus/generic/%s missing (run gen.py)" % name)
        elif open(path).read() != want[name]:
            print("FAIL: corpus/generic/%s differs from gen.py's" % name)
        else:
            continue
        bad += 1
    if bad:
        sys.exit(1)
    print("ok: %d generic seeds, as gen.py writes them" % len(want))


def main():
    args = sys.argv[1:]
    if len(args) not in (1, 2) or (len(args) == 2 and args[1] != "--check"):
        sys.stderr.write("usage: corpus/generic/gen.py TLBFUZZ [--check]\n")
        sys.exit(2)
    want = seeds(args[0])
    if len(args) == 2:
        check(want)
        return
    for name, text in want.items():
        with open(os.path.join(HERE, name), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
