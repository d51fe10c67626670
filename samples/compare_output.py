#!/usr/bin/env python3
"""compare_output.py EXPECTED PROGRAM [ARGS...]: runs the program and fails,
showing a diff, unless its exit status is 0 and its stdout equals EXPECTED."""
import difflib
import subprocess
import sys

expected = open(sys.argv[1]).read()
out = subprocess.run(sys.argv[2:], capture_output=True, text=True, timeout=60)
if out.returncode != 0 or out.stdout != expected:
    sys.stderr.write(out.stderr)
    sys.stderr.writelines(difflib.unified_diff(expected.splitlines(True), out.stdout.splitlines(True),
                                               "expected", "actual"))
    sys.exit(1)
print("output matches", sys.argv[1])
