#!/usr/bin/env python3
"""project_speed.py -- `actx-rewrite --project` on real compile databases:
wall time with -j 2 against -j 1, and against `clang -fsyntax-only` over the
same units with the same arguments (the front-end work the rewriter cannot
avoid), serially for -j 1 and two at a time for -j 2.

The units are those --project rewrites: each C file's first entry (a file
listed again is skipped, as --project does); clang gets the entry's own
arguments with its compiler replaced, without -c, -o and the depfile options.
Each project run starts from an empty output directory (no unit up to date).
Every timing is the median of REPS runs (default 3), interleaved so that
drift on a shared machine hits all alike.

Usage: project_speed.py ACTX_REWRITE [NAME=]BUILD_DIR... [--reps N] [--json FILE]
  BUILD_DIR  a directory with compile_commands.json (memcached's from bear,
             libevent's from CMake: the memcached and libevent suites leave
             them in ACTX_BUILD_DIR/memcached-suite/plain and
             ACTX_BUILD_DIR/libevent-suite/plain); NAME labels it (default:
             the name of BUILD_DIR's parent)
"""
import concurrent.futures
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

args = sys.argv[1:]
if len(args) < 2 or args[0].startswith("-"):
    sys.exit(__doc__)
reps = int(args[args.index("--reps") + 1]) if "--reps" in args else 3
out_json = args[args.index("--json") + 1] if "--json" in args else None
opts = {"--reps", "--json"}
pos = [a for i, a in enumerate(args) if a not in opts and (i == 0 or args[i - 1] not in opts)]
tool, dbs = os.path.abspath(pos[0]), pos[1:]
clang = shutil.which("clang-14") or shutil.which("clang")
if not clang:
    sys.exit("project_speed.py: clang not found")


def units(build):
    db = json.load(open(os.path.join(build, "compile_commands.json")))
    seen, out = set(), []
    for e in db:
        argv = e.get("arguments") or e["command"].split()
        f = os.path.normpath(os.path.join(e["directory"], e["file"]))
        if not f.endswith(".c") or f in seen or "++" in os.path.basename(argv[0]):
            continue
        seen.add(f)
        cmd, skip = [clang, "-fsyntax-only"], False
        for a in argv[1:]:
            if skip:
                skip = False
            elif a in ("-o", "-MF", "-MT", "-MQ"):
                skip = True
            elif a not in ("-c", "-MD", "-MMD", "-MP"):
                cmd.append(a)
        out.append((e["directory"], cmd))
    return out


cpu = {}  # label -> CPU seconds (user + sys) of the children, per run


def timed(fn, label):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    fn()
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu.setdefault(label, []).append(r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime)
    return wall


def clang_all(us, jobs):
    def one(u):
        subprocess.run(u[1], cwd=u[0], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        list(ex.map(one, us))


def project(build, out, jobs):
    shutil.rmtree(out, ignore_errors=True)
    r = subprocess.run([tool, "--project", build, "--out", out, "-j", str(jobs)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode > 1:
        sys.exit("project_speed.py: actx-rewrite --project %s: exit %d\n%s"
                 % (build, r.returncode, r.stderr[-2000:]))


tmp = tempfile.mkdtemp(prefix="actx-project-speed-")
results, metrics = [], {}
for build in dbs:
    name, _, build = build.rpartition("=")
    name = name or os.path.basename(os.path.dirname(os.path.abspath(build).rstrip("/"))) or build
    us = units(build)
    fails = sum(subprocess.run(u[1], cwd=u[0], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL).returncode != 0 for u in us)
    out = os.path.join(tmp, "out")
    t = {"j1": [], "j2": [], "clang1": [], "clang2": []}
    cpu.clear()
    for _ in range(reps):
        t["j1"].append(timed(lambda: project(build, out, 1), "j1"))
        t["clang1"].append(timed(lambda: clang_all(us, 1), "clang1"))
        t["j2"].append(timed(lambda: project(build, out, 2), "j2"))
        t["clang2"].append(timed(lambda: clang_all(us, 2), "clang2"))
    m = {k: statistics.median(v) for k, v in t.items()}
    c = {k: statistics.median(v) for k, v in cpu.items()}
    print(f"{name}: {len(us)} units ({build}), medians of {reps} runs"
          + (f"; clang rejects {fails} of them" if fails else ""))
    print(f"  --project -j 1 {m['j1']:.2f} s, -j 2 {m['j2']:.2f} s: -j 2 is {m['j1'] / m['j2']:.2f}x faster")
    print(f"  clang -fsyntax-only 1 at a time {m['clang1']:.2f} s, 2 at a time {m['clang2']:.2f} s")
    print(f"  rewrite / clang: {m['j1'] / m['clang1']:.2f}x with 1 job, {m['j2'] / m['clang2']:.2f}x with 2")
    # CPU time is what a busy machine disturbs least.
    print(f"  CPU time (user+sys): rewrite {c['j1']:.2f} s, clang {c['clang1']:.2f} s:"
          f" {c['j1'] / c['clang1']:.2f}x; with 2 jobs {c['j2']:.2f} s ({c['j2'] / c['j1']:.2f}x -j 1's)")
    print(f"  load average {' '.join('%.1f' % x for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    for k, label in (("clang1", "clang -fsyntax-only, 1 job"), ("clang2", "clang -fsyntax-only, 2 jobs")):
        results.append({"name": f"{name}: {label}", "median_ns": 1e9 * m[k],
                        "min_ns": 1e9 * min(t[k]), "max_ns": 1e9 * max(t[k])})
    for k, base in (("j1", "clang1"), ("j2", "clang2")):
        results.append({"name": f"{name}: --project -j {k[1]}", "median_ns": 1e9 * m[k],
                        "min_ns": 1e9 * min(t[k]), "max_ns": 1e9 * max(t[k]),
                        "baseline": f"{name}: clang -fsyntax-only, {k[1]} job" + ("s" if k == "j2" else ""),
                        "ratio": m[k] / m[base]})
    metrics[name] = {"units": len(us), "clang_rejects": fails, "j2_speedup": round(m["j1"] / m["j2"], 2),
                     "cpu_ratio": round(c["j1"] / c["clang1"], 2)}
shutil.rmtree(tmp, ignore_errors=True)
if out_json:
    with open(out_json, "w") as f:
        json.dump({"suite": "project", "results": results, "metrics": metrics}, f, indent=1)
