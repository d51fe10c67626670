#!/usr/bin/env python3
"""py_contextvars.py -- the Python side of actx's benchmark: contextvars, the
closest peer in CPython (ContextVar.get ~ get, Context.run ~ run/frame_run,
copy_context ~ snapshot).  Median of 7 repetitions, printed as JSON lines."""
import contextvars
import json
import sys
import time

REPS = 7
quick = "--quick" in sys.argv
N = 200_000 if quick else 2_000_000
var = contextvars.ContextVar("bench", default=None)


def measure(name, n, fn):
    fn(max(1, n // 10))
    t = []
    for _ in range(REPS):
        t0 = time.perf_counter_ns()
        fn(n)
        t.append((time.perf_counter_ns() - t0) / n)
    t.sort()
    print(json.dumps({"name": name, "median_ns": t[REPS // 2], "min_ns": t[0], "max_ns": t[-1]}))


def get_loop(n):
    g = var.get
    for _ in range(n):
        g()


def trivial(x):
    return x


def run_loop(n):
    ctx = contextvars.copy_context()
    for i in range(n):
        ctx.run(trivial, i)


def copy_loop(n):
    c = contextvars.copy_context
    for _ in range(n):
        c()


def set_reset_loop(n):
    for i in range(n):
        var.reset(var.set(i))


def call_loop(n):
    for i in range(n):
        trivial(i)


var.set(1)
measure("python: ContextVar.get", N, get_loop)
measure("python: Context.run (trivial fn)", N // 2, run_loop)
measure("python: copy_context", N, copy_loop)
measure("python: ContextVar.set+reset", N // 2, set_reset_loop)
measure("python: call plain function", N, call_loop)
