# SPDX-License-Identifier: GPL-2.0-only
"""Campaign-realistic figures: each model target fuzzed from its seeds for
--campaign-seconds (one libFuzzer process, -seed=1, no switch), then its
corpus replayed:

  throughput  inputs per CPU-second replaying that corpus (the replay
              binary, every file once per round, rounds until --seconds
              of CPU), beside the same figure for the encoded seeds alone
  windows     the share of the corpus's inputs that preempt a CPU inside
              a window where another CPU touches the same page, table or
              gather state (`tlbfuzz stats`: preempted_in_window), on up
              to --window-sample inputs spread evenly over the corpus

--campaign-from DIR reuses DIR/<target>/corpus from an earlier run
(its campaign.txt says how it was made) instead of fuzzing again.
--campaign-baseline BUILD also replays the same corpus with BUILD's
replay binary (another commit's build tree: the per-input cost before
and after a change), rounds of the two alternating."""
import os
import resource
import shutil
import subprocess
import time

from . import common

# Targets whose inputs do not run the model.
NOT_MODEL = {"roundtrip", "empty"}


def model_targets():
    return [t for t in common.targets() if t not in NOT_MODEL]


def corpus_files(d):
    return sorted(os.path.join(d, f) for f in os.listdir(d)
                  if os.path.isfile(os.path.join(d, f)))


def run_campaign(ctx, build, target, dest):
    """Fuzz target from its seeds into dest/corpus; the corpus folder.
    Fuzzer-side variables (TLBFUZZ_MUTATOR, TLBFUZZ_ILV, ...) pass
    through from the caller's environment."""
    secs = ctx.args.campaign_seconds
    corpus = os.path.join(dest, "corpus")
    shutil.rmtree(corpus, ignore_errors=True)
    os.makedirs(corpus)
    cmd = [os.path.join(build, "fuzz_" + target), "-seed=1",
           "-max_total_time=%d" % secs, "-print_final_stats=1",
           common.max_len(build), "-artifact_prefix=%s/" % dest,
           "-dict=%s" % os.path.join(common.SRC, "corpus", target + ".dict"),
           corpus, os.path.join(build, "corpus", target)]
    env = dict(ctx.env, TLBFUZZ_INJECT="")
    env.pop("TLBFUZZ_ILV_OUT", None)
    with open(os.path.join(dest, "campaign.log"), "w") as log:
        subprocess.run(cmd, cwd=dest, env=env, stdout=log,
                       stderr=subprocess.STDOUT, timeout=secs * 3 + 120)
    with open(os.path.join(dest, "campaign.txt"), "w") as f:
        f.write("%s\n%d inputs\n" % (" ".join(cmd),
                                      len(corpus_files(corpus))))
    return corpus


def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def replay_once(ctx, exe, corpus):
    """CPU seconds of one replay of corpus by exe."""
    env = dict(ctx.env, TLBFUZZ_INJECT="")
    env.pop("TLBFUZZ_ILV_OUT", None)
    before = cpu_children()
    p = subprocess.run([exe, corpus], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
    if p.returncode:
        raise RuntimeError("%s %s: exit %d: %s" % (
            exe, corpus, p.returncode, p.stderr.decode()[-300:]))
    return cpu_children() - before


def replay_rates(ctx, builds, target, corpus):
    """Inputs per CPU-second of each build's fuzz_<target>_replay over
    corpus, rounds alternating until each ran --seconds of CPU."""
    exes = [os.path.join(b, "fuzz_%s_replay" % target) for b in builds]
    for e in exes:
        common.need(e, "build the preset first")
    n = len(corpus_files(corpus))
    if not n:
        return [float("nan")] * len(exes), 0
    cpu = [0.0] * len(exes)
    runs = 0
    while min(cpu) < ctx.args.seconds:
        for i, e in enumerate(exes):
            cpu[i] += replay_once(ctx, e, corpus)
        runs += n
    return [runs / c for c in cpu], n


def replay_rate(ctx, build, target, corpus):
    """Inputs per CPU-second of fuzz_<target>_replay over corpus."""
    rates, n = replay_rates(ctx, [build], target, corpus)
    return rates[0], n


def window_share(ctx, build, target, corpus):
    """(inputs preempted in a window, inputs looked at)."""
    files = corpus_files(corpus)
    k = ctx.args.window_sample
    if len(files) > k:
        files = [files[i * len(files) // k] for i in range(k)]
    cli = os.path.join(build, "tlbfuzz")
    env = dict(ctx.env, TLBFUZZ_INJECT="")
    yes = 0
    for f in files:
        p = subprocess.run([cli, "stats", "--target", target, f], env=env,
                           capture_output=True, text=True)
        yes += "preempted_in_window: yes" in p.stdout
    return yes, len(files)


def run(ctx):
    build = ctx.args.build[0]
    preset = os.path.basename(os.path.normpath(build))
    src = ctx.args.campaign_from
    only = ctx.args.campaign_targets
    for t in [t for t in model_targets()
              if not only or t in only.split(",")]:
        dest = os.path.abspath(os.path.join(src or ctx.path("campaign"), t))
        os.makedirs(dest, exist_ok=True)
        if src:
            corpus = os.path.join(dest, "corpus")
        else:
            t0 = time.monotonic()
            corpus = run_campaign(ctx, build, t, dest)
            print("# campaign %s: %d s, %d inputs" % (
                t, time.monotonic() - t0, len(corpus_files(corpus))),
                flush=True)
        seeds = os.path.join(build, "corpus", t)
        real, n = replay_rate(ctx, build, t, corpus)
        seed, ns = replay_rate(ctx, build, t, seeds)
        ctx.figure("campaign", "%s/fuzz_%s replay (corpus vs seeds)" %
                   (preset, t), real, seed, "inputs/cpu-s",
                   "%d corpus inputs after %s; %d seeds" % (
                       n, "a %d s campaign" % ctx.args.campaign_seconds
                       if not src else src, ns))
        base = ctx.args.campaign_baseline
        if base:
            (now_, then), _ = replay_rates(ctx, [build, base], t, corpus)
            ctx.figure("campaign", "%s/fuzz_%s replay (this build vs "
                       "baseline)" % (preset, t), now_, then,
                       "inputs/cpu-s", "same corpus; baseline %s" % base)
        yes, looked = window_share(ctx, build, t, corpus)
        ctx.figure("campaign", "%s/fuzz_%s preempted in a window" %
                   (preset, t), yes, looked, "inputs",
                   "ratio: share of the corpus sample (goal >= 0.9)")
