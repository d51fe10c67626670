#!/bin/sh
# nobody-test.sh -- run.sh's nobody-run works for a checkout other users
# cannot enter (a 0700 home, /root, a mktemp -d): a stand-in runner linked
# as build.sh links the rewritten one (rpath $ORIGIN/lib, then the build
# tree's runtime/ for libactx.so) against a shared library in a 0700
# directory must load it and pass when run.sh runs it as nobody.  Needs root, setpriv and a nobody user;
# skipped (77) otherwise.  usage: nobody-test.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "skipped: needs root to run as nobody"; exit 77; }
command -v setpriv >/dev/null && id nobody >/dev/null 2>&1 || { echo "skipped: no setpriv or no nobody"; exit 77; }
cc=${CC:-cc}
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
chmod 700 "$tmp"
fail() { echo "FAIL: $*"; exit 1; }

mkdir -p "$tmp/checkout/lib" "$tmp/src/test"
cat >"$tmp/checkout/lib.c" <<'C'
int stand_in_answer(void) { return 42; }
C
cat >"$tmp/checkout/runner.c" <<'C'
#include <stdio.h>
#include <string.h>
int stand_in_answer(void);
int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--list") == 0) {
    puts("stand_in_test");
    return 0;
  }
  return argc > 1 && strcmp(argv[1], "stand_in_test") == 0 && stand_in_answer() == 42 ? 0 : 1;
}
C
"$cc" -shared -fPIC -Wl,-soname,libstandin.so.0 -o "$tmp/checkout/lib/libstandin.so.0" "$tmp/checkout/lib.c" ||
  fail "building the library"
ln -s libstandin.so.0 "$tmp/checkout/lib/libstandin.so"
"$cc" -o "$tmp/checkout/run-tests" "$tmp/checkout/runner.c" -L"$tmp/checkout/lib" \
  -Wl,-rpath,'$ORIGIN/lib' -Wl,-rpath,"$tmp/checkout/lib" -lstandin || fail "building the runner"
# The library is out of nobody's reach where the runner's rpath says.
! setpriv --reuid=nobody --regid=nogroup --clear-groups test -r "$tmp/checkout/lib/libstandin.so.0" ||
  fail "nobody can read the library: the test proves nothing"

sh "$here/run.sh" "$tmp/checkout/run-tests" "$tmp/src" "$tmp/work" >"$tmp/out.txt" 2>&1
grep -qx 'stand_in_test 0' "$tmp/out.txt" ||
  { cat "$tmp/out.txt" "$tmp/work/stand_in_test.log" 2>/dev/null; fail "the runner did not pass as nobody"; }
# build.sh links the rewritten runner the same way.
grep -qF "rpath,\\\$ORIGIN/lib" "$here/build.sh" || fail "build.sh does not link the runner with rpath \$ORIGIN/lib"
# The user's own directory was not opened up.
[ "$(stat -c %a "$tmp")" = 700 ] || fail "run.sh changed the mode of the checkout's directory"
echo "ok: run.sh ran the runner as nobody with its library out of nobody's reach"
