#!/usr/bin/env python3
"""Runs a program with ACTX_TRACE set and checks the Chrome trace-event JSON it
writes (docs/observability.md):

  - the file is valid JSON: an array of events (the program ends without
    calling actx_trace_export_stop: exit() closes the array);
  - every flow start ("s") has exactly one end ("f") with its id, and back;
  - every "f" lies inside an "X" slice on its thread, and so does every "s";
  - the slices of each thread nest; every lifetime ("b") ends once ("e");
  - slices on at least --threads threads, named only by --names.

Usage: check_trace.py [--names a,b,...] [--threads N] PROGRAM [ARGS...]
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile


def fail(msg):
    sys.stderr.write(f"check_trace: {msg}\n")
    sys.exit(1)


def innermost(slices, tid, ts):
    """The innermost slice of thread tid that holds time ts, or None."""
    holding = [s for s in slices.get(tid, ()) if s["ts"] <= ts <= s["ts"] + s["dur"]]
    return max(holding, key=lambda s: (s["ts"], -s["dur"]), default=None)


def check(events, names, min_threads):
    if not isinstance(events, list) or not events:
        fail("not a non-empty JSON array of events")
    slices = collections.defaultdict(list)
    flows = collections.defaultdict(dict)
    begins, ends = collections.Counter(), collections.Counter()
    for e in events:
        for key in ("ph", "pid", "tid"):
            if key not in e:
                fail(f"event without {key}: {e}")
        ph = e["ph"]
        if ph == "X":
            if e["dur"] < 0:
                fail(f"negative duration: {e}")
            slices[e["tid"]].append(e)
            if e["cat"] == "actx" and names and e["name"] not in names:
                fail(f"slice named {e['name']!r}, not one of {sorted(names)}")
            if e["cat"] == "actx" and not {"async_id", "trigger_id", "type"} <= set(e["args"]):
                fail(f"slice without its ids and type: {e}")
        elif ph in "sf":
            if e["id"] in flows[ph]:
                fail(f"two flow '{ph}' events with id {e['id']}")
            flows[ph][e["id"]] = e
        elif ph == "b":
            begins[e["id"]] += 1
        elif ph == "e":
            ends[e["id"]] += 1
    starts, finishes = flows["s"], flows["f"]
    if set(starts) != set(finishes):
        fail(f"unmatched flows: starts without end {sorted(set(starts) - set(finishes))[:5]}, "
             f"ends without start {sorted(set(finishes) - set(starts))[:5]}")
    for f in finishes.values():
        if f.get("bp") != "e":
            fail(f"flow end not bound to its enclosing slice: {f}")
        run = innermost(slices, f["tid"], f["ts"])
        if run is None:
            fail(f"flow end outside any slice of thread {f['tid']}: {f}")
        if run["cat"] != "actx":
            fail(f"flow end in {run['name']!r}, not in a run: {f}")
    for s in starts.values():
        if innermost(slices, s["tid"], s["ts"]) is None:
            fail(f"flow start outside any slice of thread {s['tid']}: {s}")
    for tid, ss in slices.items():
        stack = []
        for s in sorted(ss, key=lambda s: (s["ts"], -s["dur"])):
            while stack and stack[-1] <= s["ts"]:
                stack.pop()
            end = s["ts"] + s["dur"]
            if stack and end > stack[-1] + 1e-3:
                fail(f"slices of thread {tid} overlap without nesting at {s}")
            stack.append(end)
    if begins != ends or any(n != 1 for n in begins.values()):
        fail("resource lifetimes: begins and ends differ")
    run_threads = {t for t, ss in slices.items() if any(s["cat"] == "actx" for s in ss)}
    if len(run_threads) < min_threads:
        fail(f"slices on {len(run_threads)} thread(s), want at least {min_threads}")
    if not starts:
        fail("no flow arrows")
    return len(run_threads), len(starts), sum(len(s) for s in slices.values())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--names", default="")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    names = set(n for n in a.names.split(",") if n)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "trace.json")
        env = dict(os.environ, ACTX_TRACE=path)
        out = subprocess.run(a.cmd, env=env, capture_output=True, text=True, timeout=60)
        if out.returncode != 0 or "actx:" in out.stderr:
            fail(f"{a.cmd} exited {out.returncode}: {out.stderr}")
        if os.stat(path).st_mode & 0o777 != 0o600:
            fail(f"trace file mode {oct(os.stat(path).st_mode & 0o777)}, not 0600")
        with open(path) as f:
            try:
                events = json.load(f)
            except json.JSONDecodeError as e:
                fail(f"not valid JSON: {e}")
    threads, nflows, nslices = check(events, names, a.threads)
    print(f"trace: {len(events)} events, {nslices} slices on {threads} threads, {nflows} flows matched")


if __name__ == "__main__":
    main()
