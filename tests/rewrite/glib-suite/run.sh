#!/bin/sh
# run.sh -- runs each program of programs.txt built into BIN_DIR (build.sh),
# one at a time under a timeout, in its own scratch directory under WORK_DIR,
# with GLib's test environment (G_TEST_SRCDIR, G_DEBUG=gc-friendly, no GIO
# modules, no proxy: the network tests in the list use loopback only), and
# records each test case's result from the --tap output.  Prints:
#   NAME exit STATUS        the program's exit status (124: timed out,
#                           nobuild: no binary, e.g. it failed to rewrite)
#   NAME seconds N          how long it ran
#   NAME CASE RESULT        RESULT: pass, fail, skip or todo, for each case
#                           reported
# Cases the program never reached (it aborted or timed out) are not printed;
# check.sh takes the full list from the plain program (-l).  Output of each
# program goes to WORK_DIR/NAME.tap.
# usage: run.sh BIN_DIR GLIB_SOURCE_DIR WORK_DIR
# Per-program timeout: ACTX_GLIB_TIMEOUT seconds (default 120).  Only some
# programs: ACTX_GLIB_ONLY="NAME...".  Each case in a process of its own, to
# see past a case that aborts (a diagnosis; by default a program's abort
# counts against all its cases): ACTX_GLIB_EACH_CASE=1.
set -u
here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 3 ] || { echo "usage: run.sh BIN_DIR GLIB_SOURCE_DIR WORK_DIR" >&2; exit 2; }
bin=$(realpath "$1") src=$(realpath "$2") work=$3
rm -rf "$work" && mkdir -p "$work" && work=$(realpath "$work")
# Where it can (as root), each program runs in a network namespace of its own
# with only loopback up, so that none reaches beyond 127.0.0.1 even by mistake
# (all give the same results as without).
if unshare -n sh -c 'ip link set lo up' 2>/dev/null; then
  echo "run.sh: each program runs in its own network namespace (loopback only)" >&2
  isolated() { unshare -n sh -c 'ip link set lo up && exec "$@"' sh "$@"; }
else
  echo "run.sh: unshare -n unavailable: programs share the host's network" >&2
  isolated() { "$@"; }
fi
# run NAME DIR TAP [ARG...]: runs one program with --tap in GLib's test
# environment, its output appended to TAP; returns its exit status.  "exit $?"
# keeps the subshell from becoming the program, so that no shell prints
# "Aborted" on stderr when it dies by a signal (any such message goes to TAP).
run() {
  name=$1 dir=$2 tap=$3
  shift 3
  (cd "$work/$name" &&
    isolated env -u http_proxy -u https_proxy -u ftp_proxy -u all_proxy -u no_proxy \
      -u HTTP_PROXY -u HTTPS_PROXY -u FTP_PROXY -u ALL_PROXY -u NO_PROXY \
      G_TEST_SRCDIR="$src/$dir/tests" G_TEST_BUILDDIR="$work/$name" \
      G_DEBUG=gc-friendly MALLOC_CHECK_=2 GIO_MODULE_DIR= GIO_USE_VFS=local \
      GSETTINGS_BACKEND=memory DBUS_SESSION_BUS_ADDRESS=disabled: \
      HOME="$work/$name" TMPDIR="$work/$name" XDG_RUNTIME_DIR="$work/$name" \
      timeout -k 5 "${ACTX_GLIB_TIMEOUT:-120}" "$bin/$name" --tap "$@" \
      </dev/null >>"$tap" 2>&1
    exit $?) 2>>"$tap"
}

grep -v -e '^#' -e '^[[:space:]]*$' "$here/programs.txt" |
  while read -r dir name _; do
    case " ${ACTX_GLIB_ONLY:-$name} " in *" $name "*) ;; *) continue ;; esac
    if [ ! -x "$bin/$name" ]; then
      echo "$name exit nobuild"
      continue
    fi
    mkdir -p "$work/$name"
    tap=$work/$name.tap
    : >"$tap"
    t0=$(date +%s)
    if [ "${ACTX_GLIB_EACH_CASE:-}" = 1 ]; then
      # Each case in a process of its own (-p CASE): what an abort hides.
      # The exit status printed is the first that is not 0.
      (cd "$work/$name" && G_TEST_SRCDIR="$src/$dir/tests" "$bin/$name" -l 2>/dev/null) |
        grep '^/' >"$work/$name.cases"
      status=0
      while read -r case; do
        echo "# run.sh: -p $case" >>"$tap"
        run "$name" "$dir" "$tap" -p "$case"
        rc=$?
        [ "$status" -ne 0 ] || status=$rc
      done <"$work/$name.cases"
    else
      run "$name" "$dir" "$tap"
      status=$?
    fi
    echo "$name exit $status"
    echo "$name seconds $(($(date +%s) - t0))"
    # "ok 3 /path # SKIP why", "not ok 4 /path", "ok 5 /path # TODO why";
    # with -p, a case that is a prefix of others runs them too: first wins.
    awk -v n="$name" '
      /^(not )?ok [0-9]+ / {
        r = ($1 == "ok") ? "pass" : "fail"; c = ($1 == "ok") ? $3 : $4
        if ($0 ~ / # [Ss][Kk][Ii][Pp]/) r = "skip"
        else if ($0 ~ / # [Tt][Oo][Dd][Oo]/) r = "todo"
        if (!seen[c]++) print n, c, r
      }' "$tap"
  done
