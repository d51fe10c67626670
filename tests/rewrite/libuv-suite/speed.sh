#!/bin/sh
# speed.sh -- actx-rewrite's speed on libuv's test files against
# `clang -fsyntax-only` with the same flags: CPU time (user+sys) per file for
# both, the ratio, and files per second with JOBS parallel processes.
# usage: speed.sh TOOL LIBUV_SOURCE_DIR [JOBS]
set -e
tool=$(realpath "$1") src=$2 jobs=${3:-2}
cd "$src"
flags="-Iinclude -Itest -D_FILE_OFFSET_BITS=64 -D_LARGEFILE_SOURCE -D_GNU_SOURCE -DUSING_UV_SHARED=1"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
files=$(ls test/test-*.c)
n=$(echo "$files" | wc -l)
cpu() { # prints user+sys seconds of the command
  /usr/bin/time -f '%U %S' -o "$out/t" "$@" >/dev/null 2>&1
  awk '{ printf "%.2f", $1 + $2 }' "$out/t"
}
# shellcheck disable=SC2086
t_clang=$(cpu sh -c "for f in $(echo $files); do clang -fsyntax-only $flags \$f; done")
# shellcheck disable=SC2086
t_tool=$(cpu sh -c "for f in $(echo $files); do '$tool' \$f -o $out/o.c -- $flags; done")
start=$(date +%s.%N)
# shellcheck disable=SC2086
echo "$files" | xargs -P "$jobs" -I{} sh -c "'$tool' {} -o $out/\$(basename {}) -- $flags"
end=$(date +%s.%N)
awk -v n="$n" -v c="$t_clang" -v t="$t_tool" -v s="$start" -v e="$end" -v j="$jobs" 'BEGIN {
  printf "%d files\n", n
  printf "clang -fsyntax-only: %.1f ms CPU per file\n", 1000 * c / n
  printf "actx-rewrite:        %.1f ms CPU per file (%.2fx)\n", 1000 * t / n, t / c
  printf "actx-rewrite -j%d:    %.1f files/s\n", j, n / (e - s)
}'
