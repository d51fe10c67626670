#!/bin/sh
# check.sh -- memcached 1.6, an autotools project built unmodified through
# actx-cc (docs/integration.md, "Any build: actx-cc"), against its own test
# suite.  Three builds of an unpacked `apt-get source memcached` tree, under
# ACTX_BUILD_DIR/memcached-suite/:
#   plain/  `./configure && bear -- make`, cached (redone only when missing);
#           bear records its compile_commands.json;
#   rw/     `./configure CC="actx-cc gcc" LIBS=libactx.a && make`: the
#           build whose suite runs.  memcached's own -Werror -pedantic
#           -Wredundant-decls stay on, so the rewritten sources must compile
#           without a warning;
#   cc/     the same with CC="actx-cc ccache gcc" (ccache's directory:
#           ccache/), then `make clean && make`: the second build must be all
#           cache hits (no miss), the rewrite being the same bytes at the same
#           temporary path each time;
#   project/  `actx-rewrite --project plain/ -j 2` over bear's database,
#           checked by ../project-check.py (outputs, compile_commands.json
#           whose every entry compiles as cleanly as its original,
#           actx-report.json, actx-report.html).
# Then both suites at once, each split in two halves run at once (run.sh:
# ./sizes, ./testapp, t/*.t but the two that reach beyond loopback), compared
# program by program: fails when a
# result differs other than as listed in known-differences.txt.  A difference
# is confirmed by running that program again with both builds, one after the
# other (timing tests on a shared machine): if the second run matches, it is
# reported as flaky and counted as same.  Skips (77) unless
# ACTX_MEMCACHED_SOURCE (or the second argument) names the source tree
# (.ci/fetch-memcached-source.sh).
# usage: check.sh ACTX_BUILD_DIR [MEMCACHED_SOURCE_DIR]
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=$(realpath "$1") || exit 2
src=${2:-${ACTX_MEMCACHED_SOURCE:-}}
if [ -z "$src" ] || [ ! -f "$src/t/lib/MemcachedTest.pm" ]; then
  echo "skipped: set ACTX_MEMCACHED_SOURCE to memcached 1.6's source (.ci/fetch-memcached-source.sh DIR)"
  exit 77
fi
src=$(realpath "$src")
for tool in perl make ccache bear python3; do
  command -v $tool >/dev/null || { echo "skipped: needs $tool (.ci/install-deps.sh)"; exit 77; }
done
top=$build/memcached-suite
known_file=$here/known-differences.txt
actx_cc=$build/tool/actx-cc
libactx=$build/runtime/libactx.a
mkdir -p "$top" || exit 2
secs() { echo $(($(date +%s) - $1)); }

# --- plain, cached -----------------------------------------------------------
start=$(date +%s)
if [ ! -x "$top/plain/memcached-debug" ] || [ ! -s "$top/plain/compile_commands.json" ]; then
  rm -rf "$top/plain" && cp -a "$src" "$top/plain" || exit 2
  (cd "$top/plain" && ./configure >configure.log 2>&1 && bear -- make -j2 >make.log 2>&1) ||
    { tail -20 "$top/plain/configure.log" "$top/plain/make.log"; echo "FAIL: the plain build"; exit 1; }
  echo "plain build: $(secs "$start") s"
fi

# --- rewritten, through actx-cc; and through actx-cc and ccache, twice ------------
build_tree() { # dir, CC, log name
  rm -rf "$top/$1" && cp -a "$src" "$top/$1" || exit 2
  (cd "$top/$1" && ./configure CC="$2" LIBS="$libactx" >"$top/$3-configure.log" 2>&1 &&
    make -j2 >"$top/$3-make.log" 2>&1) ||
    { tail -30 "$top/$3-configure.log" "$top/$3-make.log"; echo "FAIL: the $3 build"; exit 1; }
}
start=$(date +%s)
build_tree rw "$actx_cc gcc" rewritten
echo "rewritten build: $(secs "$start") s"

export CCACHE_DIR="$top/ccache" CCACHE_MAXSIZE=500M
start=$(date +%s)
build_tree cc "$actx_cc ccache gcc" ccache
(cd "$top/cc" && make clean >/dev/null 2>&1) || { echo "FAIL: make clean"; exit 1; }
ccache -z >/dev/null
rm -f "$top/ccache-again.log"
(cd "$top/cc" && CCACHE_LOGFILE="$top/ccache-again.log" make -j2 >"$top/ccache-again-make.log" 2>&1) ||
  { tail -30 "$top/ccache-again-make.log"; echo "FAIL: the ccache build after make clean"; exit 1; }
ccache --print-stats >"$top/ccache-stats.txt"
stat() { awk -v k="$1" '$1 == k { print $2 }' "$top/ccache-stats.txt"; }
hits=$(($(stat direct_cache_hit) + $(stat preprocessed_cache_hit)))
misses=$(stat cache_miss)
echo "through ccache, then again after make clean: $(secs "$start") s; the second build:" \
  "$hits hits ($(stat direct_cache_hit) direct), $misses misses"
if [ "$misses" != 0 ] || [ "$hits" = 0 ]; then
  echo "FAIL: the second build through actx-cc and ccache was not all cache hits; the misses" \
    "(ccache's log: $top/ccache-again.log):"
  # ccache's log lines are "[time pid] message": each missed compile's lines.
  python3 - "$top/ccache-again.log" <<'PY'
import collections, re, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"\[\S+ (\d+)\s*\] (.*)", line)
    if m:
        runs[m.group(1)].append(m.group(2))
for pid, lines in runs.items():
    if "Result: cache_miss" in lines:
        for l in lines:
            if l.startswith(("Command line:", "Source file:")) or "too new" in l or "differ" in l:
                print("    " + l[:300])
PY
  exit 1
fi
# What actx-cc compiled was rewritten: the binary calls libactx's binding code.
nm "$top/rw/memcached-debug" | grep -q ' actx__bind' ||
  { echo "FAIL: rw/memcached-debug has no binding: nothing was rewritten"; exit 1; }

# --- whole-project mode on bear's database ----------------------------------------
start=$(date +%s)
"$build/tool/actx-rewrite" --project "$top/plain" --out "$top/project" -j 2 \
  2>"$top/project.log" || { tail -20 "$top/project.log"; echo "FAIL: actx-rewrite --project"; exit 1; }
echo "project: $(tail -1 "$top/project.log" | sed 's/ (output in.*//') in $(secs "$start") s"
python3 "$here/../project-check.py" "$top/project" "$here/../../../include" ||
  { echo "FAIL: the --project output"; exit 1; }
# Without a contract file, at most 10 sites may lose context (docs/rewriter.md
# lists the 8 there are), and the IOs handed to extstore's thread are among
# them: obj_io.cb is a real loss, not a method or a hook.
python3 - "$top/project/actx-report.json" <<'PY' || { echo "FAIL: memcached's findings"; exit 1; }
import json, sys
rep = json.load(open(sys.argv[1]))
n = rep["summary"]["findings"]
io = [s for f in rep["files"] for s in (f.get("report") or {}).get("sites", [])
      if s.get("api") == "obj_io.cb" and s.get("loses_context")]
print("memcached, no contract file: %d findings, %d of them obj_io.cb stores" % (n, len(io)))
sys.exit(0 if n <= 10 and len(io) == 3 else 1)
PY

# --- both suites at once, each in two halves at once -------------------------------
# The programs mostly wait (sleeps, timeouts): four at a time on two cores
# takes a quarter of the time of one suite after the other.  Each program
# makes its own ports, sockets and files, so they do not collide.
names=$("$here/run.sh" --list "$top/plain")
half1=$(echo "$names" | awk 'NR % 2 == 1') half2=$(echo "$names" | awk 'NR % 2 == 0')
start=$(date +%s)
rm -rf "$top/run-plain" "$top/run-rw" "$top"/*.half*
pids=""
for t in plain rw; do
  for h in 1 2; do
    eval "list=\$half$h"
    # shellcheck disable=SC2086 # one name a word
    "$here/run.sh" "$top/$t" "$top/run-$t" $list >"$top/$t.half$h" &
    pids="$pids $!"
  done
done
for p in $pids; do
  wait "$p" || { echo "FAIL: running the test suites"; exit 1; }
done
cat "$top/plain.half1" "$top/plain.half2" >"$top/plain.txt"
cat "$top/rw.half1" "$top/rw.half2" >"$top/rw.txt"
echo "ran $(wc -l <"$top/plain.txt") test programs with each build in $(secs "$start") s"

known_names=$(grep -v -E '^[[:space:]]*(#|$)' "$known_file" | awk '{ print $1 }')
is_known() { echo "$known_names" | grep -qxF "$1"; }
status=0 total=0 same=0 pass_plain=0 pass_rw=0 ok_plain=0 ok_rw=0 notok_plain=0 notok_rw=0
while read -r name plain_res plain_ok plain_notok; do
  total=$((total + 1))
  set -- $(awk -v n="$name" '$1 == n { print $2, $3, $4 }' "$top/rw.txt")
  rw_res=${1:-MISSING} rw_ok=${2:-0} rw_notok=${3:-0}
  if [ "$rw_res" != "$plain_res" ] && ! is_known "$name"; then
    rm -rf "$top/again-plain" "$top/again-rw"
    set -- $("$here/run.sh" "$top/plain" "$top/again-plain" "$name")
    again_plain=$2
    set -- $("$here/run.sh" "$top/rw" "$top/again-rw" "$name")
    again_rw=$2
    if [ "$again_plain" = "$again_rw" ]; then
      echo "flaky: $name: $plain_res plain, $rw_res rewritten, then $again_plain in both"
      plain_res=$again_plain rw_res=$again_rw
    fi
  fi
  [ "$plain_res" = PASS ] && pass_plain=$((pass_plain + 1))
  [ "$rw_res" = PASS ] && pass_rw=$((pass_rw + 1))
  ok_plain=$((ok_plain + plain_ok)) ok_rw=$((ok_rw + rw_ok))
  notok_plain=$((notok_plain + plain_notok)) notok_rw=$((notok_rw + rw_notok))
  if [ "$rw_res" = "$plain_res" ]; then
    same=$((same + 1))
    is_known "$name" && echo "now same (remove from known-differences.txt): $name"
  elif ! is_known "$name"; then
    echo "FAIL: $name: $plain_res plain, $rw_res rewritten; the rewritten run's log ends:"
    tail -n 8 "$top/run-rw/$name.log" | sed 's/^/    /'
    status=1
  fi
done <"$top/plain.txt"
echo "memcached tests: $total programs run, $pass_plain pass plain, $pass_rw pass rewritten," \
  "$same same; ok lines: $ok_plain plain ($notok_plain not ok), $ok_rw rewritten ($notok_rw not ok)"
exit $status
