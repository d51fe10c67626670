#!/bin/sh
# build.sh -- builds libuv 1.44's own test runner from its original (orig) or
# actx-rewritten (rw) test files, against the system libuv (and libactx for
# rw).  Not part of the meson suites yet; see docs/rewriter.md.
# usage: build.sh orig|rw LIBUV_SOURCE_DIR OUT_DIR ACTX_BUILD_DIR
#   LIBUV_SOURCE_DIR  from `apt-get source libuv1` (needs a deb-src line)
#   ACTX_BUILD_DIR    a meson build of this project (tool/actx-rewrite, runtime/libactx.so)
set -e
mode=$1 src=$(realpath "$2") out=$3 build=$(realpath "$4")
actx_src=$(realpath "$(dirname "$0")/../../..")
mkdir -p "$out" && out=$(realpath "$out")
defs="-D_FILE_OFFSET_BITS=64 -D_LARGEFILE_SOURCE -D_GNU_SOURCE -DUSING_UV_SHARED=1"
cd "$src"
# The runner's sources, as libuv's CMakeLists.txt lists them (unix).
sources=$(python3 -c '
s = open("CMakeLists.txt").read()
i = s.index("list(APPEND uv_test_sources\n       test/blackhole-server.c")
print(" ".join(x.strip() for x in s[i:s.index(")", i)].split("\n")[1:] if x.strip().endswith(".c")))')
objs=""
for f in $sources test/runner-unix.c; do
  b=$(basename "$f" .c)
  in=$f extra=""
  if [ "$mode" = rw ] && [ "${b#test-}" != "$b" ]; then
    in=$out/$b.rw.c
    "$build/tool/actx-rewrite" --report "$out/$b.json" "$f" -o "$in" -- -Iinclude -Itest $defs
    extra="-I$actx_src/include -iquote test -fexceptions"
  fi
  gcc -c -O1 -g -w -Iinclude -Itest $defs $extra "$in" -o "$out/$b.o"
  objs="$objs $out/$b.o"
done
libs="-luv -lpthread -ldl -lutil -lrt"
# $ORIGIN/lib first: run.sh copies libactx.so there for the nobody-run, which
# may not reach the build tree (a checkout under a 0700 home).
[ "$mode" = rw ] && libs="-L$build/runtime -Wl,-rpath,\$ORIGIN/lib -Wl,-rpath,$build/runtime -lactx $libs"
# shellcheck disable=SC2086
gcc -o "$out/run-tests" $objs $libs
echo "built $out/run-tests"
