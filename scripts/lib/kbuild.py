# SPDX-License-Identifier: GPL-2.0-only
"""Kernel-mode builds for scripts/fuzz --kernel and scripts/kernel-bisect:
one optimised ASan+UBSan libFuzzer build per tree, arch and page size,
cached under build/kbisect/<name>, and the model build whose tlbf-events
is fuzz_diff's peer."""

import os
import re
import subprocess

import kernelsrc

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARCH_PROFILES = {"x86": "x86-native;x86-rcu", "arm64": "arm64"}
# (arch, page size) -> TLBFUZZ_KERNEL_GEOMETRY; None is the build's default.
GEOMETRY = {("x86", "4K"): None, ("arm64", "4K"): None, (None, "4K"): None,
            ("arm64", "16K"): "arm64-16k-48", ("arm64", "64K"): "arm64-64k-48"}
PAGE_SIZES = ("4K", "16K", "64K")


class BuildError(Exception):
    """One line saying why the build could not be had."""


def check_config(arch, page):
    """None, or the one-line reason arch and page size do not go together."""
    if arch is not None and arch not in ARCH_PROFILES:
        return "unknown arch '%s' (x86, arm64)" % arch
    if page is not None and page not in PAGE_SIZES:
        return "unknown page size '%s' (4K, 16K, 64K)" % page
    if (arch, page or "4K") not in GEOMETRY:
        if arch is None:
            return "--page-size %s needs --arch arm64" % page
        return "%s has 4K pages only" % arch
    return None


def cmake_options(arch, page):
    """The -D options that select the profiles and geometry."""
    opts = []
    if arch:
        opts.append("-DTLBFUZZ_KERNEL_PROFILES=" + ARCH_PROFILES[arch])
    geom = GEOMETRY[(arch, page or "4K")]
    if geom:
        opts.append("-DTLBFUZZ_KERNEL_GEOMETRY=" + geom)
    return opts


def build_name(tree, arch, page):
    """build/kbisect/<name>: the tree's version (a tree outside the cache
    adds a short hash of its path), the arch and the page size."""
    ver = kernelsrc.tree_version(tree) or "tree"
    cached = os.path.realpath(kernelsrc.cache_dir())
    name = ver
    if not os.path.realpath(tree).startswith(cached + os.sep):
        import hashlib
        h = hashlib.sha1(os.path.realpath(tree).encode()).hexdigest()[:8]
        name = "%s-%s-%s" % (os.path.basename(os.path.normpath(tree)), ver, h)
    if arch:
        name += "-" + arch
    if page and page != "4K":
        name += "-" + page
    return name


def _cache_value(bdir, key):
    try:
        with open(os.path.join(bdir, "CMakeCache.txt")) as f:
            for row in f:
                if row.startswith(key + ":"):
                    return row.split("=", 1)[1].strip()
    except OSError:
        pass
    return None


def configure(bdir, tree, arch, page, log):
    """Configure a kernel-mode build of TREE in BDIR (once)."""
    want = os.path.abspath(tree)
    if _cache_value(bdir, "TLBFUZZ_KERNEL_SRC") == want and \
            os.path.exists(os.path.join(bdir, "Makefile")):
        return
    cmd = ["cmake", "-S", ROOT, "-B", bdir, "-DCMAKE_C_COMPILER=clang-14",
           "-DCMAKE_ASM_COMPILER=clang-14",
           "-DCMAKE_BUILD_TYPE=RelWithDebInfo", "-DTLBFUZZ_SANITIZER=address",
           "-DTLBFUZZ_ENGINE=libfuzzer", "-DTLBFUZZ_KERNEL_SRC=" + want]
    cmd += cmake_options(arch, page)
    r = subprocess.run(cmd, stdout=log, stderr=subprocess.PIPE, text=True)
    log.write(r.stderr)
    log.flush()
    if r.returncode != 0:
        errs = [l.strip() for l in r.stderr.splitlines()
                if l.strip() and not l.startswith("CMake Error") and
                not l.startswith("--")]
        raise BuildError("configure failed: %s" % (errs[0] if errs else
                                                   "see " + log.name))
    # An option the tree's CMake files do not know is only a warning to
    # cmake: refuse it here, or a 16K request would build 4K.
    m = re.search(r"not used by the project:\n((?:[ \t]*\n|[ \t]+\S+\n)*)",
                  r.stderr)
    unused = m.group(1).split() if m else []
    for opt, what in (("TLBFUZZ_KERNEL_GEOMETRY", "--page-size %s" % page),
                      ("TLBFUZZ_KERNEL_PROFILES", "--arch %s" % arch)):
        if opt in unused:
            import shutil
            shutil.rmtree(bdir, ignore_errors=True)
            raise BuildError("%s: this tlbfuzz's kernel mode has no %s yet "
                             "(configure ignored it)" % (what, opt))


def build(bdir, tree, arch=None, page=None, targets=None, jobs=None):
    """Configure and build; returns BDIR. TARGETS None builds everything
    (fuzzers, seeds, tests); else only those targets."""
    os.makedirs(bdir, exist_ok=True)
    jobs = jobs or os.cpu_count() or 2
    with open(os.path.join(bdir, "kbuild.log"), "a") as log:
        configure(bdir, tree, arch, page, log)
        cmd = ["cmake", "--build", bdir, "-j", str(jobs)]
        for t in targets or []:
            cmd += ["--target", t]
        r = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            raise BuildError("build failed in %s (see %s)" % (bdir, log.name))
    return bdir


def model_peer(jobs=None):
    """The plain preset's tlbf-events (fuzz_diff's peer), built if needed."""
    bdir = os.path.join(ROOT, "build", "plain")
    os.makedirs(bdir, exist_ok=True)
    with open(os.path.join(bdir, "peer-build.log"), "a") as log:
        if not os.path.exists(os.path.join(bdir, "Makefile")):
            r = subprocess.run(["cmake", "--preset", "plain"], cwd=ROOT,
                               stdout=log, stderr=subprocess.STDOUT)
            if r.returncode != 0:
                raise BuildError("cmake --preset plain failed")
        r = subprocess.run(["cmake", "--build", bdir, "--target", "tlbf-events",
                            "-j", str(jobs or os.cpu_count() or 2)],
                           stdout=log, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            raise BuildError("building the model peer (build/plain "
                             "tlbf-events) failed")
    return os.path.join(bdir, "tlbf-events")
