#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Every trace line of every corpus/regress reproducer names what it is
about: no bare enum value (the old `lock(0x0)`, `op(0xa)`), no
scheduling point left unnamed by its primitive ("lock", "READ_ONCE"),
no lock or entry shown as a number. A finding's report also has the life
of its object (allocation, free, the oracle's step).

Usage: trace_names.py TLBFUZZ REGRESS_DIR
"""

import os
import re
import subprocess
import sys

SITES = ("lock|unlock|READ_ONCE|WRITE_ONCE|atomic|irq|preempt|rcu|ipi|"
         "cond_resched|op|wait")
BARE_ENUM = re.compile(r"^(%s)\(0x[0-9a-f]+\)$" % SITES)
UNNAMED = {"lock", "unlock", "READ_ONCE", "WRITE_ONCE", "atomic access",
           "irq on/off", "RCU read side", "IPI", "scheduling point"}
# A primitive whose argument is a number: a lock or entry not named.
NUMBERED = re.compile(
    r"^(spin_lock|spin_unlock|\w*_lock\w*|\w*_unlock\w*|READ_ONCE|"
    r"WRITE_ONCE|xchg|call_rcu|get_page_unless_zero)\(0x[0-9a-f]+\)$")
LINE = re.compile(r"^[ >]\s*\d+  (.*)$")


def trace_cells(text):
    """The event of each trace line (the step and column padding cut)."""
    cells, inside = [], False
    for line in text.splitlines():
        if line.startswith("    step  cpu0"):
            inside = True
            continue
        if line.startswith("----"):
            inside = False
        if inside:
            m = LINE.match(line)
            if m:
                cells.append(m.group(1).strip())
    return cells


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    cli, regress = argv[1:]
    fails, total, named = [], 0, {"lock": 0, "entry": 0}
    files = sorted(f for f in os.listdir(regress) if f.endswith(".bin"))
    for name in files:
        r = subprocess.run([cli, "run", "--trace", os.path.join(regress, name)],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, errors="replace", timeout=120)
        cells = trace_cells(r.stdout)
        total += len(cells)
        if not cells:
            fails.append("%s: no trace lines" % name)
        for c in cells:
            if BARE_ENUM.match(c) or c in UNNAMED or NUMBERED.match(c):
                fails.append("%s: unnamed trace line: %s" % (name, c))
            if re.match(r"^(spin_lock|mmap_\w+_lock|\w+_lock_\w+)\(\D", c):
                named["lock"] += 1
            if re.match(r"^(WRITE_ONCE|xchg)\((pte|pmd|pud|p4d|pgd) 0x", c):
                named["entry"] += 1
        finding = r.returncode == 1
        object_named = re.search(r"^  object: .*(table|page) #", r.stdout, re.M)
        if finding and object_named and "---- life of " not in r.stdout:
            fails.append("%s: the report has no life of its object" % name)
    print("%d reproducers, %d trace lines, %d named locks, %d named entry "
          "writes" % (len(files), total, named["lock"], named["entry"]))
    if not files:
        fails.append("no reproducers in %s" % regress)
    if not named["lock"] or not named["entry"]:
        fails.append("no named locks or entry writes at all")
    for f in fails[:40]:
        print("FAIL: " + f)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
