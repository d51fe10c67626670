#!/bin/sh
# strict-case.sh -- rewriting adds no warning (docs/rewriter.md, Tests).
# usage: strict-case.sh CASES_DIR NAME REAL_INCLUDE_DIR
#
# Compiles NAME.c and its golden output NAME.expected.c (against the real
# actx.h / actx_bind.h, as run-case.sh does) with gcc and clang, as -std=c99,
# c11 and gnu11, with the strict warning set below, at -O2 (some warnings,
# -Wmaybe-uninitialized, only come from the optimiser).  Where the input is
# warning-free, the output must compile with -Werror.  Where it is not (most
# golden inputs define functions without a prototype: -Wmissing-prototypes),
# every warning of the output must be one the input has: same file, line and
# option -- a warning of the headers, or a new kind on a line, fails.  The
# output's `#line` directives make its warnings name the input's lines.
# Compilers not installed are skipped; at least one must be there.
set -u
dir=$1 name=$2 real_inc=$3
cd "$dir" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

# The flag set the guarantee is stated for (docs/rewriter.md).
strict="-Wall -Wextra -Wpedantic -Wshadow -Wredundant-decls -Wdeclaration-after-statement"
strict="$strict -Wmissing-prototypes -Wstrict-prototypes"

if [ -f "$name.cflags" ]; then
  # The set and the -std values are C only (cplusplus: -x c++).
  echo "skip: $name has its own compiler options ($(cat "$name.cflags")): C only"
  exit 77
fi

# The warnings of a compiler's output, one per line as FILE:LINE [-Woption]
# (or the message, for a warning without option; columns differ: the
# output's lines hold the inserted text), sorted.
warnings() {
  sed -n 's/^\([^ :]*\):\([0-9]*\):[0-9]*: \(warning\|error\): \(.*\)$/\1:\2 \4/p' "$1" |
    sed 's/ .*\(\[-W[^],]*\).*\]$/ \1]/; s/\[-Werror=/[-W/' | LC_ALL=C sort -u
}

# An output identical to its input (nothing edited) adds nothing: compile it
# as its input's name, so its warnings name the same file.
out=$name.expected.c
if cmp -s "$name.c" "$name.expected.c"; then out=$name.c; fi

fail=0 ncc=0
for cc in gcc clang; do
  command -v "$cc" >/dev/null 2>&1 || { echo "skip: $cc not installed"; continue; }
  ncc=$((ncc + 1))
  for std in c99 c11 gnu11; do
    what="$name: $cc -std=$std"
    # shellcheck disable=SC2086
    set -- "$cc" -std=$std $strict -O2 -c -o /dev/null -I "$real_inc" -I include -iquote .
    if ! "$@" "$name.c" >"$tmp/in.txt" 2>&1; then
      echo "FAIL: $what: the input does not compile"
      head -20 "$tmp/in.txt"
      fail=1
      continue
    fi
    if [ ! -s "$tmp/in.txt" ]; then
      if "$@" -Werror "$out" >"$tmp/out.txt" 2>&1 && [ ! -s "$tmp/out.txt" ]; then
        echo "ok: $what -Werror"
      else
        echo "FAIL: $what: the input is warning-free, the output is not"
        head -40 "$tmp/out.txt"
        fail=1
      fi
      continue
    fi
    if ! "$@" "$out" >"$tmp/out.txt" 2>&1; then
      echo "FAIL: $what: the output does not compile"
      head -40 "$tmp/out.txt"
      fail=1
      continue
    fi
    warnings "$tmp/in.txt" >"$tmp/in.w"
    warnings "$tmp/out.txt" >"$tmp/out.w"
    # Lines only the output has.  Each (line, option) counts once: a wrapper
    # macro spells its callback argument twice (its type and its value), so
    # a warning the input already has about that argument is reported twice.
    LC_ALL=C comm -13 "$tmp/in.w" "$tmp/out.w" >"$tmp/new.w"
    if [ -s "$tmp/new.w" ]; then
      echo "FAIL: $what: warnings the input does not have:"
      sed 's/^/  /' "$tmp/new.w"
      head -40 "$tmp/out.txt"
      fail=1
    else
      echo "ok: $what (no new warning; the input has $(wc -l <"$tmp/in.w"))"
    fi
  done
done
[ "$ncc" -gt 0 ] || { echo "FAIL: neither gcc nor clang found"; fail=1; }
exit $fail
