# SPDX-License-Identifier: GPL-2.0-only
"""scripts/triage: turn a campaign's findings into one Markdown report.

Each finding is replayed several times with `tlbfuzz run` (flaky ones are
marked), grouped by oracle and top stack frames, the first of each group is
minimized and decoded, and the report gets one section per unique finding
with its oracle, trace excerpt and replay command.
"""

import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FINDING_PREFIXES = ("crash-", "leak-", "timeout-", "oom-", "id:")
REPLAYS = 3


class OneLineParser(argparse.ArgumentParser):
    def error(self, message):
        sys.stderr.write("scripts/triage: %s (see --help)\n" % message)
        sys.exit(2)


def parse_args(argv):
    p = OneLineParser(prog="scripts/triage",
                      description="Reproduce, deduplicate, minimize and decode "
                      "tlbfuzz findings into one Markdown report.")
    p.add_argument("paths", nargs="+", metavar="DIR|FILE")
    p.add_argument("-o", "--output", default="-", metavar="REPORT.md",
                   help="where to write the report (default: stdout)")
    p.add_argument("--inject", default="", metavar="LIST",
                   help="bug switches the findings were made with")
    p.add_argument("--preset", default="asan", help="build to replay with")
    p.add_argument("--no-minimize", action="store_true")
    a = p.parse_args(argv)
    for path in a.paths:
        if not os.path.exists(path):
            p.error("no such file or folder: %s" % path)
    return a


def collect(paths):
    found = []
    for path in paths:
        if os.path.isfile(path):
            found.append(path)
            continue
        for root, _dirs, files in os.walk(path):
            in_afl = os.path.basename(root) == "crashes"
            for f in sorted(files):
                if f.startswith(FINDING_PREFIXES) and (in_afl or not f.startswith("id:")):
                    found.append(os.path.join(root, f))
    return sorted(set(found))


ORACLE_RES = [
    re.compile(r"^tlbfuzz: finding: ([\w-]+)", re.M),
    re.compile(r"^oracle: ([\w-]+)", re.M),
    re.compile(r"ERROR: AddressSanitizer: ([\w-]+)"),
    re.compile(r"WARNING: ThreadSanitizer: ([\w ]+?) \("),
    re.compile(r"ERROR: LeakSanitizer: (detected memory leaks)"),
    re.compile(r"runtime error: (.*)"),
]
FRAME_RE = re.compile(r"#\d+ 0x[0-9a-f]+ in (\w+)")


def signature(output):
    oracle = "unknown"
    for r in ORACLE_RES:
        m = r.search(output)
        if m:
            oracle = m.group(1).strip().replace(" ", "-")
            break
    frames = [f for f in FRAME_RE.findall(output)
              if not f.startswith(("__", "report", "abort", "raise"))][:3]
    return oracle, tuple(frames)


def replay(a, path):
    cli = os.path.join(ROOT, "build", a.preset, "tlbfuzz")
    cmd = [cli, "run", "--trace"]
    if a.inject:
        cmd += ["--inject", a.inject]
    r = subprocess.run(cmd + [path], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def minimize(a, path, group_dir):
    cli = os.path.join(ROOT, "build", a.preset, "tlbfuzz")
    out = os.path.join(group_dir, os.path.basename(path) + ".min")
    cmd = [cli, "minimize", path, "-o", out]
    env = dict(os.environ)
    if a.inject:
        env["TLBFUZZ_INJECT"] = a.inject
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    return out if r.returncode == 0 and os.path.exists(out) else path


def decode(a, path):
    cli = os.path.join(ROOT, "build", a.preset, "tlbfuzz")
    r = subprocess.run([cli, "decode", path], capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else "(decode failed: %s)" % r.stderr.strip()


def main(argv):
    a = parse_args(argv)
    files = collect(a.paths)
    groups = {}
    for path in files:
        results = [replay(a, path) for _ in range(REPLAYS)]
        reproduced = sum(1 for rc, _ in results if rc != 0)
        sig = signature(results[0][1]) if reproduced else ("not-reproduced", ())
        g = groups.setdefault(sig, {"files": [], "flaky": False, "output": ""})
        g["files"].append(path)
        g["flaky"] |= 0 < reproduced < REPLAYS
        if not g["output"] and reproduced:
            g["output"] = next(o for rc, o in results if rc != 0)

    lines = ["# tlbfuzz triage", "",
             "%d finding file(s), %d unique (by oracle and top frames)." %
             (len(files), len(groups)), ""]
    out_dir = os.path.dirname(os.path.abspath(a.output)) if a.output != "-" else "."
    for n, (sig, g) in enumerate(sorted(groups.items()), 1):
        oracle, frames = sig
        first = g["files"][0]
        mini = first
        if oracle != "not-reproduced" and not a.no_minimize:
            mini = minimize(a, first, out_dir)
        inject = " --inject %s" % a.inject if a.inject else ""
        lines += ["## %d. %s%s" % (n, oracle, " (flaky)" if g["flaky"] else ""), "",
                  "- top frames: %s" % (", ".join(frames) or "-"),
                  "- files: %d (first: `%s`)" % (len(g["files"]), first),
                  "- replay: `build/%s/tlbfuzz run%s %s`" % (a.preset, inject, mini),
                  ""]
        if oracle != "not-reproduced":
            lines += ["Decoded program:", "", "```", decode(a, mini).rstrip(), "```", "",
                      "Report:", "", "```", g["output"].strip()[-6000:], "```", ""]
    text = "\n".join(lines) + "\n"
    if a.output == "-":
        sys.stdout.write(text)
    else:
        with open(a.output, "w") as f:
            f.write(text)
        print("triage: %d finding(s), %d unique -> %s" % (len(files), len(groups), a.output))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
