#!/bin/sh
# check-headers.sh INCLUDE_DIR -- the installed headers compile warning-free
# as C99, C11 and GNU11 under the strict warning set below (gcc and clang,
# -O2) and as C++11 (g++ and clang++; C++98 without errors), included alone
# (use_api.c, with <actx.h>, with <actx_bind.h>, with ACTX_INLINE_GET), and
# the private headers refuse to be included directly.
# Compilers not installed are skipped; at least one C and one C++ compiler
# must be there.
set -eu
inc=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 ncc=0 ncxx=0

run() { # what, command...
  what=$1
  shift
  if "$@" >"$tmp/out" 2>&1 && [ ! -s "$tmp/out" ]; then
    echo "ok: $what"
  else
    echo "FAIL: $what"
    head -40 "$tmp/out"
    fail=1
  fi
}

# The warning set rewritten files are tested with (docs/rewriter.md), at -O2:
# -Wmaybe-uninitialized only comes from the optimiser.
strict="-Wall -Wextra -Wpedantic -Wshadow -Wredundant-decls -Wdeclaration-after-statement"
strict="$strict -Wmissing-prototypes -Wstrict-prototypes"
for cc in gcc clang; do
  command -v "$cc" >/dev/null 2>&1 || { echo "skip: $cc not installed"; continue; }
  ncc=$((ncc + 1))
  for std in c99 c11 gnu11; do
    for variant in "" -DUSE_BIND_H -DACTX_INLINE_GET; do
      # shellcheck disable=SC2086
      run "$cc -std=$std $variant" "$cc" -std=$std $strict -Werror -O2 -c -o /dev/null \
        $variant -I "$inc" "$here/use_api.c"
    done
  done
  # Not API: included directly, each private header stops with an #error.
  for h in actx/abi.h actx/bind_abi.h; do
    printf '#include <%s>\n' "$h" >"$tmp/direct.c"
    if "$cc" -fsyntax-only -I "$inc" "$tmp/direct.c" >"$tmp/out" 2>&1 ||
      ! grep -q "is not API: include <actx.h> instead" "$tmp/out"; then
      echo "FAIL: $cc: including <$h> directly is not refused"
      head -20 "$tmp/out"
      fail=1
    else
      echo "ok: $cc refuses <$h> alone"
    fi
  done
done

for cxx in g++ clang++; do
  command -v "$cxx" >/dev/null 2>&1 || { echo "skip: $cxx not installed"; continue; }
  ncxx=$((ncxx + 1))
  for variant in "" -DUSE_BIND_H -DACTX_INLINE_GET; do
    run "$cxx -std=c++11 $variant" "$cxx" -x c++ -std=c++11 -Wall -Wextra -Wpedantic -Wshadow \
      -Wredundant-decls -Werror -fsyntax-only $variant -I "$inc" "$here/use_api.c"
  done
  # C++98 still compiles (with -Wpedantic it warns about variadic macros and
  # a trailing enumerator comma: C++11 features the headers always used).
  printf '#include <actx.h>\n' >"$tmp/cxx98.cpp"
  run "$cxx -std=c++98 (errors only)" "$cxx" -std=c++98 -w -fsyntax-only -I "$inc" "$tmp/cxx98.cpp"
done

[ "$ncc" -gt 0 ] && [ "$ncxx" -gt 0 ] || { echo "FAIL: no C or no C++ compiler found"; fail=1; }
exit $fail
