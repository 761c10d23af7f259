# SPDX-License-Identifier: GPL-2.0-only
"""Known fixes in a kernel tree's own code, and copies of a tree with
them applied.

Two findings docs/findings.md writes up are in code kernel mode compiles
from the tree, so no TLBFUZZ_FIXES rule of the model can silence them
there; their fix is an edit of the tree:
- x86-lazy-unshare (x86-lazy-hugetlb-unshare): arch/x86/include/asm/tlb.h
  whose tlb_flush() also counts unshared tables as freed ones when it
  calls flush_tlb_mm_range();
- hugetlb-share-ptl (hugetlb-share-vs-pmd-alloc): mm/hugetlb.c whose
  huge_pmd_share() fills the PUD entry under the mm's page_table_lock
  (349d1670008d).

A copy is a folder of symlinks to the tree's files, with only the edited
files written out (cheap; built like any tree by scripts/lib/kbuild.py).
Used by scripts/triage to name a kernel-mode campaign's findings, and by
the tests' fixed tree (tests/scripts/kernel_tree_mutant.py).
"""
import os
import shutil

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


def read(tree, rel):
    with open(os.path.join(tree, rel)) as f:
        return f.read()


def x86_unshare_fix_text(tree):
    """(relative path, text) of the fixed x86 tlb.h, or None when TREE's
    tlb_flush() has no single freed_tables argument to widen."""
    text = read(tree, X86_TLB_H)
    if text.count(FREED_ONLY) != 1 or "unshared_tables" not in text + \
            read(tree, os.path.join("include", "asm-generic", "tlb.h")):
        return None
    return X86_TLB_H, text.replace(FREED_ONLY, FREED_OR_UNSHARED)


def hugetlb_share_fix_text(tree):
    """(relative path, text) of mm/hugetlb.c with huge_pmd_share() taking
    page_table_lock for the PUD entry, or None when TREE's already does
    (or has no huge_pmd_share() of the 6.1 shape)."""
    text = read(tree, HUGETLB_C)
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


# fix name (as `tlbfuzz list-fixes` names it) -> the edit that makes it
TREE_FIXES = {
    "x86-lazy-unshare": x86_unshare_fix_text,
    "hugetlb-share-ptl": hugetlb_share_fix_text,
}


def applicable(tree, names=None):
    """[(fix name, (relative path, text))] for every tree fix in NAMES
    (default: all) that TREE lacks and has the code for."""
    out = []
    for name, edit in TREE_FIXES.items():
        if names is not None and name not in names:
            continue
        try:
            change = edit(tree)
        except OSError:
            change = None
        if change:
            out.append((name, change))
    return out


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


def write_copy(tree, out, changes):
    """Make OUT the copy of TREE with CHANGES ((relative path, text)
    pairs), or keep it (and so its build) when it is that already."""
    tree = os.path.realpath(tree)
    if made_before(tree, out, changes):
        return out
    shutil.rmtree(out, ignore_errors=True)
    link_tree(tree, out, [rel for rel, _ in changes])
    for rel, text in changes:
        with open(os.path.join(out, rel), "w") as f:
            f.write(text)
    return out
