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
[ -f "$out/build.ninja" ] || meson setup "$out" --buildtype=release -Dtests=false >/dev/null
ninja -C "$out" >/dev/null

results=()
for prog in "$out"/bench/bench-*; do
  [ -f "$prog" ] && [ -x "$prog" ] || continue
  name=$(basename "$prog")
  echo "running $name" >&2
  "$prog" "${quick[@]}" --json "$out/$name.json" >/dev/null
  results+=("$out/$name.json")
done

peers="$out/peers.jsonl"
: >"$peers"
if command -v node >/dev/null; then
  echo "running node peer ($(node --version))" >&2
  node bench/peers/node_als.js "${quick[@]}" >>"$peers"
else
  echo '{"missing": "node"}' >>"$peers"
fi
if command -v python3 >/dev/null; then
  echo "running python peer ($(python3 --version 2>&1))" >&2
  python3 bench/peers/py_contextvars.py "${quick[@]}" >>"$peers"
else
  echo '{"missing": "python3"}' >>"$peers"
fi

python3 bench/report.py --out "$out/bench.json" --peers "$peers" "${write_doc[@]}" "${results[@]}"
