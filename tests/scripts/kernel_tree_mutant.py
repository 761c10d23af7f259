#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""kernel_tree_mutant.py TREE OUT [--known-fixes]: make OUT a kernel
tree that is TREE with a few files changed: links to TREE's files, the
changed files written out.

Default: one mutant of mm/mmu_gather.c (tlb_flush_mmu without its TLB
flush, bench/mutants/gen.py's tlb_flush_mmu:del:9ad9527c), a test
stand-in for a later version that broke the gather
(tests/scripts/kernel_bisect.sh, fuzz_kernel.sh).

--known-fixes: every fix in the tree's own code of docs/findings.md's
findings that TREE lacks (scripts/lib/kfixes.py), a copy on which none
of them may fire (fuzz_kernel.sh)."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench", "mutants"))
sys.path.insert(0, os.path.join(ROOT, "scripts", "lib"))
import gen  # noqa: E402
import kfixes  # noqa: E402

NO_FLUSH = "tlb_flush_mmu:del:9ad9527c"


def no_flush_text(tree):
    """(relative path, text) of the tlb_flush_mmu mutant, or None."""
    m = [x for x in gen.mutants(tree, ["tlb_flush_mmu"]) if x[0] == NO_FLUSH]
    if not m:
        return None
    return os.path.join("mm", "mmu_gather.c"), gen.apply(tree, m[0])


def main(argv):
    if len(argv) not in (2, 3) or (len(argv) == 3 and argv[2] != "--known-fixes"):
        print("usage: kernel_tree_mutant.py TREE OUT [--known-fixes]",
              file=sys.stderr)
        return 2
    tree, out = os.path.abspath(argv[0]), argv[1]
    if len(argv) == 3:
        changes = [c for _, c in kfixes.applicable(tree)]
    else:
        changes = [c for c in (no_flush_text(tree),) if c]
    if not changes:
        print("kernel_tree_mutant: %s does not have the text to change"
              % tree, file=sys.stderr)
        return 1
    kfixes.write_copy(tree, out, changes)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
