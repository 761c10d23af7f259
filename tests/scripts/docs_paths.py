#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Every file path and command that README.md and docs/ name exists.

Paths: any token starting with a top folder of the repository (core/,
fuzz/, scripts/, docs/, ...), in prose, code spans, code blocks or links,
and every relative link target; <placeholders> and * match anything,
{a,b} is either. Commands: `tlbfuzz SUBCOMMAND` in code spans and code
blocks must be a subcommand `tlbfuzz help` lists (scripts and bench
programs are paths, checked as such). README.md stays a front door of at
most README_MAX lines. One line per problem; exit 1 if any.

Usage: docs_paths.py [TLBFUZZ_BINARY]   (without it: fuzz/cli/main.c's table)
"""

import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOP = ("core", "fuzz", "kernel", "corpus", "sanitizers", "scripts", "tests",
       "bench", "docs", ".clusterfuzzlite", ".ci")
README_MAX = 300
# Folders a documented command creates (scripts/fuzz --merge).
GENERATED = ("corpus/*/extra",)

PATH_RE = re.compile(r"(?<![\w./$~-])((?:%s)/[\w.<>*{},/+\[\]-]*)"
                     % "|".join(re.escape(t) for t in TOP))
LINK_RE = re.compile(r"\]\(([^)\s]+)\)")
CODE_RE = re.compile(r"```.*?```|`[^`\n]+`", re.S)
CMD_RE = re.compile(r"(?:^|[\s/`(])tlbfuzz ([a-z][\w-]*)(?![\w:-])", re.M)


def documents():
    docs = [os.path.join(ROOT, "README.md")]
    for d, _dirs, files in os.walk(os.path.join(ROOT, "docs")):
        docs += [os.path.join(d, f) for f in sorted(files) if f.endswith(".md")]
    return docs


def expand(pattern):
    """{a,b} alternatives, then <placeholder> as *."""
    m = re.search(r"\{([^{}]*)\}", pattern)
    if m:
        out = []
        for alt in m.group(1).split(","):
            out += expand(pattern[:m.start()] + alt + pattern[m.end():])
        return out
    return [re.sub(r"<[^>]*>", "*", pattern)]


def exists(rel, base=ROOT):
    rel = rel.rstrip(".,:;)").rstrip("/") or rel
    for p in expand(rel):
        if any(glob.fnmatch.fnmatch(p, g) or glob.fnmatch.fnmatch(p, g + "/*")
               for g in GENERATED):
            continue
        if not glob.glob(os.path.join(base, p), include_hidden=True):
            return False
    return True


def subcommands(binary):
    if binary:
        out = subprocess.run([binary, "help"], capture_output=True, text=True).stdout
        return set(re.findall(r"^  ([a-z][\w-]*) ", out, re.M))
    with open(os.path.join(ROOT, "fuzz", "cli", "main.c")) as f:
        return set(re.findall(r'^\t\{"([a-z][\w-]*)",', f.read(), re.M))


def main(argv):
    known = subcommands(argv[1] if len(argv) > 1 else None)
    if not known:
        print("docs_paths: no tlbfuzz subcommands found")
        return 1
    bad = 0
    checked = 0
    for doc in documents():
        rel_doc = os.path.relpath(doc, ROOT)
        with open(doc) as f:
            text = f.read()
        for lineno, line in enumerate(text.splitlines(), 1):
            for m in PATH_RE.finditer(line):
                checked += 1
                if not exists(m.group(1)):
                    print("%s:%d: no such path: %s" % (rel_doc, lineno, m.group(1)))
                    bad += 1
            for m in LINK_RE.finditer(line):
                target = m.group(1).split("#")[0]
                if not target or re.match(r"[a-z]+:", target):
                    continue
                checked += 1
                if not exists(target, os.path.dirname(doc)):
                    print("%s:%d: broken link: %s" % (rel_doc, lineno, target))
                    bad += 1
        for code in CODE_RE.finditer(text):
            for m in CMD_RE.finditer(code.group(0)):
                checked += 1
                if m.group(1) not in known:
                    lineno = text.count("\n", 0, code.start()) + 1
                    print("%s:%d: no such tlbfuzz command: %s" % (rel_doc, lineno, m.group(1)))
                    bad += 1
    with open(os.path.join(ROOT, "README.md")) as f:
        lines = len(f.read().splitlines())
    if lines > README_MAX:
        print("README.md: %d lines, more than %d: move detail to docs/" % (lines, README_MAX))
        bad += 1
    print("docs: %d paths, links and commands checked, %d missing" % (checked, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
