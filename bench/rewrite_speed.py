#!/usr/bin/env python3
"""rewrite_speed.py -- actx-rewrite's time per file against `clang
-fsyntax-only` on the same files with the same flags (both are clang 14's
front end; the rewriter adds its analysis and the edit), and files per second
with 1 and 2 parallel jobs.

Files: the rewriter's end-to-end programs (tests/rewrite/e2e), the samples,
the benchmark's own server (flags: -Iinclude -D_GNU_SOURCE, real system
headers), and the golden test inputs (flags as run-case.sh: -nostdinc and the
fake headers of tests/rewrite/include) that compile and rewrite cleanly (the
others -- expected errors, C++ -- are left out).  Each
command runs REPS times per file; the per-file median is summed over files.
Writes the bench JSON format (--json FILE); --quick runs fewer repetitions.

Usage: rewrite_speed.py ACTX_REWRITE [--quick] [--json FILE]
"""
import concurrent.futures
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

args = sys.argv[1:]
if not args or args[0].startswith("-"):
    sys.exit(__doc__)
tool = args[0]
quick = "--quick" in args
out_json = args[args.index("--json") + 1] if "--json" in args else None
reps = 3 if quick else 5
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
flags = ["-I" + os.path.join(root, "include"), "-D_GNU_SOURCE"]
# The golden inputs include only the fake headers beside them (run-case.sh).
golden_dir = os.path.join(root, "tests/rewrite")
golden_flags = ["-nostdinc", "-I", os.path.join(golden_dir, "include"), "-iquote", golden_dir]


def flags_of(f):
    return golden_flags if os.path.dirname(f) == golden_dir else flags
clang = shutil.which("clang-14") or shutil.which("clang")


def rel(p):
    return os.path.relpath(p, root)


def run(cmd):
    t0 = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0, r.returncode


if not clang:
    print("rewrite_speed.py: clang not found: the rewriter-speed baseline is missing", file=sys.stderr)
    if out_json:
        with open(out_json, "w") as f:
            json.dump({"missing": "clang (rewriter-speed baseline)"}, f)
    sys.exit(0)

tmp = tempfile.mkdtemp(prefix="actx-rewrite-speed-")
candidates = sorted(glob.glob(os.path.join(root, "tests/rewrite/e2e/*.c"))
                    + glob.glob(os.path.join(root, "samples/*/*.c"))
                    + [os.path.join(root, "bench/server/echo_server.c")]
                    + glob.glob(os.path.join(root, "tests/rewrite/*.c")))
files = []
for f in candidates:
    name = os.path.basename(f)
    if name.startswith("err_") or ".expected" in name or os.path.exists(f[:-2] + ".cflags"):
        continue
    if run([clang, "-fsyntax-only", *flags_of(f), f])[1] != 0:
        continue
    if run([tool, f, "-o", os.path.join(tmp, "out.c"), "--", *flags_of(f)])[1] != 0:
        continue
    files.append(f)

def rw_cmd(f, o):
    return [tool, f, "-o", o, "--", *flags_of(f)]


def cl_cmd(f):
    return [clang, "-fsyntax-only", *flags_of(f), f]
per_file = []
for f in files:
    o = os.path.join(tmp, "out.c")
    rw, cl = [], []
    for _ in range(reps):  # interleaved, so drift hits both alike
        rw.append(run(rw_cmd(f, o))[0])
        cl.append(run(cl_cmd(f))[0])
    per_file.append((f, statistics.median(rw), statistics.median(cl), min(rw), max(rw), min(cl), max(cl)))
rw_total = sum(p[1] for p in per_file)
cl_total = sum(p[2] for p in per_file)
n = len(files)


def throughput(jobs):
    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        list(ex.map(lambda i_f: run(rw_cmd(i_f[1], os.path.join(tmp, f"o{i_f[0]}.c"))),
                    enumerate(files)))
    return n / (time.perf_counter() - t0)


fps1 = throughput(1)
fps2 = throughput(2)
shutil.rmtree(tmp, ignore_errors=True)

slowest = sorted(per_file, key=lambda p: p[1] / p[2], reverse=True)[:3]
print(f"actx-rewrite vs clang -fsyntax-only on {n} files ({reps} runs each, medians):")
print(f"  rewrite {1e3 * rw_total / n:.1f} ms/file, clang {1e3 * cl_total / n:.1f} ms/file, "
      f"ratio {rw_total / cl_total:.2f}x")
print(f"  files/s: {fps1:.1f} with 1 job, {fps2:.1f} with 2 jobs")
print("  highest ratios: " + ", ".join(f"{rel(p[0])} {p[1] / p[2]:.2f}x" for p in slowest))
res = [
    {"name": "clang -fsyntax-only, per file", "median_ns": 1e9 * cl_total / n,
     "min_ns": 1e9 * sum(p[5] for p in per_file) / n, "max_ns": 1e9 * sum(p[6] for p in per_file) / n},
    {"name": "actx-rewrite, per file", "median_ns": 1e9 * rw_total / n,
     "min_ns": 1e9 * sum(p[3] for p in per_file) / n, "max_ns": 1e9 * sum(p[4] for p in per_file) / n,
     "baseline": "clang -fsyntax-only, per file", "ratio": rw_total / cl_total},
]
if out_json:
    with open(out_json, "w") as f:
        json.dump({"suite": "rewrite", "results": res,
                   "metrics": {"files": n, "files_per_s_1_job": round(fps1, 1),
                               "files_per_s_2_jobs": round(fps2, 1),
                               "per_file": [{"file": rel(p[0]), "rewrite_ms": round(1e3 * p[1], 2),
                                             "clang_ms": round(1e3 * p[2], 2)} for p in per_file]}},
                  f, indent=1)
