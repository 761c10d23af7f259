# SPDX-License-Identifier: GPL-2.0-only
"""Cost growth: the fiber runner's exec/s (bench_sched, CPU time) as the
programs grow: operations per CPU, simulated CPUs, and the span the
three mapped areas are spread over (x86_64 geometry, so that wider
spreads need page tables at more levels). Each series' baseline is its
smallest program, measured in the same run."""
import os

from . import common

SERIES = {
    "ops": ("operations per CPU (3 CPUs)", "--ops", [4, 8, 16, 32, 64],
            ["--cpus", 3]),
    "cpus": ("simulated CPUs (16 ops each)", "--cpus", [2, 3, 4],
             ["--ops", 16]),
    "span": ("bytes between the mapped areas (x86_64 geometry)", "--span",
             [1 << 19, 1 << 22, 1 << 31, 1 << 40],
             ["--geometry", "x86_64"]),
}


def run(ctx):
    build = ctx.args.build[0]
    secs = 0.3 if ctx.args.quick else ctx.args.seconds
    for name, (what, flag, values, fixed) in SERIES.items():
        if ctx.args.quick:
            values = values[:2]
        base = None
        rows = []
        for v in values:
            r = common.bench_sched(build, [secs, "fibers", flag, v] + fixed,
                                   ctx.env)
            rate = r["fibers"][1]
            base = base or rate
            ctx.figure("growth", "%s=%s" % (name, hex(v) if name == "span"
                                            else v), rate, base,
                       "cpu-exec/s vs smallest", what)
            rows.append((v, rate))
        dat = ctx.path("growth_%s.dat" % name)
        with open(dat, "w") as f:
            for v, rate in rows:
                f.write("%d %.1f\n" % (v, rate))
        logx = "set logscale x 2\n" if name != "cpus" else ""
        ctx.plot("growth_%s.png" % name, """
set title "fibers (%s): exec/s against %s"
set xlabel "%s"
set ylabel "exec/s (CPU time)"
set yrange [0:*]
set key off
%splot "%s" using 1:2 with linespoints lw 2
""" % (os.path.basename(os.path.normpath(build)), what, what, logx, dat))
