#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""kernel_tree_mutant.py TREE OUT: make OUT a kernel tree that is TREE with
one mutant of mm/mmu_gather.c (tlb_flush_mmu without its TLB flush,
bench/mutants/gen.py's tlb_flush_mmu:del:9ad9527c): links to TREE's files,
the mutated file written out. A test stand-in for a later version that
broke the gather (tests/scripts/kernel_bisect.sh)."""
import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench", "mutants"))
import gen  # noqa: E402

NO_FLUSH = "tlb_flush_mmu:del:9ad9527c"


def main(tree, out):
    tree = os.path.abspath(tree)
    m = [x for x in gen.mutants(tree, ["tlb_flush_mmu"]) if x[0] == NO_FLUSH]
    if not m:
        print("kernel_tree_mutant: no %s in %s" % (NO_FLUSH, tree),
              file=sys.stderr)
        return 1
    text = gen.apply(tree, m[0])
    mutated = os.path.join(out, "mm", "mmu_gather.c")
    try:
        with open(mutated) as f:
            if f.read() == text and os.path.realpath(
                    os.path.join(out, "Makefile")) == os.path.join(tree, "Makefile"):
                return 0        # made before: keep it (and its build) as is
    except OSError:
        pass
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, "mm"))
    for n in os.listdir(tree):
        if n != "mm" and not n.startswith("."):
            os.symlink(os.path.join(tree, n), os.path.join(out, n))
    for n in os.listdir(os.path.join(tree, "mm")):
        if n != "mmu_gather.c":
            os.symlink(os.path.join(tree, "mm", n), os.path.join(out, "mm", n))
    with open(mutated, "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
