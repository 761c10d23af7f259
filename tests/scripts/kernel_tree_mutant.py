#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""kernel_tree_mutant.py TREE OUT [--x86-unshare-fix]: make OUT a kernel
tree that is TREE with one file changed: links to TREE's files, the changed
file written out.

Default: one mutant of mm/mmu_gather.c (tlb_flush_mmu without its TLB
flush, bench/mutants/gen.py's tlb_flush_mmu:del:9ad9527c), a test
stand-in for a later version that broke the gather
(tests/scripts/kernel_bisect.sh, fuzz_kernel.sh).

--x86-unshare-fix: arch/x86/include/asm/tlb.h whose tlb_flush() also
treats unshared tables as freed ones when it calls flush_tlb_mm_range(),
the fix for docs/findings.md's x86-lazy-hugetlb-unshare: a copy on which
that finding must not fire (fuzz_kernel.sh)."""
import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench", "mutants"))
import gen  # noqa: E402

NO_FLUSH = "tlb_flush_mmu:del:9ad9527c"
X86_TLB_H = os.path.join("arch", "x86", "include", "asm", "tlb.h")
FREED_ONLY = "tlb->freed_tables);"
FREED_OR_UNSHARED = "tlb->freed_tables || tlb->unshared_tables);"


def no_flush_text(tree):
    """(relative path, text) of the tlb_flush_mmu mutant, or None."""
    m = [x for x in gen.mutants(tree, ["tlb_flush_mmu"]) if x[0] == NO_FLUSH]
    if not m:
        return None
    return os.path.join("mm", "mmu_gather.c"), gen.apply(tree, m[0])


def x86_unshare_fix_text(tree):
    """(relative path, text) of the fixed x86 tlb.h, or None when TREE's
    tlb_flush() has no single freed_tables argument to widen."""
    with open(os.path.join(tree, X86_TLB_H)) as f:
        text = f.read()
    if text.count(FREED_ONLY) != 1:
        return None
    return X86_TLB_H, text.replace(FREED_ONLY, FREED_OR_UNSHARED)


def link_tree(tree, out, rel):
    """OUT mirrors TREE by symlinks, except along REL's folders, which are
    real folders so that REL itself can be written."""
    parts = rel.split(os.sep)
    src, dst = tree, out
    os.makedirs(dst)
    for depth, part in enumerate(parts):
        for n in os.listdir(src):
            if n != part and not (depth == 0 and n.startswith(".")):
                os.symlink(os.path.join(src, n), os.path.join(dst, n))
        src, dst = os.path.join(src, part), os.path.join(dst, part)
        if depth < len(parts) - 1:
            os.makedirs(dst)


def made_before(tree, out, rel, text):
    try:
        with open(os.path.join(out, rel)) as f:
            return f.read() == text and os.path.realpath(
                os.path.join(out, "Makefile")) == os.path.join(tree, "Makefile")
    except OSError:
        return False


def main(argv):
    if len(argv) not in (2, 3) or (len(argv) == 3 and argv[2] != "--x86-unshare-fix"):
        print("usage: kernel_tree_mutant.py TREE OUT [--x86-unshare-fix]",
              file=sys.stderr)
        return 2
    tree, out = os.path.abspath(argv[0]), argv[1]
    fix = len(argv) == 3
    change = x86_unshare_fix_text(tree) if fix else no_flush_text(tree)
    if change is None:
        print("kernel_tree_mutant: %s does not have the text to change"
              % tree, file=sys.stderr)
        return 1
    rel, text = change
    if made_before(tree, out, rel, text):
        return 0        # keep it (and its build) as is
    shutil.rmtree(out, ignore_errors=True)
    link_tree(tree, out, rel)
    with open(os.path.join(out, rel), "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
