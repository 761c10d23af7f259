#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""kernel_tree_mutant.py TREE OUT [--known-fixes]: make OUT a kernel
tree that is TREE with a few files changed: links to TREE's files, the
changed files written out.

Default: one mutant of mm/mmu_gather.c (tlb_flush_mmu without its TLB
flush, bench/mutants/gen.py's tlb_flush_mmu:del:9ad9527c), a test
stand-in for a later version that broke the gather
(tests/scripts/kernel_bisect.sh, fuzz_kernel.sh).

--known-fixes: the fixes of docs/findings.md's findings that TREE lacks,
a copy on which none of them may fire (fuzz_kernel.sh):
- x86-lazy-hugetlb-unshare: arch/x86/include/asm/tlb.h whose tlb_flush()
  also treats unshared tables as freed ones when it calls
  flush_tlb_mm_range();
- hugetlb-share-vs-pmd-alloc: mm/hugetlb.c whose huge_pmd_share() fills
  the PUD entry under the mm's page_table_lock (349d1670008d)."""
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
HUGETLB_C = os.path.join("mm", "hugetlb.c")
SHARE_FN = "pte_t *huge_pmd_share("
# 6.1's lock of the shared table -> the mm's PUD lock; its variable goes.
SHARE_LOCK_EDITS = (
    ("\tspinlock_t *ptl;\n", ""),
    ("ptl = huge_pte_lock(hstate_vma(vma), mm, spte);",
     "spin_lock(&mm->page_table_lock);"),
    ("spin_unlock(ptl);", "spin_unlock(&mm->page_table_lock);"),
)


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


def hugetlb_share_fix_text(tree):
    """(relative path, text) of mm/hugetlb.c with huge_pmd_share() taking
    page_table_lock for the PUD entry, or None when TREE's already does
    (or has no huge_pmd_share() of the 6.1 shape)."""
    with open(os.path.join(tree, HUGETLB_C)) as f:
        text = f.read()
    start = text.find(SHARE_FN)
    end = text.find("\n}\n", start)
    if start < 0 or end < 0:
        return None
    body = text[start:end]
    if any(body.count(old) != 1 for old, _ in SHARE_LOCK_EDITS):
        return None
    for old, new in SHARE_LOCK_EDITS:
        body = body.replace(old, new)
    return HUGETLB_C, text[:start] + body + text[end:]


def known_fixes(tree):
    """Every known fix TREE lacks, as (relative path, text) pairs."""
    return [c for c in (x86_unshare_fix_text(tree),
                        hugetlb_share_fix_text(tree)) if c]


def mirror_dir(src, dst, top=False):
    """DST: a real folder of symlinks to SRC's entries (not, at the top,
    its dot files)."""
    os.makedirs(dst)
    for n in os.listdir(src):
        if not (top and n.startswith(".")):
            os.symlink(os.path.join(src, n), os.path.join(dst, n))


def link_tree(tree, out, rels):
    """OUT mirrors TREE by symlinks, except along each of RELS' folders,
    which are real folders so that the files themselves can be written."""
    mirror_dir(tree, out, top=True)
    for rel in rels:
        src, dst = tree, out
        for part in rel.split(os.sep)[:-1]:
            src, dst = os.path.join(src, part), os.path.join(dst, part)
            if os.path.islink(dst):
                os.unlink(dst)
                mirror_dir(src, dst)
        os.unlink(os.path.join(out, rel))


def made_before(tree, out, changes):
    try:
        for rel, text in changes:
            with open(os.path.join(out, rel)) as f:
                if f.read() != text:
                    return False
        return os.path.realpath(
            os.path.join(out, "Makefile")) == os.path.join(tree, "Makefile")
    except OSError:
        return False


def main(argv):
    if len(argv) not in (2, 3) or (len(argv) == 3 and argv[2] != "--known-fixes"):
        print("usage: kernel_tree_mutant.py TREE OUT [--known-fixes]",
              file=sys.stderr)
        return 2
    tree, out = os.path.abspath(argv[0]), argv[1]
    if len(argv) == 3:
        changes = known_fixes(tree)
    else:
        changes = [c for c in (no_flush_text(tree),) if c]
    if not changes:
        print("kernel_tree_mutant: %s does not have the text to change"
              % tree, file=sys.stderr)
        return 1
    if made_before(tree, out, changes):
        return 0        # keep it (and its build) as is
    shutil.rmtree(out, ignore_errors=True)
    link_tree(tree, out, [rel for rel, _ in changes])
    for rel, text in changes:
        with open(os.path.join(out, rel), "w") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
