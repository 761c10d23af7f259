#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""gen.py: systematic statement mutants of the kernel code that kernel mode
compiles from a tree: the gather, the arm64 and x86 flush code, hugetlb
PMD-table sharing, and the callers (mm/memory.c's zap and table freeing,
gup_fast's lockless walk, exec's stack shift); see PARTS.

usage: gen.py list TREE [--func F]... [--part P]...
                                         one mutant per line:
                                         ID <tab> FILE:LINE <tab> fragment
       gen.py apply TREE OUT ID          write the mutated file under OUT
                                         (same relative path as in TREE)

Mutants are made at run time from the user's tree; nothing of the kernel
is stored in this project. Two operators, inside the bodies of the
functions in FUNCS (a function the tree lacks is skipped):

  del   one statement replaced by ';' (at any brace depth; an if, for,
        while, switch or do statement counts as one, with its body)
  swap  two adjacent statements of one block exchanged (not across a
        preprocessor line; never two identical statements)

Declarations are neither deleted nor swapped (deleting one does not
compile). A mutant's ID is FUNC[@N]:OP:HASH, HASH the first 8 hex digits
of the SHA-1 of the statement text (both texts for a swap) with comments
removed and whitespace collapsed; @N numbers a function's second and later
definitions (#ifdef variants), and a ".K" suffix the K-th identical
statement of a function. IDs do not move when lines do.
"""
import hashlib
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "scripts", "lib"))
from kextract import skip_literal  # noqa: E402  (one C lexer for both)

# Which functions, per file: the flush, free, sync and RCU paths.
FUNCS = {
    "mm/mmu_gather.c": [
        "tlb_next_batch", "tlb_flush_rmap_batch", "tlb_flush_rmaps",
        "__tlb_batch_free_encoded_pages", "tlb_batch_pages_flush",
        "tlb_batch_list_free", "__tlb_remove_page_size",
        "__tlb_remove_folio_pages_size", "__tlb_remove_folio_pages",
        "__tlb_remove_table_free", "tlb_remove_table_sync_one",
        "tlb_remove_table_rcu", "tlb_remove_table_free",
        "tlb_table_invalidate", "tlb_remove_table_one", "tlb_table_flush",
        "tlb_remove_table", "tlb_table_init", "tlb_flush_mmu_free",
        "tlb_flush_mmu", "__tlb_gather_mmu", "tlb_gather_mmu",
        "tlb_gather_mmu_fullmm", "tlb_gather_mmu_vma", "tlb_finish_mmu",
    ],
    "include/asm-generic/tlb.h": [
        "__tlb_adjust_range", "__tlb_reset_range", "tlb_flush",
        "tlb_flush_mmu_tlbonly", "tlb_end_vma", "tlb_flush_pte_range",
        "tlb_flush_pmd_range", "tlb_flush_pud_range", "tlb_flush_p4d_range",
        "tlb_unshare_pmd_ptdesc", "tlb_flush_unshared_tables",
    ],
    # The tree's arm64 flush code, compiled by kernel mode's arm64 profile
    # (TLBFUZZ_KERNEL_ARCH_CODE): tlb_flush's choices and the TLBI loops.
    "arch/arm64/include/asm/tlb.h": [
        "tlb_get_level", "tlb_flush", "__tlb_remove_table",
        "__pte_free_tlb", "__pmd_free_tlb", "__pud_free_tlb",
    ],
    "arch/arm64/include/asm/tlbflush.h": [
        "__tlbi_sync_s1ish", "flush_tlb_mm", "__flush_tlb_range",
        "__flush_tlb_range_nosync",
    ],
    # The tree's x86 flush path, compiled by kernel mode's x86 profiles
    # (TLBFUZZ_KERNEL_ARCH_CODE, kernel/kx86tlb.c): the IPI choice with
    # its lazy-TLB rule and the tlb_gen logic.
    "arch/x86/mm/tlb.c": [
        "get_flush_tlb_info", "put_flush_tlb_info", "flush_tlb_func",
        "should_flush_tlb", "should_trim_cpumask", "native_flush_tlb_multi",
        "flush_tlb_multi", "flush_tlb_mm_range",
    ],
    "arch/x86/include/asm/tlbflush.h": ["inc_mm_tlb_gen"],
    # hugetlb PMD-table sharing, compiled by kernel mode's x86 and arm64
    # profiles (kernel/khugetlb.c).
    "mm/hugetlb.c": [
        "page_table_shareable", "want_pmd_share", "huge_pmd_share",
        "__huge_pmd_unshare", "huge_pmd_unshare", "huge_pmd_unshare_flush",
        "huge_pte_alloc",
    ],
    # The callers kernel mode compiles (kernel/kernel.cmake,
    # kernel/kgupexec.cmake): the zap down from unmap_vmas(), the table
    # freeing of free_pgtables() and free_*_range(), gup_fast's lockless
    # walk (6.1 and 6.12 names) and exec's stack shift (6.1 fs/exec.c,
    # 6.12 mm/mmap.c).
    "mm/memory.c": [
        "zap_present_folio_ptes", "zap_present_ptes", "zap_pte_range",
        "zap_pmd_range", "zap_pud_range", "zap_p4d_range", "unmap_page_range",
        "unmap_single_vma", "unmap_vmas", "free_pte_range", "free_pmd_range",
        "free_pud_range", "free_p4d_range", "free_pgd_range", "free_pgtables",
    ],
    "mm/gup.c": [
        "gup_pte_range", "gup_huge_pmd", "gup_pmd_range", "gup_pud_range",
        "gup_p4d_range", "gup_pgd_range", "lockless_pages_from_mm",
        "gup_fast_pte_range", "gup_fast_pmd_leaf", "gup_fast_pmd_range",
        "gup_fast_pud_range", "gup_fast_p4d_range", "gup_fast_pgd_range",
        "gup_fast",
    ],
    "fs/exec.c": ["shift_arg_pages"],
    "mm/mmap.c": ["relocate_vma_down"],
}
# Files whose later definitions of a function are never compiled: in
# mm/hugetlb.c they are the stubs for kernels without PMD sharing.
# The same for the callers' files: kernel mode cuts out the first
# definition of a name (scripts/lib/kextract.py).
FIRST_DEFINITION_ONLY = {"mm/hugetlb.c", "mm/memory.c", "mm/gup.c",
                         "fs/exec.c", "mm/mmap.c"}
# IDs of these files' mutants start with this (their function names,
# tlb_flush for one, also exist in the generic files).
ID_PREFIX = {
    "arch/arm64/include/asm/tlb.h": "arm64.",
    "arch/arm64/include/asm/tlbflush.h": "arm64.",
    "arch/x86/mm/tlb.c": "x86.",
    "arch/x86/include/asm/tlbflush.h": "x86.",
    "mm/hugetlb.c": "hugetlb.",
    "mm/memory.c": "memory.",
    "mm/gup.c": "gup.",
    "fs/exec.c": "exec.",
    "mm/mmap.c": "exec.",
}

# The parts a sweep can be limited to (sweep --part, list --part), by
# file: the gather, each arch's flush code, hugetlb sharing, and the
# callers (the zap and table freeing of mm/memory.c, gup_fast, exec).
PARTS = {
    "gather": ["mm/mmu_gather.c", "include/asm-generic/tlb.h"],
    "arm64": ["arch/arm64/include/asm/tlb.h",
              "arch/arm64/include/asm/tlbflush.h"],
    "x86": ["arch/x86/mm/tlb.c", "arch/x86/include/asm/tlbflush.h"],
    "hugetlb": ["mm/hugetlb.c"],
    "memory": ["mm/memory.c"],
    "gup": ["mm/gup.c"],
    "exec": ["fs/exec.c", "mm/mmap.c"],
}

KEYWORDS_NOT_DECL = {"return", "goto", "break", "continue", "case",
                     "default", "else", "do", "sizeof"}
DECL = re.compile(r"^(?:(?:const|static|volatile|register)\s+)*"
                  r"(?:(?:struct|union|enum)\s+)?(\w+)(?:[\s*]+\w+)+\s*"
                  r"(?:=|;|\[|,)")


FOREACH = re.compile(r"\w*(?:_foreach|for_each)\w*")


class Error(Exception):
    pass


def is_literal(text, i):
    return text.startswith("/*", i) or text.startswith("//", i) or \
        text[i] in "\"'"


def skip_space(text, i, end):
    """Past whitespace and comments (not preprocessor lines)."""
    while i < end:
        if text[i] in " \t\n\r\f\v":
            i += 1
        elif text.startswith("/*", i) or text.startswith("//", i):
            i = skip_literal(text, i)
        else:
            break
    return i


def matching(text, i, end):
    """Index of the bracket closing the one at i."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    stack = []
    while i < end:
        c = text[i]
        if is_literal(text, i):
            i = skip_literal(text, i)
            continue
        if c in pairs:
            stack.append(pairs[c])
        elif c in ")]}":
            if not stack or stack.pop() != c:
                raise Error("unbalanced brackets")
            if not stack:
                return i
        i += 1
    raise Error("unbalanced brackets")


def at_line_start(text, i):
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j < 0 or text[j] == "\n"


class Stmt:
    def __init__(self, start, end, kind, lists=()):
        self.start, self.end, self.kind = start, end, kind
        self.lists = list(lists)     # nested statement lists


def word_at(text, i):
    m = re.compile(r"[A-Za-z_]\w*").match(text, i)
    return m.group(0) if m else ""


def parse_list(text, i, end):
    """Statements (and 'pp' barriers) from i to end."""
    items = []
    while True:
        i = skip_space(text, i, end)
        if i >= end:
            return items
        if text[i] == "#" and at_line_start(text, i):
            j = i
            while True:
                nl = text.find("\n", j)
                if nl < 0 or nl >= end:
                    nl = end
                    break
                if text[nl - 1] != "\\":
                    break
                j = nl + 1
            items.append(Stmt(i, nl, "pp"))
            i = nl
            continue
        s = parse_stmt(text, i, end)
        items.append(s)
        i = s.end


def body_lists(text, s):
    """A controlled statement as lists: a block's own, or [[s]]."""
    return s.lists if s.kind == "block" else [[s]]


def parse_stmt(text, i, end):
    i = skip_space(text, i, end)
    if text[i] == "{":
        j = matching(text, i, end)
        return Stmt(i, j + 1, "block", [parse_list(text, i + 1, j)])
    if text[i] == ";":
        return Stmt(i, i + 1, "empty")
    w = word_at(text, i)
    if FOREACH.match(w) and \
            text[skip_space(text, i + len(w), end)] == "(":
        w = "for"    # a loop macro (vma_interval_tree_foreach) is a for
        p = skip_space(text, i + len(FOREACH.match(text, i).group(0)), end)
        q = matching(text, p, end)
        body = parse_stmt(text, q + 1, end)
        return Stmt(i, body.end, w, body_lists(text, body))
    if w in ("if", "while", "for", "switch"):
        p = skip_space(text, i + len(w), end)
        if text[p] != "(":
            raise Error("%s without (" % w)
        q = matching(text, p, end)
        body = parse_stmt(text, q + 1, end)
        lists = body_lists(text, body)
        stop = body.end
        if w == "if":
            k = skip_space(text, stop, end)
            if word_at(text, k) == "else":
                other = parse_stmt(text, k + 4, end)
                lists += body_lists(text, other)
                stop = other.end
        return Stmt(i, stop, w, lists)
    if w == "do":
        body = parse_stmt(text, i + 2, end)
        k = skip_space(text, body.end, end)
        if word_at(text, k) != "while":
            raise Error("do without while")
        p = skip_space(text, k + 5, end)
        q = matching(text, p, end)
        semi = skip_space(text, q + 1, end)
        return Stmt(i, semi + 1, "do", body_lists(text, body))
    j = i
    while j < end:
        if is_literal(text, j):
            j = skip_literal(text, j)
            continue
        if text[j] in "([{":
            j = matching(text, j, end) + 1
            continue
        if text[j] == ";":
            return Stmt(i, j + 1, "expr")
        j += 1
    raise Error("statement without ';'")


def normalize(s):
    out, i = [], 0
    while i < len(s):
        if s.startswith("/*", i) or s.startswith("//", i):
            i = skip_literal(s, i)
            out.append(" ")
        elif s[i] in "\"'":
            j = skip_literal(s, i)
            out.append(s[i:j])
            i = j
        else:
            out.append(s[i])
            i += 1
    return " ".join("".join(out).split())


def is_decl(text):
    m = DECL.match(text)
    return bool(m) and m.group(1) not in KEYWORDS_NOT_DECL


def fragment(text, limit=28):
    t = normalize(text)
    if t.startswith(("if ", "if(", "for", "while", "do", "switch")):
        t = t.split("{")[0].strip()
    return t if len(t) <= limit else t[:limit].rstrip() + "..."


def find_functions(text, name):
    """Every definition of name: (body start, body end) offsets of '{'..'}'."""
    head = re.compile(r"^[A-Za-z_][^;{}()\n]*\b" + re.escape(name) + r"\s*\(",
                      re.M)
    found = []
    for m in head.finditer(text):
        i = m.end() - 1
        try:
            i = matching(text, i, len(text))
        except Error:
            continue
        j = skip_space(text, i + 1, len(text))
        if j >= len(text) or text[j] != "{":
            continue
        found.append((j, matching(text, j, len(text))))
    return found


def mutants_of_file(path, rel, funcs):
    """[(id, rel, line, op, fragment, [(start, end, replacement)])]."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    out = []
    for func in funcs:
        defs = find_functions(text, func)
        if rel in FIRST_DEFINITION_ONLY:
            defs = defs[:1]
        for n, (b0, b1) in enumerate(defs):
            fname = func if n == 0 else "%s@%d" % (func, n + 1)
            try:
                top = parse_list(text, b0 + 1, b1)
            except Error as e:
                raise Error("%s: %s: %s" % (rel, fname, e))
            seen = {}
            todo = [top]
            while todo:
                lst = todo.pop(0)
                for s in lst:
                    todo.extend(s.lists)
                for k, s in enumerate(lst):
                    st = text[s.start:s.end]
                    if s.kind in ("pp", "empty") or is_decl(normalize(st)):
                        continue
                    out.append(["del", fname, normalize(st), s.start,
                                fragment(st), [(s.start, s.end, ";")]])
                    if k + 1 >= len(lst):
                        continue
                    t = lst[k + 1]
                    tt = text[t.start:t.end]
                    if t.kind in ("pp", "empty") or is_decl(normalize(tt)) \
                            or normalize(tt) == normalize(st):
                        continue
                    out.append(["swap", fname,
                                normalize(st) + "\0" + normalize(tt),
                                s.start,
                                fragment(st) + " <> " + fragment(tt),
                                [(s.start, s.end, tt), (t.start, t.end, st)]])
            for m in out:
                if m[1] != fname or len(m) > 6:
                    continue
                h = hashlib.sha1(m[2].encode()).hexdigest()[:8]
                key = "%s:%s:%s" % (fname, m[0], h)
                seen[key] = seen.get(key, 0) + 1
                if seen[key] > 1:
                    key += ".%d" % seen[key]
                m.append(key)
    res = []
    for op, fname, _, pos, frag, edits, key in out:
        line = text.count("\n", 0, pos) + 1
        res.append((key, rel, line, op, frag, edits))
    return res


def mutants(tree, only=None, parts=None):
    """Every mutant of TREE; with ONLY or PARTS, those of the functions
    ONLY names and of the files of PARTS (names of PARTS), both."""
    res = []
    files = None
    if parts:
        unknown = [p for p in parts if p not in PARTS]
        if unknown:
            raise Error("no part '%s' (parts: %s)"
                        % (unknown[0], ", ".join(PARTS)))
        files = {f for p in parts for f in PARTS[p]}
    for rel, funcs in FUNCS.items():
        if (only or files) and not (files and rel in files):
            funcs = [f for f in funcs if f in (only or ())]
        path = os.path.join(tree, rel)
        if funcs and os.path.exists(path):
            pre = ID_PREFIX.get(rel, "")
            res.extend((pre + m[0],) + tuple(m[1:])
                       for m in mutants_of_file(path, rel, funcs))
    return res


def apply(tree, m):
    """The mutated text of m's file."""
    key, rel, line, op, frag, edits = m
    with open(os.path.join(tree, rel), encoding="utf-8") as f:
        text = f.read()
    for start, end, rep in sorted(edits, reverse=True):
        text = text[:start] + rep + text[end:]
    return text


def main(argv):
    if len(argv) >= 2 and argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0
    if len(argv) >= 3 and argv[1] == "list":
        only, parts = [], []
        args = argv[3:]
        while args:
            if args[0] == "--func" and len(args) >= 2:
                only.append(args[1])
                args = args[2:]
            elif args[0] == "--part" and len(args) >= 2:
                parts.append(args[1])
                args = args[2:]
            else:
                print("gen.py: unknown argument '%s' (try --help)" % args[0],
                      file=sys.stderr)
                return 2
        if not os.path.isdir(argv[2]):
            print("gen.py: %s: not a folder" % argv[2], file=sys.stderr)
            return 2
        try:
            ms = mutants(argv[2], only or None, parts or None)
        except Error as e:
            print("gen.py: %s" % e, file=sys.stderr)
            return 1
        for key, rel, line, op, frag, _ in ms:
            print("%s\t%s:%d\t%s" % (key, rel, line, frag))
        return 0
    if len(argv) == 5 and argv[1] == "apply":
        tree, outdir, key = argv[2:5]
        try:
            ms = [m for m in mutants(tree) if m[0] == key]
        except Error as e:
            print("gen.py: %s" % e, file=sys.stderr)
            return 1
        if not ms:
            print("gen.py: no mutant %s in %s" % (key, tree), file=sys.stderr)
            return 1
        dst = os.path.join(outdir, ms[0][1])
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(dst, "w", encoding="utf-8") as f:
            f.write(apply(tree, ms[0]))
        return 0
    print("usage: gen.py list TREE [--func F]... | gen.py apply TREE OUT ID "
          "(try --help)", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
