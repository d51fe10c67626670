#!/usr/bin/env python3
"""docs/design.md's map of where things live matches the tree.

Every file the repository tracks under include/, runtime/ and tool/ must be
named in the map (in backquotes, as `runtime/frame.c`); every folder under
tests/, bench/, samples/ and the other top-level folders must be named (as
`tests/rewrite/`; a named folder two levels deep covers the folders inside
it); a file directly in tests/ or bench/ must be named or matched by a named
pattern (`tests/test-*.c`).  Every path or pattern the map names must exist.
Fails with one line per mismatch.  Usage: check_file_map.py SOURCE_ROOT
"""
import fnmatch
import glob
import os
import re
import subprocess
import sys

root = sys.argv[1]
text = open(os.path.join(root, "docs", "design.md"), encoding="utf-8").read()
start = text.index("## Where things live")
end = text.index("\n## ", start + 1)
section = text[start:end]
named = set(re.findall(r"`([A-Za-z0-9_.+/*-]+)`", section))

tracked = subprocess.run(["git", "-C", root, "ls-files"], capture_output=True, text=True,
                         check=True).stdout.split()
problems = []

# Files: each of these is one concept and must be named by itself.
for path in tracked:
    if re.match(r"(include|runtime|tool)/", path) and not path.endswith("meson.build"):
        if path not in named:
            problems.append(f"{path}: tracked but not in docs/design.md's map")

# Folders elsewhere are named as a whole (`tests/rewrite/`), with files only
# where one needs saying.
folders = {os.path.dirname(p) + "/" for p in tracked
           if re.match(r"(tests|bench|samples|cmake|docs|\.ci)/", p)}
for folder in sorted(folders):
    # A folder inside a named folder is covered by it (tests/rewrite/e2e/).
    parts = folder.rstrip("/").split("/")
    covered = folder in named or any(
        "/".join(parts[:i]) + "/" in named for i in range(2, len(parts)))
    if not covered:
        problems.append(f"{folder}: tracked folder not in docs/design.md's map")

for path in tracked:
    if re.match(r"(tests|bench)/[^/]+$", path) and not path.endswith("meson.build"):
        if not any(fnmatch.fnmatch(path, n) for n in named):
            problems.append(f"{path}: tracked but not in docs/design.md's map")

# And nothing named that is not there.
for name in sorted(named):
    if "/" not in name or name.startswith("/"):
        continue  # a plain word in backquotes, not a path
    if not glob.glob(os.path.join(root, name)):
        problems.append(f"{name}: named in docs/design.md's map but not in the tree")

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
