# SPDX-License-Identifier: GPL-2.0-only
"""Throughput: every fuzz target of every preset against the empty
libFuzzer target of the same build (libFuzzer's exec/s), and the fiber
runner against the pthread-per-input baton and the no-switching ceiling
(bench_sched, same programs, interleaved round by round)."""
import os

from . import common


def run(ctx):
    rows = []
    for build in ctx.args.build:
        preset = os.path.basename(os.path.normpath(build))
        common.need(os.path.join(build, "fuzz_empty"),
                    "build the %s preset (libFuzzer) first" % preset)
        secs = ctx.args.seconds
        # The empty target before and after the others: its mean is the
        # baseline, the two runs' difference shows the drift meanwhile.
        before, _, _ = common.fuzz_rate(ctx, build, "empty", secs)
        got = []
        for t in common.targets():
            got.append((t,) + common.fuzz_rate(ctx, build, t, secs))
        after, _, _ = common.fuzz_rate(ctx, build, "empty", secs)
        empty = (before + after) / 2.0
        ctx.figure("throughput", "%s/fuzz_empty" % preset, empty, empty,
                   "exec/s", "the baseline: mean of %d before and %d after"
                   % (before, after))
        for t, rate, execs, found in got:
            note = "stopped on a finding after %d execs" % execs \
                if found else ""
            ctx.figure("throughput", "%s/fuzz_%s" % (preset, t), rate,
                       empty, "exec/s vs empty", note)
            rows.append((preset, t, rate / empty if empty else 0))
        runners(ctx, build, preset)
    with open(ctx.path("throughput.dat"), "w") as f:
        for i, (preset, t, ratio) in enumerate(rows):
            f.write("%d %s/%s %.6f\n" % (i, preset, t, ratio))
    ctx.plot("throughput.png", """
set title "fuzz targets: exec/s / empty target's exec/s (same build)"
set style fill solid 0.6
set boxwidth 0.7
set logscale y
set ylabel "ratio to fuzz_empty"
set xtics rotate by -30
set rmargin 10
set bmargin 6
set key off
plot "%s" using 1:3:xtic(2) with boxes
""" % ctx.path("throughput.dat"))


def runners(ctx, build, preset):
    r = common.bench_sched(build, [ctx.args.seconds], ctx.env)
    fib, baton, seq = r["fibers"], r["baton"], r["sequential"]
    ctx.figure("runners", "%s/fibers-vs-baton (wall)" % preset, fib[0],
               baton[0], "exec/s", "baton: pthread per CPU per input")
    ctx.figure("runners", "%s/fibers-vs-baton (cpu)" % preset, fib[1],
               baton[1], "cpu-exec/s")
    ctx.figure("runners", "%s/fibers-vs-ceiling (cpu)" % preset, fib[1],
               seq[1], "cpu-exec/s", "ceiling: no switching")
