# SPDX-License-Identifier: GPL-2.0-only
"""scripts/kernel-bisect: check one reproducer (or a short campaign) on
several kernel versions and say where the verdict changes.

For each version, oldest first: prepare the tree (scripts/kernel-src),
build kernel mode (cached in build/kbisect/<version>), replay REPRO with
`tlbfuzz run --kernel --no-inject` (or fuzz for --fuzz seconds) and record
clean or the finding's oracle. Then, for every pair of neighbouring
versions whose verdicts differ, the functions the builds compile
(scripts/lib/kfuncs.py) whose text differs between the two trees.
"""

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import time

import kbuild
import kernelsrc
import kfuncs

ROOT = kbuild.ROOT
REPLAY_TIMEOUT = 300
FINDING_RE = re.compile(r"^==== tlbfuzz finding: ([\w-]+): (.*)$", re.M)
SAN_RE = re.compile(r"ERROR: (AddressSanitizer|LeakSanitizer): ([\w-]+)|"
                    r"runtime error: ([a-z -]+)")
FOUND_ON_RE = re.compile(r"^#\s*found[- ]on:\s*(\d+\.\d+)", re.M | re.I)


class OneLineParser(argparse.ArgumentParser):
    def error(self, message):
        sys.stderr.write("kernel-bisect: %s (see --help)\n" % message)
        sys.exit(2)


def die(msg, rc=2):
    sys.stderr.write("kernel-bisect: %s\n" % msg)
    sys.exit(rc)


def parse_args(argv):
    p = OneLineParser(
        prog="scripts/kernel-bisect",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Replay a reproducer (or, with --fuzz, run a short "
        "campaign) on several kernel versions' own code; print each "
        "version's verdict, where it changes, and which compiled kernel "
        "functions differ there.",
        epilog="Versions are anything scripts/kernel-src takes: 6.1, 6.12, "
        "6.1.170, 6.1.192-3 or a tree folder.\nDefault: every upstream "
        "version listed for the reproducer's line (--line, else the\n"
        "'# found-on: X.Y...' comment of REPRO or of the .txt beside it).\n"
        "Exit: 0 every version clean, 1 a finding on some version, 2 bad "
        "usage,\n3 no finding but some version could not be built or run.")
    p.add_argument("repro", nargs="?", metavar="REPRO",
                   help="the reproducer (binary or text input); optional "
                   "with --fuzz, where it is an extra seed")
    p.add_argument("--versions", metavar='"V1 V2 ..."',
                   help="versions to check, in this order (space or comma "
                   "separated)")
    p.add_argument("--line", metavar="X.Y", help="check every version "
                   "listed for this line (6.1, 6.12)")
    p.add_argument("--fuzz", type=int, metavar="SECONDS",
                   help="run a campaign of this length per version "
                   "(scripts/fuzz, with fuzz_diff) instead of one replay")
    p.add_argument("--target", metavar="T",
                   help="decode REPRO as fuzz target T (a crash file)")
    p.add_argument("--arch", choices=sorted(kbuild.ARCH_PROFILES),
                   help="build only this arch's profiles")
    p.add_argument("--page-size", choices=kbuild.PAGE_SIZES,
                   help="kernel page size (16K, 64K: arm64)")
    p.add_argument("--csv", metavar="FILE",
                   help="write the table as CSV ('-': stdout, table to stderr)")
    p.add_argument("--json", metavar="FILE",
                   help="write versions, verdicts and changes as JSON")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2,
                   help="build jobs (default: cores)")
    p.add_argument("-o", "--out", default=os.path.join(ROOT, "out", "kbisect"),
                   metavar="DIR", help="campaign folders for --fuzz "
                   "(default out/kbisect)")
    a = p.parse_args(argv)
    if a.repro is None and a.fuzz is None:
        p.error("no REPRO given (or --fuzz SECONDS)")
    if a.repro is not None and not os.path.isfile(a.repro):
        p.error("no such reproducer: %s" % a.repro)
    if a.fuzz is not None and a.fuzz < 1:
        p.error("--fuzz needs at least 1 second")
    if a.jobs < 1:
        p.error("-j must be at least 1")
    why = kbuild.check_config(a.arch, a.page_size)
    if why:
        p.error(why)
    if a.versions is not None and a.line is not None:
        p.error("--versions and --line do not go together")
    if a.line is not None and not kernelsrc.LINE_RE.match(a.line):
        p.error("--line takes a line like 6.1, not '%s'" % a.line)
    if a.versions is not None:
        a.version_list = [v for v in re.split(r"[\s,]+", a.versions) if v]
        if not a.version_list:
            p.error("--versions is empty")
        for v in a.version_list:
            if not kernelsrc.is_path(v) and not (
                    kernelsrc.LINE_RE.match(v) or kernelsrc.UPSTREAM_RE.match(v)
                    or kernelsrc.DEBIAN_RE.match(v)):
                p.error("'%s' is not a version (6.1, 6.1.170, 6.1.192-3) nor "
                        "a tree folder" % v)
    else:
        a.version_list = None
    return a


def repro_line(path):
    """The line named by a '# found-on: 6.1.192' comment in PATH or the
    .txt beside it."""
    for p in (path, os.path.splitext(path)[0] + ".txt"):
        try:
            with open(p, errors="replace") as f:
                m = FOUND_ON_RE.search(f.read(65536))
        except OSError:
            continue
        if m:
            return m.group(1)
    return None


def version_specs(a):
    """[(label, spec)] to check, oldest first where listed."""
    if a.version_list is not None:
        out = []
        for v in a.version_list:
            try:
                if kernelsrc.is_path(v):
                    out.append((os.path.basename(os.path.normpath(v)),
                                kernelsrc.check_tree(v)))
                else:
                    out.append((kernelsrc.resolve(v).upstream,
                                kernelsrc.resolve(v).debver))
            except kernelsrc.Error as e:
                die(str(e))
        return out
    line = a.line or (repro_line(a.repro) if a.repro else None)
    if not line:
        die("which versions: --versions or --line (REPRO has no "
            "'# found-on: X.Y' comment)")
    vs = kernelsrc.resolve_all(line)
    if not vs:
        die("no linux-source-%s version listed, on disk or cached" % line, 1)
    return [(v.upstream, v.debver) for v in vs]


class Result:
    def __init__(self, label):
        self.label = label
        self.debver = ""
        self.tree = None
        self.build = None
        self.verdict = "error"    # clean, finding, error
        self.oracle = ""
        self.detail = ""
        self.seconds = 0.0


def classify(output):
    m = FINDING_RE.search(output)
    if m:
        return m.group(1), m.group(2).strip()
    m = SAN_RE.search(output)
    if m:
        what = m.group(2) or m.group(3)
        tool = {"AddressSanitizer": "asan", "LeakSanitizer": "lsan"}.get(
            m.group(1), "ubsan")
        return "%s-%s" % (tool, re.sub(r"\W+", "-", what.strip())), ""
    if "==== fuzz_diff" in output:
        return "divergence", ""
    return "unknown", ""


def replay(a, r):
    cmd = [os.path.join(r.build, "tlbfuzz"), "run", "--kernel", "--no-inject"]
    if a.target:
        cmd += ["--target", a.target]
    cmd.append(os.path.abspath(a.repro))
    try:
        p = subprocess.run(cmd, capture_output=True, text=True,
                           errors="replace", timeout=REPLAY_TIMEOUT)
    except subprocess.TimeoutExpired:
        r.verdict, r.oracle = "finding", "hang"
        r.detail = "replay ran past %d s" % REPLAY_TIMEOUT
        return
    out = p.stdout + p.stderr
    if p.returncode == 0:
        r.verdict = "clean"
    elif p.returncode == 1 or "==== tlbfuzz finding" in out:
        r.verdict = "finding"
        r.oracle, r.detail = classify(out)
    else:
        r.verdict = "error"
        lines = [l for l in out.strip().splitlines() if l.strip()]
        r.detail = lines[-1] if lines else "tlbfuzz run exit %d" % p.returncode


def fuzz(a, r):
    out = os.path.join(os.path.abspath(a.out), r.label)
    shutil.rmtree(out, ignore_errors=True)   # a fresh campaign, not a resumed one
    cmd = [sys.executable, os.path.join(ROOT, "scripts", "lib", "campaign.py"),
           "--build-dir", r.build, "--diff-model", a.peer, "-t", str(a.fuzz),
           "-j", str(a.jobs), "-o", out, "--no-triage"]
    if a.repro:
        cmd += ["--extra-seed", os.path.abspath(a.repro)]
    p = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    if p.returncode not in (0, 130):
        r.verdict = "error"
        r.detail = (p.stderr.strip().splitlines() or ["campaign failed"])[-1]
        return
    crashes = []
    for root, _d, files in os.walk(out):
        if os.path.basename(root) == "crashes":
            crashes += [os.path.join(root, f) for f in sorted(files)
                        if f.startswith(("crash-", "leak-", "timeout-", "oom-"))]
    if not crashes:
        r.verdict = "clean"
        return
    r.verdict = "finding"
    first = crashes[0]
    r.detail = "%d file(s), first %s" % (len(crashes), os.path.relpath(first))
    target = os.path.basename(os.path.dirname(os.path.dirname(first)))
    if target == "diff":
        r.oracle = "divergence"
        return
    p = subprocess.run([os.path.join(r.build, "tlbfuzz"), "run", "--kernel",
                        "--target", target, first], capture_output=True,
                       text=True, errors="replace", timeout=REPLAY_TIMEOUT)
    r.oracle = classify(p.stdout + p.stderr)[0] if p.returncode else \
        "not-reproduced"


def check_version(a, label, spec):
    r = Result(label)
    t0 = time.time()
    try:
        r.tree = kernelsrc.tree_for(spec)
        r.debver = kernelsrc.tree_package(r.tree)
        name = kbuild.build_name(r.tree, a.arch, a.page_size)
        bdir = os.path.join(ROOT, "build", "kbisect", name)
        targets = None if a.fuzz else ["tlbfuzz"]
        r.build = kbuild.build(bdir, r.tree, a.arch, a.page_size, targets,
                               a.jobs)
    except (kernelsrc.Error, kbuild.BuildError) as e:
        r.detail = str(e)
        r.seconds = time.time() - t0
        return r
    if a.fuzz:
        fuzz(a, r)
    else:
        replay(a, r)
    r.seconds = time.time() - t0
    return r


def verdict_text(r):
    return r.verdict + (" (%s)" % r.oracle if r.oracle else "")


def changes(results):
    """[(older, newer, kind)] for neighbours whose verdicts differ."""
    out = []
    checked = [r for r in results if r.verdict != "error"]
    for old, new in zip(checked, checked[1:]):
        if (old.verdict, old.oracle) == (new.verdict, new.oracle):
            continue
        kind = "regression" if old.verdict == "clean" else \
            "fix" if new.verdict == "clean" else "change"
        out.append((old, new, kind))
    return out


def function_diff(old, new):
    recs = [kfuncs.sources(b) for b in (old.build, new.build)]
    return kfuncs.diff(old.tree, new.tree, recs)


def main(argv):
    a = parse_args(argv)
    specs = version_specs(a)
    a.peer = None
    if a.arch:
        # A one-arch build: fuzz inputs fold onto its profiles (arch_env.h).
        os.environ["TLBFUZZ_ARCHES"] = \
            kbuild.ARCH_PROFILES[a.arch].replace(";", ",")
    if a.fuzz:
        try:
            a.peer = kbuild.model_peer(a.jobs)
        except kbuild.BuildError as e:
            die(str(e), 3)
    table_out = sys.stderr if a.csv == "-" else sys.stdout

    def say(s=""):
        table_out.write(s + "\n")
        table_out.flush()

    say("kernel-bisect: %s on %d version(s): %s" % (
        "%d s campaign" % a.fuzz if a.fuzz else os.path.relpath(a.repro),
        len(specs), " ".join(l for l, _ in specs)))
    results = []
    for label, spec in specs:
        r = check_version(a, label, spec)
        results.append(r)
        say("  %-14s %-22s %6.0f s  %s" % (r.label, r.debver or "-",
                                          r.seconds, verdict_text(r)
                                          + (": " + r.detail if r.detail
                                             and r.verdict != "clean" else "")))
    say()
    say("%-14s %-22s %s" % ("version", "package", "verdict"))
    for r in results:
        say("%-14s %-22s %s" % (r.label, r.debver or "-", verdict_text(r)))
    found = changes(results)
    diffs = []
    if not found:
        kinds = {(r.verdict, r.oracle) for r in results if r.verdict != "error"}
        say("no change: %s on every version checked" %
            (verdict_text(results[0]) if len(kinds) == 1 and results and
             results[0].verdict != "error" else "no verdict"))
        checked = [r for r in results if r.verdict != "error"]
        if len(checked) >= 2:
            old, new = checked[0], checked[-1]
            fd = function_diff(old, new)
            say("compiled functions that differ between %s and %s: %s"
                % (old.label, new.label, "none" if not fd else ""))
            for rel, name, what in fd:
                say("  %-8s %s  (%s)" % (what, name, rel))
    for old, new, kind in found:
        if kind == "regression":
            say("\nlast good %s, first bad %s (%s)" % (old.label, new.label,
                                                         new.oracle))
        elif kind == "fix":
            say("\nlast bad %s (%s), first good %s" % (old.label, old.oracle,
                                                         new.label))
        else:
            say("\n%s -> %s: %s becomes %s" % (old.label, new.label,
                                               verdict_text(old),
                                               verdict_text(new)))
        fd = function_diff(old, new)
        diffs.append(fd)
        if fd:
            say("compiled functions that differ between %s and %s:"
                % (old.label, new.label))
            for rel, name, what in fd:
                say("  %-8s %s  (%s)" % (what, name, rel))
        else:
            say("no compiled function differs between %s and %s (the "
                "difference is outside the compiled code: the model's "
                "callers, or the build)" % (old.label, new.label))
    if a.csv:
        write_csv(a.csv, results)
    if a.json:
        write_json(a, results, found, diffs)
    if any(r.verdict == "finding" for r in results):
        return 1
    return 3 if any(r.verdict == "error" for r in results) else 0


def write_csv(path, results):
    f = sys.stdout if path == "-" else open(path, "w", newline="")
    w = csv.writer(f)
    w.writerow(["version", "package", "verdict", "oracle", "seconds", "tree",
                "build", "detail"])
    for r in results:
        w.writerow([r.label, r.debver, r.verdict, r.oracle,
                    "%.1f" % r.seconds, r.tree or "", r.build or "", r.detail])
    if f is not sys.stdout:
        f.close()


def write_json(a, results, found, diffs):
    doc = {"repro": os.path.abspath(a.repro) if a.repro else None,
           "fuzz_seconds": a.fuzz, "arch": a.arch, "page_size": a.page_size,
           "versions": [{"version": r.label, "package": r.debver,
                         "verdict": r.verdict, "oracle": r.oracle,
                         "seconds": round(r.seconds, 1), "tree": r.tree,
                         "build": r.build, "detail": r.detail}
                        for r in results],
           "changes": [{"from": o.label, "to": n.label, "kind": k,
                        "functions": [{"file": f, "function": fn, "change": w}
                                      for f, fn, w in d]}
                       for (o, n, k), d in zip(found, diffs)]}
    with open(a.json, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
