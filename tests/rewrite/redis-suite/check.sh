#!/bin/sh
# check.sh -- Redis 7.0 (Debian source), plain vs rewritten with actx-cc and
# redis.contracts (ae file events keyed by fd with a slot per mask bit,
# timers keyed by their long long id until AE_NOMORE): runs a subset of
# Redis's own test suite (UNITS below) against both servers, at once on two
# port ranges, and compares the results test by test; then checks the
# per-client value of probe.c (LD_PRELOADed into the rewritten server): every
# read of a client's socket saw that client's value, every bound callback
# (file events, timers) the value current at its registration.  Fails when a
# result differs, the rewritten server logged a fatal actx error, a rewritten
# source has a warning the original lacks, or a probe count is wrong.  The
# plain build is cached in ACTX_BUILD_DIR/redis-suite/plain; the rewritten
# one whenever actx-rewrite, actx-cc, actx's headers or redis.contracts change.
# Skips (77) unless ACTX_REDIS_SOURCE (or the second argument) names an
# unpacked `apt-get source redis` tree (.ci/fetch-redis-source.sh) and tclsh
# is installed.
# usage: check.sh ACTX_BUILD_DIR [REDIS_SOURCE_DIR]
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=$(realpath "$1") || exit 2
src=${2:-${ACTX_REDIS_SOURCE:-}}
if [ -z "$src" ] || [ ! -f "$src/src/ae.c" ]; then
  echo "skipped: set ACTX_REDIS_SOURCE to Redis 7.0's source (.ci/fetch-redis-source.sh DIR)"
  exit 77
fi
command -v tclsh >/dev/null || { echo "skipped: tclsh not installed (tcl)"; exit 77; }
top=$build/redis-suite
root=$(cd "$here/../../.." && pwd)
mkdir -p "$top"

# Quick units that only need 127.0.0.1; --clients 2 keeps the machine usable.
UNITS="unit/type/string unit/type/incr unit/keyspace unit/type/list unit/type/hash
unit/type/set unit/expire unit/info-command unit/quit unit/pubsub"
singles=""
for u in $UNITS; do singles="$singles --single $u"; done

make_args="MALLOC=libc BUILD_TLS=no USE_SYSTEMD=no"
launcher=""
command -v ccache >/dev/null && launcher=ccache

# ---- plain (cached)
if [ ! -x "$top/plain/src/redis-server" ]; then
  rm -rf "$top/plain"
  cp -a "$src" "$top/plain" || exit 1
  # shellcheck disable=SC2086
  (cd "$top/plain" && make -j2 $make_args redis-server >"$top/plain-build.log" 2>&1) || {
    tail -30 "$top/plain-build.log"; echo "FAIL: plain build"; exit 1; }
fi

# ---- rewritten: the plain tree (its deps built as they are), the server's
# sources compiled again through actx-cc; the same FINAL_CFLAGS, so Redis's
# Makefile does not rebuild its deps.
# Rebuilt when the rewriter, actx's headers or the contracts changed.
stamp=$(cat "$build/tool/actx-rewrite" "$build/tool/actx-cc" "$root"/include/*.h \
  "$root"/include/actx/*.h "$here/redis.contracts" | cksum)
if [ ! -x "$top/rw/src/redis-server" ] || [ "$(cat "$top/rw-stamp" 2>/dev/null)" != "$stamp" ]; then
rm -rf "$top/rw" "$top/rw-stamp"
cp -a "$top/plain" "$top/rw" || exit 1
rm -f "$top/rw/src/"*.o "$top/rw/src/"*.d "$top/rw/src/redis-server"
start=$(date +%s)
# shellcheck disable=SC2086
(cd "$top/rw/src" && ACTX_CONTRACTS="$here/redis.contracts" make -j2 $make_args \
  CC="$build/tool/actx-cc $launcher gcc" \
  FINAL_LIBS="-lm -ldl -pthread -lrt -L$build/runtime -Wl,-rpath,$build/runtime -lactx" \
  redis-server >"$top/rw-build.log" 2>&1) || {
  tail -30 "$top/rw-build.log"; echo "FAIL: rewritten build"; exit 1; }
echo "rewritten build: $(($(date +%s) - start)) s"
echo "$stamp" >"$top/rw-stamp"
fi

# Rewriting adds no warning: each warning of the rewritten build (its #line
# directives name the original file and line) must be one the plain build has.
grep -o '[a-z_0-9]*\.[ch]:[0-9]*:[0-9]*: warning: .*' "$top/plain-build.log" 2>/dev/null |
  sort -u >"$top/plain-warnings.txt"
# (actx-cc's own findings, tagged [actx-...], are reports, not compiler warnings)
grep -o '[a-z_0-9]*\.[ch]:[0-9]*:[0-9]*: warning: .*' "$top/rw-build.log" |
  grep -v ' \[actx-[a-z-]*\]$' | sort -u >"$top/rw-warnings.txt"
if [ -n "$(comm -13 "$top/plain-warnings.txt" "$top/rw-warnings.txt")" ]; then
  echo "FAIL: warnings of the rewritten build the plain one lacks:"
  comm -13 "$top/plain-warnings.txt" "$top/rw-warnings.txt"
  exit 1
fi

# ---- the probe
cc -shared -fPIC -O2 -Wall -Wextra -Werror -I "$root/include" "$here/probe.c" \
  -L "$build/runtime" -Wl,-rpath,"$build/runtime" -lactx -ldl -o "$top/probe.so" || exit 1

# ---- both suites at once, on two port ranges
rm -f "$top/probe.txt"
start=$(date +%s)
# shellcheck disable=SC2086
(cd "$top/plain" && ./runtest --clients 2 --baseport 21111 $singles >"$top/plain-tests.log" 2>&1) &
plain_pid=$!
# shellcheck disable=SC2086
(cd "$top/rw" && LD_PRELOAD="$top/probe.so" ACTX_PROBE_OUT="$top/probe.txt" \
  ./runtest --clients 2 --baseport 23111 $singles >"$top/rw-tests.log" 2>&1)
rw_status=$?
wait $plain_pid
plain_status=$?
echo "suites: $(($(date +%s) - start)) s (plain exit $plain_status, rewritten exit $rw_status)"

results() { # the [ok]/[err]/[skip]/[exception] lines, colours stripped
  sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -E '^\[(ok|err|skip|exception|ignore)\]' |
    sed 's/ ([0-9]* ms)$//' | sort
}
results "$top/plain-tests.log" >"$top/plain-results.txt"
results "$top/rw-tests.log" >"$top/rw-results.txt"
status=0
for kind in ok err skip exception; do
  printf '%s plain %s, rewritten %s\n' "$kind" \
    "$(grep -c "^\[$kind\]" "$top/plain-results.txt")" "$(grep -c "^\[$kind\]" "$top/rw-results.txt")"
done
if ! diff "$top/plain-results.txt" "$top/rw-results.txt" >"$top/results.diff"; then
  echo "FAIL: results differ (< plain, > rewritten):"
  cat "$top/results.diff"
  status=1
fi
[ "$plain_status" = 0 ] || { echo "FAIL: the plain suite failed (exit $plain_status)"; status=1; }
[ "$rw_status" = 0 ] || { echo "FAIL: the rewritten suite failed (exit $rw_status)"; status=1; }
if grep -rl 'actx:' "$top/rw/tests/tmp" 2>/dev/null | head -1 | grep -q .; then
  echo "FAIL: the rewritten server logged actx errors:"
  grep -rh 'actx:' "$top/rw/tests/tmp" | sort | uniq -c | head
  status=1
fi

# ---- the per-client value
if [ ! -s "$top/probe.txt" ]; then
  echo "FAIL: the probe wrote nothing"
  exit 1
fi
awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); sum[kv[1]] += kv[2] } n++ }
  END {
    printf "probe, %d processes:", n
    for (k in sum) printf " %s=%d", k, sum[k]
    printf "\n"
    bad = sum["reads_missing"] + sum["reads_wrong"] + sum["calls_wrong"] + sum["timer_wrong"]
    if (bad || !sum["accepted"] || !sum["reads_ok"] || !sum["timer_ok"]) exit 1
  }' "$top/probe.txt" || { echo "FAIL: a callback saw another value than its registration's"; status=1; }
exit $status
