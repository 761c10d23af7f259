# SPDX-License-Identifier: GPL-2.0-only
"""What every benchmark shares: the results file, the figure lines, the
sanitizer environment, running a libFuzzer target, gnuplot."""
import csv
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time

SRC = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
FIELDS = ["benchmark", "figure", "value", "baseline", "ratio", "unit", "note"]
EXEC_RATE = re.compile(r"stat::average_exec_per_sec:\s*(\d+)")
EXECS = re.compile(r"stat::number_of_executed_units:\s*(\d+)")
FINDING = re.compile(r"^==.*ERROR: (libFuzzer|AddressSanitizer|"
                     r"ThreadSanitizer)|^==== tlbfuzz finding", re.M)


class Ctx:
    """One run of the suite: options, output folder, results.csv."""

    def __init__(self, args):
        self.args = args
        self.out = args.out
        self.csv = os.path.join(self.out, "results.csv")
        self.env = sanitizer_env()
        self.gnuplot = shutil.which("gnuplot")
        with open(self.csv, "w", newline="") as f:
            csv.writer(f).writerow(FIELDS)

    def figure(self, bench, name, value, baseline, unit="", note=""):
        """One figure line on stdout and one row of results.csv."""
        ok = baseline and baseline == baseline and value == value
        ratio = value / baseline if ok else float("nan")
        print("%-44s %12s %12s %8s  %s%s" % (
            "%s/%s" % (bench, name), num(value), num(baseline),
            "%.3f" % ratio if ok else "-", unit,
            "  (%s)" % note if note else ""), flush=True)
        with open(self.csv, "a", newline="") as f:
            csv.writer(f).writerow([bench, name, num(value), num(baseline),
                                    "%.4f" % ratio if ok else "",
                                    unit, note])

    def path(self, *parts):
        p = os.path.join(self.out, *parts)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        return p

    def plot(self, png, script):
        """Run a gnuplot script writing PNG png; say so if gnuplot is absent."""
        if not self.gnuplot:
            print("plot %s skipped: gnuplot is not installed "
                  "(apt-get install gnuplot-nox)" % png, flush=True)
            return
        head = ('set terminal pngcairo noenhanced size 800,480\n'
                'set output "%s"\nset grid\nset key top left\n'
                % self.path(png))
        p = subprocess.run([self.gnuplot], input=(head + script).encode(),
                           capture_output=True)
        if p.returncode:
            print("plot %s failed: %s" % (png, p.stderr.decode().strip()))


def num(x):
    if isinstance(x, int):
        return str(x)
    if x != x:
        return "-"
    return "%.4g" % x if abs(x) < 100 else "%.0f" % x


def sanitizer_env():
    """The environment sanitizers/env.sh sets, applied to ours."""
    out = subprocess.run(["bash", "-c", ". '%s/sanitizers/env.sh' && env -0"
                          % SRC], capture_output=True, check=True).stdout
    env = {}
    for item in out.split(b"\0"):
        if b"=" in item:
            k, v = item.split(b"=", 1)
            env[k.decode()] = v.decode()
    env["TLBFUZZ_INJECT"] = ""
    return env


def targets():
    with open(os.path.join(SRC, "fuzz", "targets", "targets.txt")) as f:
        return [t.strip() for t in f
                if re.fullmatch(r"[a-z0-9_]+", t.strip())]


def max_len(build):
    """libFuzzer's -max_len: the input format's limit, from the CLI."""
    out = subprocess.run([os.path.join(build, "tlbfuzz"), "limits",
                          "max_len"], capture_output=True, text=True,
                         check=True).stdout.strip()
    return "-max_len=" + out


def fuzz_cmd(build, target, seconds, seed, work):
    """A libFuzzer command of target from its encoded seeds."""
    corpus = os.path.join(work, "corpus")
    os.makedirs(corpus, exist_ok=True)
    cmd = [os.path.join(build, "fuzz_" + target), "-seed=%d" % seed,
           "-max_total_time=%d" % max(1, round(seconds)),
           "-print_final_stats=1", max_len(build),
           "-artifact_prefix=%s/" % work, corpus]
    if target != "empty":
        cmd.append(os.path.join(build, "corpus", target))
    return cmd


def parse_fuzz_log(log):
    """(exec/s, executed units, stopped on a finding)."""
    rate = EXEC_RATE.search(log)
    execs = EXECS.search(log)
    return (int(rate.group(1)) if rate else 0,
            int(execs.group(1)) if execs else 0,
            bool(FINDING.search(log)))


def fuzz_rate(ctx, build, target, seconds, seed=1, inject=""):
    """One libFuzzer run of SECONDS; (exec/s, execs, finding)."""
    work = tempfile.mkdtemp(prefix="benchrun-")
    env = dict(ctx.env, TLBFUZZ_INJECT=inject)
    try:
        p = subprocess.run(fuzz_cmd(build, target, seconds, seed, work),
                           cwd=work, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT,
                           timeout=seconds * 3 + 60)
        return parse_fuzz_log(p.stdout.decode(errors="replace"))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench_sched(build, argv, env):
    """Run bench_sched; {runner: (exec/s, cpu-exec/s)} from its table."""
    exe = os.path.join(build, "bench", "bench_sched")
    p = subprocess.run([exe] + [str(a) for a in argv], env=env,
                       capture_output=True, text=True)
    if p.returncode:
        raise RuntimeError("bench_sched %s: %s" % (" ".join(map(str, argv)),
                                                    p.stderr.strip()))
    rows = {}
    lines = p.stdout.splitlines()
    cpu = 3 if "vs ceil" in lines[0] else 2  # timed mode: ratio columns
    for line in lines[1:]:
        cols = line.split()
        rows[cols[0]] = (float(cols[1]), float(cols[cpu]))
    return rows


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def need(path, what):
    if not os.access(path, os.X_OK):
        raise RuntimeError("no %s: %s" % (path, what))


def now():
    return time.monotonic()
