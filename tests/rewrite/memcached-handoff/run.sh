#!/usr/bin/env bash
# run.sh -- memcached 1.6's accept -> worker hand-off, end to end
# (docs/contracts.md, "Hand-offs: memcached").
#
# Builds memcached through actx-cc with the built-in contracts and
# memcached.contracts (cq_push carries the connection's item, cq_pop takes
# it), runs it on 127.0.0.1 with two worker threads and accept_tag.so
# preloaded (a value set at each accept, the value seen at each read: see
# accept_tag.c), connects two clients that interleave commands, and checks
# that every read on a connection, in a worker thread, sees the value set at
# that connection's accept in the main thread.
#
# usage: run.sh BUILD_DIR   (meson's build directory: actx-cc, libactx)
# The source tree comes from ACTX_MEMCACHED_SOURCE (apt-get source memcached;
# tests/run.sh's handoff mode fetches it); without it the test is skipped
# (77).  The build is kept in BUILD_DIR/memcached-handoff/ and redone when the
# contracts, the rewriter or the source change.
set -euo pipefail
src=${ACTX_MEMCACHED_SOURCE:-}
if [ -z "$src" ] || [ ! -f "$src/memcached.c" ]; then
  echo "skipped: set ACTX_MEMCACHED_SOURCE to an unpacked memcached 1.6 source tree"
  exit 77
fi
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
work=$build/memcached-handoff
lib=$build/runtime
contracts=$here/memcached.contracts

stamp=$( (cat "$contracts" "$build/tool/actx-rewrite" "$build/tool/actx-cc"; echo "$src") | sha256sum)
if [ ! -x "$work/src/memcached" ] || [ "$(cat "$work/stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "building memcached through actx-cc (log: $work/build.log)"
  rm -rf "$work"
  mkdir -p "$work"
  cp -a "$src" "$work/src"
  (
    cd "$work/src"
    ./configure CC="$build/tool/actx-cc gcc" CPPFLAGS="-I$root/include" \
      LDFLAGS="-L$lib -Wl,-rpath,$lib" LIBS="-lactx"
    ACTX_CONTRACTS=$contracts make -j2 memcached
  ) >"$work/build.log" 2>&1 || { tail -40 "$work/build.log"; exit 1; }
  echo "$stamp" >"$work/stamp"
fi
gcc -shared -fPIC -O1 -Wall -Wextra -Werror -I"$root/include" "$here/accept_tag.c" \
  -L"$lib" -Wl,-rpath,"$lib" -lactx -ldl -o "$work/accept_tag.so"

log=$work/accept.log
rm -f "$log"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
LD_PRELOAD=$work/accept_tag.so ACTX_ACCEPT_LOG=$log \
  "$work/src/memcached" -l 127.0.0.1 -p "$port" -U 0 -t 2 -u "$(id -un)" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT

python3 - "$port" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
for _ in range(100):  # until memcached listens
    try:
        socket.create_connection(("127.0.0.1", port)).close()
        break
    except OSError:
        time.sleep(0.05)
def reply(s, end):
    data = b""
    while not data.endswith(end):
        chunk = s.recv(4096)
        if not chunk:
            raise SystemExit("connection closed early")
        data += chunk
    return data
a = socket.create_connection(("127.0.0.1", port))
b = socket.create_connection(("127.0.0.1", port))
for i in range(5):  # interleaved: each connection's reads between the other's
    a.sendall(b"set k%d 0 0 1\r\nx\r\n" % i); reply(a, b"STORED\r\n")
    b.sendall(b"get k%d\r\n" % i); reply(b, b"END\r\n")
    a.sendall(b"version\r\n"); reply(a, b"\r\n")
    b.sendall(b"version\r\n"); reply(b, b"\r\n")
a.close(); b.close()
PY
kill "$server"
wait "$server" || true
trap - EXIT

python3 - "$log" <<'PY'
import sys
accepts, reads = {}, []
for line in open(sys.argv[1]):
    kind, *fields = line.split()
    f = dict(x.split("=") for x in fields)
    if kind == "accept":
        accepts[f["token"]] = f
    else:
        reads.append(f)
# The probe connection that waited for the port is accepted too, with no reads.
bad = [r for r in reads if r["seen"] != r["token"]]
cross = [r for r in reads if r["tid"] != accepts[r["token"]]["tid"]]
read_tokens = {r["token"] for r in reads}
print("memcached hand-off: %d accepts, %d reads on %d connections, %d in another thread than "
      "their accept, %d saw another connection's value" % (len(accepts), len(reads),
      len(read_tokens), len(cross), len(bad)))
for r in bad[:10]:
    print("  fd %s accepted with %s read with %s" % (r["fd"], r["token"], r["seen"]))
ok = not bad and len(read_tokens) >= 2 and len(cross) == len(reads)
sys.exit(0 if ok else 1)
PY
