# SPDX-License-Identifier: GPL-2.0-only
"""The fuzz targets, as fuzz/targets/targets.txt names them (one list for
scripts/fuzz and scripts/triage)."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TARGETS_TXT = os.path.join(ROOT, "fuzz", "targets", "targets.txt")


def target_list():
    """The target names, or None when targets.txt is missing."""
    if not os.path.exists(TARGETS_TXT):
        return None
    names = []
    with open(TARGETS_TXT) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                names.append(line)
    return names
