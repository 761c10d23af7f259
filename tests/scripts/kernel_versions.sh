#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# scripts/kernel-src, scripts/kernel-bisect and scripts/fuzz --kernel:
# argument handling, --list, version resolution against local packages and
# the cache, local trees, and kfuncs' function diff, all without a
# download or a kernel build (a fake cache and package folder).
#   1. bad arguments: one line on stderr, exit 2; a version nobody lists:
#      one line, exit 1; --help exits 0;
#   2. --list shows a local package, a cached tree (with its folder) and
#      the resolution of 6.1.150 / 6.1.150-1 / a tree folder;
#   3. a cached version prints its folder without extracting anything;
#   4. kfuncs: what a build records (depfiles, #line extracts) and which
#      functions differ between two trees;
#   5. with a libFuzzer BUILD: a 2 s model campaign loads corpus/regress
#      besides the seeds.
# Usage: kernel_versions.sh WORKDIR [BUILD]
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:?work folder}
fail=0
bad() { echo "FAIL: $*"; fail=1; }
rm -rf "$work"
mkdir -p "$work/cache" "$work/debs"
# apt's lists change from day to day: left out but in one --list below.
export TLBFUZZ_CACHE=$work/cache TLBFUZZ_DEB_DIRS=$work/debs TLBFUZZ_NO_APT=1
ksrc=$root/scripts/kernel-src
bisect=$root/scripts/kernel-bisect
fuzz="python3 $root/scripts/lib/campaign.py"

# one_line RC WHAT CMD...: CMD exits RC with exactly one line on stderr.
one_line() {
	local want=$1 what=$2 err rc n
	shift 2
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	n=$(printf '%s' "$err" | grep -c '')
	[ "$rc" = "$want" ] && [ "$n" = 1 ] ||
		bad "$what: rc=$rc (want $want), $n stderr lines: $err"
}

# 1.
one_line 2 "kernel-src no version" "$ksrc"
one_line 2 "kernel-src --bogus" "$ksrc" --bogus
one_line 2 "kernel-src not a version" "$ksrc" 6.x
one_line 2 "kernel-src two versions" "$ksrc" 6.1 6.12
one_line 2 "kernel-src --deb no file" "$ksrc" --deb
one_line 2 "kernel-src --list bad line" "$ksrc" --list 6.1.170
one_line 1 "kernel-src unlisted version" "$ksrc" 6.1.999
one_line 1 "kernel-src unlisted revision" "$ksrc" 6.1.150-9
one_line 1 "kernel-src --deb missing" "$ksrc" --deb "$work/none.deb" 6.1
one_line 1 "kernel-src not a tree" "$ksrc" "$work/debs"
"$ksrc" 6.1.999 2>&1 | grep -q "not a listed version of linux-source-6.1" ||
	bad "kernel-src: unlisted version message"
one_line 2 "kernel-bisect no REPRO" "$bisect"
one_line 2 "kernel-bisect --bogus" "$bisect" --bogus
one_line 2 "kernel-bisect missing REPRO" "$bisect" /nonexistent.bin --line 6.1
one_line 2 "kernel-bisect bad version" "$bisect" "$root/corpus/regress/shift-noflush.bin" --versions "6.x"
one_line 2 "kernel-bisect unlisted version" "$bisect" "$root/corpus/regress/shift-noflush.bin" --versions "6.1.999"
one_line 2 "kernel-bisect x86 16K" "$bisect" "$root/corpus/regress/shift-noflush.bin" --line 6.1 --arch x86 --page-size 16K
one_line 2 "kernel-bisect no line" "$bisect" "$root/corpus/regress/shift-noflush.bin"
one_line 2 "kernel-bisect --fuzz 0" "$bisect" --fuzz 0 --line 6.1
one_line 2 "fuzz --kernel bad" $fuzz --kernel 6.x
one_line 2 "fuzz --arch alone" $fuzz --arch arm64
one_line 2 "fuzz --kernel --page-size 64K x86" $fuzz --kernel 6.1 --arch x86 --page-size 64K
one_line 2 "fuzz --kernel --engine afl" $fuzz --kernel 6.1 --engine afl
one_line 2 "fuzz diff without a kernel" $fuzz diff
for s in "$ksrc" "$bisect"; do
	"$s" --help >/dev/null 2>&1 || bad "$s --help did not exit 0"
done
$fuzz --help | grep -q -- "--kernel TREE|VERSION" || bad "fuzz --help has no --kernel"

# 2. (--list, --resolve) A local package (the name is all --list reads) and a cached tree.
: > "$work/debs/linux-source-6.1_6.1.150-1_all.deb"
tree=$work/cache/kernel-6.1.140
mkdir -p "$tree/mm" "$tree/include/asm-generic"
printf 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 140\n' > "$tree/Makefile"
: > "$tree/mm/memory.c"
: > "$tree/include/asm-generic/tlb.h"
printf 'static int a(void)\n{\n\treturn 1;\n}\n' > "$tree/mm/mmu_gather.c"
echo 6.1.140-2 > "$tree/.tlbfuzz-complete-2"
"$ksrc" --list 6.1 > "$work/list" || bad "--list exited $?"
grep -Eq '^6\.1\.150-1 +6\.1\.150 +(apt,)?deb +-$' "$work/list" ||
	bad "--list lacks the local package: $(cat "$work/list")"
grep -Eq "^6\\.1\\.140-2 +6\\.1\\.140 +cache +$tree\$" "$work/list" ||
	bad "--list lacks the cached tree: $(cat "$work/list")"
# with apt: every row is "DEBIAN UPSTREAM WHERE TREE|-", or a line says none
TLBFUZZ_NO_APT=0 "$ksrc" --list > "$work/list-apt" || bad "--list (apt) exited $?"
grep -Evq '^[0-9][^ ]* +[0-9.]+ +(apt|deb|cache|apt,deb) +[^ ]+$|^linux-source-[0-9.]+: none listed' \
	"$work/list-apt" && bad "--list (apt) rows: $(cat "$work/list-apt")"
[ "$("$ksrc" --resolve 6.1.150)" = 6.1.150-1 ] || bad "--resolve 6.1.150"
[ "$("$ksrc" --resolve 6.1.150-1)" = 6.1.150-1 ] || bad "--resolve 6.1.150-1"
[ "$("$ksrc" --resolve "$tree")" = 6.1.140 ] || bad "--resolve TREE"
# 3. cached: printed as it is, nothing fetched
[ "$("$ksrc" 6.1.140)" = "$tree" ] || bad "cached 6.1.140 not printed"
[ "$("$ksrc" "$tree")" = "$tree" ] || bad "a tree folder not printed"
# a package that is no package: one line, exit 1, cache untouched
one_line 1 "kernel-src broken package" "$ksrc" 6.1.150
[ ! -e "$work/cache/kernel-6.1.150" ] || bad "a failed fetch left a tree"

# 4. kfuncs
python3 - "$root" "$work" <<'PY' || bad "kfuncs"
import os, sys
sys.path.insert(0, os.path.join(sys.argv[1], "scripts", "lib"))
import kfuncs
work = sys.argv[2]
A = "static inline void f(int x)\n{\n\tif (x) {\n\t\tg();\n\t}\n}\n" \
    "#define M(a) ((a) + 1)\nstruct s { int y; };\n" \
    "int h(void) __attribute__((unused));\nvoid keep(void)\n{\n}\n"
B = A.replace("g();", "g(); /* c */ g2();").replace("(a) + 1", "(a) + 2")
B += "void added(void)\n{\n}\n"
for t, text in (("ta", A), ("tb", B)):
    os.makedirs(os.path.join(work, t, "mm"), exist_ok=True)
    with open(os.path.join(work, t, "mm", "x.c"), "w") as f:
        f.write(text)
    with open(os.path.join(work, t, "mm", "memory.c"), "w") as f:
        f.write("void free_a(void)\n{\n\t%s;\n}\nvoid other(void)\n{\n\t%s;\n}\n"
                % ("a()" if t == "ta" else "b()", "a()" if t == "ta" else "b()"))
fs = kfuncs.functions(A)
assert sorted(fs) == ["M", "f", "keep"], sorted(fs)
assert kfuncs.functions("void f(void)\n{\n\t/* x */ g();\n}\n") == \
    kfuncs.functions("void f(void)\n{\n  g();  // y\n}\n"), "comments count"
# a build: a depfile naming mm/x.c, an extract of mm/memory.c's free_a
b = os.path.join(work, "build")
os.makedirs(os.path.join(b, "kernel"), exist_ok=True)
ta = os.path.join(work, "ta")
with open(os.path.join(b, "CMakeCache.txt"), "w") as f:
    f.write("TLBFUZZ_KERNEL_SRC:PATH=%s\n" % ta)
gen = os.path.join(b, "kernel", "memory_pgfree.c")
with open(gen, "w") as f:
    f.write('#line 1 "%s/mm/memory.c"\nvoid free_a(void)\n{\n\ta();\n}\n' % ta)
with open(os.path.join(b, "kernel", "k.c.o.d"), "w") as f:
    f.write("k.c.o: /src/k.c \\\n %s/mm/x.c %s\n" % (ta, gen))
rec = kfuncs.sources(b)
assert rec == {"mm/x.c": None, "mm/memory.c": {"free_a"}}, rec
d = kfuncs.diff(ta, os.path.join(work, "tb"), [rec])
want = [("mm/memory.c", "free_a", "changed"), ("mm/x.c", "M", "changed"),
        ("mm/x.c", "added", "added"), ("mm/x.c", "f", "changed")]
assert d == want, d
PY

# 5. a model campaign (BUILD given, libFuzzer) is seeded with corpus/regress
if [ -n "${2:-}" ] && [ -x "$2/fuzz_gather" ] && "$2/fuzz_gather" -help=1 2>&1 | grep -q fork; then
	nreg=$(ls "$root"/corpus/regress/*.bin | wc -l)
	nseed=$(ls "$2/corpus/gather" | wc -l)
	$fuzz --build-dir "$2" -t 2 -j 1 gather -o "$work/model" --no-triage \
		> "$work/model.log" 2>&1 || bad "model campaign exited $?"
	[ "$(ls "$work/model/gather/seeds-regress" | wc -l)" = "$nreg" ] ||
		bad "model campaign: not seeded with corpus/regress"
	# Fork mode reports the seeds its first merge kept (those adding
	# coverage), so not every file counts; more than either folder could
	# give alone means both were loaded.
	kept=$(sed -n 's/.*-fork=1: \([0-9]*\) seed inputs.*/\1/p' \
		"$work/model/gather/fuzz.log")
	[ -n "$kept" ] && [ "$kept" -gt "$nseed" ] && [ "$kept" -gt "$nreg" ] ||
		bad "model campaign: libFuzzer kept ${kept:-no} seed inputs from $nseed seeds + $nreg reproducers"
fi

[ "$fail" = 0 ] && echo "kernel versions: arguments, --list, cache, kfuncs and seeding ok"
exit $fail
