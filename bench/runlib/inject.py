# SPDX-License-Identifier: GPL-2.0-only
"""Cost of a switched-off injection point: bench_sched's fibers with no
switch set in the normal build against a build whose bug switches and
fail_nth points are compiled out (-DTLBFUZZ_INJECT_POINTS=OFF), the same
programs, alternating runs; CPU-time exec/s. The spread of each side's
runs is the noise the ratio is judged against."""
import os
import subprocess

from . import common


def variant(ctx, build):
    """The compiled-out twin of build, configured and built if missing."""
    dest = ctx.args.noinject_build or os.path.normpath(build) + "-noinject"
    exe = os.path.join(dest, "bench", "bench_sched")
    cache = os.path.join(build, "CMakeCache.txt")
    if not os.path.exists(cache):
        raise RuntimeError("no %s: configure %s first" % (cache, build))
    print("inject: building %s (bench_sched, TLBFUZZ_INJECT_POINTS=OFF)"
          % dest, flush=True)
    keep = ("CMAKE_BUILD_TYPE", "CMAKE_C_COMPILER", "CMAKE_ASM_COMPILER",
            "TLBFUZZ_SANITIZER", "TLBFUZZ_ENGINE")
    defs = []
    with open(cache) as f:
        for line in f:
            name = line.split(":", 1)[0]
            if name in keep and "=" in line:
                defs.append("-D%s=%s" % (name, line.split("=", 1)[1].strip()))
    for cmd in (["cmake", "-S", common.SRC, "-B", dest,
                 "-DTLBFUZZ_INJECT_POINTS=OFF"] + defs,
                ["cmake", "--build", dest, "-j2", "--target", "bench_sched"]):
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode:
            raise RuntimeError("%s failed:\n%s" % (" ".join(cmd),
                                                   p.stdout[-2000:]))
    return dest, exe


def spread(xs):
    m = common.median(xs)
    return (max(xs) - min(xs)) / m if m else float("nan")


def run(ctx):
    build = ctx.args.build[0]
    preset = os.path.basename(os.path.normpath(build))
    off, _ = variant(ctx, build)
    reps = 2 if ctx.args.quick else 5
    secs = max(0.3, ctx.args.seconds / 2.0)
    on_rates, off_rates = [], []
    for i in range(reps):
        for b, rates in ((build, on_rates), (off, off_rates)):
            r = common.bench_sched(b, [secs, "fibers"], ctx.env)
            rates.append(r["fibers"][1])
    on, base = common.median(on_rates), common.median(off_rates)
    noise = max(spread(on_rates), spread(off_rates))
    ratio = on / base
    verdict = "within noise" if abs(1 - ratio) <= noise else \
        "OUTSIDE noise"
    ctx.figure("inject", "%s/points-on-vs-compiled-out" % preset, on, base,
               "cpu-exec/s",
               "%d alternating runs each, spread %.1f%%: %s" %
               (reps, 100 * noise, verdict))
    ctx.figure("inject", "%s/noise" % preset, noise, 1.0, "spread",
               "(max-min)/median of the noisier side")
    # Paired: each run against the compiled-out run right after it.
    pairs = [a / b for a, b in zip(on_rates, off_rates)]
    slower = sum(1 for r in pairs if r < 1)
    ctx.figure("inject", "%s/paired-ratio" % preset, common.median(pairs),
               1.0, "median of run pairs",
               "points on slower in %d of %d pairs" % (slower, len(pairs)))
    with open(ctx.path("inject.csv"), "w") as f:
        f.write("run,points_on,compiled_out\n")
        for i, (a, b) in enumerate(zip(on_rates, off_rates)):
            f.write("%d,%.0f,%.0f\n" % (i + 1, a, b))
