#!/usr/bin/env python3
"""report.py -- merges the bench programs' JSON and the peers' JSON lines into
one table (ns/op, spread, same-run ratios), checks the project's targets, and
optionally rewrites the generated block of docs/performance.md."""
import argparse
import datetime
import json
import os
import platform
import re
import subprocess

ap = argparse.ArgumentParser()
ap.add_argument("--out", required=True)
ap.add_argument("--peers", required=True)
ap.add_argument("--write-doc")
ap.add_argument("results", nargs="*")
args = ap.parse_args()

missing = []
rows = []      # (suite, name, median, min, max, baseline, ratio)
by_name = {}
metrics = {}   # suite -> the program's extra measurements
for path in args.results:
    with open(path) as f:
        data = json.load(f)
    if "missing" in data:
        missing.append(data["missing"])
        continue
    metrics[data.get("suite", os.path.basename(path))] = data.get("metrics", {})
    for r in data["results"]:
        rows.append(r | {"suite": data.get("suite", os.path.basename(path))})
        by_name[r["name"]] = r["median_ns"]
with open(args.peers) as f:
    for line in f:
        r = json.loads(line)
        if "missing" in r:
            missing.append(r["missing"])
            continue
        rows.append(r | {"suite": "peer"})
        by_name[r["name"]] = r["median_ns"]


def ratio(a, b):
    if a in by_name and b in by_name and by_name[b] > 0:
        return by_name[a] / by_name[b]
    return None


def metric(*path):
    """A program's extra measurement, e.g. metric("server", "actx", "p99_us")."""
    v = metrics
    for k in path:
        if not isinstance(v, dict) or k not in v:
            return None
        v = v[k]
    return v


def rss_growth_kib():
    a, b = metric("server", "actx", "server", "rss_mark_kib"), metric("server", "actx", "server", "rss_stop_kib")
    return None if a is None or b is None else b - a


# (description, numerator, denominator, limit, kind): kind "max" means
# numerator/denominator must be <= limit; "faster" means denominator/numerator
# (how many times faster actx is) must be >= limit; "plus" means
# numerator - denominator (ns) must be <= limit; "keeps" means
# denominator/numerator (share of the baseline's throughput) must be >= limit.
# The baseline of `get` is a call of a function that loads a TLS slot (get is
# a call into a shared library); the inline TLS load is in the table too.
targets = [
    ("get <= 3x a call + TLS load", "get, inside run", "call + TLS load", 3, "max"),
    ("get (outside run) <= 3x a call + TLS load", "get, outside run", "call + TLS load", 3, "max"),
    ("get inline (opt-in ACTX_INLINE_GET) <= 3x an inline TLS load", "get, inline (ACTX_INLINE_GET)", "TLS load (inline)", 3, "max"),
    ("get >= 10x faster than Node getStore", "get, inside run", "node: getStore inside run", 10, "faster"),
    ("get inline (opt-in) >= 10x faster than Node getStore", "get, inline (ACTX_INLINE_GET)", "node: getStore inside run", 10, "faster"),
    ("run >= 4x faster than Node run", "run (trivial fn)", "node: run (trivial fn)", 4, "faster"),
    ("run <= 8x an indirect call (runtime-core target)", "run (trivial fn)", "indirect call", 8, "max"),
    ("get >= Python ContextVar.get", "get, inside run", "python: ContextVar.get", 1, "faster"),
    ("bound call (typed) <= +3 ns over an indirect call", "bound call: typed thunk (TLS)", "indirect call int(int)", 3, "plus"),
    ("bound call (typed) >= 20x faster than a Node bound call", "bound call: typed thunk (TLS)", "node: call bound function", 20, "faster"),
    ("bind+unbind >= 100x faster than Node AsyncResource.bind", "actx_bind+actx_unbind", "node: AsyncResource.bind", 100, "faster"),
    ("bound call (typed) with 1 no-op hook <= 3x without", "bound call: typed thunk (TLS), 1 no-op hook", "bound call: typed thunk (TLS)", 3, "max"),
    ("libuv server with actx keeps >= 98% of requests/s", "server actx: ns per request", "server plain: ns per request", 0.98, "keeps"),
    ("actx-rewrite <= 1.3x clang -fsyntax-only per file", "actx-rewrite, per file", "clang -fsyntax-only, per file", 1.3, "max"),
]

lines = []
lines.append(f"{'case':<46} {'ns/op':>11} {'spread':>21} {'ratio':>9}  baseline")
for r in rows:
    rt = f"{r['ratio']:.2f}x" if r.get("ratio") is not None else ""
    spread = f"{r['min_ns']:.2f}-{r['max_ns']:.2f}"
    lines.append(f"{r['name']:<46} {r['median_ns']:>11.2f} {spread:>21} {rt:>9}  {r.get('baseline', '')}")
lines.append("")
lines.append(f"{'target':<66} {'value':>10}  verdict")
checks = []
for desc, a, b, limit, kind in targets:
    v = ratio(a, b)
    if v is None:
        gone = [x for x in (a, b) if x not in by_name]
        verdict, shown = "NOT MEASURED (" + ", ".join(gone) + " missing)", "-"
    elif kind == "plus":
        v = by_name[a] - by_name[b]
        verdict, shown = ("met" if v <= limit else "MISSED"), f"{v:+.2f} ns"
    elif kind == "keeps":
        # bench-server's paired figure (median of the rounds' ratios) when it
        # has one: the ratio of the two medians moves with the VM's drift.
        v = metric("server", "keeps") or 1 / v
        verdict, shown = ("met" if v >= limit else "MISSED"), f"{100 * v:.1f}%"
    elif kind == "max":
        verdict, shown = ("met" if v <= limit else "MISSED"), f"{v:.2f}x"
    else:
        v = 1 / v
        verdict, shown = ("met" if v >= limit else "MISSED"), f"{v:.1f}x"
    checks.append({"target": desc, "value": shown, "verdict": verdict})
    lines.append(f"{desc:<66} {shown:>10}  {verdict}")
# Targets on the programs' extra measurements.
g = rss_growth_kib()
extra_checks = [
    ("libuv server RSS grows < 1 MiB over the measured requests",
     None if g is None else f"{g:+d} KiB", None if g is None else g < 1024),
    ("libuv server: live actx resources at the end = 0",
     metric("server", "actx", "server", "live_resources"),
     None if metric("server", "actx", "server", "live_resources") is None
     else metric("server", "actx", "server", "live_resources") == 0),
    ("libuv server: callbacks that saw another connection's context = 0",
     metric("server", "actx", "server", "mismatches"),
     None if metric("server", "actx", "server", "mismatches") is None
     else metric("server", "actx", "server", "mismatches") == 0),
]
cc = metric("scale", "crossing_cost")
extra_checks.append(("bind on A + call on B <= 2x one thread over a bare hand-off",
                     None if cc is None else f"{cc:.2f}x", None if cc is None else cc <= 2))
fl = metric("soak", "flattens")
extra_checks.append(("bench-soak: RSS growth flattens (second half < half the first's rate)",
                     None if fl is None else f"{metric('soak', 'rss_slope_second_half')} KiB/min",
                     fl))
for desc, shown, ok in extra_checks:
    verdict = "NOT MEASURED (program missing)" if ok is None else ("met" if ok else "MISSED")
    shown = "-" if shown is None else str(shown)
    checks.append({"target": desc, "value": shown, "verdict": verdict})
    lines.append(f"{desc:<66} {shown:>10}  {verdict}")

# Other measurements worth a line.
lines.append("")
if metrics.get("server"):
    for k in ("plain", "actx"):
        lines.append(f"libuv echo server ({k}): {metric('server', k, 'requests_per_s')} requests/s, "
                     f"p50 {metric('server', k, 'p50_us')} us, p99 {metric('server', k, 'p99_us')} us, "
                     f"RSS {metric('server', k, 'server', 'rss_mark_kib')} -> "
                     f"{metric('server', k, 'server', 'rss_stop_kib')} KiB, server CPU "
                     f"{metric('server', k, 'server', 'cpu_ns_per_request')} ns/request over "
                     f"{metric('server', 'requests_per_server')} requests "
                     f"({metric('server', 'connections')} connections, loopback)")
    cp, ca = metric("server", "plain", "server", "cpu_ns_per_request"), metric("server", "actx", "server", "cpu_ns_per_request")
    if cp and ca:
        lines.append(f"libuv echo server CPU per request: actx {ca / cp:.3f}x plain ({ca - cp:+.0f} ns)")
if "bind on A, call+unbind on B, 2 threads" in by_name:
    lines.append(f"bind on one thread, call on another: "
                 f"{by_name['bind+call+unbind, 1 thread'] / by_name['bind on A, call+unbind on B, 2 threads']:.2f}x "
                 f"the throughput of one thread doing both")
if metric("scale", "crossing_cost") is not None:
    lines.append(f"crossing threads, (A->B - bare hand-off) / 1 thread: {metric('scale', 'crossing_cost'):.2f}x; "
                 "by thread pairs, (A->B - bare) / as many threads not crossing: "
                 + ", ".join(f"{c['pairs']}: {c['crossing_cost']:.2f}x" for c in metric("scale", "curve") or []))
if metrics.get("soak"):
    lines.append(f"soak ({metric('soak', 'threads')} threads x {metric('soak', 'seconds')} s, "
                 f"{metric('soak', 'threads_made')} threads made): RSS {metric('soak', 'rss_start_kib')} -> "
                 f"{metric('soak', 'rss_end_kib')} KiB (max {metric('soak', 'rss_max_kib')}), "
                 f"{metric('soak', 'rss_slope_kib_per_min')} KiB/min (halves {metric('soak', 'rss_slope_first_half')}, "
                 f"{metric('soak', 'rss_slope_second_half')}): {'flattens' if metric('soak', 'flattens') else 'still growing'}; "
                 f"malloc heap in use {metric('soak', 'heap_used_start_kib')} -> {metric('soak', 'heap_used_end_kib')} KiB; "
                 f"live resources after {metric('soak', 'live_resources_end')}")
if metrics.get("rewrite"):
    lines.append(f"actx-rewrite: {metric('rewrite', 'files')} files, "
                 f"{metric('rewrite', 'files_per_s_1_job')} files/s with 1 job, "
                 f"{metric('rewrite', 'files_per_s_2_jobs')} files/s with 2 jobs")
if metrics.get("bind"):
    lines.append(f"bind+unbind mallocs per pair (steady state): {metric('bind', 'mallocs_per_bind_unbind')}; "
                 f"bytes per live binding: {metric('bind', 'bytes_per_live_binding')}")
lines.append("missing: " + (", ".join(missing) if missing else "nothing (all peers and programs ran)"))
table = "\n".join(lines)
print(table)

machine = {
    "date": datetime.date.today().isoformat(),
    "cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor()),
    "cores": os.cpu_count(),
    "kernel": platform.release(),
    "load": os.environ.get("BENCH_LOAD", ""),
    "compiler": subprocess.run(["cc", "--version"], capture_output=True, text=True).stdout.splitlines()[0],
}
with open(args.out, "w") as f:
    json.dump({"machine": machine, "results": rows, "metrics": metrics, "targets": checks, "missing": missing}, f, indent=1)

if args.write_doc:
    with open(args.write_doc) as f:
        doc = f.read()
    block = ("<!-- bench:begin (generated by bash bench/run.sh --write-doc; do not edit) -->\n"
             f"Machine: {machine['cpu']}, {machine['cores']} cores, Linux {machine['kernel']}, "
             f"{machine['compiler']}; {machine['date']}.\n"
             f"Load on the shared VM during the run: {machine['load'] or 'not recorded'}.\n\n```\n{table}\n```\n<!-- bench:end -->")
    new, n = re.subn(r"<!-- bench:begin.*?<!-- bench:end -->", lambda m: block, doc, flags=re.S)
    if n == 0:
        new = doc.rstrip() + "\n\n## Latest full run\n\n" + block + "\n"
    with open(args.write_doc, "w") as f:
        f.write(new)
