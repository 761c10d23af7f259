# SPDX-License-Identifier: GPL-2.0-only
"""scripts/triage: turn a campaign's findings into one Markdown report.

Each finding is replayed several times with `tlbfuzz run` (ones that do
not fire every time are marked flaky), grouped by oracle and top frames,
the first of each group is minimized and decoded, a group that goes away
with the proposed fix of a written-up finding (`tlbfuzz list-fixes`: a
TLBFUZZ_FIXES rule, or in kernel mode an edit of the tree built once;
triage_known.py) is named as that known finding, and the report gets one
section per unique finding with its oracle, trace excerpt and replay
command; beside the report, REPORT.d/ holds each unique finding's
minimized reproducer and its HTML view (tlbfuzz report --html).

A crash file of a fuzz target is decoded the way that target decodes it,
so it is replayed with `--target T`: T comes from --target, or from the
campaign layout (OUT/<target>/crashes/, OUT/<target>/afl/<inst>/crashes/).
Bug switches come from --inject, or from OUT/campaign.json that
scripts/fuzz leaves behind; a file outside a campaign is replayed as it
is (its header's switches apply). The campaign's TLBFUZZ_ARCHES and
TLBFUZZ_FIXES (campaign.json) apply to every replay unless set.
"""

import argparse
import os
import re
import subprocess
import sys

import triage_diff
import triage_known
from triage_known import with_fix
from crashstate import ignored as runtime_frame
from targets import target_list as read_target_list

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FINDING_PREFIXES = ("crash-", "leak-", "timeout-", "oom-", "slow-unit-", "id:")
REPLAY_TIMEOUT = 60


class OneLineParser(argparse.ArgumentParser):
    def error(self, message):
        sys.stderr.write("scripts/triage: %s (see --help)\n" % message)
        sys.exit(2)


def target_list():
    names = read_target_list()
    if names is None:
        sys.stderr.write("scripts/triage: no fuzz/targets/targets.txt: "
                         "the fuzz targets are not built yet\n")
        sys.exit(2)
    return names + [triage_diff.TARGET]


def parse_args(argv):
    p = OneLineParser(prog="scripts/triage",
                      description="Reproduce, deduplicate, minimize and decode "
                      "tlbfuzz findings into one Markdown report.")
    p.add_argument("paths", nargs="+", metavar="DIR|FILE",
                   help="a campaign folder (scripts/fuzz -o), crash folders or files")
    p.add_argument("-o", "--output", default="-", metavar="REPORT.md",
                   help="where to write the report (default: stdout); minimized "
                   "reproducers go to the folder REPORT.d beside it")
    p.add_argument("--target", default=None, metavar="T",
                   help="decode every file as fuzz target T (default: from the "
                   "campaign layout; none for a loose file)")
    p.add_argument("--inject", default=None, metavar="LIST",
                   help="bug switches the findings were made with (default: "
                   "from the campaign's campaign.json)")
    p.add_argument("--preset", default="asan",
                   help="replay with build/PRESET/tlbfuzz (default asan)")
    p.add_argument("--build-dir", default=None, metavar="DIR",
                   help="replay with DIR/tlbfuzz instead")
    p.add_argument("--replays", type=int, default=3, metavar="N",
                   help="replays per file; fewer hits than N is flaky (default 3)")
    p.add_argument("--no-minimize", action="store_true")
    p.add_argument("--no-tree-fixes", action="store_true",
                   help="kernel mode: do not build copies of the campaign's "
                   "tree with the known fixes in its own code to name its "
                   "findings (those stay unnamed)")
    a = p.parse_args(argv)
    for path in a.paths:
        if not os.path.exists(path):
            p.error("no such file or folder: %s" % path)
    if a.replays < 1:
        p.error("--replays must be at least 1")
    if a.target is not None and a.target not in target_list():
        p.error("unknown target '%s' (targets: %s)" % (a.target, " ".join(target_list())))
    a.cli = os.path.join(os.path.abspath(a.build_dir) if a.build_dir else
                         os.path.join(ROOT, "build", a.preset), "tlbfuzz")
    if not os.access(a.cli, os.X_OK):
        p.error("%s is not built (cmake --preset %s && cmake --build build/%s)"
                % (a.cli, a.preset, a.preset))
    return a


def collect(paths):
    found = []
    for path in paths:
        if os.path.isfile(path):
            found.append(os.path.abspath(path))
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if not d.endswith(".d")]
            # AFL++ moves an earlier run's findings to crashes.<time>
            # when it resumes in place (scripts/fuzz's turns do).
            in_crashes = os.path.basename(root).split(".")[0] in ("crashes", "hangs")
            for f in files:
                if f.startswith("id:") and not in_crashes:
                    continue
                if f.startswith(FINDING_PREFIXES):
                    found.append(os.path.abspath(os.path.join(root, f)))
    return sorted(set(found))


def infer_target(path, targets):
    """OUT/<t>/crashes/F or OUT/<t>/afl/<inst>/crashes/F -> t."""
    parts = os.path.abspath(path).split(os.sep)
    if len(parts) >= 3 and parts[-2].split(".")[0] in ("crashes", "hangs"):
        if len(parts) >= 5 and parts[-4] == "afl" and parts[-5] in targets:
            return parts[-5]
        if parts[-3] in targets:
            return parts[-3]
    return None


def campaign_inject(path):
    """The switches in the campaign.json of path or a folder above it."""
    return triage_diff.campaign_meta(path).get("inject")


# --- signatures --------------------------------------------------------

TLBFUZZ_RE = re.compile(r"^==== tlbfuzz finding: ([\w-]+): (.*)$", re.M)
OBJECT_RE = re.compile(r"^  object: (.*)$", re.M)
STACK_RE = re.compile(r"^  stack: (.*)$", re.M)
OTHER_RE = re.compile(r"^  object: .* with no lock in (\w+)$", re.M)
OTHER_PREFIX = "walker "
SAN_RES = [
    ("asan", re.compile(r"ERROR: AddressSanitizer: ([\w-]+)")),
    ("lsan", re.compile(r"ERROR: LeakSanitizer: detected memory (leaks)")),
    ("tsan", re.compile(r"WARNING: ThreadSanitizer: ([\w -]+?)(?: \(|$)", re.M)),
    ("ubsan", re.compile(r"runtime error: ([a-z -]+)")),
]
# ASan/UBSan/LSan: "#1 0x55d3 in func file:line"; TSan: "#1 func file:line (bin+0x..)".
FRAME_RE = re.compile(r"^\s*#\d+ (?:0x[0-9a-f]+ in )?([A-Za-z_][\w.$]*)", re.M)
RUNTIME_FRAMES = re.compile(
    r"^(__asan|__tsan|__ubsan|__lsan|__sanitizer|__interceptor|__libc|__GI_|"
    r"_start$|abort$|raise$|malloc$|calloc$|realloc$|free$|operator|"
    r"report_|oracle_fire|tlbf_oracle)")
TRACE_LINE_RE = re.compile(r"^>\s*\d+\s+(\S.*?)\(0x[0-9a-f]+\)\s*$", re.M)
TRACE_ANY_RE = re.compile(r"^[ >]\s*\d+\s+(\S.*?)\(0x[0-9a-f]+\)\s*$", re.M)


def sanitizer_frames(text):
    """Top frames of the first stack in a sanitizer report."""
    frames = []
    for m in FRAME_RE.finditer(text):
        name = m.group(1)
        if RUNTIME_FRAMES.match(name):
            continue
        if name in frames:
            continue
        frames.append(name)
        if len(frames) == 3:
            break
    return frames


def object_kind(text):
    m = OBJECT_RE.search(text)
    if not m:
        return ""
    return re.split(r"[#(:]", m.group(1), 1)[0].strip()


def fatal_events(text):
    """The last events of the fatal step (the '>' trace lines), innermost last."""
    events = [e.strip() for e in TRACE_LINE_RE.findall(text)]
    if not events:  # the fatal step recorded none: the trace's last events
        events = [e.strip() for e in TRACE_ANY_RE.findall(text)]
    return events[-3:]


def oracle_state(output):
    """A tlbfuzz report's crash state: the three frames of its stack line
    outside the runtimes, as a fuzz target's crash shows them."""
    m = STACK_RE.search(output)
    if not m:
        return ()
    names = [f.strip() for f in m.group(1).split(" <- ")]
    return tuple([f for f in names if not runtime_frame(f, "")][:3])


def signature(output):
    """(oracle, top frames) of one replay's output.

    A sanitizer report has a stack: its top three frames outside the
    runtimes. A tlbfuzz oracle's report has the stack of the place that
    fired (the oracle's function, then the kernel functions): its crash
    state the same way. A build without a symbolizer prints none: then
    the "frame" is the kind of object it caught (page, pte table...).
    """
    m = TLBFUZZ_RE.search(output)
    if m:
        # Two races of one freeing path with different walkers are two
        # findings: the walker the object line names goes in the key.
        other = tuple(OTHER_PREFIX + w for w in OTHER_RE.findall(output)[:1])
        state = oracle_state(output)
        if state:
            return m.group(1), state + other
        kind = object_kind(output)
        return m.group(1), ((kind,) if kind else ()) + other
    for tool, r in SAN_RES:
        m = r.search(output)
        if m:
            what = re.sub(r"[^\w]+", "-", m.group(1).strip()).strip("-")
            return "%s-%s" % (tool, what), tuple(sanitizer_frames(output))
    if "==== divergence" in output:
        return triage_diff.signature(output)
    if "timed out" in output:
        return "hang", ()
    return "unknown", ()


def show_frames(frames):
    """'a <- b <- c', then '; against walker W' for the other side."""
    own = [f for f in frames if not f.startswith(OTHER_PREFIX)]
    other = [f for f in frames if f.startswith(OTHER_PREFIX)]
    return "; against ".join([" <- ".join(own) or "-"] + other)


def excerpt(output, limit=60):
    """The report's head, then the trace up to the fatal step (the '>'
    lines, or the end of the trace when the fatal step recorded no event),
    then the replay command."""
    lines = output.rstrip().splitlines()
    if len(lines) <= limit:
        return "\n".join(lines)
    head = lines[:12]
    fatal = [i for i, l in enumerate(lines) if l.startswith(">")]
    replay = [i for i, l in enumerate(lines) if l.startswith("---- replay")]
    end = fatal[-1] + 1 if fatal else (replay[-1] if replay else len(lines))
    lo = max(12, end - (limit - 16))
    if replay:
        tail = lines[replay[-1]:replay[-1] + 2]
        gap = end < replay[-1]
    else:
        tail, gap = [], end < len(lines)
    return "\n".join(head + ["[...]"] + lines[lo:end] + (["[...]"] if gap else []) + tail)


# --- running the CLI ---------------------------------------------------

def cli(a):
    return a.cli


def opts(target, inject):
    o = []
    if target:
        o += ["--target", target]
    if inject:
        o += ["--inject", inject]
    return o


def replay(a, path, target, inject, env=None):
    return replay_with(cli(a), path, target, inject, env)


def replay_with(cli_path, path, target, inject, env=None):
    if target == triage_diff.TARGET:
        return triage_diff.replay(cli_path, path, REPLAY_TIMEOUT)
    cmd = [cli_path, "run"] + opts(target, inject) + [path]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True,
                           errors="replace", timeout=REPLAY_TIMEOUT,
                           env=dict(os.environ, **env) if env else None)
    except subprocess.TimeoutExpired:
        return -1, "replay timed out after %d s" % REPLAY_TIMEOUT
    return r.returncode, r.stdout + r.stderr


def fired(rc, output):
    if rc == 2 and "==== tlbfuzz finding" not in output:
        return False  # bad usage or unreadable file
    return rc != 0


def known_as(known, path, target, inject):
    """The written-up finding this one is (triage_known.py), or None."""
    if target == triage_diff.TARGET:
        return None
    return known.name(path, target, inject)


def known_line(known):
    fix, finding, where = known
    if where:
        how = "no finding on a copy of the tree with that fix, `%s`" % rel(where)
    else:
        how = "no finding with `TLBFUZZ_FIXES=%s`" % with_fix(
            os.environ.get("TLBFUZZ_FIXES", ""), fix)
    return "- known: docs/findings.md, `%s`, fixed by `%s` (%s)" % (finding, fix, how)


def minimize(a, path, target, inject, out):
    cmd = [cli(a), "minimize"] + opts(target, inject) + [path, "-o", out]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return path
    return out if r.returncode == 0 and os.path.exists(out) else path


def html_page(a, path, target, inject, out):
    """The finding's HTML view (tlbfuzz report --html); None if it failed."""
    cmd = [cli(a), "report", "--html"] + opts(target, inject) + [path, "-o", out]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True,
                           timeout=REPLAY_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None
    return out if r.returncode in (0, 1) and os.path.exists(out) else None


def decode(a, path, target):
    cmd = [cli(a), "decode"] + (["--target", target] if target else []) + [path]
    r = subprocess.run(cmd, capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else "(decode failed: %s)" % r.stderr.strip()


def rel(path):
    try:
        r = os.path.relpath(path)
    except ValueError:
        return path
    return path if r.startswith("../..") else r


def main(argv):
    a = parse_args(argv)
    targets = target_list()
    files = collect(a.paths)
    meta = triage_diff.campaign_meta(a.paths[0])
    # A kernel campaign for one arch folds inputs onto its profiles; the
    # model-rule fixes a campaign ran with change its interleavings.
    for var, key in (("TLBFUZZ_ARCHES", "arches"), ("TLBFUZZ_FIXES", "fixes")):
        if meta.get(key):
            os.environ.setdefault(var, meta[key])
    groups = {}
    for path in files:
        target = a.target or infer_target(path, targets)
        inject = a.inject
        if inject is None:
            inject = campaign_inject(path) or ""
        results = [replay(a, path, target, inject) for _ in range(a.replays)]
        hits = [o for rc, o in results if fired(rc, o)]
        sig = signature(hits[0]) if hits else ("not-reproduced", ())
        key = (target or "-", inject) + sig
        g = groups.setdefault(key, {"files": [], "hits": 0, "runs": 0,
                                    "output": "", "target": target,
                                    "inject": inject, "sig": sig})
        g["files"].append(path)
        g["hits"] += len(hits)
        g["runs"] += len(results)
        if not g["output"]:
            g["output"] = hits[0] if hits else results[0][1]

    real = sum(1 for g in groups.values() if g["sig"][0] != "not-reproduced")
    known = triage_known.Known(cli(a), meta, replay_with, fired,
                               not a.no_tree_fixes)
    for g in groups.values():
        g["known"] = None if g["sig"][0] == "not-reproduced" else \
            known_as(known, g["files"][0], g["target"], g["inject"])
    lines = ["# tlbfuzz triage", "",
             "%d finding file(s), %d unique finding(s) (by target, oracle and top "
             "frames), each replayed %d time(s) with %s." %
             (len(files), real, a.replays, rel(a.cli)), ""]
    mdir = None
    if a.output != "-" and groups:
        mdir = os.path.splitext(os.path.abspath(a.output))[0] + ".d"
        os.makedirs(mdir, exist_ok=True)
    order = sorted(groups.values(),
                   key=lambda g: (g["sig"][0] == "not-reproduced", g["sig"]))
    for n, g in enumerate(order, 1):
        oracle, frames = g["sig"]
        first = g["files"][0]
        target, inject = g["target"], g["inject"]
        flaky = 0 < g["hits"] < g["runs"]
        mini = first
        if oracle != "not-reproduced" and not a.no_minimize and mdir and \
                target != triage_diff.TARGET:
            mini = minimize(a, first, target, inject,
                            os.path.join(mdir, "%d-%s.bin" % (n, oracle)))
        # A minimized file is re-encoded by minimize itself, so it is still
        # replayed as the same target with the same switches.
        replay_cmd = " ".join([rel(a.cli), "run"] +
                              opts(target, inject) + [rel(mini)])
        if target == triage_diff.TARGET:
            replay_cmd = triage_diff.replay_text(a.cli, mini, rel)
        elif target:
            replay_cmd = " ".join(["%s=%s" % (v, os.environ[v]) for v in
                                   ("TLBFUZZ_ARCHES", "TLBFUZZ_FIXES")
                                   if os.environ.get(v)] + [replay_cmd])
        page = None
        if (oracle != "not-reproduced" and mdir and
                target != triage_diff.TARGET):
            page = html_page(a, mini, target, inject,
                             os.path.join(mdir, "%d-%s.html" % (n, oracle)))
        title = "## %d. %s" % (n, oracle)
        if flaky:
            title += " (flaky: %d of %d replays)" % (g["hits"], g["runs"])
        if g["known"]:
            title += " (known: %s)" % g["known"][1]
        lines += [title, "",
                  "- target: %s" % (target or "none (file replayed as it is)"),
                  "- bug switches: %s" % (inject or "none"),
                  "- object or top frames: %s" % show_frames(frames),
                  "- fatal step ends in: %s" % (" -> ".join(fatal_events(g["output"])) or "-"),
                  "- files: %d (first: `%s`)" % (len(g["files"]), rel(first)),
                  "- reproducer: `%s`" % rel(mini),
                  "- replay: `%s`" % replay_cmd]
        if page:
            lines.append("- HTML view: `%s`" % rel(page))
        if g["known"]:
            lines.append(known_line(g["known"]))
        lines.append("")
        if oracle == "not-reproduced":
            lines += ["Did not fire in %d replays. Output of the first:" % g["runs"],
                      "", "```", excerpt(g["output"], 20), "```", ""]
            continue
        lines += ["Decoded reproducer:", "", "```",
                  decode(a, mini, triage_diff.decodes_as(mini)
                         if target == triage_diff.TARGET else target).rstrip(),
                  "```", "",
                  "Report excerpt:", "", "```", excerpt(g["output"]), "```", ""]
        if len(g["files"]) > 1:
            lines += ["Duplicates:", ""] + ["- `%s`" % rel(f) for f in g["files"][1:20]]
            if len(g["files"]) > 20:
                lines.append("- ... and %d more" % (len(g["files"]) - 20))
            lines.append("")
    text = "\n".join(lines) + "\n"
    if a.output == "-":
        sys.stdout.write(text)
    else:
        with open(a.output, "w") as f:
            f.write(text)
        print("triage: %d finding file(s), %d unique -> %s" % (len(files), real, a.output))
        for g in order:
            print("  %-32s %4d file(s)%s%s" % (
                g["sig"][0], len(g["files"]),
                "  flaky" if 0 < g["hits"] < g["runs"] else "",
                "  known: " + g["known"][1] if g["known"] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
