# SPDX-License-Identifier: GPL-2.0-only
"""scripts/fuzz: run a fuzzing campaign over tlbfuzz's targets.

With no arguments: build what is missing, fuzz every target on all cores for
the default time with one live progress line, then triage the findings.
The output folder is resumable: run the same command again to continue from
its corpus. Ctrl-C stops the fuzzers, keeps corpus and crashes, and still
prints the triage summary.
"""

import argparse
import ctypes
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import kbuild
import kernelsrc
from targets import target_list as read_target_list

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_TIME = 600
FINDING_PREFIXES = ("crash-", "leak-", "timeout-", "oom-", "id:")
# fuzz_diff (kernel builds): the differential oracle as a campaign target.
# It decodes every input as the race target (all operations), from the
# seeds of the three operation targets.
DIFF_TARGET = "diff"
DIFF_DECODES_AS = "race"
DIFF_SEEDS = ("gather", "exec", "race")
# Reproducers tried first by every campaign: known bugs' and findings'.
# corpus/kernel-bugs is not among them: its inputs fire on correct code
# (the kernel's findings), and a seed that crashes stops libFuzzer at once.
REGRESS_DIRS = ("corpus/regress",)


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a bad argument on one line and exits 2."""

    def error(self, message):
        sys.stderr.write("scripts/fuzz: %s (see --help)\n" % message)
        sys.exit(2)


def die(msg):
    sys.stderr.write("scripts/fuzz: %s\n" % msg)
    sys.exit(2)


def target_list():
    names = read_target_list()
    if names is None:
        die("no fuzz/targets/targets.txt: the fuzz targets are not built yet")
    return names


def parse_args(argv):
    p = OneLineParser(
        prog="scripts/fuzz",
        description="Run a tlbfuzz fuzzing campaign (default: every target, "
        "all cores, %d s, libFuzzer, output in out/campaign)." % DEFAULT_TIME,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="The output folder gets campaign.json, progress.csv (one row a "
        "second,\nfor scripts/plot), <target>/corpus, <target>/crashes (or "
        "<target>/afl),\n<target>/fuzz.log and triage.md. Running again on it "
        "resumes. Ctrl-C stops\nthe fuzzers, keeps corpus and crashes, prints "
        "the summary and triages\n(exit 130). -j N is N fuzzing processes in all; with "
        "fewer jobs than targets,\nthe targets take turns. See docs/workflows.md.")
    p.add_argument("targets", nargs="*", metavar="TARGET",
                   help="targets to fuzz (default: all in fuzz/targets/targets.txt)")
    p.add_argument("-t", "--time", type=int, default=DEFAULT_TIME,
                   metavar="SECONDS", help="campaign length (default %(default)s)")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                   metavar="JOBS", help="fuzzing processes in all (default: cores); with fewer "
                   "than targets, the targets take turns on them")
    p.add_argument("--engine", choices=("libfuzzer", "afl"), default="libfuzzer")
    p.add_argument("--inject", default=os.environ.get("TLBFUZZ_INJECT", ""),
                   metavar="LIST", help="bug switches to turn on (see tlbfuzz list-bugs)")
    p.add_argument("-o", "--out", default=os.path.join(ROOT, "out", "campaign"),
                   metavar="DIR", help="output folder; resumed if it exists")
    p.add_argument("--merge", action="store_true",
                   help="afterwards, fold the campaign's corpus into "
                   "corpus/<target>/extra (libFuzzer -merge=1: only inputs that add "
                   "coverage); the next campaign and OSS-Fuzz's seed zips use it")
    p.add_argument("--merge-dir", default=None, metavar="DIR",
                   help="with --merge: fold into DIR/<target> instead")
    p.add_argument("--preset", choices=("asan", "tsan", "plain", "afl"), default=None,
                   help="build to fuzz with (default: asan for libFuzzer, afl for AFL++)")
    p.add_argument("--build-dir", default=None, metavar="DIR",
                   help="use this build folder instead of build/<preset> (implies --no-build)")
    p.add_argument("--no-build", action="store_true", help="do not (re)build")
    p.add_argument("--no-triage", action="store_true", help="skip the triage step")
    p.add_argument("--kernel", metavar="TREE|VERSION",
                   help="fuzz a kernel tree's own code: a tree folder or a "
                   "version scripts/kernel-src takes (6.1, 6.12, 6.1.170); "
                   "builds kernel mode optimised in build/kbisect/<version> "
                   "and the model peer, and adds the 'diff' target (fuzz_diff)")
    p.add_argument("--arch", choices=sorted(kbuild.ARCH_PROFILES),
                   help="with --kernel: build and fuzz only this arch's profiles")
    p.add_argument("--page-size", choices=kbuild.PAGE_SIZES,
                   help="with --kernel: the kernel's page size (16K, 64K: arm64)")
    p.add_argument("--diff-model", metavar="TLBF_EVENTS", default=None,
                   help="a model build's tlbf-events, fuzz_diff's peer "
                   "(default with --kernel: build/plain's, built if missing)")
    p.add_argument("--extra-seed", action="append", default=[], metavar="FILE",
                   help="one more seed input for every target (text or binary)")
    a = p.parse_args(argv)
    if a.time < 1:
        p.error("-t must be at least 1 second")
    if a.jobs < 1:
        p.error("-j must be at least 1")
    if a.preset == "afl" and a.engine != "afl" or \
            a.engine == "afl" and a.preset not in (None, "afl"):
        p.error("--engine afl goes with the afl preset only")
    if a.merge_dir is not None and not a.merge:
        p.error("--merge-dir goes with --merge")
    if a.build_dir is not None and not os.path.isdir(a.build_dir):
        p.error("no such build folder: %s" % a.build_dir)
    if a.kernel is None and (a.arch or a.page_size):
        p.error("--arch and --page-size go with --kernel")
    if a.kernel is not None:
        if a.build_dir or a.preset or a.engine != "libfuzzer":
            p.error("--kernel builds its own libFuzzer build: no --build-dir, "
                    "--preset or --engine afl")
        if not kernelsrc.is_path(a.kernel) and not (
                kernelsrc.LINE_RE.match(a.kernel) or
                kernelsrc.UPSTREAM_RE.match(a.kernel) or
                kernelsrc.DEBIAN_RE.match(a.kernel)):
            p.error("--kernel: '%s' is not a version (6.1, 6.12, 6.1.170) nor "
                    "a tree folder" % a.kernel)
        why = kbuild.check_config(a.arch, a.page_size)
        if why:
            p.error(why)
    if a.diff_model is not None and not os.access(a.diff_model, os.X_OK):
        p.error("--diff-model: %s is not an executable" % a.diff_model)
    for f in a.extra_seed:
        if not os.path.isfile(f):
            p.error("--extra-seed: no such file: %s" % f)
    known = target_list()
    with_diff = a.kernel is not None or (
        a.build_dir is not None and a.diff_model is not None and
        os.path.exists(os.path.join(a.build_dir, "fuzz_diff")))
    if with_diff:
        known = known + [DIFF_TARGET]
    elif DIFF_TARGET in a.targets:
        p.error("target diff needs a kernel build: --kernel, or --build-dir "
                "with fuzz_diff and --diff-model")
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
    if not os.access(cli, os.X_OK):
        die("%s is missing: build the %s preset first (or drop --no-build)"
            % (cli, os.path.basename(bdir)))
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


def extra_seed_dir(a, bdir, tdir):
    """A folder of the reproducers every campaign tries first: the binary
    inputs of corpus/regress, and --extra-seed
    files (text ones encoded with the build's CLI). Their bug switches do
    not apply: fuzz targets take switches from the environment only."""
    d = os.path.join(tdir, "seeds-regress")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    files = []
    for rd in REGRESS_DIRS:
        full = os.path.join(ROOT, rd)
        if os.path.isdir(full):
            files += [os.path.join(full, f) for f in sorted(os.listdir(full))
                      if f.endswith(".bin")]
    files += [os.path.abspath(f) for f in a.extra_seed]
    for i, f in enumerate(files):
        dst = os.path.join(d, "%03d-%s" % (i, os.path.basename(f)))
        if f.endswith(".txt"):
            cli = os.path.join(bdir, "tlbfuzz")
            subprocess.run([cli, "encode", f, "-o", dst + ".bin"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        else:
            shutil.copyfile(f, dst)
    return [d] if os.listdir(d) else []


def max_len_flag(bdir):
    """-max_len from the build's CLI: the input format's own limit."""
    cli = os.path.join(bdir, "tlbfuzz")
    out = subprocess.run([cli, "limits", "max_len"], capture_output=True,
                         text=True).stdout.strip()
    if not out.isdigit():
        die("%s limits max_len failed: rebuild %s" % (cli, bdir))
    return ["-max_len=" + out]


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
                    if k != "dict":  # names OSS-Fuzz's copy; -dict is passed
                        flags.append("-%s=%s" % (k, v))
    return flags


PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
STOP_GRACE = 8          # seconds the fuzzers get to stop on SIGINT before SIGKILL
WRAP_UP = 15            # seconds past -t the fuzzers get to stop on their own


def prctl(option, value):
    try:
        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def become_subreaper():
    """Processes of the campaign whose parent dies (a fork-mode job when
    libFuzzer's parent is killed, an AFL++ forkserver in its own session)
    become this script's children instead of init's, so that stopping can
    find and end them all."""
    prctl(PR_SET_CHILD_SUBREAPER, 1)


def die_with_parent():
    """In a fuzzer, before exec: SIGKILL if this script dies unannounced."""
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


class Job:
    """One fuzzer process for one target, in a session (and process group)
    of its own, so that the terminal's Ctrl-C reaches only this script."""

    def __init__(self, target, tdir, cmd, env, log):
        self.target = target
        self.tdir = tdir
        self.log = log
        self.log_start = log.tell()
        self.proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=log,
                                     cwd=tdir, start_new_session=True,
                                     preexec_fn=die_with_parent)

    def signal(self, sig):
        """@sig to the job's whole process group (a fork-mode parent and
        its jobs), while the group has members."""
        try:
            os.killpg(self.proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def descendants(pid):
    """Every live process below @pid, from /proc."""
    children = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                stat = f.read()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses.
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 1 and fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(d))
    found, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            found.append(c)
            todo.append(c)
    return found


def reap():
    """Collect exited orphans that came to this script (subreaper)."""
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def stop_all(jobs):
    """Stop every process of the campaign: SIGINT to each job's process
    group (libFuzzer and afl-fuzz save their state and exit; a fork-mode
    parent ignores SIGINT while it waits for a job, which the SIGINT ends,
    and merges that job's corpus), SIGTERM after half of STOP_GRACE (the
    parent may be waiting for a new job by then), then, after STOP_GRACE
    seconds, SIGKILL to the groups and to every process still below this
    script, whatever group or session it moved to. Crash files are on disk
    already."""
    start = time.time()
    sent = []
    while time.time() < start + STOP_GRACE and \
            (any(j.proc.poll() is None for j in jobs) or descendants(os.getpid())):
        for sig, at in ((signal.SIGINT, 0), (signal.SIGTERM, STOP_GRACE / 2)):
            if sig not in sent and time.time() >= start + at:
                for j in jobs:
                    j.signal(sig)
                sent.append(sig)
        reap()
        time.sleep(0.1)
    for _ in range(50):
        left = descendants(os.getpid())
        for j in jobs:
            j.signal(signal.SIGKILL)
        if not left:
            break
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.1)
        reap()
    for j in jobs:
        try:
            j.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        if not j.log.closed:
            j.log.close()
        shutil.rmtree(os.path.join(j.tdir, "tmp"), ignore_errors=True)
    reap()


def write_context(a, tdir, target):
    """OUT/<target>/.tlbfuzz: what ran the inputs saved below it, so that
    `tlbfuzz run FILE` replays any of them as this campaign ran it
    (fuzz/saved.h)."""
    lines = "target: %s\ninject: %s\n" % (target, a.inject)
    if os.environ.get("TLBFUZZ_STRATEGY"):
        lines += "strategy: %s\n" % os.environ["TLBFUZZ_STRATEGY"]
    with open(os.path.join(tdir, ".tlbfuzz"), "w") as f:
        f.write(lines)


def libfuzzer_job(a, bdir, target, forks, env, seconds=None):
    """The target's libFuzzer process: fork mode with @forks jobs, or with
    forks 0 one plain process (a time slice: it stops at its first crash)."""
    tdir = os.path.join(a.out, target)
    corpus = os.path.join(tdir, "corpus")
    crashes = os.path.join(tdir, "crashes")
    os.makedirs(corpus, exist_ok=True)
    os.makedirs(crashes, exist_ok=True)
    binary = os.path.join(bdir, "fuzz_" + target)
    if not os.path.exists(binary):
        die("%s is missing: build the %s preset first (or drop --no-build)"
            % (binary, os.path.basename(bdir)))
    # The diff target decodes its inputs as race does: its saved inputs
    # replay that way.
    opt_target = DIFF_DECODES_AS if target == DIFF_TARGET else target
    write_context(a, tdir, opt_target)
    if target == DIFF_TARGET:
        seeds = [d for t in DIFF_SEEDS for d in seed_dirs(bdir, t)]
        env = dict(env, TLBFUZZ_DIFF_MODEL=os.path.abspath(a.diff_model),
                   TLBFUZZ_DIFF_TARGET=DIFF_DECODES_AS)
    else:
        seeds = seed_dirs(bdir, target)
    cmd = [binary, corpus] + seeds + extra_seed_dir(a, bdir, tdir)
    if forks:
        cmd += ["-fork=%d" % forks, "-ignore_crashes=1", "-ignore_timeouts=1",
                "-ignore_ooms=1"]
    cmd += ["-max_total_time=%d" % (seconds or a.time),
            "-artifact_prefix=%s/" % crashes, "-print_final_stats=1"]
    d = os.path.join(ROOT, "corpus", opt_target + ".dict")
    if os.path.exists(d):
        cmd.append("-dict=" + d)
    cmd += read_options(opt_target) + max_len_flag(bdir)
    # Fork mode keeps each job's log in $TMPDIR/libFuzzerTemp.FuzzWithFork*
    # until the job ends: a private TMPDIR lets the progress line read the
    # running jobs' counters (the parent reports only finished jobs).
    tmp = os.path.join(tdir, "tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    env = dict(env, TMPDIR=tmp, TLBFUZZ_ILV_OUT=ilv_base(tdir))
    log = open(os.path.join(tdir, "fuzz.log"), "ab")
    return Job(target, tdir, cmd, env, log)


def afl_jobs(a, bdir, target, instances, env, seconds=None):
    tdir = os.path.join(a.out, target)
    outd = os.path.join(tdir, "afl")
    os.makedirs(outd, exist_ok=True)
    write_context(a, tdir, target)
    seeds = seed_dirs(bdir, target)
    seeds = seeds[:1] + extra_seed_dir(a, bdir, tdir)
    inp = "-" if os.path.isdir(os.path.join(outd, "main")) else (
        afl_input(tdir, seeds) if seeds else None)
    if inp is None:
        die("no seeds for %s" % target)
    binary = os.path.join(bdir, "fuzz_" + target)
    if not os.path.exists(binary):
        die("%s is missing: build the afl preset first (or drop --no-build)" % binary)
    if shutil.which("afl-fuzz") is None:
        die("afl-fuzz is not installed (apt-get install afl++)")
    # afl-fuzz refuses sanitizer options without symbolize=0 (the later
    # setting wins); triage replays with symbols.
    env = dict(env, TLBFUZZ_ILV_OUT=ilv_base(tdir), AFL_NO_UI="1",
               AFL_SKIP_CPUFREQ="1", AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES="1", AFL_NO_AFFINITY="1")
    for k in ("ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS"):
        if env.get(k):
            env[k] += ":symbolize=0"
    # The structure-aware mutator as an AFL++ custom mutator (model
    # targets; AFL++'s own mutations still run beside it).
    mut = os.path.join(bdir, "afl_mutator_%s.so" % target)
    if os.path.exists(mut) and env.get("TLBFUZZ_MUTATOR") != "0":
        env["AFL_CUSTOM_MUTATOR_LIBRARY"] = mut
    jobs = []
    for i in range(instances):
        role = ["-M", "main"] if i == 0 else ["-S", "s%d" % i]
        cmd = ["afl-fuzz", "-i", inp, "-o", outd, "-V", str(seconds or a.time)] + role
        d = os.path.join(ROOT, "corpus", target + ".dict")
        if os.path.exists(d):
            cmd += ["-x", d]
        cmd += ["--", binary]
        log = open(os.path.join(tdir, "afl-%d.log" % i), "ab")
        jobs.append(Job(target, tdir, cmd, env, log))
    return jobs


def afl_input(tdir, seeds):
    """afl-fuzz takes one input folder: the seeds and the reproducers."""
    d = os.path.join(tdir, "afl-in")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for s in seeds:
        for f in sorted(os.listdir(s)):
            if os.path.isfile(os.path.join(s, f)):
                shutil.copyfile(os.path.join(s, f), os.path.join(d, f))
    return d


# libFuzzer's status lines. Plain mode:
#   #4096	NEW    cov: 1867 ft: 2479 corp: 86/2310b lim: 38 exec/s: 2048 rss: 40Mb
# fork mode (-fork=N), whose exec/s field stays 0 while jobs crash early:
#   #21283: cov: 2015 ft: 3897 corp: 391 exec/s 0 oom/timeout/crash: 0/0/43 time: 10s job: 44
# so exec/s on the progress line is measured from the run counter instead.
STAT_RE = re.compile(r"^#(\d+):?\s+(?:[A-Z_]+\s+)?cov: (\d+) ft: (\d+) corp: (\d+)",
                     re.M)


RUNS_RE = re.compile(r"^#(\d+)\s", re.M)
FINAL_RUNS_RE = re.compile(r"^(?:Done |stat::number_of_executed_units: )(\d+)", re.M)
JOB_RE = re.compile(r"^#\d+: cov: .* job: (\d+)", re.M)


def log_tail(path, size=65536, since=0):
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(since, f.tell() - size))
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""


def libfuzzer_stats(tdir, since=0):
    """(execs, cov, ft, corpus): the newest status line of the fork-mode
    parent, plus the runs of the jobs still going; None before any."""
    last = None
    text = log_tail(os.path.join(tdir, "fuzz.log"), since=since)
    for m in STAT_RE.finditer(text):
        last = m
    done = set(JOB_RE.findall(text))
    execs, cov, ft, corp = (int(x) for x in last.groups()) if last else (0, 0, 0, 0)
    running = 0
    tmp = os.path.join(tdir, "tmp")
    for d in (os.listdir(tmp) if os.path.isdir(tmp) else []):
        jd = os.path.join(tmp, d)
        if not (d.startswith("libFuzzerTemp.FuzzWithFork") and os.path.isdir(jd)):
            continue
        for f in os.listdir(jd):
            if f.endswith(".log") and f[:-4] not in done:
                runs = RUNS_RE.findall(log_tail(os.path.join(jd, f), 8192))
                running += int(runs[-1]) if runs else 0
    if not last and not running:
        return None
    return (execs + running, cov, ft, corp)


def afl_stats(tdir):
    """(execs, edges, 0, corpus) summed over the AFL++ instances, or None."""
    execs = cov = corp = 0
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
        e = int(kv.get("execs_done", 0))
        c = int(kv.get("corpus_count", 0))
        g = int(float(kv.get("edges_found", 0)))
        # plot_data may be newer than fuzzer_stats (AFL++ writes them on
        # different clocks): take its last row when it is ahead.
        row = log_tail(os.path.join(base, inst, "plot_data"), 4096).strip()
        row = row.splitlines()[-1].split(",") if row else []
        if len(row) >= 13 and not row[0].startswith("#") and int(row[11]) > e:
            e, c, g = int(row[11]), int(row[3]), int(row[12])
        execs += e
        corp = max(corp, c)
        cov = max(cov, g)
    return (execs, cov, 0, corp) if execs else None


def findings(tdir):
    n = 0
    for root, _dirs, files in os.walk(tdir):
        # crashes.<time>: an earlier AFL++ run's, moved aside on resume
        if os.path.basename(root).split(".")[0] != "crashes":
            continue
        n += sum(1 for f in files if f.startswith(FINDING_PREFIXES))
    return n


def count_files(d):
    try:
        return sum(1 for f in os.listdir(d) if not f.startswith("."))
    except OSError:
        return 0


def ilv_base(tdir):
    """Where a target's fuzzers write their interleaving bitmaps
    (fuzz/ilv_counters.h: one file per process, BASE.<pid>)."""
    d = os.path.join(tdir, "ilv")
    os.makedirs(d, exist_ok=True)
    return os.path.join(d, "seen")


class IlvSeen:
    """Distinct interleaving pairs a target's processes have seen: the
    union of their bitmaps, each file re-read only when it changed."""

    def __init__(self, tdir):
        self.dir = os.path.join(tdir, "ilv")
        self.files = {}           # path -> (mtime, bits as an int)

    def count(self):
        try:
            names = os.listdir(self.dir)
        except OSError:
            return 0
        for n in names:
            if not n.startswith("seen.") or n.endswith(".tmp"):
                continue
            path = os.path.join(self.dir, n)
            try:
                mtime = os.stat(path).st_mtime
                if self.files.get(path, (None,))[0] == mtime:
                    continue
                with open(path, "rb") as f:
                    self.files[path] = (mtime, int.from_bytes(f.read(), "little"))
            except OSError:
                continue
        union = 0
        for _m, bits in self.files.values():
            union |= bits
        return bin(union).count("1")


class Progress:
    """Samples every target's stats; one line for the screen, one CSV row."""

    def __init__(self, a, csv, offset, since, ilv_column=True):
        self.a = a
        self.csv = csv
        self.ilv_column = ilv_column  # False: an older progress.csv goes on
        self.ilv = {t: IlvSeen(os.path.join(a.out, t)) for t in a.targets}
        self.offset = offset      # seconds of earlier runs in this folder
        self.start = time.time()
        self.hist = {}            # target -> [(time, execs)] of the last 10 s
        self.eps = {}             # target -> exec/s over that window
        self.last = {}            # target -> (execs, cov, ft, corpus, findings)
        self.since = since        # target -> size of fuzz.log from earlier runs
        self.done = {t: 0 for t in a.targets}  # executions of ended turns

    def turn_started(self, job):
        """A plain libFuzzer turn counts its runs from 0 in fuzz.log."""
        if self.a.engine == "libfuzzer":
            self.since[job.target] = job.log_start

    def turn_done(self, job):
        if self.a.engine != "libfuzzer":
            return              # AFL++ keeps its counters across turns
        if not job.log.closed:
            job.log.flush()
        text = log_tail(job.log.name, 1 << 20, since=job.log_start)
        runs = [int(x) for x in RUNS_RE.findall(text)]
        runs += [int(x) for x in FINAL_RUNS_RE.findall(text)]
        self.done[job.target] += max(runs) if runs else 0
        try:
            self.since[job.target] = os.path.getsize(job.log.name)
        except OSError:
            pass

    def sample(self):
        now = time.time()
        for target in self.a.targets:
            tdir = os.path.join(self.a.out, target)
            if self.a.engine == "afl":
                st = afl_stats(tdir)
            else:
                st = libfuzzer_stats(tdir, self.since[target])
            prev = self.last.get(target)
            if st is None and prev:   # between turns: what the last one saw
                st = (0, prev[1], prev[2], prev[3])
            execs, cov, ft, corp = st or (0, 0, 0, 0)
            execs += self.done[target]
            if self.a.engine == "libfuzzer":
                corp = max(corp, count_files(os.path.join(tdir, "corpus")))
            # Monotonic, although a job's runs move from its own log to
            # the parent's line when it ends.
            prev = self.last.get(target)
            execs = max(execs, prev[0] if prev else 0)
            h = self.hist.setdefault(target, [(self.start, 0)])
            h.append((now, execs))
            while len(h) > 2 and now - h[1][0] >= 10:
                h.pop(0)
            t0, e0 = h[0]
            self.eps[target] = int((execs - e0) / (now - t0)) if now > t0 else 0
            self.last[target] = (execs, cov, ft, corp, findings(tdir),
                                 self.ilv[target].count())
        elapsed = self.offset + int(now - self.start)
        tot = [sum(v[i] for v in self.last.values()) for i in range(6)]
        eps = sum(self.eps.values())
        row = "%d,%d,%d,%d,%d,%d" % (elapsed, tot[0], eps, tot[1], tot[3], tot[4])
        self.csv.write(row + (",%d\n" % tot[5] if self.ilv_column else "\n"))
        self.csv.flush()
        parts = ["%s %s/s" % (t, human(self.eps.get(t, 0))) for t in self.a.targets]
        return ("[%ds/%ds] exec/s %s | execs %s | cov %d | ilv %d | corpus %d | "
                "findings %d | %s"
                % (int(now - self.start), self.a.time, human(eps), human(tot[0]),
                   tot[1], tot[5], tot[3], tot[4], "  ".join(parts)))

    def summary(self):
        lines = ["%-10s %10s %8s %8s %8s %8s" % ("target", "execs", "cov", "ilv",
                                                  "corpus", "findings")]
        for t in self.a.targets:
            execs, cov, _ft, corp, nf, ilv = self.last.get(t, (0,) * 6)
            lines.append("%-10s %10d %8d %8d %8d %8d" % (t, execs, cov, ilv,
                                                        corp, nf))
        return "\n".join(lines)


def human(n):
    return "%.1fk" % (n / 1000.0) if n >= 10000 else str(n)


def previous_elapsed(path):
    """The elapsed column of the last row of an existing progress.csv."""
    try:
        with open(path) as f:
            rows = f.read().strip().splitlines()
        return int(rows[-1].split(",")[0]) if len(rows) > 1 else 0
    except (OSError, ValueError):
        return 0


def ilv_header(path):
    """Whether progress.csv has the interleavings column (older ones
    do not: a resumed campaign keeps their six columns)."""
    try:
        with open(path) as f:
            head = f.readline()
    except OSError:
        return True
    return not head or "interleavings" in head


def shares(jobs, targets):
    """Jobs per target when there are at least as many jobs as targets:
    all of them, the remainder to the first targets."""
    base, extra = divmod(jobs, len(targets))
    return {t: base + (1 if i < extra else 0) for i, t in enumerate(targets)}


def slice_seconds(a):
    """The length of one turn when targets share fewer jobs: every target
    gets about two turns in the campaign, a turn 1 to 60 s (libFuzzer
    adds about a second to start and stop)."""
    turns = 2 * -(-len(a.targets) // a.jobs)
    return max(1, min(60, a.time // turns))


class Slices:
    """Fewer jobs than targets: a.jobs slots, each running one fuzzing
    process at a time (plain libFuzzer, or one AFL++ instance) for one
    turn of slice_seconds(), the targets taking turns round-robin. So
    `-j N` is N processes at any moment."""

    def __init__(self, a, start):
        self.a = a
        self.start = start            # (target, seconds) -> Job
        self.queue = list(a.targets)
        self.slots = [None] * a.jobs
        self.turn = slice_seconds(a)

    def next_target(self):
        running = {j.target for j in self.slots if j and j.proc.poll() is None}
        for i, t in enumerate(self.queue):
            if t not in running:
                self.queue.append(self.queue.pop(i))
                return t
        return None

    def tick(self, left, done):
        """Start a turn in every free slot; @done(job) for each ended one."""
        for i, j in enumerate(self.slots):
            if j is not None and j.proc.poll() is None:
                continue
            if j is not None:
                done(j)
                j.log.close()
                self.slots[i] = None
            if left >= 1:
                t = self.next_target()
                if t:
                    self.slots[i] = self.start(t, int(min(self.turn, left)))
                    yield self.slots[i]

    def alive(self):
        return any(j and j.proc.poll() is None for j in self.slots)


def run_campaign(a, bdir):
    """Run the fuzzers; returns True if interrupted (SIGINT/SIGTERM)."""
    env = dict(os.environ)
    if a.inject:
        env["TLBFUZZ_INJECT"] = a.inject
    else:
        env.pop("TLBFUZZ_INJECT", None)
    stopping = {"now": False}

    def on_signal(_sig, _frame):
        stopping["now"] = True

    # Set before the fuzzers start: a Ctrl-C during start-up still stops
    # them cleanly. They run in their own sessions, so the terminal's
    # SIGINT reaches only this script, which stops them and goes on.
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    become_subreaper()
    since = {}
    for t in a.targets:
        try:
            since[t] = os.path.getsize(os.path.join(a.out, t, "fuzz.log"))
        except OSError:
            since[t] = 0

    def start_turn(target, seconds):
        if a.engine == "afl":
            return afl_jobs(a, bdir, target, 1, env, seconds)[0]
        return libfuzzer_job(a, bdir, target, 0, env, seconds)

    jobs = []
    slices = None
    if a.jobs >= len(a.targets):
        for target, n in shares(a.jobs, a.targets).items():
            if a.engine == "afl":
                jobs += afl_jobs(a, bdir, target, n, env)
            else:
                jobs.append(libfuzzer_job(a, bdir, target, n, env))
    else:
        slices = Slices(a, start_turn)

    tty = sys.stdout.isatty()
    last_print = 0
    csv_path = os.path.join(a.out, "progress.csv")
    offset = previous_elapsed(csv_path)
    ilv_column = ilv_header(csv_path)
    with open(csv_path, "a") as csv:
        if csv.tell() == 0:
            csv.write("elapsed,execs,execs_per_sec,coverage,corpus,findings,"
                      "interleavings\n")
        prog = Progress(a, csv, offset, since, ilv_column)
        deadline = prog.start + a.time
        line = ""
        last_sample = prog.start
        while True:
            if slices:
                for j in slices.tick(deadline - time.time(), prog.turn_done):
                    prog.turn_started(j)
                    jobs.append(j)
            reap()
            alive = slices.alive() if slices else \
                any(j.proc.poll() is None for j in jobs)
            # The fuzzers stop themselves at the time limit and then save
            # their last jobs' corpus (fork mode merges it); after WRAP_UP
            # seconds whatever is left is stopped. A turn ends in time.
            if stopping["now"] or not alive or time.time() > deadline + WRAP_UP:
                break
            # A short nap: a turn that ended is followed at once.
            time.sleep(0.2)
            if time.time() - last_sample < 1:
                continue
            last_sample = time.time()
            line = prog.sample()
            if tty:
                width = shutil.get_terminal_size().columns - 1
                sys.stdout.write("\r" + line[:width] + "\033[K")
                sys.stdout.flush()
            elif time.time() - last_print >= 10:
                print(line, flush=True)
                last_print = time.time()
        stop_all(jobs)
        if slices:
            for j in slices.slots:
                if j:
                    prog.turn_done(j)
        line = prog.sample()
    print(("\r" if tty else "") + line + ("\033[K" if tty else ""))
    print(prog.summary())
    for j in jobs:
        if j.proc.returncode not in (0, -signal.SIGINT, -signal.SIGTERM, -signal.SIGKILL,
                                     130, 72) and \
                not prog.last.get(j.target, (0,))[0]:
            print("%s: fuzzer exited early (rc %s), see %s: %s" %
                  (j.target, j.proc.returncode, j.log.name, last_line(j.log.name)))
    if stopping["now"]:
        print("interrupted: corpus and crashes kept in %s" % a.out)
    return stopping["now"]


def last_line(path):
    """The line of a log that says why the fuzzer stopped."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 4096))
            text = f.read().decode("utf-8", "replace")
    except OSError:
        return "(no log)"
    text = re.sub(r"\x1b[\[()][0-9;?]*[A-Za-z]?", "", text)
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    for l in reversed(lines):
        if "ABORT" in l or "ERROR" in l:
            return l
    return lines[-1] if lines else "(empty log)"


def merge_sources(a, target):
    tdir = os.path.join(a.out, target)
    if a.engine == "afl":
        base = os.path.join(tdir, "afl")
        return [os.path.join(base, i, "queue") for i in sorted(os.listdir(base))
                if os.path.isdir(os.path.join(base, i, "queue"))] if os.path.isdir(base) else []
    return [os.path.join(tdir, "corpus")]


def merge_corpus(a, bdir):
    """Fold the campaign's corpus into corpus/<target>/extra, minimized.

    Uses the campaign's libFuzzer binary (-merge=1 keeps the inputs that
    add coverage, the existing extra first); for AFL++ queues the asan
    preset's.
    """
    if a.engine == "afl":
        bdir = os.path.join(ROOT, "build", "asan")
    for target in a.targets:
        binary = os.path.join(bdir, "fuzz_" + target)
        if not os.path.exists(binary):
            print("merge %s: skipped, %s is not built" % (target, binary))
            continue
        if a.merge_dir:
            dst = os.path.join(os.path.abspath(a.merge_dir), target)
        else:
            dst = os.path.join(ROOT, "corpus", target, "extra")
        os.makedirs(dst, exist_ok=True)
        tmp = dst + ".new"
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        before = count_files(dst)
        env = dict(os.environ)
        env.pop("TLBFUZZ_INJECT", None)  # the merged corpus must stay clean
        r = subprocess.run([binary, "-merge=1", tmp, dst] + merge_sources(a, target),
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if r.returncode != 0:
            shutil.rmtree(tmp, ignore_errors=True)
            print("merge %s: libFuzzer -merge failed (rc %d), corpus/%s/extra unchanged"
                  % (target, r.returncode, target))
            continue
        shutil.rmtree(dst)
        os.rename(tmp, dst)
        print("merged %s: %s has %d input(s) (was %d)" %
              (target, os.path.relpath(dst, ROOT) if dst.startswith(ROOT) else dst,
               count_files(dst), before))


def write_meta(a):
    meta = {"targets": a.targets, "engine": a.engine, "inject": a.inject,
            "jobs": a.jobs, "time": a.time,
            "fixes": os.environ.get("TLBFUZZ_FIXES", "")}
    if a.kernel is not None or a.diff_model:
        meta.update({"kernel": a.kernel, "tree": getattr(a, "tree", None),
                     "arch": a.arch, "page_size": a.page_size,
                     "arches": os.environ.get("TLBFUZZ_ARCHES", ""),
                     "diff_model": a.diff_model and os.path.abspath(a.diff_model),
                     "diff_decodes_as": DIFF_DECODES_AS})
    with open(os.path.join(a.out, "campaign.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")


def kernel_build(a):
    """--kernel: the tree, its optimised kernel-mode build and the model
    peer; the arch's profiles for the fuzzers (TLBFUZZ_ARCHES)."""
    try:
        a.tree = kernelsrc.tree_for(a.kernel)
        bdir = os.path.join(ROOT, "build", "kbisect",
                            kbuild.build_name(a.tree, a.arch, a.page_size))
        print("tlbfuzz kernel mode: Linux %s from %s, build %s" %
              (kernelsrc.tree_version(a.tree), a.tree, os.path.relpath(bdir, ROOT)),
              flush=True)
        if not a.no_build:
            kbuild.build(bdir, a.tree, a.arch, a.page_size, None, a.jobs)
            if a.diff_model is None:
                a.diff_model = kbuild.model_peer(a.jobs)
    except (kernelsrc.Error, kbuild.BuildError) as e:
        die(str(e))
    if a.diff_model is None:
        a.diff_model = os.path.join(ROOT, "build", "plain", "tlbf-events")
    if not os.path.exists(os.path.join(bdir, "tlbfuzz")):
        die("%s is not built (drop --no-build)" % bdir)
    if a.arch:
        os.environ["TLBFUZZ_ARCHES"] = kbuild.ARCH_PROFILES[a.arch].replace(";", ",")
    return bdir


def main(argv):
    a = parse_args(argv)
    a.out = os.path.abspath(a.out)
    preset = a.preset or preset_for(a.engine)
    bdir = os.path.join(ROOT, "build", preset)
    if a.kernel is not None:
        bdir = kernel_build(a)
    elif a.build_dir:
        bdir = os.path.abspath(a.build_dir)
    elif not a.no_build:
        build(preset)
    check_inject(bdir, a.inject)
    resumed = os.path.exists(os.path.join(a.out, "progress.csv"))
    os.makedirs(a.out, exist_ok=True)
    write_meta(a)
    print("tlbfuzz campaign: %s, %d job(s), %d s, engine %s%s, output %s%s" %
          (" ".join(a.targets), a.jobs, a.time, a.engine,
           ", inject " + a.inject if a.inject else "", a.out,
           " (resumed)" if resumed else ""), flush=True)
    interrupted = run_campaign(a, bdir)
    if a.merge:
        merge_corpus(a, bdir)
    if not a.no_triage:
        # A second Ctrl-C during triage ends the script.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        triage = os.path.join(ROOT, "scripts", "triage")
        report = os.path.join(a.out, "triage.md")
        # Replayed with the same build's CLI (the afl preset's is ASan too).
        cmd = [sys.executable, os.path.join(ROOT, "scripts", "lib", "triage.py"),
               "-o", report, "--inject", a.inject, "--build-dir", bdir]
        try:
            subprocess.run(cmd + [a.out])
        except KeyboardInterrupt:
            print("triage interrupted; run %s %s" % (triage, a.out))
            return 130
    return 130 if interrupted else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
