#!/usr/bin/env python3
"""Drives a request-logger sample (libuv or libevent) with a burst of
concurrent loopback clients and checks its log: every line "ID: /client-K ..."
must carry the id that request K was given, each request must log every
expected event, and each id must belong to one request only.

Usage: http_burst.py [--clients N] [--concurrency C] [--together] [--show] [--events E,...] SERVER
The server is started as `SERVER 0 N` (kernel-chosen port, exit after N
connections) and must print "listening on 127.0.0.1:PORT" first."""
import argparse
import concurrent.futures
import re
import socket
import subprocess
import sys
import threading
import time

DEFAULT_EVENTS = "read,timer,job on the thread pool,job done,response written,closed"


def client(port, k, deadline, barrier):
    """One HTTP/1.1 request for /client-K; returns the id the server answered.
    With a barrier, every client connects before any sends its request, so
    the server's callbacks for different requests interleave."""
    path = f"/client-{k}"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        if barrier:
            barrier.wait(timeout=10)
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while time.monotonic() < deadline:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    text = data.decode(errors="replace")
    m = re.search(r"request (\d+): (\S+)\n$", text)
    if not text.startswith("HTTP/1.1 200 OK") or not m or m[2] != path:
        raise RuntimeError(f"{path}: bad response {text!r}")
    return int(m[1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--events", default=DEFAULT_EVENTS)
    ap.add_argument("--together", action="store_true",
                    help="connect every client before sending (needs concurrency >= clients)")
    ap.add_argument("--show", action="store_true", help="echo the server's lines as they come")
    ap.add_argument("server", nargs="+")
    a = ap.parse_args()
    events = a.events.split(",")
    deadline = time.monotonic() + 60

    srv = subprocess.Popen(a.server + ["0", str(a.clients)], stdout=subprocess.PIPE, text=True)
    lines = []
    try:
        first = srv.stdout.readline()
        m = re.match(r"listening on 127\.0\.0\.1:(\d+)$", first.strip())
        if not m:
            sys.exit(f"unexpected first line from the server: {first!r}")
        port = int(m[1])

        def reader():
            for line in srv.stdout:
                lines.append(line.rstrip("\n"))
                if a.show:
                    print(line, end="", flush=True)
        t = threading.Thread(target=reader)
        t.start()

        barrier = threading.Barrier(a.clients) if a.together else None
        with concurrent.futures.ThreadPoolExecutor(a.concurrency) as pool:
            futures = {k: pool.submit(client, port, k, deadline, barrier) for k in range(1, a.clients + 1)}
            answered = {k: f.result() for k, f in futures.items()}
        srv.wait(timeout=max(1, deadline - time.monotonic()))
        t.join()
    finally:
        if srv.poll() is None:
            srv.kill()
            srv.wait()

    errors = []
    if srv.returncode != 0:
        errors.append(f"server exited with {srv.returncode}")
    if len(set(answered.values())) != a.clients:
        errors.append("two requests were answered with the same id")
    seen = {}  # (path, event) -> ids
    accepted = []
    for line in lines:
        m = re.match(r"(\d+): (.*)$", line)
        if not m:
            errors.append(f"unexpected line {line!r}")
            continue
        lid, msg = int(m[1]), m[2]
        if msg == "connection accepted":
            accepted.append(lid)
            continue
        m = re.match(r"(/client-(\d+)) (.*)$", msg)
        if not m:
            errors.append(f"unexpected line {line!r}")
            continue
        k, event = int(m[2]), re.sub(r" \(.*\)$", "", m[3])
        if answered.get(k) != lid:
            errors.append(f"line {line!r} carries id {lid}, but that request is {answered.get(k)}")
        seen.setdefault((k, event), []).append(lid)
    for k in answered:
        for e in events:
            if len(seen.get((k, e), [])) != 1:
                errors.append(f"/client-{k}: {len(seen.get((k, e), []))} '{e}' lines, want 1")
    if sorted(accepted) != sorted(answered.values()):
        errors.append("the 'connection accepted' lines do not match the answered ids")
    if errors:
        sys.stderr.write("\n".join(errors[:20]) + "\n")
        sys.exit(1)
    print(f"{a.clients} requests, {len(lines)} lines: every line carries its own request's id")


if __name__ == "__main__":
    main()
