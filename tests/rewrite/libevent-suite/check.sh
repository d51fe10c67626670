#!/bin/sh
# check.sh -- libevent 2.1.12's own regress suite, plain vs rewritten: builds
# both regress binaries (build.sh; the plain CMake build is cached in
# ACTX_BUILD_DIR/libevent-suite/), runs the default test set of each, both
# at once (run.sh), and compares the results test by test.  Fails when a test's
# result differs other than as listed in known-differences.txt; a listed
# test whose results now match is reported, not failed.  A difference is
# confirmed by running that test again with both binaries (these are timing
# tests on a shared machine): if the second run matches, it is reported as
# flaky and counted as same.  Fails too when a rewritten source compiles with
# a warning (the originals have none under libevent's flags), or when
# `actx-rewrite --project` on the CMake build's compile_commands.json fails a
# unit or writes outputs or reports that ../project-check.py rejects.  Skips
# (77) unless ACTX_LIBEVENT_SOURCE (or the
# second argument) names an unpacked `apt-get source libevent` tree
# (.ci/fetch-libevent-source.sh).  Logs stay in ACTX_BUILD_DIR/libevent-suite/
# run-plain/ and run-rw/, one NAME.log per test (/ becomes _).
# usage: check.sh ACTX_BUILD_DIR [LIBEVENT_SOURCE_DIR]
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=$(realpath "$1") || exit 2
src=${2:-${ACTX_LIBEVENT_SOURCE:-}}
if [ -z "$src" ] || [ ! -f "$src/test/regress.h" ]; then
  echo "skipped: set ACTX_LIBEVENT_SOURCE to libevent 2.1.12's source (.ci/fetch-libevent-source.sh DIR)"
  exit 77
fi
top=$build/libevent-suite
known_file=$here/known-differences.txt

"$here/build.sh" "$build" "$src" || { echo "FAIL: building the regress binaries"; exit 1; }
plain_bin=$top/plain/bin/regress
rw_bin=$top/rw/regress

# Rewriting adds no warning: the regress sources compile warning-free with
# libevent's own flags (-Wall -Wextra -Wstrict-prototypes
# -Wmissing-prototypes -Wdeclaration-after-statement ...), and so must what
# the rewriter made of them.
if grep -h 'warning:' "$top"/rw/*.compile.log >"$top/rw-warnings.txt"; then
  echo "FAIL: the rewritten regress sources have compiler warnings the originals lack:"
  cat "$top/rw-warnings.txt"
  exit 1
fi

# What the rewriter did, summed over the --report files.
cat "$top"/rw/*.json | python3 -c '
import json, sys
text = sys.stdin.read()
dec = json.JSONDecoder(); i = 0; tot = {}; files = 0
while i < len(text):
    while i < len(text) and text[i].isspace(): i += 1
    if i >= len(text): break
    d, i = dec.raw_decode(text, i)
    files += 1
    for k, v in d["summary"].items(): tot[k] = tot.get(k, 0) + v
g = lambda k: tot.get(k, 0)
print("sites in %d files: %d wrapped, %d boxed, %d releases, %d NULL, %d no contract, %d may lose context" % (
    files, g("wrapped"), g("boxed"), g("release"), g("left-null"), g("left-no-contract"), g("findings")))'

# Whole-project mode on CMake's compile database (the libraries and regress):
# every unit rewritten, the outputs, the rewritten compile_commands.json and
# both reports checked (../project-check.py).
start=$(date +%s)
"$build/tool/actx-rewrite" --project "$top/plain" --out "$top/project" -j 2 \
  2>"$top/project.log" || { tail -20 "$top/project.log"; echo "FAIL: actx-rewrite --project"; exit 1; }
echo "project: $(tail -1 "$top/project.log" | sed 's/ (output in.*//') in $(($(date +%s) - start)) s"
python3 "$here/../project-check.py" "$top/project" "$here/../../../include" ||
  { echo "FAIL: the --project output"; exit 1; }

# Both binaries at once: the suite mostly waits (the six http/cancel* tests
# sleep for a minute between them), so this halves the time; a difference
# is confirmed by running the test again alone, one binary after the other.
start=$(date +%s)
"$here/run.sh" "$plain_bin" "$top/run-plain" >"$top/plain.txt" &
plain_pid=$!
"$here/run.sh" "$rw_bin" "$top/run-rw" >"$top/rw.txt" ||
  { kill $plain_pid 2>/dev/null; echo "FAIL: running the rewritten regress"; exit 1; }
wait $plain_pid || { echo "FAIL: running the plain regress"; exit 1; }
echo "ran $(wc -l <"$top/plain.txt") tests with each binary in $(($(date +%s) - start)) s"

# The listed names: first word of each line that is not blank or a comment.
known_names=$(grep -v -E '^[[:space:]]*(#|$)' "$known_file" | awk '{ print $1 }')
is_known() { echo "$known_names" | grep -qxF "$1"; }
for k in $known_names; do
  grep -q "^$k " "$top/plain.txt" || echo "warning: $k in known-differences.txt was not run"
done

status=0 total=0 same=0 pass_plain=0 pass_rw=0
while read -r name plain_res; do
  total=$((total + 1))
  rw_res=$(awk -v n="$name" '$1 == n { print $2 }' "$top/rw.txt")
  if [ "$rw_res" != "$plain_res" ] && ! is_known "$name"; then
    # Confirm: both binaries once more on this test alone.
    again_plain=$("$here/run.sh" "$plain_bin" "$top/again-plain" "$name" | awk '{ print $2 }')
    again_rw=$("$here/run.sh" "$rw_bin" "$top/again-rw" "$name" | awk '{ print $2 }')
    if [ "$again_plain" = "$again_rw" ]; then
      echo "flaky: $name: $plain_res plain, $rw_res rewritten, then $again_plain in both"
      plain_res=$again_plain rw_res=$again_rw
    fi
  fi
  [ "$plain_res" = OK ] && pass_plain=$((pass_plain + 1))
  [ "$rw_res" = OK ] && pass_rw=$((pass_rw + 1))
  if [ "$rw_res" = "$plain_res" ]; then
    same=$((same + 1))
    is_known "$name" && echo "now same (remove from known-differences.txt): $name"
  elif ! is_known "$name"; then
    echo "FAIL: $name: $plain_res plain, $rw_res rewritten; the rewritten run's log ends:"
    tail -n 8 "$top/run-rw/$(echo "$name" | tr / _).log" | sed 's/^/    /'
    status=1
  fi
done <"$top/plain.txt"
echo "libevent regress: $total run, $pass_plain pass plain, $pass_rw pass rewritten, $same same"
exit $status
