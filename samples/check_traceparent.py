#!/usr/bin/env python3
"""Runs the traceparent sample's two processes and checks their logs.

Usage: check_traceparent.py CLIENT SERVER [REQUESTS]

The server is started as `SERVER 0 N` and must print "listening on
127.0.0.1:PORT" first; the client is started as `CLIENT PORT N`.  Every log
line is "ROLE TRACE-ID SPAN-ID /req-K EVENT", the ids taken from the context
of the callback that printed it.  Checked:
  * the client: every line of a request carries that request's trace and span,
    each request has a trace of its own, and its traceparent header says so;
  * the server: every line of /req-K carries the client's trace id for /req-K
    and a span of its own whose parent is the client's span, its tracestate
    puts its own entry before the client's, and it decoded the baggage;
  * every event happens once per request, both processes exit 0;
  * the requests interleaved on the server (else a context leaking from one
    request into the next could go unnoticed)."""
import re
import subprocess
import sys
import threading

CLIENT_EVENTS = ["connecting", "connected", "request sent", "response", "closed"]
SERVER_EVENTS = ["read", "baggage", "timer", "work on the thread pool", "work done", "written", "closed"]
LINE = re.compile(r"(client|server) ([0-9a-f]{32}|-) ([0-9a-f]{16}|-) (/req-\d+) (.*)$")


def event_name(msg, events):
    for e in events:
        if msg.startswith(e):
            return e
    return None


def main():
    client, server = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    srv = subprocess.Popen([server, "0", str(n)], stdout=subprocess.PIPE, text=True)
    server_lines = []
    try:
        first = srv.stdout.readline()
        m = re.match(r"listening on 127\.0\.0\.1:(\d+)$", first.strip())
        if not m:
            sys.exit(f"unexpected first line from the server: {first!r}")
        reader = threading.Thread(target=lambda: server_lines.extend(l.rstrip("\n") for l in srv.stdout))
        reader.start()
        cli = subprocess.run([client, m[1], str(n)], capture_output=True, text=True, timeout=60)
        srv.wait(timeout=60)
        reader.join()
    finally:
        if srv.poll() is None:
            srv.kill()
            srv.wait()

    errors = []
    if cli.returncode != 0:
        errors.append(f"client exited with {cli.returncode}: {cli.stderr.strip()}")
    if srv.returncode != 0:
        errors.append(f"server exited with {srv.returncode}")

    def parse(lines, role, events):
        """path -> list of (index, trace, span, event, msg)"""
        out = {}
        for i, line in enumerate(lines):
            m = LINE.match(line)
            if not m or m[1] != role:
                errors.append(f"{role}: unexpected line {line!r}")
                continue
            e = event_name(m[5], events)
            if e is None:
                errors.append(f"{role}: unknown event in {line!r}")
                continue
            out.setdefault(m[4], []).append((i, m[2], m[3], e, m[5]))
        return out

    client_lines = cli.stdout.splitlines()
    creq = parse(client_lines, "client", CLIENT_EVENTS)
    sreq = parse(server_lines, "server", SERVER_EVENTS)
    paths = [f"/req-{k}" for k in range(1, n + 1)]
    client_ctx = {}
    for p in paths:
        lines = creq.get(p, [])
        if sorted(e for _, _, _, e, _ in lines) != sorted(CLIENT_EVENTS):
            errors.append(f"client {p}: events {[e for _, _, _, e, _ in lines]}, want each of {CLIENT_EVENTS} once")
        ctx = {(t, s) for _, t, s, _, _ in lines}
        if len(ctx) != 1 or ("-" in next(iter(ctx), ("-",))):
            errors.append(f"client {p}: its lines see {sorted(ctx)}, want one trace and span")
            continue
        client_ctx[p] = trace, span = next(iter(ctx))
        for _, _, _, e, msg in lines:
            if e == "connected" and msg != f"connected, sending traceparent 00-{trace}-{span}-01":
                errors.append(f"client {p}: {msg!r} is not this request's traceparent")
            if e == "response" and msg != "response: served in this trace":
                errors.append(f"client {p}: {msg!r}")
    if len({t for t, _ in client_ctx.values()}) != len(client_ctx):
        errors.append("client: two requests share a trace id")

    for p in paths:
        lines = sreq.get(p, [])
        if sorted(e for _, _, _, e, _ in lines) != sorted(SERVER_EVENTS):
            errors.append(f"server {p}: events {[e for _, _, _, e, _ in lines]}, want each of {SERVER_EVENTS} once")
        if p not in client_ctx:
            continue
        trace, span = client_ctx[p]
        for _, t, s, e, msg in lines:
            if t != trace:
                errors.append(f"server {p} {e}: sees trace {t}, the request's trace is {trace}")
            if s in ("-", span):
                errors.append(f"server {p} {e}: sees span {s}, want a child span of {span}")
            if e == "read":
                want = f"read, parent {span}, tracestate for the next hop: actxserver={s},actxclient=req-{p[5:]}"
                if msg != want:
                    errors.append(f"server {p}: {msg!r}, want {want!r}")
            if e == "baggage":
                want = f'baggage: request="req-{p[5:]}" origin="client sample"'
                if msg != want:
                    errors.append(f"server {p}: {msg!r}, want {want!r}")
        if len({s for _, _, s, _, _ in lines}) > 1:
            errors.append(f"server {p}: its lines see more than one span")

    # Interleaving: some request's lines must enclose another request's line.
    spans = sorted((min(i for i, *_ in ls), max(i for i, *_ in ls)) for ls in sreq.values() if ls)
    interleaved = sum(1 for (a0, a1), (b0, _) in zip(spans, spans[1:]) if b0 < a1)
    if n > 1 and interleaved == 0:
        errors.append("server: the requests ran one after the other; nothing was interleaved")

    if errors:
        sys.stderr.write("\n".join(errors[:30]) + "\n")
        sys.stderr.write("--- client\n" + "\n".join(client_lines[:40]) + "\n--- server\n" +
                         "\n".join(server_lines[:40]) + "\n")
        sys.exit(1)
    print(f"{n} requests, {len(client_lines)} client and {len(server_lines)} server lines: "
          f"every line carries its own request's trace ({interleaved} requests overlapped on the server)")


if __name__ == "__main__":
    main()
