# SPDX-License-Identifier: GPL-2.0-only
"""scripts/triage's side of naming known findings.

A finding is a written-up one (docs/findings.md) when the fix proposed
for it, applied on top of everything the campaign ran with, leaves the
replay silent. The fixes are those `tlbfuzz list-fixes` names, tried in
its order; a model rule already in the campaign's TLBFUZZ_FIXES is
skipped (it was on, and the finding fired).

A fix that is a rule of the model is switched on with TLBFUZZ_FIXES. In
a kernel-mode campaign the fix of a finding in the tree's own code
(scripts/lib/kfixes.py) cannot be: it is an edit of the tree. For those,
a copy of the campaign's tree with that one fix is made and built once
(build/kbisect/<build>+<fix>, kept for later triages), and the finding is
replayed there. The model's rules are tried first: they cost a replay,
a tree fix a build (a few minutes the first time).
"""
import os
import subprocess
import sys

import kbuild
import kfixes

ROOT = kbuild.ROOT


def list_fixes(cli):
    """(fix, finding) pairs of `tlbfuzz list-fixes` (none from a CLI
    without the command)."""
    r = subprocess.run([cli, "list-fixes"], capture_output=True, text=True)
    if r.returncode:
        return []
    return [tuple(line.split("\t")[:2]) for line in r.stdout.splitlines()
            if line.count("\t") >= 1]


def with_fix(base, fix):
    return ",".join(f for f in (base, fix) if f)


class Known:
    """Names findings. REPLAY(cli, path, target, inject, env) -> (rc,
    output) runs one replay; FIRED(rc, output) says whether it fired."""

    def __init__(self, cli, meta, replay, fired, tree_fixes=True):
        self.cli, self.replay, self.fired = cli, replay, fired
        self.fixes = list_fixes(cli)
        self.base = os.environ.get("TLBFUZZ_FIXES", "")
        tree = meta.get("tree") if meta.get("kernel") is not None else None
        self.tree = tree if tree and os.path.isdir(tree) else None
        # tree fix -> its edit of the campaign's tree, read once: none
        # outside a kernel campaign, none the tree has already
        self.edits = dict(kfixes.applicable(self.tree)) \
            if self.tree and tree_fixes else {}
        self.arch, self.page = meta.get("arch"), meta.get("page_size")
        self.built = {}   # tree fix -> its build's tlbfuzz, or None

    def tree_fix(self, fix):
        """The fix's edit of the campaign's tree, or None when this is not
        a kernel campaign, the fix is a model rule, or the tree has it."""
        return self.edits.get(fix)

    def fixed_cli(self, fix, change):
        """tlbfuzz built from a copy of the tree with FIX (once)."""
        if fix in self.built:
            return self.built[fix]
        name = kbuild.build_name(self.tree, self.arch, self.page) + "+" + fix
        copy = os.path.join(ROOT, "build", "kbisect", "trees",
                            os.path.basename(os.path.normpath(self.tree)) + "+" + fix)
        bdir = os.path.join(ROOT, "build", "kbisect", name)
        sys.stderr.write("triage: building %s (the tree with the fix %s) "
                         "to name known findings\n" % (os.path.relpath(bdir, ROOT), fix))
        try:
            kfixes.write_copy(self.tree, copy, [change])
            kbuild.build(bdir, copy, self.arch, self.page, ["tlbfuzz"])
            cli = os.path.join(bdir, "tlbfuzz")
        except (OSError, kbuild.BuildError) as e:
            sys.stderr.write("triage: no build with %s: %s\n" % (fix, e))
            cli = None
        self.built[fix] = cli
        return cli

    def silenced(self, cli, fix, path, target, inject):
        fixes = with_fix(self.base, fix)
        rc, out = self.replay(cli, path, target, inject, {"TLBFUZZ_FIXES": fixes})
        return not self.fired(rc, out)

    def name(self, path, target, inject):
        """(fix, finding, where) of the written-up finding PATH is, where
        is None for a model rule or the fixed build's folder; None for a
        new finding."""
        base = set(self.base.split(","))
        for fix, finding in self.fixes:
            if fix not in base and not self.tree_fix(fix) and \
                    self.silenced(self.cli, fix, path, target, inject):
                return fix, finding, None
        # A tree fix is tried even when the campaign named it in
        # TLBFUZZ_FIXES: that reaches the model's rules, not tree code.
        for fix, finding in self.fixes:
            change = self.tree_fix(fix)
            cli = change and self.fixed_cli(fix, change)
            if cli and self.silenced(cli, "", path, target, inject):
                return fix, finding, os.path.dirname(cli)
        return None
