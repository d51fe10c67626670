#!/usr/bin/env bash
# The README's demo: installs what is missing, builds actx, and runs the worker
# pool sample -- ten requests, each with its own id in an actx storage, whose
# completions come back from worker threads in any order yet still see their
# own request's id.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-deps.sh
if [ ! -f build/build.ninja ]; then
  meson setup build >/dev/null
fi
ninja -C build >/dev/null
echo "== worker pool: completions run in the context of the request that submitted them"
./build/samples/worker-pool 10 3
