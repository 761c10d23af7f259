# SPDX-License-Identifier: GPL-2.0-only
"""scripts/fuzz: run a fuzzing campaign over tlbfuzz's targets.

With no arguments: build what is missing, fuzz every target on all cores for
the default time with one live progress line, then triage the findings.
The output folder is resumable: run the same command again to continue from
its corpus. Ctrl-C stops the fuzzers, keeps corpus and crashes, and still
prints the triage summary.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_TIME = 600
FINDING_PREFIXES = ("crash-", "leak-", "timeout-", "oom-", "id:")


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a bad argument on one line and exits 2."""

    def error(self, message):
        sys.stderr.write("scripts/fuzz: %s (see --help)\n" % message)
        sys.exit(2)


def die(msg):
    sys.stderr.write("scripts/fuzz: %s\n" % msg)
    sys.exit(2)


def target_list():
    path = os.path.join(ROOT, "fuzz", "targets", "targets.txt")
    if not os.path.exists(path):
        die("no fuzz/targets/targets.txt: the fuzz targets are not built yet")
    names = []
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                names.append(line)
    return names


def parse_args(argv):
    p = OneLineParser(
        prog="scripts/fuzz",
        description="Run a tlbfuzz fuzzing campaign (default: every target, "
        "all cores, %d s, libFuzzer, output in out/campaign)." % DEFAULT_TIME)
    p.add_argument("targets", nargs="*", metavar="TARGET",
                   help="targets to fuzz (default: all in fuzz/targets/targets.txt)")
    p.add_argument("-t", "--time", type=int, default=DEFAULT_TIME,
                   metavar="SECONDS", help="campaign length (default %(default)s)")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                   metavar="JOBS", help="parallel fuzzing jobs (default: cores)")
    p.add_argument("--engine", choices=("libfuzzer", "afl"), default="libfuzzer")
    p.add_argument("--inject", default=os.environ.get("TLBFUZZ_INJECT", ""),
                   metavar="LIST", help="bug switches to turn on (see tlbfuzz list-bugs)")
    p.add_argument("-o", "--out", default=os.path.join(ROOT, "out", "campaign"),
                   metavar="DIR", help="output folder; resumed if it exists")
    p.add_argument("--merge", action="store_true",
                   help="afterwards, fold the new corpus into corpus/<target>/extra, minimized")
    p.add_argument("--no-build", action="store_true", help="do not (re)build")
    p.add_argument("--no-triage", action="store_true", help="skip the triage step")
    a = p.parse_args(argv)
    if a.time < 1:
        p.error("-t must be at least 1 second")
    if a.jobs < 1:
        p.error("-j must be at least 1")
    known = target_list()
    for t in a.targets:
        if t not in known:
            p.error("unknown target '%s' (targets: %s)" % (t, " ".join(known)))
    a.targets = a.targets or known
    return a


def preset_for(engine):
    return "afl" if engine == "afl" else "asan"


def build(preset):
    bdir = os.path.join(ROOT, "build", preset)
    subprocess.run(["cmake", "--preset", preset], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", bdir, "-j", str(os.cpu_count() or 2)],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def check_inject(bdir, inject):
    if not inject:
        return
    cli = os.path.join(bdir, "tlbfuzz")
    r = subprocess.run([cli, "list-bugs"], capture_output=True, text=True)
    names = {line.split()[0] for line in r.stdout.splitlines() if line.strip()}
    for name in inject.split(","):
        if name and name not in names:
            die("unknown bug switch '%s' (see tlbfuzz list-bugs)" % name)


def seed_dirs(bdir, target):
    """Encoded seeds built from corpus/<target>/seeds, and merged extras."""
    found = []
    for d in (os.path.join(bdir, "corpus", target),
              os.path.join(ROOT, "corpus", target, "extra")):
        if os.path.isdir(d) and os.listdir(d):
            found.append(d)
    return found


def read_options(target):
    """libFuzzer flags from corpus/<target>.options ([libfuzzer] section)."""
    path = os.path.join(ROOT, "corpus", target + ".options")
    flags, section = [], None
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line.startswith("["):
                    section = line.strip("[]")
                elif "=" in line and section == "libfuzzer":
                    k, v = (x.strip() for x in line.split("=", 1))
                    flags.append("-%s=%s" % (k, v))
    return flags


class Job:
    """One fuzzer process for one target."""

    def __init__(self, target, tdir, cmd, env, log):
        self.target = target
        self.tdir = tdir
        self.log = log
        self.proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=log,
                                     cwd=tdir, start_new_session=True)

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)


def libfuzzer_job(a, bdir, target, forks, env):
    tdir = os.path.join(a.out, target)
    corpus = os.path.join(tdir, "corpus")
    crashes = os.path.join(tdir, "crashes")
    os.makedirs(corpus, exist_ok=True)
    os.makedirs(crashes, exist_ok=True)
    binary = os.path.join(bdir, "fuzz_" + target)
    if not os.path.exists(binary):
        die("%s is missing: build failed?" % binary)
    cmd = [binary, corpus] + seed_dirs(bdir, target)
    cmd += ["-fork=%d" % forks, "-ignore_crashes=1", "-ignore_timeouts=1",
            "-ignore_ooms=1", "-max_total_time=%d" % a.time,
            "-artifact_prefix=%s/" % crashes, "-print_final_stats=1"]
    d = os.path.join(ROOT, "corpus", target + ".dict")
    if os.path.exists(d):
        cmd.append("-dict=" + d)
    cmd += read_options(target)
    log = open(os.path.join(tdir, "fuzz.log"), "ab")
    return Job(target, tdir, cmd, env, log)


def afl_jobs(a, bdir, target, instances, env):
    tdir = os.path.join(a.out, target)
    outd = os.path.join(tdir, "afl")
    os.makedirs(outd, exist_ok=True)
    seeds = seed_dirs(bdir, target)
    inp = "-" if os.path.isdir(os.path.join(outd, "main")) else (
        seeds[0] if seeds else None)
    if inp is None:
        die("no seeds for %s" % target)
    binary = os.path.join(bdir, "fuzz_" + target)
    env = dict(env, AFL_NO_UI="1", AFL_SKIP_CPUFREQ="1",
               AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES="1", AFL_NO_AFFINITY="1")
    jobs = []
    for i in range(instances):
        role = ["-M", "main"] if i == 0 else ["-S", "s%d" % i]
        cmd = ["afl-fuzz", "-i", inp, "-o", outd, "-V", str(a.time)] + role
        d = os.path.join(ROOT, "corpus", target + ".dict")
        if os.path.exists(d):
            cmd += ["-x", d]
        cmd += ["--", binary]
        log = open(os.path.join(tdir, "afl-%d.log" % i), "ab")
        jobs.append(Job(target, tdir, cmd, env, log))
    return jobs


STAT_RE = re.compile(r"#(\d+)\S*\s+(?:\w+\s+)?cov: (\d+) ft: (\d+) corp: (\d+)"
                     r".*?exec/s:? (\d+)")


def libfuzzer_stats(tdir):
    """(execs, cov, ft, corpus, exec/s) from the newest status line."""
    path = os.path.join(tdir, "fuzz.log")
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 16384))
            tail = f.read().decode("utf-8", "replace")
    except OSError:
        return None
    last = None
    for m in STAT_RE.finditer(tail):
        last = m
    if not last:
        return None
    return tuple(int(x) for x in last.groups())


def afl_stats(tdir):
    execs = cov = corp = eps = 0
    base = os.path.join(tdir, "afl")
    for inst in (os.listdir(base) if os.path.isdir(base) else []):
        path = os.path.join(base, inst, "fuzzer_stats")
        if not os.path.exists(path):
            continue
        kv = {}
        with open(path) as f:
            for line in f:
                if ":" in line:
                    k, v = line.split(":", 1)
                    kv[k.strip()] = v.strip()
        execs += int(kv.get("execs_done", 0))
        eps += int(float(kv.get("execs_per_sec", 0)))
        corp = max(corp, int(kv.get("corpus_count", 0)))
        cov = max(cov, int(float(kv.get("edges_found", 0))))
    return (execs, cov, 0, corp, eps) if execs else None


def findings(tdir):
    n = 0
    for root, _dirs, files in os.walk(tdir):
        if os.path.basename(root) != "crashes":
            continue
        n += sum(1 for f in files if f.startswith(FINDING_PREFIXES))
    return n


def progress(a, jobs_by_target, start, csv):
    tot_execs = tot_eps = tot_cov = tot_corp = tot_find = 0
    parts = []
    for target in jobs_by_target:
        tdir = os.path.join(a.out, target)
        st = afl_stats(tdir) if a.engine == "afl" else libfuzzer_stats(tdir)
        nf = findings(tdir)
        tot_find += nf
        if st:
            execs, cov, _ft, corp, eps = st
            tot_execs += execs
            tot_eps += eps
            tot_cov += cov
            tot_corp += corp
            parts.append("%s %s/s" % (target, human(eps)))
    elapsed = int(time.time() - start)
    csv.write("%d,%d,%d,%d,%d,%d\n" % (elapsed, tot_execs, tot_eps, tot_cov,
                                        tot_corp, tot_find))
    csv.flush()
    return ("[%4ds/%ds] exec/s %s | cov %d | corpus %d | findings %d | %s" %
            (elapsed, a.time, human(tot_eps), tot_cov, tot_corp, tot_find,
             "  ".join(parts)))


def human(n):
    return "%.1fk" % (n / 1000.0) if n >= 10000 else str(n)


def run_campaign(a, bdir):
    env = dict(os.environ)
    if a.inject:
        env["TLBFUZZ_INJECT"] = a.inject
    else:
        env.pop("TLBFUZZ_INJECT", None)
    per_target = max(1, a.jobs // len(a.targets))
    jobs = {}
    for target in a.targets:
        if a.engine == "afl":
            jobs[target] = afl_jobs(a, bdir, target, per_target, env)
        else:
            jobs[target] = [libfuzzer_job(a, bdir, target, per_target, env)]

    stopping = {"now": False}

    def on_sigint(_sig, _frame):
        stopping["now"] = True

    signal.signal(signal.SIGINT, on_sigint)
    signal.signal(signal.SIGTERM, on_sigint)
    tty = sys.stdout.isatty()
    start = time.time()
    last_print = 0
    with open(os.path.join(a.out, "progress.csv"), "a") as csv:
        if csv.tell() == 0:
            csv.write("elapsed,execs,execs_per_sec,coverage,corpus,findings\n")
        while True:
            alive = [j for js in jobs.values() for j in js if j.proc.poll() is None]
            if stopping["now"] or not alive or time.time() - start > a.time + 30:
                break
            time.sleep(1)
            line = progress(a, jobs, start, csv)
            if tty:
                sys.stdout.write("\r" + line[:shutil.get_terminal_size().columns - 1]
                                 + "\033[K")
                sys.stdout.flush()
            elif time.time() - last_print >= 10:
                print(line, flush=True)
                last_print = time.time()
        for js in jobs.values():
            for j in js:
                j.stop()
        for js in jobs.values():
            for j in js:
                try:
                    j.proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(j.proc.pid, signal.SIGKILL)
                j.log.close()
        line = progress(a, jobs, start, csv)
    print(("\r" if tty else "") + line + ("\033[K" if tty else ""))
    if stopping["now"]:
        print("interrupted: corpus and crashes kept in %s" % a.out)


def merge_corpus(a, bdir):
    for target in a.targets:
        src = os.path.join(a.out, target, "corpus")
        dst = os.path.join(ROOT, "corpus", target, "extra")
        os.makedirs(dst, exist_ok=True)
        tmp = dst + ".new"
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        binary = os.path.join(bdir, "fuzz_" + target)
        subprocess.run([binary, "-merge=1", tmp, dst, src],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(dst)
        os.rename(tmp, dst)
        print("merged %s: %d inputs in corpus/%s/extra" %
              (target, len(os.listdir(dst)), target))


def main(argv):
    a = parse_args(argv)
    a.out = os.path.abspath(a.out)
    preset = preset_for(a.engine)
    bdir = os.path.join(ROOT, "build", preset)
    if not a.no_build:
        build(preset)
    check_inject(os.path.join(ROOT, "build", "asan"), a.inject)
    os.makedirs(a.out, exist_ok=True)
    print("tlbfuzz campaign: %s, %d job(s), %d s, engine %s%s, output %s" %
          (" ".join(a.targets), a.jobs, a.time, a.engine,
           ", inject " + a.inject if a.inject else "", a.out))
    run_campaign(a, bdir)
    if a.merge and a.engine == "libfuzzer":
        merge_corpus(a, bdir)
    if not a.no_triage:
        triage = os.path.join(ROOT, "scripts", "triage")
        report = os.path.join(a.out, "triage.md")
        cmd = [triage, "-o", report]
        if a.inject:
            cmd += ["--inject", a.inject]
        subprocess.run(cmd + [a.out])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
