# SPDX-License-Identifier: GPL-2.0-only
"""Kernel-source mode against the model: each --kernel-build's
fuzz_<target>_replay against the first --build's on the same inputs (a
corpus the model's libFuzzer target grows for --seconds from its seeds,
kept in the output folder), alternating runs, CPU-time exec/s of one
process (one core). The issue's goal: kernel mode at least half the
model's rate under ASan."""
import os
import resource
import shutil
import subprocess

from . import common

TARGETS = ("gather", "exec", "race")


def grow_corpus(ctx, build, target):
    """The shared inputs: the model target's corpus after --seconds."""
    work = ctx.path("kernel-inputs", target)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    cmd = common.fuzz_cmd(build, target, ctx.args.seconds, 1, work)
    subprocess.run(cmd, cwd=work, env=dict(ctx.env, TLBFUZZ_INJECT=""),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    corpus = os.path.join(work, "corpus")
    for f in os.listdir(os.path.join(build, "corpus", target)):
        shutil.copy(os.path.join(build, "corpus", target, f), corpus)
    return corpus


def replay_rate(build, target, corpus, rounds, env):
    """Inputs per CPU second of one replay process over rounds x corpus."""
    exe = os.path.join(build, "fuzz_%s_replay" % target)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run([exe] + [corpus] * rounds, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode:
        raise RuntimeError("%s: exit %d: %s" % (exe, p.returncode,
                                                p.stderr[-500:]))
    cpu = (after.ru_utime - before.ru_utime) + \
        (after.ru_stime - before.ru_stime)
    return len(os.listdir(corpus)) * rounds / cpu if cpu > 0 else 0.0


def tree_version(build):
    p = subprocess.run([os.path.join(build, "tlbf-events"), "--version"],
                       capture_output=True, text=True)
    return p.stdout.split()[-1] if p.stdout.startswith("linux") else None


def run(ctx):
    model = ctx.args.build[0]
    kernels = ctx.args.kernel_build or []
    if not kernels:
        raise RuntimeError("kernel: give --kernel-build DIR (a kernel-mode "
                           "libFuzzer build, e.g. build/k61)")
    names = []
    for k in kernels:
        v = tree_version(k)
        if not v:
            raise RuntimeError("kernel: %s is not a kernel-mode build" % k)
        names.append(v)
    reps = 1 if ctx.args.quick else 3
    for t in TARGETS:
        common.need(os.path.join(model, "fuzz_%s_replay" % t),
                    "build the model preset first")
        corpus = grow_corpus(ctx, model, t)
        # About --seconds of model CPU per replay.
        probe = replay_rate(model, t, corpus, 1, ctx.env)
        rounds = max(1, int(probe * ctx.args.seconds /
                            max(1, len(os.listdir(corpus)))))
        rates = {b: [] for b in [model] + kernels}
        for _ in range(reps):
            for b in rates:
                rates[b].append(replay_rate(b, t, corpus, rounds, ctx.env))
        base = common.median(rates[model])
        for k, v in zip(kernels, names):
            ctx.figure("kernel", "%s/fuzz_%s" % (v, t),
                       common.median(rates[k]), base, "cpu-exec/s vs model",
                       "%d inputs x %d rounds, median of %d; goal >= 0.5"
                       % (len(os.listdir(corpus)), rounds, reps))
