#!/usr/bin/env python3
"""Runs a sample and checks its output: every line "request A: task B ..." must
have A == B, and the number of such lines must equal the task count argument."""
import re
import subprocess
import sys

cmd = sys.argv[1:]
out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
lines = [l for l in out.stdout.splitlines() if l.startswith("request ")]
bad = [l for l in lines if (m := re.match(r"request (\d+): task (\d+) ", l)) is None or m[1] != m[2]]
want = int(cmd[1]) if len(cmd) > 1 else len(lines)
if out.returncode != 0 or bad or len(lines) != want:
    sys.stderr.write(out.stdout + out.stderr)
    sys.stderr.write(f"exit {out.returncode}, {len(lines)}/{want} lines, {len(bad)} with another request's id\n")
    sys.exit(1)
print(f"{len(lines)} completions, each in its own request's context")
