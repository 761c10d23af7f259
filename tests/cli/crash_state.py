#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Crash states of a fuzz target's findings, computed as ClusterFuzz does
(scripts/lib/crashstate.py: top three frames outside the runtimes).

For every corpus/regress/<switch>.bin, run the target on it with
TLBFUZZ_INJECT=<switch> and the sanitizer options every script uses
(handle_abort=1, as ClusterFuzz runs them), then check:
  - it dies, its state starts with the oracle's function
    (tlbf_oracle_*), the report has a SUMMARY: tlbfuzz line, and its
    DEDUP_TOKEN starts with the same function;
  - the same input twice gives the same state;
  - different switches do not collapse: free-before-flush and
    gup-no-recheck (two oracles), free-before-flush and
    end-vma-loses-flush (one oracle, two places) differ, and at least half
    the switches have a state of their own;
  - the same switch from another input (tests/cli/crash_state/
    <switch>--<name>.bin) gives the reproducer's state.

Usage: crash_state.py TARGET_BINARY REGRESS_DIR ALT_DIR [CLI]
(with CLI, each ALT .txt must encode to its .bin)
"""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts", "lib"))
from crashstate import crash_state, dedup_token  # noqa: E402

# Two oracles; then one oracle at two places (the page batch's free and
# the RCU callback's), whatever the build inlines.
MUST_DIFFER = [("free-before-flush", "gup-no-recheck"),
               ("free-before-flush", "end-vma-loses-flush")]


def sanitizer_env(switch):
    env = dict(os.environ)
    for var, name in (("ASAN_OPTIONS", "asan"), ("UBSAN_OPTIONS", "ubsan")):
        with open(os.path.join(ROOT, "sanitizers", name + ".options")) as f:
            opts = [l.strip() for l in f if l.strip() and not l.startswith("#")]
        env[var] = ":".join(opts)
    env["TLBFUZZ_INJECT"] = switch
    return env


def run(binary, switch, path):
    r = subprocess.run([binary, path], env=sanitizer_env(switch),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, errors="replace", timeout=120)
    return r.returncode, r.stdout


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    binary, regress, alt = argv[1:4]
    cli = argv[4] if len(argv) > 4 else None
    fails = []
    states = {}
    for name in sorted(os.listdir(regress)):
        if not name.endswith(".bin") or name.startswith("fp-"):
            continue
        switch = name[:-4]
        rc, out = run(binary, switch, os.path.join(regress, name))
        state = crash_state(out)
        token = dedup_token(out)
        states[switch] = state
        print("%-26s %s" % (switch, " / ".join(state) or "-"))
        if rc == 0:
            fails.append("%s: the target did not die" % switch)
        if not state or not state[0].startswith("tlbf_oracle_"):
            fails.append("%s: state %s does not start with the oracle" %
                         (switch, state))
        if "SUMMARY: tlbfuzz: " not in out:
            fails.append("%s: no SUMMARY: tlbfuzz line" % switch)
        if not token or not state or token[0] != state[0]:
            fails.append("%s: DEDUP_TOKEN %s does not start with %s" %
                         (switch, token, state[:1]))
    if not states:
        fails.append("no reproducers in %s" % regress)
    first = sorted(states)[0] if states else None
    if first:
        again = crash_state(run(binary, first,
                                os.path.join(regress, first + ".bin"))[1])
        if again != states[first]:
            fails.append("%s: two runs, two states: %s, %s" %
                         (first, states[first], again))
    for a, b in MUST_DIFFER:
        if a in states and b in states and states[a] == states[b]:
            fails.append("%s and %s share the state %s" % (a, b, states[a]))
    distinct = len({tuple(s) for s in states.values()})
    print("%d switches, %d crash states" % (len(states), distinct))
    if distinct * 2 < len(states):
        fails.append("only %d states for %d switches" % (distinct, len(states)))
    nalt = 0
    for name in sorted(os.listdir(alt)):
        if not name.endswith(".bin"):
            continue
        switch = name.split("--")[0]
        path = os.path.join(alt, name)
        if cli:
            txt = path[:-4] + ".txt"
            out = os.path.join(os.environ.get("TMPDIR", "/tmp"),
                               "crash_state_%d.bin" % os.getpid())
            subprocess.run([cli, "encode", txt, "-o", out], check=True)
            with open(out, "rb") as f1, open(path, "rb") as f2:
                if f1.read() != f2.read():
                    fails.append("%s does not encode to %s" % (txt, name))
            os.unlink(out)
        nalt += 1
        state = crash_state(run(binary, switch, path)[1])
        print("%-26s %s" % (name, " / ".join(state) or "-"))
        if state != states.get(switch):
            fails.append("%s: state %s, the reproducer's is %s" %
                         (name, state, states.get(switch)))
    if not nalt:
        fails.append("no other inputs in %s" % alt)
    for f in fails:
        print("FAIL: " + f)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
