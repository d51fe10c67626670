#!/usr/bin/env bash
# Runs every test suite of actx from a fresh clone: installs what is missing,
# checks the formatting, then builds and tests --
#   format     every C/C++ source matches .clang-format (.ci/check-format.sh)
#   plain      -Werror build, every suite
#   asan       AddressSanitizer + UndefinedBehaviorSanitizer, every suite
#   tsan       ThreadSanitizer, the suites that start threads
#   valgrind   the runtime suites under memcheck (errors and definite leaks)
#   libuv      libuv 1.44's own test suite, original vs rewritten by
#              actx-rewrite (fetches the Debian source package once)
#   glib       27 of GLib 2.74's own test programs, plain vs rewritten (fetches
#              the Debian source package once; plain builds cached)
#   libevent   libevent 2.1.12's regress suite, plain vs rewritten (fetches
#              the Debian source package once; CMake build cached)
#   memcached  memcached 1.6 built unmodified by `CC="actx-cc gcc"`, its own
#              test suite plain vs rewritten; with `CC="actx-cc ccache gcc"`
#              a rebuild after make clean all ccache hits; --project on its
#              compile database (fetches the Debian source package once;
#              plain build cached)
#   handoff    memcached 1.6's accept -> worker hand-off through actx-cc and a
#              user contract (fetches the Debian source package once)
#   redis      Redis 7.0, a subset of its own tests, plain vs through actx-cc
#              with a contract file, plus a per-client value check (fetches
#              the Debian source package once; plain build cached)
#   arm64      AArch64 cross build (.ci/aarch64-linux-gnu.ini), the binding
#              suites under qemu-user; skipped if the toolchain can't be installed
# and ends with one "N passed, N failed" line.  Build trees go to build-test/.
# Usage: bash tests/run.sh [format|plain|asan|tsan|valgrind|libuv|glib|libevent|memcached|handoff|redis|arm64]...   (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-deps.sh

modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(format plain asan tsan valgrind libuv glib libevent memcached handoff redis arm64)
out=build-test
mkdir -p "$out"

setup() { # dir, extra meson options...
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" -Dwerror=true "$@" >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; exit 1; }
  fi
  ninja -C "$dir" >"$dir.build.log" 2>&1 || { tail -50 "$dir.build.log"; exit 1; }
}

status=0
logs=()
# A real project's own test suite, built plain and rewritten, results compared
# (tests/rewrite/NAME-suite): fetches the Debian source PACKAGE once with
# .ci/fetch-NAME-source.sh and hands its tree to the meson suite rewrite-NAME
# in VAR.
real_suite() { # name, package, var
  local name=$1 package=$2 var=$3 src
  setup "$out/plain"
  if src=$(bash ".ci/fetch-$name-source.sh" "$out/$name-src"); then
    env "$var=$src" meson test -C "$out/plain" --suite "rewrite-$name" \
      --logbase "$name" --print-errorlogs || status=1
    logs+=("$out/plain/meson-logs/$name.json")
  else
    echo "$name: could not fetch $package's source package: skipped"
  fi
}

for mode in "${modes[@]}"; do
  echo "== $mode"
  case $mode in
    format)
      bash .ci/check-format.sh || status=1 ;;
    plain)
      setup "$out/plain"
      meson test -C "$out/plain" --print-errorlogs || status=1
      logs+=("$out/plain") ;;
    asan)
      setup "$out/asan" -Db_sanitize=address,undefined -Db_lundef=false \
        -Dc_args=-fno-sanitize-recover=all -Dcpp_args=-fno-sanitize-recover=all
      UBSAN_OPTIONS=print_stacktrace=1 meson test -C "$out/asan" --print-errorlogs || status=1
      logs+=("$out/asan") ;;
    tsan)
      setup "$out/tsan" -Db_sanitize=thread -Db_lundef=false
      TSAN_OPTIONS=halt_on_error=1 meson test -C "$out/tsan" --suite threads --print-errorlogs || status=1
      logs+=("$out/tsan") ;;
    valgrind)
      setup "$out/plain"
      meson test -C "$out/plain" --suite runtime --print-errorlogs \
        --logbase valgrind \
        --wrap="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite" \
        || status=1
      # meson names the log after the logbase and the wrapper.
      logs+=("$out/plain/meson-logs/valgrind-valgrind.json") ;;
    libuv) real_suite libuv libuv1 ACTX_LIBUV_SOURCE ;;
    glib) real_suite glib glib2.0 ACTX_GLIB_SOURCE ;;
    libevent) real_suite libevent libevent ACTX_LIBEVENT_SOURCE ;;
    memcached) real_suite memcached memcached ACTX_MEMCACHED_SOURCE ;;
    handoff) # memcached's accept -> worker hand-off (tests/rewrite/memcached-handoff/)
      setup "$out/plain"
      if src=$(bash .ci/fetch-source.sh memcached 'memcached-*' memcached.c "$out/memcached-src"); then
        ACTX_MEMCACHED_SOURCE=$src meson test -C "$out/plain" rewrite-memcached-handoff \
          --logbase handoff --print-errorlogs || status=1
        logs+=("$out/plain/meson-logs/handoff.json")
      else
        echo "handoff: could not fetch memcached's source package: skipped"
      fi ;;
    redis) real_suite redis redis ACTX_REDIS_SOURCE ;;
    arm64)
      if bash .ci/install-arm64-deps.sh; then
        setup "$out/arm64" --cross-file .ci/aarch64-linux-gnu.ini
        # Only the binding suites: qemu-user cannot start threads on this VM,
        # and they skip what needs a thread (ACTX_TEST_NO_THREADS, set by meson).
        meson test -C "$out/arm64" --suite bind --print-errorlogs || status=1
        logs+=("$out/arm64")
      else
        echo "arm64: cross toolchain or qemu-user unavailable: skipped"
      fi ;;
    *) echo "unknown mode: $mode" >&2; exit 2 ;;
  esac
done

# One closing line for all modes, counted from meson's JSON logs.
python3 - "${logs[@]}" <<'PY'
import json, os, sys
passed = failed = skipped = 0
for base in sys.argv[1:]:
    path = base if base.endswith(".json") else os.path.join(base, "meson-logs", "testlog.json")
    with open(path) as f:
        for line in f:
            r = json.loads(line)["result"]
            if r in ("OK", "EXPECTEDFAIL"): passed += 1
            elif r == "SKIP": skipped += 1
            else: failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
