#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The HTML view of a finding, in a real browser (headless chromium).

For every corpus/regress reproducer: `tlbfuzz report --html FILE -o
PAGE` writes one page, chromium loads it with --dump-dom, and the DOM
must show that the page's script finished without an exception (it sets
<body data-rendered="ok"> as its last act), one lane per CPU of the
program, and for a finding the fatal step marked (id="fatal"); a clean
run marks none. The page must be self-contained: no src=, href= or url()
pointing anywhere but inside it.

Usage: html_report.py TLBFUZZ REGRESS_DIR WORKDIR
"""

import os
import re
import shutil
import subprocess
import sys

BROWSERS = ("chromium", "chromium-browser")


def browser():
    for b in BROWSERS:
        path = shutil.which(b)
        if path:
            return path
    return None


def dump_dom(chrome, page, profile):
    cmd = [chrome, "--headless", "--no-sandbox", "--disable-gpu",
           "--no-first-run", "--disable-dev-shm-usage",
           "--user-data-dir=" + profile, "--dump-dom", "file://" + page]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                       text=True, errors="replace", timeout=120)
    return r.stdout


def program_cpus(cli, path):
    r = subprocess.run([cli, "decode", path], stdout=subprocess.PIPE,
                       text=True, check=True)
    m = re.search(r"^cpus: (\d+)$", r.stdout, re.M)
    return int(m.group(1)) if m else None


def check_page(name, html, dom, cpus, finding, fails):
    if re.search(r"""(src=|href=["']?(?!#)|url\()""", html):
        fails.append("%s: the page refers to something outside it" % name)
    body = re.search(r"<body([^>]*)>", dom)
    attrs = dict(re.findall(r'data-([\w-]+)="([^"]*)"', body.group(1))) \
        if body else {}
    if attrs.get("rendered") != "ok":
        fails.append("%s: the script did not finish: %s" %
                     (name, attrs.get("error", "no data-rendered")[:300]))
        return
    lanes = len(re.findall(r'class="head lane-head"', dom))
    if lanes != cpus or attrs.get("lanes") != str(cpus):
        fails.append("%s: %d lanes (%s), the program has %d CPUs" %
                     (name, lanes, attrs.get("lanes"), cpus))
    fatal = 'id="fatal"' in dom
    if finding and (not fatal or int(attrs.get("fatal", "0")) < 1):
        fails.append("%s: a finding with no fatal step marked" % name)
    if not finding and fatal:
        fails.append("%s: a clean run with a fatal step marked" % name)


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    cli, regress, work = argv[1:]
    chrome = browser()
    if not chrome:
        print("FAIL: no chromium (scripts/lib/deps.sh installs Debian's)")
        return 1
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    fails, n = [], 0
    for f in sorted(os.listdir(regress)):
        if not f.endswith(".bin"):
            continue
        src = os.path.join(regress, f)
        page = os.path.abspath(os.path.join(work, f[:-4] + ".html"))
        r = subprocess.run([cli, "report", "--html", src, "-o", page],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=120)
        if r.returncode not in (0, 1) or not os.path.exists(page):
            fails.append("%s: report --html exited %d: %s" %
                         (f, r.returncode, r.stdout.strip()[:200]))
            continue
        with open(page) as fh:
            html = fh.read()
        dom = dump_dom(chrome, page, os.path.join(work, "profile"))
        check_page(f, html, dom, program_cpus(cli, src), r.returncode == 1,
                   fails)
        n += 1
    print("%d pages generated and loaded in %s" % (n, chrome))
    if not n:
        fails.append("no reproducers in %s" % regress)
    for f in fails:
        print("FAIL: " + f)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
