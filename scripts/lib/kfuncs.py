#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Which of a tree's functions a kernel-mode build compiles, and which of
them changed between two trees (scripts/kernel-bisect).

What a build compiles is read from the build itself, so that code added
later (arch flush code, hugetlb) is covered without a list kept here:
- every tree file in the compiler's dependency files (*.o.d): whole files
  compiled or included (mm/mmu_gather.c, include/asm-generic/tlb.h, arch
  headers); every function and function-like macro in them counts;
- every generated file holding '#line N "<tree>/<file>"' directives
  (scripts/lib/kextract.py's output): only the functions cut out of that
  file count (mm/memory.c's free_*_range).

usage: kfuncs.py sources BUILD             the build's record, one per line
       kfuncs.py diff BUILD_A BUILD_B      changed/added/removed functions
       kfuncs.py diff --trees TREE_A TREE_B BUILD...
Exit 0; 2 on bad arguments.
"""
import os
import re
import sys

LINE_DIRECTIVE = re.compile(r'^#line \d+ "([^"]+)"', re.M)
IDENT_BEFORE_PAREN = re.compile(r"([A-Za-z_]\w*)\s*$")
MACRO = re.compile(r"^#\s*define\s+([A-Za-z_]\w*)\(")


def build_tree(build):
    """TLBFUZZ_KERNEL_SRC of a build, from its CMakeCache.txt."""
    try:
        with open(os.path.join(build, "CMakeCache.txt")) as f:
            for row in f:
                if row.startswith("TLBFUZZ_KERNEL_SRC:"):
                    return os.path.normpath(row.split("=", 1)[1].strip())
    except OSError:
        pass
    return None


def depfile_paths(build):
    for root, _dirs, files in os.walk(build):
        for n in files:
            if not n.endswith(".o.d"):
                continue
            try:
                with open(os.path.join(root, n), errors="replace") as f:
                    text = f.read()
            except OSError:
                continue
            for tok in text.replace("\\\n", " ").split():
                if tok.endswith(":"):
                    continue
                yield tok


def sources(build):
    """{tree-relative file: None (whole file) or set of function names}."""
    tree = build_tree(build)
    if not tree:
        return {}
    rec = {}
    generated = set()
    # A tree may be a folder of links into another (a patched copy): paths
    # are taken as the build names them, not resolved.
    roots = {tree, os.path.realpath(tree)}
    broot = os.path.realpath(build)
    for p in depfile_paths(build):
        path = os.path.normpath(p if os.path.isabs(p) else os.path.join(build, p))
        under = [r for r in roots if path.startswith(r + os.sep)]
        if under:
            rec[os.path.relpath(path, under[0])] = None
        elif os.path.realpath(path).startswith(broot + os.sep):
            generated.add(os.path.realpath(path))
    # Extracts are included by name (kpgfree.c's #include of the generated
    # file): they are in the depfiles as build files.
    for g in sorted(generated):
        try:
            with open(g, errors="replace") as f:
                text = f.read()
        except OSError:
            continue
        for m in LINE_DIRECTIVE.finditer(text):
            src = os.path.normpath(m.group(1))
            under = [r for r in roots if src.startswith(r + os.sep)]
            if not under:
                continue
            rel = os.path.relpath(src, under[0])
            body = text[m.end():]
            nxt = LINE_DIRECTIVE.search(body)
            names = functions(body[:nxt.start()] if nxt else body)
            if rec.get(rel, ()) is None:
                continue        # compiled whole anyway
            rec.setdefault(rel, set()).update(names)
    return rec


def strip_comments(text):
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            out.append(" ")
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def norm(text):
    return " ".join(text.split())


def functions(text):
    """{name: normalised text} of the function definitions and
    function-like macros at the top level of C text. A name defined more
    than once (#ifdef branches) keeps every definition, in order."""
    text = strip_comments(text).replace("\\\n", " ")
    found = {}

    def add(name, body):
        found[name] = found[name] + "\n--\n" + norm(body) if name in found \
            else norm(body)

    depth, start, i, n = 0, 0, 0, len(text)
    while i < n:
        c = text[i]
        at_line_start = i == 0 or text[i - 1] == "\n"
        if at_line_start and depth == 0 and text[i:].lstrip(" \t").startswith("#"):
            j = text.find("\n", i)
            j = n if j < 0 else j
            m = MACRO.match(text[i:j].strip())
            if m:
                add(m.group(1), text[i:j])
            i = start = j + 1
            continue
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c == "{":
            if depth == 0:
                head, fstart = text[start:i], start
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                name = declarator_name(head)
                if name:
                    add(name, text[fstart:i + 1])
                start = i + 1
        elif c == ";" and depth == 0:
            start = i + 1
        i += 1
    return found


def declarator_name(head):
    """The function a definition's head names, or None (struct, union,
    enum, initialiser)."""
    h = head.strip()
    if not h.endswith(")") or "=" in h:
        return None
    # The first parenthesis not of an attribute (__attribute__((weak))
    # may come before the name) opens the parameter list; attributes after
    # it, such as __acquires(x), come later.
    p = -1
    while True:
        p = h.find("(", p + 1)
        if p < 0:
            return None
        m = IDENT_BEFORE_PAREN.search(h[:p])
        if m and m.group(1).startswith("__attribute"):
            p = matching_paren(h, p)
            continue
        break
    if not m or m.group(1) in ("if", "while", "for", "switch", "return"):
        return None
    return m.group(1)


def matching_paren(text, i):
    depth = 0
    for j in range(i, len(text)):
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
            if depth == 0:
                return j
    return len(text)


def file_functions(tree, rel, only=None):
    try:
        with open(os.path.join(tree, rel), errors="replace") as f:
            fs = functions(f.read())
    except OSError:
        return {}
    return {k: v for k, v in fs.items() if only is None or k in only}


def diff(tree_a, tree_b, records):
    """[(file, function, 'changed'|'added'|'removed')] between the trees,
    over the union of the builds' records."""
    union = {}
    for rec in records:
        for rel, names in rec.items():
            if names is None or union.get(rel, ()) is None:
                union[rel] = None
            else:
                union.setdefault(rel, set()).update(names)
    out = []
    for rel in sorted(union):
        fa = file_functions(tree_a, rel, union[rel])
        fb = file_functions(tree_b, rel, union[rel])
        for name in sorted(set(fa) | set(fb)):
            if name not in fa:
                out.append((rel, name, "added"))
            elif name not in fb:
                out.append((rel, name, "removed"))
            elif fa[name] != fb[name]:
                out.append((rel, name, "changed"))
    return out


def main(argv):
    if len(argv) >= 2 and argv[0] == "sources":
        for rel, names in sorted(sources(argv[1]).items()):
            print(rel + ("" if names is None else ": " + " ".join(sorted(names))))
        return 0
    if len(argv) >= 3 and argv[0] == "diff":
        if argv[1] == "--trees" and len(argv) >= 5:
            ta, tb, builds = argv[2], argv[3], argv[4:]
        else:
            builds = argv[1:3]
            ta, tb = build_tree(builds[0]), build_tree(builds[1])
            if not ta or not tb:
                sys.stderr.write("kfuncs: not a kernel-mode build folder\n")
                return 2
        for rel, name, what in diff(ta, tb, [sources(b) for b in builds]):
            print("%s %s %s" % (what, rel, name))
        return 0
    sys.stderr.write(__doc__.split("\n\n", 1)[0] + " (see the file's usage)\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
