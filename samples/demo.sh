#!/usr/bin/env bash
# The README's demo: installs what is missing, builds actx (the build runs
# actx-rewrite on the request-logger sample, whose source has no bind call),
# then sends a burst of local HTTP clients to it: every log line, from read,
# timer, thread-pool and close callbacks alike, carries its own request's id.
# Then the worker-pool sample: completions from worker threads, any order.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-deps.sh
if [ ! -f build/build.ninja ]; then
  meson setup build >/dev/null
fi
ninja -C build >/dev/null
echo "== request logger (libuv, rewritten by the build): 6 clients at once on 127.0.0.1"
echo "   each line is 'id: message'; the id comes from actx_storage_get(), never from an argument"
python3 samples/http_burst.py --clients 6 --concurrency 6 --together --show build/samples/request-logger
echo
echo "== worker pool: completions run in the context of the request that submitted them"
./build/samples/worker-pool 10 3
