#!/bin/sh
# run-case.sh -- runs one actx-rewrite golden case (docs/rewriter.md, Tests).
# usage: run-case.sh TOOL CASES_DIR NAME [REAL_INCLUDE_DIR]
#
#   NAME.c                 input (fake headers from include/, never system headers)
#   NAME.args              extra actx-rewrite options, one line (optional)
#   NAME.cflags            extra compiler options, one line (optional; e.g. -x c++)
#   NAME.expected.c        expected output: byte compare, then a second run on the
#                          output must change nothing, and the output must compile
#   NAME.expected.diff     expected stdout (for --diff)
#   NAME.expected.json     expected --report file
#   NAME.expected-error    line 1 "exit N", further lines: substrings of stderr;
#                          no output file may be written
set -u
tool=$1 dir=$2 name=$3 real_inc=${4:-}
# meson passes the tool relative to the build directory.
case $tool in /*) ;; *) tool=$(pwd)/$tool ;; esac
cd "$dir" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
args=""
[ -f "$name.args" ] && args=$(cat "$name.args")
cflags=""
[ -f "$name.cflags" ] && cflags=$(cat "$name.cflags")
cc=${CC:-cc}
fail() { echo "FAIL $name: $*" >&2; exit 1; }

# --check and --diff write no output file, and refuse -o.
out_opt="-o $tmp/out.c"
case " $args " in *" --check "*|*" --diff "*) out_opt="" ;; esac
# shellcheck disable=SC2086
"$tool" $args --report "$tmp/report.json" "$name.c" $out_opt \
  -- -nostdinc -I include $cflags >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?

if [ -f "$name.expected-error" ]; then
  want=$(sed -n '1s/^exit //p' "$name.expected-error")
  [ "$rc" = "$want" ] || { cat "$tmp/stderr" >&2; fail "exit status $rc, expected $want"; }
  sed 1d "$name.expected-error" | while IFS= read -r needle; do
    [ -z "$needle" ] && continue
    grep -qF -- "$needle" "$tmp/stderr" || { cat "$tmp/stderr" >&2; fail "stderr lacks: $needle"; }
  done || exit 1
  if [ "$rc" = 2 ] && [ -e "$tmp/out.c" ]; then fail "an output file was written despite the error"; fi
  [ -f "$name.expected.diff" ] && { diff -u "$name.expected.diff" "$tmp/stdout" || fail "--diff output differs"; }
  exit 0
fi

[ "$rc" = 0 ] || { cat "$tmp/stderr" >&2; fail "exit status $rc"; }
if [ -f "$name.expected.diff" ]; then
  diff -u "$name.expected.diff" "$tmp/stdout" || fail "--diff output differs"
  exit 0
fi
if [ -f "$name.expected.json" ]; then
  diff -u "$name.expected.json" "$tmp/report.json" || fail "report differs"
fi
diff -u "$name.expected.c" "$tmp/out.c" >&2 || fail "output differs from $name.expected.c"

# Idempotence: rewriting the output changes nothing.
# shellcheck disable=SC2086
"$tool" $args "$tmp/out.c" -o "$tmp/again.c" -- -nostdinc -I include -iquote . $cflags 2>"$tmp/stderr2" ||
  { cat "$tmp/stderr2" >&2; fail "second run failed"; }
cmp -s "$tmp/out.c" "$tmp/again.c" || { diff -u "$tmp/out.c" "$tmp/again.c" >&2; fail "second run changed the output"; }

# The output compiles: against the stand-in macros, and against the real
# include/actx_bind.h once the binding runtime provides it.
# shellcheck disable=SC2086
"$cc" -fsyntax-only -Wall -Wextra -Werror -nostdinc -I include -iquote . $cflags "$tmp/out.c" ||
  fail "output does not compile against tests/rewrite/include/actx.h"
if [ -n "$real_inc" ] && [ -f "$real_inc/actx_bind.h" ]; then
  # shellcheck disable=SC2086
  "$cc" -fsyntax-only -Wall -Wextra -Werror -I "$real_inc" -I include -iquote . $cflags "$tmp/out.c" ||
    fail "output does not compile against $real_inc/actx_bind.h"
fi
exit 0
