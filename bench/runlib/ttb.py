# SPDX-License-Identifier: GPL-2.0-only
"""Time to bug: bench/time-to-bug's trials (run here, or read from an
earlier output folder with --ttb-from) as the survival table of the bug
catalog and a survival curve: the fraction of trials that have not yet
found the bug against time, per switch."""
import csv
import os
import subprocess
import sys

from . import common


def collect(ctx):
    a = ctx.args
    if a.ttb_from:
        src = a.ttb_from
        for f in ("trials.csv", "summary.csv"):
            if not os.path.exists(os.path.join(src, f)):
                raise RuntimeError("--ttb-from %s: no %s there" % (src, f))
        print("time-to-bug: reading %s (not measured in this run)" % src)
        return src
    out = ctx.path("time-to-bug", "x")[:-2]
    trials, limit = (1, 2) if a.quick else (a.ttb_trials, a.ttb_limit)
    switches = "shift-noflush" if a.quick else a.ttb_switches
    cmd = [sys.executable, os.path.join(common.SRC, "bench", "time-to-bug"),
           "--trials", str(trials), "--limit", str(limit), "--out", out,
           "--build", a.build[0], "--switches", switches]
    print("time-to-bug: %s" % " ".join(cmd[1:]), flush=True)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    with open(os.path.join(out, "log.txt"), "w") as f:
        f.write(p.stdout)
    if p.returncode not in (0, 1):
        raise RuntimeError("bench/time-to-bug failed:\n" + p.stdout[-2000:])
    return out


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def run(ctx):
    src = collect(ctx)
    summary = read(os.path.join(src, "summary.csv"))
    trials = read(os.path.join(src, "trials.csv"))
    limit = max(float(t["seconds"]) for t in trials)
    md = ["| switch | target | found/trials | median s | worst s | "
          "median execs | worst execs | oracle |", "|---|---|---|---|---|"
          "---|---|---|"]
    for s in summary:
        found, n = int(s["found"]), int(s["trials"])
        name = s["switch"] if s["switch"] != "none" else \
            "none-%s" % s["target"]
        ctx.figure("ttb", "%s/found" % name, found, n, "trials",
                   "target %s" % s["target"])
        if found:
            ctx.figure("ttb", "%s/median_s" % name,
                       float(s["median_s"]), limit, "s vs longest trial",
                       "worst %s s, median %s execs" %
                       (s["worst_s"], s["median_execs"]))
        md.append("| `%s` | %s | %d/%d | %s | %s | %s | %s | %s |" % (
            s["switch"], s["target"], found, n, s["median_s"] or "-",
            s["worst_s"] or "-", s["median_execs"] or "-",
            s["worst_execs"] or "-", s["oracles"] or "-"))
    with open(ctx.path("survival.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    curves(ctx, trials, limit)


def curves(ctx, trials, limit):
    """survival.dat: one block per switch, (seconds, fraction left)."""
    names = []
    with open(ctx.path("survival.dat"), "w") as f:
        for sw, tgt in dict.fromkeys((t["switch"], t["target"])
                                     for t in trials):
            rs = [t for t in trials if (t["switch"], t["target"]) ==
                  (sw, tgt)]
            sw = sw if sw != "none" else "none (%s)" % tgt
            times = sorted(float(t["seconds"]) for t in rs
                           if int(t["found"]))
            n, left = len(rs), len(rs)
            f.write("# %s\n0.05 1\n" % sw)
            for t in times:
                f.write("%.2f %.4f\n" % (t, left / n))
                left -= 1
                f.write("%.2f %.4f\n" % (t, left / n))
            f.write("%.2f %.4f\n\n\n" % (limit, left / n))
            names.append(sw)
    # Eight colours, then the same with dashes: no two curves alike.
    plots = ", ".join('"%s" index %d using 1:2 with lines lw 2 lc %d dt %d '
                      'title "%s"' % (ctx.path("survival.dat"), i, 1 + i % 8,
                                      1 + i // 8, n)
                      for i, n in enumerate(names))
    ctx.plot("survival.png", """
set title "time to bug: fraction of trials not yet found"
set xlabel "seconds (log)"
set ylabel "surviving trials"
set logscale x
set xrange [0.05:%g]
set yrange [0:1.05]
set key outside right
plot %s
""" % (max(limit, 0.1), plots))
