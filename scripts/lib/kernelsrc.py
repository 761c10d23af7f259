# SPDX-License-Identifier: GPL-2.0-only
"""Kernel trees for kernel-source mode: which Debian versions exist, where
their packages are, and the cached extracts (scripts/kernel-src,
scripts/kernel-bisect and scripts/fuzz --kernel share this).

A version is named as
  LINE      6.1, 6.12: the newest upstream version listed for that line;
  UPSTREAM  6.1.170: that upstream version, newest Debian revision;
  DEBIAN    6.1.192-2, 6.12.117-1~deb12u1: exactly that package;
  PATH      a kernel tree on disk (used as it is).
"Listed" is what `apt-cache madison linux-source-LINE` lists, plus the
packages in the local package folders (TLBFUZZ_DEB_DIRS), plus what is
cached. Trees are cached side by side as $TLBFUZZ_CACHE/kernel-UPSTREAM,
each recording the Debian version it came from.
"""

import functools
import os
import re
import shutil
import subprocess
import tempfile

LINES = ("6.1", "6.12")
DEFAULT_DEB_DIRS = "/work/ksrc/debs:/work/ksrc:/var/cache/apt/archives"
# What kernel-source mode may read: the gather and its callers (mm/,
# fs/exec.c), the generic and the x86/arm64 headers and flush code.
FILES = ["Makefile", "mm", "fs/exec.c", "include", "arch/x86/mm",
         "arch/x86/include", "arch/arm64/mm", "arch/arm64/include"]
# The stamp's name follows the file list: a cache made with a shorter one
# is redone. It holds the Debian version the tree came from.
STAMP = ".tlbfuzz-complete-2"
# The files a tree must have for kernel-source mode (kernel/kernel.cmake).
TREE_NEEDS = ("Makefile", "mm/mmu_gather.c", "mm/memory.c",
              "include/asm-generic/tlb.h")

LINE_RE = re.compile(r"^\d+\.\d+$")
UPSTREAM_RE = re.compile(r"^\d+\.\d+\.\d+$")
DEBIAN_RE = re.compile(r"^(?:\d+:)?\d+\.\d+\.\d+-[A-Za-z0-9.+~]+$")


class Error(Exception):
    """A one-line reason; the caller prints it and exits non-zero."""


def cache_dir():
    return os.environ.get("TLBFUZZ_CACHE") or os.path.join(
        os.path.expanduser("~"), ".cache", "tlbfuzz")


def deb_dirs():
    return [d for d in os.environ.get("TLBFUZZ_DEB_DIRS",
                                      DEFAULT_DEB_DIRS).split(":") if d]


def upstream(debver):
    """'6.12.117' from '6.12.117-1~deb12u1' (and from '6.12.117')."""
    v = debver.split(":", 1)[-1]
    return v.rsplit("-", 1)[0] if "-" in v else v


def line_of(version):
    """'6.12' from any form of a 6.12 version."""
    return ".".join(upstream(version).split(".")[:2])


def numeric(version):
    return tuple(int(x) for x in re.findall(r"\d+", upstream(version)))


def _order(c):
    """dpkg's weight of one non-digit character: '~' before the end,
    letters before the rest."""
    if c == "~":
        return -1
    if c.isalpha():
        return ord(c)
    return ord(c) + 256


def _part_cmp(a, b):
    """Debian's comparison of an upstream version or revision string
    (deb-version(7)): alternating non-digit and digit runs."""
    i = j = 0
    while i < len(a) or j < len(b):
        first_diff = 0
        while (i < len(a) and not a[i].isdigit()) or \
                (j < len(b) and not b[j].isdigit()):
            ac = _order(a[i]) if i < len(a) and not a[i].isdigit() else 0
            bc = _order(b[j]) if j < len(b) and not b[j].isdigit() else 0
            if ac != bc:
                return -1 if ac < bc else 1
            i += 1
            j += 1
        while i < len(a) and a[i] == "0":
            i += 1
        while j < len(b) and b[j] == "0":
            j += 1
        while i < len(a) and a[i].isdigit() and j < len(b) and b[j].isdigit():
            if not first_diff:
                first_diff = (a[i] > b[j]) - (a[i] < b[j])
            i += 1
            j += 1
        if i < len(a) and a[i].isdigit():
            return 1
        if j < len(b) and b[j].isdigit():
            return -1
        if first_diff:
            return first_diff
    return 0


def _split(v):
    epoch, _, rest = v.rpartition(":") if ":" in v else ("0", "", v)
    up, _, rev = rest.rpartition("-") if "-" in rest else (rest, "", "")
    return int(epoch or 0), up, rev


def compare(a, b):
    """Debian version order (epoch, upstream, revision)."""
    ea, ua, ra = _split(a)
    eb, ub, rb = _split(b)
    if ea != eb:
        return -1 if ea < eb else 1
    return _part_cmp(ua, ub) or _part_cmp(ra, rb)


def newest_first(versions):
    return sorted(set(versions), key=functools.cmp_to_key(compare),
                  reverse=True)


class Version:
    """One available Debian version and where it can come from."""

    def __init__(self, debver):
        self.debver = debver
        self.upstream = upstream(debver)
        self.line = line_of(debver)
        self.apt = False       # apt-cache madison lists it
        self.deb = None        # a local package file
        self.cached = None     # the cached tree, if it holds this version

    def where(self):
        w = (["apt"] if self.apt else []) + (["deb"] if self.deb else [])
        return ",".join(w) or "cache"


@functools.lru_cache(maxsize=None)
def madison(line):
    """Debian versions of linux-source-LINE that apt lists (none if apt
    has no lists, or TLBFUZZ_NO_APT=1: the local packages and the cache
    remain)."""
    if os.environ.get("TLBFUZZ_NO_APT") == "1":
        return []
    try:
        r = subprocess.run(["apt-cache", "madison", "linux-source-" + line],
                           capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return []
    found = []
    for row in r.stdout.splitlines():
        cols = [c.strip() for c in row.split("|")]
        if len(cols) >= 2 and cols[0] == "linux-source-" + line:
            found.append(cols[1])
    return found


def deb_fields(path):
    """(package, version) of a .deb file."""
    try:
        r = subprocess.run(["dpkg-deb", "-f", path, "Package", "Version"],
                           capture_output=True, text=True, timeout=60)
    except OSError as e:
        raise Error("cannot read %s: %s" % (path, e.strerror))
    fields = dict(l.split(": ", 1) for l in r.stdout.splitlines() if ": " in l)
    if r.returncode != 0 or "Package" not in fields:
        raise Error("%s is not a Debian package" % path)
    return fields["Package"], fields.get("Version", "")


def local_debs(line):
    """{debian version: file} of linux-source-LINE packages on disk."""
    found = {}
    pre = "linux-source-%s_" % line
    for d in deb_dirs():
        try:
            names = sorted(os.listdir(d))
        except OSError:
            continue
        for n in names:
            if n.startswith(pre) and n.endswith("_all.deb"):
                v = n[len(pre):-len("_all.deb")].replace("%3a", ":")
                found.setdefault(v, os.path.join(d, n))
    return found


def cached_tree(up):
    """(path, debian version) of the cached tree of upstream UP, or None."""
    path = os.path.join(cache_dir(), "kernel-" + up)
    try:
        with open(os.path.join(path, STAMP)) as f:
            return path, (f.read().strip() or up)
    except OSError:
        return None


def cached_upstreams(line):
    try:
        names = os.listdir(cache_dir())
    except OSError:
        return []
    ups = [n[len("kernel-"):] for n in names if n.startswith("kernel-")]
    return [u for u in ups if UPSTREAM_RE.match(u) and line_of(u) == line
            and cached_tree(u)]


def available(line):
    """Every known version of LINE, newest first (Version objects)."""
    table = {}

    def get(v):
        return table.setdefault(v, Version(v))

    for v in madison(line):
        get(v).apt = True
    for v, path in local_debs(line).items():
        get(v).deb = path
    for up in cached_upstreams(line):
        path, debver = cached_tree(up)
        get(debver).cached = path
    for v in table.values():
        c = cached_tree(v.upstream)
        if c and c[1] == v.debver:
            v.cached = c[0]
    return [table[v] for v in newest_first(table)]


def lines_of_interest(extra=()):
    out = list(LINES)
    for l in extra:
        if l not in out:
            out.append(l)
    return out


def tree_version(path):
    """'6.1.192' from a tree's top Makefile, or None."""
    fields = {}
    try:
        with open(os.path.join(path, "Makefile"), encoding="utf-8",
                  errors="replace") as f:
            for row in f:
                m = re.match(r"^(VERSION|PATCHLEVEL|SUBLEVEL) = (\d+)", row)
                if m:
                    fields[m.group(1)] = m.group(2)
    except OSError:
        return None
    if "VERSION" not in fields or "PATCHLEVEL" not in fields:
        return None
    return "%s.%s.%s" % (fields["VERSION"], fields["PATCHLEVEL"],
                         fields.get("SUBLEVEL", "0"))


def tree_package(path):
    """The Debian version a cached tree came from, else the tree's own
    version (a tree of the user's)."""
    try:
        with open(os.path.join(path, STAMP)) as f:
            return f.read().strip()
    except OSError:
        return tree_version(path) or ""


def is_path(spec):
    return "/" in spec or spec in (".", "..") or os.path.isdir(spec)


def check_tree(path):
    """A local tree: its absolute path, after checking it has what kernel
    mode compiles."""
    if not os.path.isdir(path):
        raise Error("no such kernel tree: %s" % path)
    for f in TREE_NEEDS:
        if not os.path.exists(os.path.join(path, f)):
            raise Error("%s is not a kernel tree: no %s" % (path, f))
    return os.path.abspath(path)


def resolve(spec):
    """The Version object SPEC names (not fetched yet)."""
    if LINE_RE.match(spec):
        vs = available(spec)
        if not vs:
            raise Error("no linux-source-%s version is listed, on disk or "
                        "cached (apt-get update? scripts/kernel-src --list)"
                        % spec)
        return vs[0]
    if UPSTREAM_RE.match(spec) or DEBIAN_RE.match(spec):
        vs = available(line_of(spec))
        exact = UPSTREAM_RE.match(spec) is None
        for v in vs:
            if (v.debver == spec) if exact else (v.upstream == spec):
                return v
        near = " ".join(v.debver for v in vs[:8]) or "none"
        raise Error("%s is not a listed version of linux-source-%s "
                    "(listed: %s; see scripts/kernel-src --list)"
                    % (spec, line_of(spec), near))
    raise Error("'%s' is not a version (6.1, 6.12, 6.1.170, 6.1.192-3) "
                "nor a kernel tree folder" % spec)


def resolve_all(line):
    """The versions bisect walks for LINE: one per upstream version (its
    newest Debian revision), oldest first."""
    seen, out = set(), []
    for v in available(line):
        if v.upstream not in seen:
            seen.add(v.upstream)
            out.append(v)
    return list(reversed(out))


def _download(v, tmp):
    pkg = "linux-source-%s=%s" % (v.line, v.debver)
    for attempt in range(2):
        r = subprocess.run(["apt-get", "download", pkg], cwd=tmp,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True)
        if r.returncode == 0:
            break
        if attempt == 0:
            subprocess.run(["apt-get", "update"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    else:
        raise Error("apt-get download %s failed: %s"
                    % (pkg, (r.stderr.strip().splitlines() or ["?"])[-1]))
    for n in os.listdir(tmp):
        if n.endswith(".deb"):
            return os.path.join(tmp, n)
    raise Error("apt-get download %s left no package" % pkg)


def _extract(deb, line, debver, out):
    """Extract FILES of DEB into OUT (atomically: a finished tree or none)."""
    parent = os.path.dirname(out)
    os.makedirs(parent, exist_ok=True)
    work = tempfile.mkdtemp(prefix=".kernel-src.", dir=parent)
    try:
        xz = "usr/src/linux-source-%s.tar.xz" % line
        fsys = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", deb],
                                stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)
        r = subprocess.run(["tar", "-xf", "-", "-C", work, "./" + xz],
                           stdin=fsys.stdout, stderr=subprocess.DEVNULL)
        fsys.stdout.close()
        fsys.wait()
        if r.returncode != 0 or fsys.returncode != 0:
            raise Error("%s holds no %s" % (deb, xz))
        top = "linux-source-%s" % line
        members = ["%s/%s" % (top, f) for f in FILES]
        r = subprocess.run(["tar", "-xJf", os.path.join(work, xz), "-C", work]
                           + members, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            raise Error("extracting %s from %s failed: %s"
                        % (" ".join(FILES), deb, r.stderr.strip()[:200]))
        tree = os.path.join(work, top)
        with open(os.path.join(tree, STAMP), "w") as f:
            f.write(debver + "\n")
        old = None
        if os.path.exists(out):           # another Debian revision
            old = out + ".old.%d" % os.getpid()
            os.rename(out, old)
        try:
            os.rename(tree, out)
        except OSError:
            if not cached_tree(os.path.basename(out)[len("kernel-"):]):
                raise Error("cannot create %s" % out)
            # a concurrent call finished first: its tree is the same
        if old:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def prepare(v, deb=None):
    """The cached tree of Version V, fetching and extracting it if needed."""
    out = os.path.join(cache_dir(), "kernel-" + v.upstream)
    c = cached_tree(v.upstream)
    if c and c[1] == v.debver:
        return out
    deb = deb or v.deb
    if deb:
        return _extract(deb, v.line, v.debver, out)
    tmp = tempfile.mkdtemp(prefix="kernel-src.")
    try:
        return _extract(_download(v, tmp), v.line, v.debver, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def from_deb(path, spec=None):
    """(Version, deb) for --deb PATH, checked against SPEC if given."""
    if not os.path.isfile(path):
        raise Error("no such package file: %s" % path)
    pkg, debver = deb_fields(path)
    m = re.match(r"^linux-source-(\d+\.\d+)$", pkg)
    if not m or line_of(debver) != m.group(1):
        raise Error("%s is %s %s, not a linux-source package"
                    % (path, pkg, debver))
    if spec and spec not in (m.group(1), upstream(debver), debver):
        raise Error("%s holds %s %s, not %s" % (path, pkg, debver, spec))
    v = Version(debver)
    v.deb = path
    return v


def tree_for(spec, deb=None):
    """The tree folder SPEC names (a path, a version, or --deb's package)."""
    if deb:
        return prepare(from_deb(deb, spec), deb)
    if is_path(spec):
        return check_tree(spec)
    return prepare(resolve(spec))


USAGE = """\
usage: scripts/kernel-src [--deb FILE] VERSION|TREE
       scripts/kernel-src --list [LINE...]
       scripts/kernel-src --resolve VERSION

Prepares a kernel tree for kernel-source mode and prints its folder:
  VERSION  6.1 or 6.12 (the newest of that line), 6.1.170 (that version,
           newest Debian revision), 6.1.192-3 (that Debian package);
  TREE     a kernel tree folder, printed as it is after checking it.
The package comes from --deb FILE, a local package folder
($TLBFUZZ_DEB_DIRS, default %s) or apt-get download
(apt-get update first if needed). Only the files kernel-source mode reads
are extracted, into $TLBFUZZ_CACHE/kernel-<version> (default
~/.cache/tlbfuzz/kernel-<version>); a cached tree is printed at once.
  --list     the versions apt-cache madison lists for linux-source-6.1 and
             -6.12 (or LINE...), the local packages and the cached trees,
             newest first: Debian version, upstream version, where it is
             (apt, deb), and the cached tree's folder or '-'
  --resolve  print the Debian version VERSION names; fetch nothing
TLBFUZZ_NO_APT=1 leaves apt out: only local packages and cached trees.
Build with: cmake -DTLBFUZZ_KERNEL_SRC=<printed path>. Bad arguments: one
line on stderr, exit 2; a version that cannot be had: exit 1.
""" % DEFAULT_DEB_DIRS


def print_list(lines):
    for line in lines:
        vs = available(line)
        if not vs:
            print("linux-source-%s: none listed (apt-get update?)" % line)
        for v in vs:
            print("%-22s %-10s %-8s %s" % (v.debver, v.upstream, v.where(),
                                           v.cached or "-"))


def main(argv):
    import sys

    def bad(msg):
        sys.stderr.write("kernel-src: %s (try --help)\n" % msg)
        return 2

    deb, spec, mode, rest = None, None, "fetch", []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-h", "--help"):
            sys.stdout.write(USAGE)
            return 0
        if a == "--deb":
            if i + 1 >= len(argv):
                return bad("--deb needs a file")
            deb = argv[i + 1]
            i += 1
        elif a == "--list":
            mode = "list"
        elif a == "--resolve":
            mode = "resolve"
        elif a.startswith("-") and not os.path.exists(a):
            return bad("unknown option '%s'" % a)
        else:
            rest.append(a)
        i += 1
    try:
        if mode == "list":
            for l in rest:
                if not LINE_RE.match(l):
                    return bad("--list takes lines like 6.1, not '%s'" % l)
            if deb:
                return bad("--list and --deb do not go together")
            print_list(rest or list(LINES))
            return 0
        if len(rest) > 1:
            return bad("one version only")
        spec = rest[0] if rest else None
        if spec is None and not deb:
            return bad("which version: 6.1, 6.12, 6.1.170, 6.1.192-3 or a "
                       "tree folder")
        if spec and not is_path(spec) and not (
                LINE_RE.match(spec) or UPSTREAM_RE.match(spec)
                or DEBIAN_RE.match(spec)):
            return bad("'%s' is not a version (6.1, 6.12, 6.1.170, 6.1.192-3)"
                       " nor a kernel tree folder" % spec)
        if mode == "resolve":
            if deb:
                print(from_deb(deb, spec).debver)
            elif is_path(spec):
                print(tree_version(check_tree(spec)) or "unknown")
            else:
                print(resolve(spec).debver)
            return 0
        if deb and spec and is_path(spec):
            return bad("--deb and a tree folder do not go together")
        print(tree_for(spec, deb))
        return 0
    except Error as e:
        sys.stderr.write("kernel-src: %s\n" % e)
        return 1


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv[1:]))
