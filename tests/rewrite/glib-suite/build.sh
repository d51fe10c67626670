#!/bin/sh
# build.sh -- builds GLib 2.74's own test programs listed in programs.txt from
# their original (plain) or actx-rewritten (rw) sources, against the system
# GLib (and libactx for rw).  Plain binaries are cached: rebuilt only when
# missing or older than their source, this script or compat/config.h.
# Rewritten ones are rebuilt every time, since the rewriter and runtime under
# test change.
#
# Each program is one .c file built standalone: GLib's generated config.h is
# replaced by compat/config.h, and the few private headers some tests include
# (glib-private.h, gstdio.h as "gstdio.h") come from the same 2.74.6 source
# tree as the system library, through -iquote.  Prints one "built NAME" or
# "FAILED NAME" line per program.  A plain build failure is an error (exit 1);
# a rewritten program that fails to rewrite or compile is left out (exit 0:
# check.sh counts its cases as differing) with its log in OUT_DIR/NAME.log.
# usage: build.sh plain|rw GLIB_SOURCE_DIR OUT_DIR ACTX_BUILD_DIR
#   GLIB_SOURCE_DIR  from `apt-get source glib2.0` (.ci/fetch-glib-source.sh)
#   ACTX_BUILD_DIR   a meson build of this project (tool/actx-rewrite, runtime/libactx.so)
# Jobs: ACTX_GLIB_JOBS (default 2).
set -u
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = _one ]; then
  # One program: _one MODE SRC OUT BUILD DIR NAME (run through xargs below).
  mode=$2 src=$3 out=$4 build=$5 dir=$6 name=$7
  case $dir in
    glib) domain=GLib ;;
    gio) domain=GLib-GIO ;;
    *) echo "FAILED $name: programs.txt: unknown directory $dir"; exit 1 ;;
  esac
  in=$src/$dir/tests/$name.c
  # G_LOG_DOMAIN's quotes stay literal through the unquoted expansions below.
  # shellcheck disable=SC2089
  cflags="$(pkg-config --cflags glib-2.0 gobject-2.0 gmodule-2.0 gio-2.0 gio-unix-2.0)
    -I$here/compat -iquote $src/$dir/tests -iquote $src/glib -iquote $src
    -D_GNU_SOURCE -DG_LOG_DOMAIN=\"$domain\" -UG_DISABLE_ASSERT"
  libs="$(pkg-config --libs glib-2.0 gobject-2.0 gmodule-2.0 gio-2.0 gio-unix-2.0) -lutil -lm -lpthread"
  log=$out/$name.log
  # newer A B: A was modified after B (test's -nt is not POSIX).
  newer() { [ -n "$(find "$1" -prune -newer "$2" 2>/dev/null)" ]; }
  if [ "$mode" = plain ]; then
    if [ -x "$out/$name" ] && newer "$out/$name" "$in" && newer "$out/$name" "$0" &&
       newer "$out/$name" "$here/compat/config.h"; then
      echo "built $name (cached)"; exit 0
    fi
    # shellcheck disable=SC2086,SC2090
    if gcc -O1 -g -w $cflags "$in" -o "$out/$name" $libs >"$log" 2>&1; then
      echo "built $name"
    else
      echo "FAILED $name: see $log"; exit 1
    fi
  else
    rm -f "$out/$name" "$out/$name.json"
    # shellcheck disable=SC2086,SC2090
    if "$build/tool/actx-rewrite" --report "$out/$name.json" "$in" -o "$out/$name.rw.c" \
         -- $cflags >"$log" 2>&1 &&
       gcc -O1 -g -w -fexceptions -I"$here/../../../include" $cflags "$out/$name.rw.c" \
         -o "$out/$name" -L"$build/runtime" -Wl,-rpath,"$build/runtime" -lactx $libs >>"$log" 2>&1
    then
      echo "built $name"
    else
      echo "FAILED $name (rewritten): see $log"
    fi
  fi
  exit 0
fi

[ $# -eq 4 ] || { echo "usage: build.sh plain|rw GLIB_SOURCE_DIR OUT_DIR ACTX_BUILD_DIR" >&2; exit 2; }
mode=$1 src=$(realpath "$2") out=$3 build=$(realpath "$4")
case $mode in plain|rw) ;; *) echo "build.sh: mode must be plain or rw" >&2; exit 2 ;; esac
[ -f "$src/glib/tests/mainloop.c" ] || { echo "build.sh: $src is not a GLib source tree" >&2; exit 2; }
pkg-config --exists glib-2.0 gio-2.0 gio-unix-2.0 ||
  { echo "build.sh: GLib's development files are missing (libglib2.0-dev)" >&2; exit 2; }
mkdir -p "$out" && out=$(realpath "$out")
grep -v -e '^#' -e '^[[:space:]]*$' "$here/programs.txt" |
  while read -r dir name _; do printf '%s\n%s\n' "$dir" "$name"; done |
  xargs -n 2 -P "${ACTX_GLIB_JOBS:-2}" sh "$here/build.sh" _one "$mode" "$src" "$out" "$build" |
  tee "$out/build.txt"
! grep -q '^FAILED' "$out/build.txt" || [ "$mode" = rw ]
