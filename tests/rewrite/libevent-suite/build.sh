#!/bin/sh
# build.sh -- builds libevent 2.1.12's regress program twice:
#   plain  by libevent's own CMake build (libraries + regress), cached: a
#          second run with the same source tree and options rebuilds nothing;
#   rw     from every test/regress*.c of the regress target rewritten by
#          `actx-rewrite -p <cmake build dir>` (the compile commands CMake
#          exported), compiled with the same flags plus the actx headers, and
#          linked exactly as CMake links regress, plus libactx.  Redone on
#          every run (the rewriter and libactx are what is under test).
# Only the test program is rewritten: both binaries link the same unrewritten
# static libevent libraries, as the libuv harness links the system libuv.
# tinytest.c (the test driver) is not rewritten: it registers no callback on
# Unix (its one, CreateThread for timeouts, is Windows-only; it calls the test
# functions directly), so the plain object is linked into both.
# usage: build.sh ACTX_BUILD_DIR LIBEVENT_SOURCE_DIR
#   ACTX_BUILD_DIR       a meson build of this project (tool/actx-rewrite,
#                        runtime/libactx.so); the work goes to its
#                        libevent-suite/ directory:
#                          plain/  the CMake build tree, bin/regress (kept)
#                          rw/     NAME.rw.c, NAME.json (--report), NAME.o,
#                                  regress
#   LIBEVENT_SOURCE_DIR  from `apt-get source libevent` (.ci/fetch-libevent-source.sh)
# Prints where the two binaries are; exits non-zero on any failure.
set -u
build=$(realpath "$1") || exit 2
src=$(realpath "$2") || exit 2
actx_src=$(realpath "$(dirname "$0")/../../..")
top=$build/libevent-suite
plain=$top/plain
rw=$top/rw
[ -f "$src/test/regress.h" ] || { echo "build.sh: $src is not a libevent source tree" >&2; exit 2; }
mkdir -p "$top" || exit 2
for tool in cmake make python3; do
  command -v $tool >/dev/null || { echo "build.sh: needs $tool (.ci/install-deps.sh)" >&2; exit 1; }
done

# Small and fast: static libraries only (compiled once, not twice), -O0 -g,
# no OpenSSL (2.1.12 has no mbedTLS option), no samples or benchmarks, and no
# zlib even when zlib1g-dev is installed, so that every machine runs the same
# test set.  Python 3 is needed: CMake only builds regress when it finds it.
cmake_opts="-DCMAKE_BUILD_TYPE=Debug -DEVENT__LIBRARY_TYPE=STATIC
 -DEVENT__DISABLE_OPENSSL=ON -DEVENT__DISABLE_BENCHMARK=ON
 -DEVENT__DISABLE_SAMPLES=ON -DCMAKE_DISABLE_FIND_PACKAGE_ZLIB=ON
 -DCMAKE_EXPORT_COMPILE_COMMANDS=ON"
stamp="$src $cmake_opts"

if [ -x "$plain/bin/regress" ] && [ -f "$plain/compile_commands.json" ] &&
  [ "$(cat "$plain/actx-stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "plain: cached CMake build in $plain"
else
  echo "plain: configuring and building libevent and regress in $plain (-j2)"
  rm -rf "$plain" && mkdir -p "$plain" || exit 2
  # shellcheck disable=SC2086
  (cd "$plain" && cmake -G "Unix Makefiles" $cmake_opts "$src") >"$top/cmake.log" 2>&1 ||
    { tail -30 "$top/cmake.log"; echo "build.sh: cmake configure failed ($top/cmake.log)" >&2; exit 1; }
  cmake --build "$plain" --target regress -- -j2 >"$top/make.log" 2>&1 ||
    { tail -30 "$top/make.log"; echo "build.sh: building regress failed ($top/make.log)" >&2; exit 1; }
  echo "$stamp" >"$plain/actx-stamp"
fi
[ -x "$plain/bin/regress" ] || { echo "build.sh: no $plain/bin/regress" >&2; exit 1; }

# The regress target's compile commands (those writing CMakeFiles/regress.dir/,
# so the list is whatever this configuration compiles), as shell words:
# "SOURCE OBJECT COMPILER FLAGS..." lines, without -c, -o and the source.
rm -rf "$rw" && mkdir -p "$rw" || exit 2
python3 - "$plain" >"$rw/commands.txt" <<'PY' || { echo "build.sh: reading compile_commands.json failed" >&2; exit 1; }
import json, os, shlex, sys
plain = sys.argv[1]
n = 0
for e in json.load(open(os.path.join(plain, "compile_commands.json"))):
    args = e["arguments"] if "arguments" in e else shlex.split(e["command"])
    flags, out, i = [args[0]], "", 1
    while i < len(args):
        if args[i] == "-o" and i + 1 < len(args):
            out = args[i + 1]
            i += 1
        elif args[i] != "-c" and args[i] != e["file"]:
            flags.append(args[i])
        i += 1
    if not out.startswith("CMakeFiles/regress.dir/"):
        continue
    print(shlex.join([e["file"], out] + flags))
    n += 1
if n == 0:
    sys.exit("no compile command writes CMakeFiles/regress.dir/*.o")
PY

echo "rw: rewriting and compiling the regress sources in $rw"
objmap=""
while read -r line; do
  eval "set -- $line"
  file=$1 obj=$2
  shift 2
  b=$(basename "$file" .c)
  case $b in
    regress*) ;;
    *) continue ;;
  esac
  "$build/tool/actx-rewrite" -p "$plain" --report "$rw/$b.json" "$file" -o "$rw/$b.rw.c" \
    >"$rw/$b.rewrite.log" 2>&1 ||
    { cat "$rw/$b.rewrite.log"; echo "build.sh: actx-rewrite failed on $file" >&2; exit 1; }
  # The rewritten file lives in rw/: -iquote the original directory for its
  # "local.h" includes; -fexceptions for the thunks' cleanup (docs/integration.md).
  (cd "$plain" && "$@" -I"$actx_src/include" -iquote "$(dirname "$file")" -fexceptions \
    -c "$rw/$b.rw.c" -o "$rw/$b.o") >"$rw/$b.compile.log" 2>&1 ||
    { cat "$rw/$b.compile.log"; echo "build.sh: compiling rewritten $b.rw.c failed" >&2; exit 1; }
  objmap="$objmap $obj=$rw/$b.o"
done <"$rw/commands.txt"
# libevent's own flags (-Wall -Wextra -Wdeclaration-after-statement ...)
# apply to the rewritten files and to actx_bind.h, which they include with
# -I as a user's build would; check.sh fails on any (the plain build has
# none in these files).
set -- "$rw"/*.rw.c
echo "rw: $# files rewritten, $(awk '/warning:/ { n++ } END { print n + 0 }' "$rw"/*.compile.log) compiler warnings (rw/*.compile.log)"

# CMake's own link line for regress, the rewritten objects in place of the
# plain ones, plus libactx.
# shellcheck disable=SC2086
python3 - "$plain/CMakeFiles/regress.dir/link.txt" "$rw/regress" $objmap >"$rw/link.txt" <<'PY' ||
import shlex, sys
words = shlex.split(open(sys.argv[1]).read())
out = sys.argv[2]
objs = dict(m.split("=", 1) for m in sys.argv[3:])
res, i = [], 0
while i < len(words):
    w = words[i]
    if w == "-o":
        res += ["-o", out]
        i += 2
        continue
    res.append(objs.get(w, w))
    i += 1
print(shlex.join(res))
PY
  { echo "build.sh: reading regress's link line failed" >&2; exit 1; }
link=$(cat "$rw/link.txt")
eval "set -- $link"
(cd "$plain" && "$@" -L"$build/runtime" -Wl,-rpath,"$build/runtime" -lactx) >"$rw/link.log" 2>&1 ||
  { cat "$rw/link.log"; echo "build.sh: linking the rewritten regress failed" >&2; exit 1; }
echo "built $plain/bin/regress (plain) and $rw/regress (rewritten)"
