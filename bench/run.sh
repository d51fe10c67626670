#!/usr/bin/env bash
# The benchmark driver: builds actx optimised (build-bench/), runs every bench
# program and the peers (Node.js AsyncLocalStorage, Python contextvars) on this
# machine in one go, prints one table with same-run ratios, writes
# build-bench/bench.json, and with --write-doc refreshes the generated part of
# docs/performance.md.  Missing peers are reported as missing.
# Usage: bash bench/run.sh [--quick] [--write-doc]
set -euo pipefail
cd "$(dirname "$0")/.."
quick=()
write_doc=()
for a in "$@"; do
  case $a in
    --quick) quick=(--quick) ;;
    --write-doc) write_doc=(--write-doc docs/performance.md) ;;
    *) echo "usage: bash bench/run.sh [--quick] [--write-doc]" >&2; exit 2 ;;
  esac
done
bash .ci/install-deps.sh
out=build-bench
[ -f "$out/build.ninja" ] || meson setup "$out" --buildtype=release -Dtests=disabled >/dev/null
# A build-bench/ from before `tests` became a feature had -Dtests=false, which
# meson then reads as auto (on): say disabled again.
meson configure "$out" -Dtests=disabled >/dev/null
ninja -C "$out" >/dev/null

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s)
results=()
# Every program the build is expected to make; one that is not built (e.g.
# bench-server without libuv) or fails is reported as missing.
for name in bench-runtime bench-bind bench-trace bench-handoff bench-scale bench-soak bench-server; do
  prog=$out/bench/$name
  rm -f "$out/$name.json"
  if [ -x "$prog" ]; then
    echo "running $name" >&2
    "$prog" "${quick[@]}" --json "$out/$name.json" >"$out/$name.txt" ||
      echo "$name failed (exit $?)" >&2
  fi
  [ -s "$out/$name.json" ] || echo "{\"missing\": \"$name\"}" >"$out/$name.json"
  results+=("$out/$name.json")
done
rm -f "$out/rewrite-speed.json"
if [ -x "$out/tool/actx-rewrite" ]; then
  echo "running rewriter speed (actx-rewrite vs clang -fsyntax-only)" >&2
  python3 bench/rewrite_speed.py "$out/tool/actx-rewrite" "${quick[@]}" \
    --json "$out/rewrite-speed.json" >"$out/rewrite-speed.txt" || echo "rewrite_speed.py failed" >&2
fi
[ -s "$out/rewrite-speed.json" ] || echo '{"missing": "actx-rewrite speed"}' >"$out/rewrite-speed.json"
results+=("$out/rewrite-speed.json")

peers="$out/peers.jsonl"
: >"$peers"
if command -v node >/dev/null; then
  echo "running node peer ($(node --version))" >&2
  node bench/peers/node_als.js "${quick[@]}" >>"$peers" || echo '{"missing": "node (peer failed)"}' >>"$peers"
else
  echo '{"missing": "node"}' >>"$peers"
fi
if command -v python3 >/dev/null; then
  echo "running python peer ($(python3 --version 2>&1))" >&2
  python3 bench/peers/py_contextvars.py "${quick[@]}" >>"$peers" || echo '{"missing": "python3 (peer failed)"}' >>"$peers"
else
  echo '{"missing": "python3"}' >>"$peers"
fi

export BENCH_LOAD="load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end; $(( $(date +%s) - started )) s"
python3 bench/report.py --out "$out/bench.json" --peers "$peers" "${write_doc[@]}" "${results[@]}"
