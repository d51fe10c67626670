#!/bin/sh
# cc-test.sh BUILD_DIR SOURCE_DIR CASE -- tests actx-cc (tool/cc.c), the
# compiler wrapper, from BUILD_DIR/tool against the compiler `cc`.  CASE:
#   project      tests/cc/project built by make with CC="actx-cc cc": the
#                program sees its request in a thread and in an atexit
#                handler (so both sources were rewritten), the depfiles name
#                the original sources and work, a warning points at the
#                user's file and line, no temporary file is left; the same
#                build with plain cc does not see the request
#   passthrough  what is not a C compile gives the bare compiler's bytes and
#                exit status (--version, --help, -E, -M, a link, a .S file, a
#                C++ file) without running actx-rewrite
#   failure      a failed rewrite fails the compile; ACTX_CC_FALLBACK=1
#                compiles the source unrewritten with a warning
#   contracts    .actx-contracts files found walking up (nearest wins), then
#                $ACTX_CONTRACTS (wins over both); all in the depfile
#   forms        two sources without -o, -S, -x c, -MF/-MT, -Wp,-MMD,FILE,
#                clang as the compiler, and a wrapper before it (as distcc)
#   install      the actx-cc of `meson install --destdir` finds the
#                installed actx-rewrite and headers
#   ccache       CC="actx-cc ccache cc": a rebuild after make clean is all
#                cache hits (skipped without ccache)
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd) case=$3
actx_cc=$build/tool/actx-cc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A private TMPDIR: actx-cc's temporary files must all be gone afterwards.
export TMPDIR="$tmp/tmpdir"
mkdir "$TMPDIR"
fail() { echo "FAIL: $*"; exit 1; }
# The first rule of a depfile on one line, single spaces.
rule() { sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$1" | head -1 | tr -s ' \t' '  '; }
no_temps() {
  [ -z "$(ls -A "$TMPDIR")" ] || fail "temporary files left in TMPDIR: $(ls -A "$TMPDIR")"
}

case $case in
project)
  cp -r "$src/tests/cc/project" "$tmp/p"
  cd "$tmp/p"
  make -j2 CC="$actx_cc cc" ACTX_LIBDIR="$build/runtime" >build.log 2>&1 || { cat build.log; fail "make"; }
  ./app >run.log || { cat run.log; fail "the thread did not see its request: not rewritten?"; }
  grep -qx "atexit saw request 42" run.log || { cat run.log; fail "atexit handler lost the request"; }
  # Depfiles: the original source and header, never the temporary copy.
  rule obj/main.d | grep -q '^obj/main.o: src/main.c src/lib/queue.h ' ||
    { cat obj/main.d; fail "obj/main.d does not name src/main.c"; }
  rule obj/lib/queue.d | grep -q '^obj/lib/queue.o: src/lib/queue.c src/lib/queue.h ' ||
    { cat obj/lib/queue.d; fail "obj/lib/queue.d does not name src/lib/queue.c"; }
  ! grep -q "actx-cc\.\|$TMPDIR" obj/main.d obj/lib/queue.d || fail "a depfile names the temporary file"
  # Diagnostics point at the user's file and line.
  line=$(grep -n unused_on_purpose src/lib/queue.c | cut -d: -f1)
  grep -q "^src/lib/queue.c:$line:[0-9]*: warning: unused variable" build.log ||
    { cat build.log; fail "the warning does not point at src/lib/queue.c:$line"; }
  # The depfiles work: an edited header rebuilds the objects that include it.
  make -q ACTX_LIBDIR="$build/runtime" app || fail "make -q: not up to date after the build"
  sleep 1
  touch src/lib/queue.h
  ! make -q ACTX_LIBDIR="$build/runtime" app || fail "touching src/lib/queue.h rebuilds nothing"
  make CC="$actx_cc cc" ACTX_LIBDIR="$build/runtime" >build2.log 2>&1 || { cat build2.log; fail "rebuild"; }
  grep -q "src/main.c" build2.log && grep -q "src/lib/queue.c" build2.log ||
    { cat build2.log; fail "the rebuild did not recompile both sources"; }
  no_temps
  # The control: plain cc (no rewrite) loses the request.
  cp -r "$src/tests/cc/project" "$tmp/bare"
  cd "$tmp/bare"
  make CC=cc CPPFLAGS="-I$src/include" ACTX_LIBDIR="$build/runtime" >build.log 2>&1 ||
    { cat build.log; fail "bare make"; }
  ! ./app >run.log || fail "the unrewritten program saw its request: the test proves nothing"
  echo "project: rewritten (thread and atexit see request 42), depfiles and diagnostics name src/"
  ;;

passthrough)
  # actx-rewrite must not run at all: make it fail loudly.
  printf '#!/bin/sh\necho "actx-rewrite ran on a pass-through: $*" >&2\nexit 99\n' >"$tmp/no-rewrite"
  chmod +x "$tmp/no-rewrite"
  export ACTX_REWRITE="$tmp/no-rewrite"
  p=$src/tests/cc/project/src
  cd "$tmp"
  mkdir a b
  # same_as NAME ARGS...: actx-cc cc ARGS and cc ARGS give the same stdout,
  # stderr and status (run in a/ and b/; files they write are compared too).
  same_as() {
    name=$1
    shift
    (cd a && set +e && "$actx_cc" "$@" >../$name.out1 2>../$name.err1; echo $? >../$name.rc1)
    (cd b && set +e && "$@" >../$name.out2 2>../$name.err2; echo $? >../$name.rc2)
    for f in out err rc; do
      cmp -s "$name.${f}1" "$name.${f}2" || { diff "$name.${f}1" "$name.${f}2" | head; fail "$name: $f differs"; }
    done
    diff -r a b >/dev/null || fail "$name: the files written differ"
    echo "  $name: identical ($(cat $name.rc1))"
  }
  same_as version cc --version
  same_as help cc --help
  same_as preprocess cc -E -I"$src/include" "$p/main.c"
  same_as deps cc -M -I"$src/include" "$p/main.c"
  same_as syntax-only cc -fsyntax-only -I"$src/include" "$p/lib/queue.c"
  same_as asm cc -c "$src/tests/cc/passthrough/asm.S" -o asm.o
  cc -c -I"$src/include" "$p/main.c" -o main.o
  cc -c -I"$src/include" "$p/lib/queue.c" -o queue.o
  same_as link cc -o app ../main.o ../queue.o -L"$build/runtime" -lactx -pthread
  same_as link-error cc -o app3 ../no-such.o
  same_as compile-and-link cc -o app2 -I"$src/include" "$p/main.c" "$p/lib/queue.c" \
    -L"$build/runtime" -lactx -pthread
  if command -v c++ >/dev/null 2>&1; then
    same_as c++ c++ -c "$src/tests/cc/passthrough/hello.cpp" -o hello.o
    same_as c++-dot-c c++ -c "$src/tests/cc/passthrough/later.c" -o later.o
    # The compiler command is "env c++": the driver that decides is c++.
    same_as env-c++-dot-c env c++ -c "$src/tests/cc/passthrough/later.c" -o later.o
  fi
  # actx-cc's own options only before the compiler.
  "$actx_cc" --help | grep -q "^usage: actx-cc COMPILER" || fail "actx-cc --help"
  "$actx_cc" --version | grep -q "^actx-cc " || fail "actx-cc --version"
  set +e
  "$actx_cc" >/dev/null 2>&1
  rc=$?
  set -e
  [ $rc = 2 ] || fail "actx-cc without a compiler: exit $rc, not 2"
  no_temps
  echo "passthrough: all identical to the bare compiler"
  ;;

failure)
  mkdir -p "$tmp/f"
  cp "$src/tests/cc/passthrough/later.c" "$tmp/f/"
  printf 'later 0 sometimes\n' >"$tmp/f/.actx-contracts"
  cd "$tmp/f"
  set +e
  "$actx_cc" cc -c later.c -o later.o 2>err.log
  rc=$?
  set -e
  [ $rc != 0 ] || fail "a failed rewrite did not fail the compile"
  [ ! -e later.o ] || fail "a failed rewrite left an object"
  grep -q "\.actx-contracts:1: error: unknown lifetime" err.log || { cat err.log; fail "no rewriter message"; }
  echo "  without fallback: exit $rc, '$(head -1 err.log)'"
  ACTX_CC_FALLBACK=1 "$actx_cc" cc -c later.c -o later.o 2>err.log || { cat err.log; fail "fallback compile"; }
  [ -e later.o ] || fail "no object with ACTX_CC_FALLBACK=1"
  grep -qx "actx-cc: warning: rewriting later.c failed; compiled unrewritten (ACTX_CC_FALLBACK=1)" err.log ||
    { cat err.log; fail "no fallback warning"; }
  # Unrewritten means the bare compiler's object.
  cc -c later.c -o bare.o
  cmp -s later.o bare.o || fail "the fallback object differs from the bare compiler's"
  # A rewriter that cannot run fails the compile too.
  set +e
  ACTX_REWRITE="$tmp/none" "$actx_cc" cc -c later.c -o later2.o 2>err.log
  rc=$?
  set -e
  [ $rc != 0 ] && grep -q "cannot run" err.log || { cat err.log; fail "a missing actx-rewrite: exit $rc"; }
  # Interrupted: the rewriter is stopped and the temporary directory removed.
  printf '#!/bin/sh\nexec sleep 30\n' >"$tmp/slow-rewrite"
  chmod +x "$tmp/slow-rewrite"
  ACTX_REWRITE="$tmp/slow-rewrite" "$actx_cc" cc -c later.c -o later3.o &
  pid=$!
  n=0
  while [ -z "$(ls -A "$TMPDIR")" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
  kill -TERM $pid
  set +e
  wait $pid
  rc=$?
  set -e
  [ $rc = 143 ] || fail "SIGTERM: exit $rc, not 143"
  no_temps
  echo "failure: the compile fails with the rewriter's message; ACTX_CC_FALLBACK=1 compiles unrewritten"
  ;;

contracts)
  # later.c calls later(tick); later() has no built-in contract.  The object
  # refers to actx only when a contract says "wrap": `forever` wraps, `ignore`
  # does not.
  top=$(cd "$tmp" && pwd -P)/top
  mkdir -p "$top/sub/deep"
  cp "$src/tests/cc/passthrough/later.c" "$top/sub/deep/"
  cd "$top/sub/deep"
  wrapped() {
    "$actx_cc" cc -c later.c -o later.o
    nm later.o | grep -q "actx_" && echo yes || echo no
  }
  [ "$(wrapped)" = no ] || fail "wrapped without a contract"
  # The site left alone is a warning in the build log, once, naming the
  # source as the compile does (as a compiler warning would).
  "$actx_cc" cc -c later.c -o later.o 2>warn.log
  [ "$(grep -c '^later\.c:8:[0-9]*: warning: callback .tick. .*\[actx-no-contract\]$' warn.log)" = 1 ] &&
    [ "$(wc -l <warn.log)" = 1 ] || { cat warn.log; fail "the finding is not one warning naming later.c"; }
  echo 'later 0 forever' >"$top/.actx-contracts"
  [ "$(wrapped)" = yes ] || fail "$top/.actx-contracts (two levels up) not found"
  echo 'later 0 ignore' >"$top/sub/.actx-contracts"
  [ "$(wrapped)" = no ] || fail "the nearer $top/sub/.actx-contracts does not win"
  "$actx_cc" cc -c later.c -o later.o 2>warn.log
  [ ! -s warn.log ] || { cat warn.log; fail "a site ignored by contract is still a warning"; }
  echo 'later 0 forever' >"$tmp/env.contracts"
  [ "$(ACTX_CONTRACTS="$tmp/env.contracts" wrapped)" = yes ] || fail "ACTX_CONTRACTS does not win"
  # The depfile lists the contract files, in the order loaded; -MP gives
  # each an empty rule.
  ACTX_CONTRACTS="$tmp/env.contracts" "$actx_cc" cc -MMD -MP -c later.c -o later.o
  rule later.d | grep -q "^later.o: later.c .*$top/.actx-contracts $top/sub/.actx-contracts $tmp/env.contracts\$" ||
    { cat later.d; fail "the depfile does not list the contract files"; }
  grep -qx "$top/sub/.actx-contracts:" later.d || { cat later.d; fail "-MP: no empty rule for a contract file"; }
  no_temps
  echo "contracts: outermost .actx-contracts first, nearest wins, ACTX_CONTRACTS last"
  ;;

forms)
  # Other shapes of a C compile: each rewritten (the object refers to actx),
  # outputs and depfile targets named after the source, depfiles fixed.
  cp -r "$src/tests/cc/project" "$tmp/p"
  cd "$tmp/p"
  mkdir out
  refers() { nm "$1" | grep -q "actx_bind\|actx_box\|actx__" || fail "$1 was not rewritten"; }
  # Two sources, no -o: main.o and queue.o in the working directory.
  "$actx_cc" cc -MMD -c src/main.c src/lib/queue.c
  refers main.o
  refers queue.o
  rule main.d | grep -q '^main.o: src/main.c ' || { cat main.d; fail "main.d"; }
  rule queue.d | grep -q '^queue.o: src/lib/queue.c ' || { cat queue.d; fail "queue.d"; }
  # -S: assembly named after the source.
  "$actx_cc" cc -S src/main.c
  grep -q "actx_" main.s || fail "-S: main.s was not rewritten"
  # -x c on a file not named .c; the depfile from -MF with -MT, and the
  # kernel's -Wp,-MMD,FILE.
  cp src/main.c src/main.inc
  "$actx_cc" cc -x c -MD -MF out/inc.dep -MT inc-target -c src/main.inc -o out/inc.o
  refers out/inc.o
  rule out/inc.dep | grep -q '^inc-target: src/main.inc ' || { cat out/inc.dep; fail "-MF/-MT"; }
  "$actx_cc" cc -Wp,-MMD,out/wp.d -c src/main.c -o out/wp.o
  rule out/wp.d | grep -q ': src/main.c ' || { cat out/wp.d; fail "-Wp,-MMD"; }
  if command -v clang >/dev/null 2>&1; then
    "$actx_cc" clang -MMD -c src/main.c -o out/clang.o
    refers out/clang.o
    rule out/clang.d | grep -q '^out/clang.o: src/main.c ' || { cat out/clang.d; fail "clang -MMD"; }
  fi
  # A wrapper before the compiler (like distcc): it runs the compile of the
  # rewritten file, with the arguments actx-cc adds.
  mkdir bin
  printf '#!/bin/sh\necho "$*" >>"%s/wrap.log"\nexec "$@"\n' "$tmp" >bin/wrap
  chmod +x bin/wrap
  PATH="$PWD/bin:$PATH" "$actx_cc" wrap cc -c src/main.c -o out/wrapped.o
  refers out/wrapped.o
  private="$TMPDIR/actx-cc\.[0-9]*\.[0-9a-f]*"
  grep -q "^cc -fexceptions -iquote src -fdebug-prefix-map=$private=src -c $private/main.c -o out/wrapped.o -I " "$tmp/wrap.log" ||
    { cat "$tmp/wrap.log"; fail "the wrapper did not get the rewritten compile"; }
  # A source with nothing to rewrite (actx-rewrite gives it back byte for
  # byte, without #line): the source itself is compiled, so diagnostics and
  # the depfile name it; the contract files still join the depfile.
  printf 'int plain(void) {\n  int unused_here;\n  return 0;\n}\n' >src/plain.c
  echo 'nothing_here 0 once' >src/.actx-contracts
  PATH="$PWD/bin:$PATH" "$actx_cc" wrap cc -Wall -MMD -c src/plain.c -o out/plain.o 2>out/plain.err ||
    { cat out/plain.err; fail "compiling a source without callbacks"; }
  grep -q '^src/plain.c:2:[0-9]*: warning: unused variable' out/plain.err ||
    { cat out/plain.err; fail "the warning of an unrewritten source does not name src/plain.c"; }
  tail -1 "$tmp/wrap.log" | grep -q "^cc -Wall -MMD -c src/plain.c -o out/plain.o -I " ||
    { tail -1 "$tmp/wrap.log"; fail "a source without edits was not compiled as itself"; }
  rule out/plain.d | grep -q "^out/plain.o: src/plain.c .*src/.actx-contracts" ||
    { cat out/plain.d; fail "out/plain.d lacks the source or the contracts"; }
  rm src/.actx-contracts
  ! grep -q "actx-cc\." main.d queue.d out/*.d out/inc.dep || fail "a depfile names the temporary file"
  no_temps
  echo "forms: two sources without -o, -S, -x c, -MF/-MT, -Wp,-MMD, clang, a wrapper, a source without edits"
  ;;

install)
  # Installed (meson install --destdir): actx-cc beside actx-rewrite finds
  # it, and the headers in ../include relative to itself.
  meson install -C "$build" --destdir "$tmp/root" --no-rebuild --quiet >"$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log"; fail "meson install"; }
  bin=$(dirname "$(find "$tmp/root" -name actx-cc -type f)")
  [ -x "$bin/actx-cc" ] && [ -x "$bin/actx-rewrite" ] || fail "actx-cc not installed beside actx-rewrite"
  [ -e "$bin/../include/actx.h" ] || fail "no actx.h in $bin/../include"
  libdir=$(dirname "$(find "$tmp/root" -name 'libactx.so' | head -1)")
  cp -r "$src/tests/cc/project" "$tmp/p"
  cd "$tmp/p"
  PATH=/usr/bin:/bin make CC="$bin/actx-cc cc" ACTX_LIBDIR="$libdir" >build.log 2>&1 ||
    { cat build.log; fail "make with the installed actx-cc"; }
  ./app >/dev/null || fail "built by the installed actx-cc, the program lost its request"
  rule obj/main.d | grep -q " $bin/../include/actx.h " || { cat obj/main.d; fail "not the installed actx.h"; }
  no_temps
  echo "install: the installed actx-cc finds actx-rewrite beside it and $bin/../include"
  ;;

ccache)
  command -v ccache >/dev/null 2>&1 || { echo "ccache not installed: skipped"; exit 77; }
  export CCACHE_DIR="$tmp/ccache" CCACHE_CONFIGPATH="$tmp/ccache.conf"
  : >"$CCACHE_CONFIGPATH"
  cp -r "$src/tests/cc/project" "$tmp/p"
  cd "$tmp/p"
  make CC="$actx_cc ccache cc" ACTX_LIBDIR="$build/runtime" >build.log 2>&1 || { cat build.log; fail "make"; }
  ./app >/dev/null || fail "built through ccache, the program lost its request"
  make clean >/dev/null
  ccache -z >/dev/null
  make CC="$actx_cc ccache cc" ACTX_LIBDIR="$build/runtime" >build.log 2>&1 || { cat build.log; fail "rebuild"; }
  ./app >/dev/null || fail "rebuilt from the cache, the program lost its request"
  stats=$(ccache --print-stats)
  stat() { echo "$stats" | awk -v k="$1" '$1 == k { print $2 }'; }
  hits=$(($(stat direct_cache_hit) + $(stat preprocessed_cache_hit)))
  misses=$(stat cache_miss)
  [ "$hits" = 2 ] && [ "$misses" = 0 ] || { echo "$stats"; fail "rebuild: $hits hits, $misses misses"; }
  rule obj/main.d | grep -q '^obj/main.o: src/main.c ' || { cat obj/main.d; fail "cached depfile"; }
  no_temps
  echo "ccache: rebuild after make clean: $hits hits, $misses misses"
  ;;

*)
  echo "unknown case $case"
  exit 2
  ;;
esac
