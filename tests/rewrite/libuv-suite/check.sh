#!/bin/sh
# check.sh -- libuv 1.44's own test suite, original vs rewritten: builds both
# runners, runs both, and fails when a test's result differs other than as
# listed in known-failures.txt.  Skips (77) unless ACTX_LIBUV_SOURCE names an
# unpacked `apt-get source libuv1` tree, and unless run as root (the runner
# refuses root, so tests run as nobody through setpriv).
# usage: check.sh ACTX_BUILD_DIR [LIBUV_SOURCE_DIR]
here=$(cd "$(dirname "$0")" && pwd)
build=$1
src=${2:-${ACTX_LIBUV_SOURCE:-}}
if [ -z "$src" ] || [ ! -f "$src/test/test-list.h" ]; then
  echo "skipped: set ACTX_LIBUV_SOURCE to libuv 1.44's source (apt-get source libuv1)"
  exit 77
fi
[ "$(id -u)" = 0 ] || { echo "skipped: needs root to run the suite as nobody"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for mode in orig rw; do
  "$here/build.sh" $mode "$src" "$work/$mode" "$build" >"$work/build-$mode.log" 2>&1 ||
    { cat "$work/build-$mode.log"; echo "FAIL: building the $mode runner"; exit 1; }
  "$here/run.sh" "$work/$mode/run-tests" "$src" "$work/run-$mode" >"$work/$mode.txt"
done
cat "$work"/rw/*.json | python3 -c '
import json, sys
text = sys.stdin.read()
dec = json.JSONDecoder(); i = 0; tot = {}
while i < len(text):
    while i < len(text) and text[i].isspace(): i += 1
    if i >= len(text): break
    d, i = dec.raw_decode(text, i)
    for k, v in d["summary"].items(): tot[k] = tot.get(k, 0) + v
print("sites: %d wrapped, %d boxed, %d releases, %d NULL, %d may lose context" % (
    tot["wrapped"], tot["boxed"], tot["release"], tot["left-null"], tot["findings"]))'
status=0
total=0 same=0
while read -r name orig_rc; do
  total=$((total + 1))
  rw_rc=$(awk -v n="$name" '$1 == n { print $2 }' "$work/rw.txt")
  known=$(awk -v n="$name" '$1 == n { print $1 }' "$here/known-failures.txt")
  if [ "$rw_rc" = "$orig_rc" ]; then
    same=$((same + 1))
    [ -n "$known" ] && echo "now passes (remove from known-failures.txt): $name"
  elif [ -z "$known" ]; then
    echo "FAIL: $name: exit $orig_rc unrewritten, $rw_rc rewritten"
    tail -5 "$work/run-rw/$name.log"
    status=1
  fi
done <"$work/orig.txt"
echo "tests: $total run, $same same result as unrewritten"
exit $status
