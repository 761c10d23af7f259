#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""serve_check.py TLBF_EVENTS DIR...: `tlbf-events --serve` answers each
program exactly as a fresh `tlbf-events FILE` prints it, in any order and
after any number of others (fuzz_diff's model peer relies on it). Every
*.bin under each DIR is sent twice, the second time after all the others.
"""
import glob
import os
import struct
import subprocess
import sys


def one_shot(probe, path):
    return subprocess.run([probe, path], capture_output=True).stdout


def main():
    probe, dirs = sys.argv[1], sys.argv[2:]
    files = sorted(f for d in dirs for f in glob.glob(os.path.join(d, "**", "*.bin"),
                                                      recursive=True))
    if not files:
        print("serve_check: no .bin files under", dirs)
        return 1
    srv = subprocess.Popen([probe, "--serve"], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE)
    bad = 0
    for path in files + files:
        data = open(path, "rb").read()
        srv.stdin.write(struct.pack("<I", len(data)) + data)
        srv.stdin.flush()
        lines = []
        while not lines or not lines[-1].startswith(b"end "):
            line = srv.stdout.readline()
            if not line:
                print("serve_check: the server stopped at", path)
                return 1
            lines.append(line)
        if b"".join(lines) != one_shot(probe, path):
            print("serve_check: --serve differs from a fresh run on", path)
            bad += 1
    srv.stdin.close()
    srv.wait()
    print("serve_check: %d programs, twice each, %d differ" % (len(files), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
