#!/usr/bin/env python3
"""check_conformance.py SOURCE_ROOT -- keeps docs/conformance.md and the tests in step.

docs/conformance.md defines requirement IDs (AREA-TOPIC-N, THR-N), one entry each:

  - **ALS-RUN-1** — what actx does ...
    *Tests*: test-storage.c `run_sets_store_and_forwards`; test-bind.c `two_storages`.

Fails (exit 1), naming each problem, when
  * an ID is cited in tests/ or docs/ but not defined in docs/conformance.md;
  * an ID is defined twice, or mentioned in docs/conformance.md without an entry;
  * a live ID (not marked "withdrawn") is cited by no file under tests/ and its entry
    does not say "not tested:" and why, or a withdrawn one still is;
  * a test function named under *Tests* is not defined in the file named before it."""
import glob
import os
import re
import sys

AREAS = ("ALS", "PROP", "BIND", "RES", "HOOK", "THR")
ID = re.compile(r"\b(?:%s)(?:-[A-Z]+)?-[0-9]+\b" % "|".join(AREAS))
ENTRY = re.compile(r"^- \*\*(%s)\*\*" % ID.pattern)
TESTS = re.compile(r"\*Tests\*:(.*)", re.S)
FILE_THEN_FUNCS = re.compile(r"(test-[\w-]+\.(?:c|cpp))((?:[\s,]*`\w+`)+)")


def entries(text):
    """Yields (line, id, entry text) for each entry of conformance.md."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = ENTRY.match(lines[i])
        if not m:
            i += 1
            continue
        start, body = i + 1, [lines[i]]
        i += 1
        while i < len(lines) and lines[i].startswith("  ") and not ENTRY.match(lines[i]):
            body.append(lines[i])
            i += 1
        yield start, m[1], "\n".join(body)


def main():
    root = sys.argv[1]
    doc = os.path.join(root, "docs", "conformance.md")
    problems = []
    defined = {}  # id -> (line, entry text)
    for line, rid, body in entries(open(doc, encoding="utf-8").read()):
        if rid in defined:
            problems.append(f"docs/conformance.md:{line}: {rid} is defined twice")
        defined[rid] = (line, body)
    for n, text in enumerate(open(doc, encoding="utf-8").read().split("\n"), 1):
        for rid in ID.findall(text):
            if rid not in defined:
                problems.append(f"docs/conformance.md:{n}: {rid} is mentioned but has no entry")

    sources = sorted(glob.glob(os.path.join(root, "tests", "*.c")) +
                     glob.glob(os.path.join(root, "tests", "*.cpp")) +
                     glob.glob(os.path.join(root, "tests", "*.h")))
    cited_by_tests = set()
    for path in sources + sorted(glob.glob(os.path.join(root, "docs", "*.md"))):
        if os.path.samefile(path, doc):
            continue
        rel = os.path.relpath(path, root)
        for n, text in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
            for rid in ID.findall(text):
                if rid not in defined:
                    problems.append(f"{rel}:{n}: {rid} is not defined in docs/conformance.md")
                elif path in sources:
                    cited_by_tests.add(rid)

    functions = {}  # test file name -> its text
    for rid, (line, body) in defined.items():
        live = "withdrawn" not in body.lower()
        if not live and rid in cited_by_tests:
            problems.append(f"docs/conformance.md:{line}: {rid} is withdrawn but a test still cites it")
        if live and rid not in cited_by_tests and "not tested:" not in body.lower():
            problems.append(f"docs/conformance.md:{line}: {rid} is cited by no test under tests/ "
                            "(cite it above a test, or say \"not tested:\" and why)")
        m = TESTS.search(body)
        if live and not m and "not tested:" not in body.lower():
            problems.append(f"docs/conformance.md:{line}: {rid} lists no *Tests*")
        if not m:
            continue
        pairs = FILE_THEN_FUNCS.findall(m[1])
        if sum(len(re.findall(r"`\w+`", f)) for _, f in pairs) != len(re.findall(r"`\w+`", m[1])):
            problems.append(f"docs/conformance.md:{line}: {rid}: *Tests* names a function "
                            "without the test file before it")
        for name, funcs in pairs:
            path = os.path.join(root, "tests", name)
            if name not in functions:
                functions[name] = open(path, encoding="utf-8").read() if os.path.exists(path) else None
            if functions[name] is None:
                problems.append(f"docs/conformance.md:{line}: {rid}: no file tests/{name}")
                continue
            for fn in re.findall(r"`(\w+)`", funcs):
                if not re.search(r"^\s*(?:static\s+)?\w[\w\s\*]*\b%s\s*\(" % fn, functions[name], re.M):
                    problems.append(f"docs/conformance.md:{line}: {rid}: tests/{name} "
                                    f"defines no function {fn}()")

    for p in problems:
        print(p)
    print(f"{len(defined)} requirement IDs, {len(cited_by_tests)} cited by tests, "
          f"{len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
