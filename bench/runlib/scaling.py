# SPDX-License-Identifier: GPL-2.0-only
"""Scaling: N independent libFuzzer processes of one target (distinct
-seed, own corpus folder, the same encoded seeds) for a fixed wall time;
total exec/s against N times the single job's rate of the same run. Then
time to bug with N jobs: the first report among N processes with the
switch set, against one job. Host, core count and date go into
results.csv's note and scaling.txt: with more jobs than cores the
processes share cores and the ratio measures oversubscription."""
import datetime
import os
import shutil
import signal
import socket
import subprocess
import tempfile

from . import common


def host():
    return "%s, %d cores, load %.1f, %s" % (
        socket.gethostname(), os.cpu_count(), os.getloadavg()[0],
        datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"))


def spawn(ctx, target, n, seconds, inject, first_seed):
    work = tempfile.mkdtemp(prefix="benchrun-scale-")
    env = dict(ctx.env, TLBFUZZ_INJECT=inject)
    procs = []
    for i in range(n):
        w = os.path.join(work, str(i))
        os.makedirs(w)
        log = open(os.path.join(w, "log"), "w")
        procs.append((subprocess.Popen(
            common.fuzz_cmd(ctx.args.build[0], target, seconds,
                            first_seed + i, w), cwd=w, env=env, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True), w, log))
    return work, procs


def reap(work, procs):
    out = []
    for p, w, log in procs:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        log.close()
        with open(os.path.join(w, "log"), errors="replace") as f:
            out.append(common.parse_fuzz_log(f.read()))
    shutil.rmtree(work, ignore_errors=True)
    return out


def throughput(ctx, target, n, seconds):
    t0 = common.now()
    work, procs = spawn(ctx, target, n, seconds, "", 1)
    for p, _, _ in procs:
        p.wait()
    wall = common.now() - t0
    res = reap(work, procs)
    return sum(e for _, e, _ in res) / wall, any(f for _, _, f in res)


def first_bug(ctx, target, n, switch, limit, seed):
    """Seconds until the first of n jobs reports (None: none in limit)."""
    t0 = common.now()
    work, procs = spawn(ctx, target, n, limit, switch, seed)
    found = None
    while found is None and common.now() - t0 < limit + 30:
        for p, w, _ in procs:
            if any(f.startswith("crash-") for f in os.listdir(w)):
                found = common.now() - t0
        if all(p.poll() is not None for p, _, _ in procs):
            break
        common.time.sleep(0.02)
    reap(work, procs)
    return found


def run(ctx):
    a = ctx.args
    jobs = [1, 2] if a.quick else a.jobs
    where = host()
    with open(ctx.path("scaling.txt"), "w") as f:
        f.write("measured on %s; jobs %s\n" % (where, jobs))
    print("scaling on %s" % where, flush=True)
    target = "exec"
    single = None
    rows = []
    for n in jobs:
        rate, finding = throughput(ctx, target, n, a.seconds * 2)
        single = single or rate
        over = "" if n <= os.cpu_count() else \
            "oversubscribed: %d jobs on %d cores; " % (n, os.cpu_count())
        goal = "goal 0.8 x linear %s; " % (
            "met" if rate >= 0.8 * n * single else "not met")
        ctx.figure("scaling", "fuzz_%s/%d-jobs" % (target, n), rate,
                   n * single, "exec/s vs N x 1 job", goal + over +
                   ("a job stopped on a finding; " if finding else "") +
                   where)
        rows.append([n, rate, n * single])
    switches = ["shift-noflush"] if a.quick else a.scaling_switches
    limit = 2 if a.quick else a.ttb_limit
    for sw in switches:
        tgt = "exec" if sw == "shift-noflush" else "gather"
        base = None
        for n in jobs:
            times = [first_bug(ctx, tgt, n, sw, limit, 1000 * t + 1)
                     for t in range(a.scaling_trials)]
            hit = [t for t in times if t is not None]
            # A miss counts as longer than the limit (censored): no
            # median when half or more of the trials missed.
            med = common.median([t if t is not None else float("inf")
                                 for t in times])
            if med == float("inf"):
                med = float("nan")
            if n == jobs[0]:
                base = med  # the fewest jobs, even when it has no median
            ctx.figure("scaling", "%s/ttb-%d-jobs" % (sw, n), med, base,
                       "s vs %d job(s)" % jobs[0], "%d/%d trials found within %d s" %
                       (len(hit), len(times), limit))
            for r in rows:
                if r[0] == n:
                    r.append(med)
    with open(ctx.path("scaling.dat"), "w") as f:
        f.write("# jobs exec/s linear ttb-s(%s)\n" % ",".join(switches))
        for r in rows:
            f.write(" ".join(common.num(x) for x in r) + "\n")
    ctx.plot("scaling.png", """
set title "fuzz_%s: total exec/s with N jobs (%s)"
set xlabel "jobs"
set ylabel "exec/s"
set logscale x 2
plot "%s" using 1:2 with linespoints lw 2 title "measured", \\
     "" using 1:3 with lines dt 2 title "N x 1 job", \\
     "" using 1:(0.8*$3) with lines dt 3 title "0.8 x linear"
""" % (target, where.split(",")[1].strip(), ctx.path("scaling.dat")))
    cols = ", ".join('"%s" using 1:%d with linespoints lw 2 title "%s"' %
                     (ctx.path("scaling.dat"), 4 + i, sw)
                     for i, sw in enumerate(switches))
    ctx.plot("scaling_ttb.png", """
set title "time to bug with N jobs: first report among N (median s)"
set datafile missing "-"
set xlabel "jobs"
set ylabel "seconds"
set logscale x 2
plot %s
""" % cols)
