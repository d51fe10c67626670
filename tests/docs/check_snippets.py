#!/usr/bin/env python3
"""check_snippets.py CC INCLUDE_DIR SOURCE_ROOT -- compiles every fenced C block
of README.md and docs/*.md, so the docs cannot drift from the API.

  ```c              a whole file: compiled as it stands
  ```c body         statements: compiled as the body of a function
  ```c nocompile    not compiled (pseudo-code; keep these rare)

An HTML comment right before a fence, `<!-- setup: ... -->`, is compiled in
front of the block but not shown on the rendered page: the declarations a
fragment assumes (`struct conn`, a callback) without cluttering it.  Every
block also sees the usual headers (stdio, stdlib, stdint, string, pthread,
actx.h, and uv.h / event2 when installed)."""
import glob
import os
import re
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^```c(?:[ \t]+(\w+))?[ \t]*$")
SETUP = re.compile(r"<!--\s*setup:(.*)-->$", re.S)


def blocks(path):
    """Yields (line, kind, setup, code) for each ```c block of a file."""
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        start, kind = i + 1, m[1] or "file"
        before = "\n".join(lines[max(0, i - 30):i]).rstrip()
        s = SETUP.search(before[before.rfind("<!--"):]) if before.endswith("-->") else None
        end = i + 1
        while end < len(lines) and lines[end].strip() != "```":
            end += 1
        yield start, kind, s[1] if s else "", "\n".join(lines[i + 1:end])
        i = end + 1


def main():
    cc, include, root = sys.argv[1:4]
    files = [os.path.join(root, "README.md")] + sorted(glob.glob(os.path.join(root, "docs", "*.md")))
    prelude = ["#include <stdint.h>", "#include <stdio.h>", "#include <stdlib.h>",
               "#include <string.h>", "#include <pthread.h>", "#include <actx.h>"]
    for header in ("uv.h", "event2/event.h", "event2/bufferevent.h"):
        if os.path.exists(os.path.join("/usr/include", header)):
            prelude.append(f"#include <{header}>")
    flags = ["-std=gnu11", "-fsyntax-only", "-Wall", "-Wextra", "-Werror", "-Wno-unused-function",
             "-Wno-unused-parameter", "-Wno-unused-variable", "-Wno-unused-but-set-variable",
             "-D_GNU_SOURCE", "-I", include]
    failed = checked = skipped = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            for line, kind, setup, code in blocks(path):
                where = f"{os.path.relpath(path, root)}:{line}"
                if kind == "nocompile":
                    skipped += 1
                    continue
                if kind not in ("file", "body"):
                    print(f"{where}: unknown block kind '{kind}'")
                    failed += 1
                    continue
                if kind == "body":
                    code = "void doc_snippet(void);\nvoid doc_snippet(void) {\n" + code + "\n}"
                src = os.path.join(tmp, "snippet.c")
                with open(src, "w") as f:
                    f.write("\n".join(prelude) + "\n" + setup + "\n")
                    f.write(f'#line {line + 1} "{os.path.relpath(path, root)}"\n' + code + "\n")
                r = subprocess.run([cc] + flags + [src], capture_output=True, text=True)
                checked += 1
                if r.returncode != 0:
                    failed += 1
                    print(f"{where}: the C block does not compile:\n{r.stderr}")
    print(f"{checked} C blocks compiled, {failed} failed, {skipped} marked nocompile")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
