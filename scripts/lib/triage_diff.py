# SPDX-License-Identifier: GPL-2.0-only
"""scripts/triage's side of fuzz_diff findings: a file in OUT/diff/crashes
is replayed with scripts/kdiff (the campaign's model peer against the
kernel build's tlbf-events, decoded as the race target), and a
divergence is a finding like an oracle's."""
import json
import os
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TARGET = "diff"
KDIFF = os.path.join(ROOT, "scripts", "kdiff")
MARK_RE = re.compile(r"^>\s*\d+\s+(.*?)\s*\|\s*(.*)$", re.M)


def campaign_meta(path):
    """campaign.json of PATH's campaign, or {}."""
    d = os.path.abspath(path if os.path.isdir(path) else os.path.dirname(path))
    for _ in range(5):
        meta = os.path.join(d, "campaign.json")
        if os.path.exists(meta):
            try:
                with open(meta) as f:
                    return json.load(f)
            except (OSError, ValueError):
                return {}
        d = os.path.dirname(d)
    return {}


def command(cli, path):
    """The replay command of a fuzz_diff input (list), and the environment
    it needs (dict)."""
    meta = campaign_meta(path)
    model = meta.get("diff_model") or os.path.join(ROOT, "build", "plain",
                                                   "tlbf-events")
    kernel = os.path.join(os.path.dirname(cli), "tlbf-events")
    env = {"TLBFUZZ_ARCHES": meta["arches"]} if meta.get("arches") else {}
    return ([KDIFF, "--target", meta.get("diff_decodes_as", "race"), model,
             kernel, path], env)


def replay(cli, path, timeout):
    cmd, extra = command(cli, path)
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                           timeout=timeout, env=dict(os.environ, **extra))
    except subprocess.TimeoutExpired:
        return -1, "replay timed out after %d s" % timeout
    return r.returncode, r.stdout + r.stderr


def signature(output):
    """('divergence', (model event, kernel event)) at the first difference,
    each cut to its kind (the words before any address or count)."""
    m = MARK_RE.search(output)
    if not m:
        return "divergence", ()
    kinds = tuple(" ".join(w for w in side.split()[:3] if not re.search(r"\d", w))
                  or "-" for side in m.groups())
    return "divergence", kinds


def replay_text(cli, path, rel):
    cmd, env = command(cli, path)
    words = ["%s=%s" % kv for kv in env.items()] + [rel(w) for w in cmd]
    return " ".join(words)


def decodes_as(path):
    return campaign_meta(path).get("diff_decodes_as", "race")
