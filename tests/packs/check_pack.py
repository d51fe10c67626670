#!/usr/bin/env python3
"""Checks that a pack test program exercised every line of its pack.

usage: check_pack.py PACK.contracts REPORT.json PROGRAM.c [PENDING]

For every line of the pack, the rewriter's --report of PROGRAM.c must show a
site decided by it:
  FUNCTION ARG LIFETIME   a site (api FUNCTION, arg_index ARG; with when=$N=V,
                          on a source line that spells V) decided as the
                          lifetime says: sync/ignore -> left-sync, a data=
                          line -> boxed, any other -> wrapped;
  FUNCTION release N      a "release" site;
  FUNCTION getter ...     an "unwrapped" site;
  FUNCTION carry N        a wrapped site of argument N (ACTX_CARRY);
  FUNCTION drop N         a wrapped site of argument N (ACTX_DROP);
  FUNCTION take result    a wrapped site whose macro is ACTX_TAKE;
  type NAME / field T.F   a site on a source line carrying the comment
                          `pack: type NAME [ARG]` / `pack: field T.F [ARG]`,
                          or below a comment line saying so (up to 3 lines
                          above); with ARG, the site of that argument only.
And no site of the program may be left without a contract or unsupported.

PENDING lists pack lines whose semantics live on a branch not merged yet,
one per line: `BRANCH  PACK-LINE` (the line's words, options included).  Such
a line may have sites with any decision, or none; BRANCH `absent` means the
installed headers do not declare the function (no site wanted).  A pending
line that already passes is reported, so the list can be emptied.
"""
import json
import os
import re
import sys

WRAP = {"once", "forever", "until-false", "keyed", "close"}


def words_of(line):
    return line.split("#", 1)[0].split()


def expected_decision(w):
    if w[0] in ("type", "field"):
        life, opts = w[2], w[3:]
    elif w[1] == "release":
        return "release"
    elif w[1] == "getter":
        return "unwrapped"
    elif w[1] in ("carry", "take", "drop"):
        return "wrapped"  # ACTX_CARRY(item) / ACTX_TAKE(call) / ACTX_DROP(item)
    else:
        life, opts = w[2], w[3:]
    if life in ("sync", "ignore"):
        return "left-sync"
    if any(o.startswith("data=") for o in opts) and life != "close":
        return "boxed"
    return "wrapped"


def main():
    pack, report, program = sys.argv[1:4]
    pending = {}
    if len(sys.argv) > 4 and os.path.exists(sys.argv[4]):
        for line in open(sys.argv[4], encoding="utf-8"):
            w = words_of(line)
            if w:
                pending[" ".join(w[1:])] = w[0]
    src = open(program, encoding="utf-8").read().split("\n")
    sites = json.load(open(report, encoding="utf-8"))["sites"]

    def line_text(site):
        n = site["line"]
        return src[n - 1] if 0 < n <= len(src) else ""

    def marked(site, kind, name):
        # `pack: KIND NAME [ARG]` on the site's line, or on a comment line up
        # to 3 lines above it (formatting moves trailing comments); with ARG,
        # only the argument spelled ARG.
        n = site["line"]
        pattern = re.compile(r"pack: %s %s(?: (\w+))?\b" % (kind, re.escape(name)))
        for i in range(max(1, n - 3), min(n, len(src)) + 1):
            m = pattern.search(src[i - 1])
            if m and (i == n or src[i - 1].strip().startswith("/*")) and \
                    (not m.group(1) or m.group(1) == site["arg"]):
                return True
        return False

    # A release line beside a close line (uv_close) is the fallback where no
    # close binding can be emitted: a wrapped close site satisfies it.
    closers = set()
    for line in open(pack, encoding="utf-8"):
        w = words_of(line)
        if len(w) >= 3 and w[2] == "close":
            closers.add(w[0])
    problems, notes, claimed = [], [], set()
    for lineno, line in enumerate(open(pack, encoding="utf-8"), 1):
        w = words_of(line)
        if not w:
            continue
        key = " ".join(w)
        where = f"{pack.rsplit('/', 1)[-1]}:{lineno}: {key}"
        branch = pending.get(key)
        want = expected_decision(w)
        if w[0] in ("type", "field"):
            match = [s for s in sites if marked(s, w[0], w[1])]
        else:
            when = next((o[len("when="):] for o in w if o.startswith("when=$")), None)
            value = when.split("=", 1)[1] if when else None
            if w[1] == "release":
                idx = int(w[2])
                match = [s for s in sites if s["api"] == w[0] and s["arg_index"] == idx]
                if not match and w[0] in closers:
                    match = [s for s in sites if s["api"] == w[0] and s.get("lifetime") == "close"]
                    want = "wrapped"
            elif w[1] == "getter":
                match = [s for s in sites if s["api"] == w[0] and s["decision"] == "unwrapped"]
            elif w[1] in ("carry", "drop"):
                idx = int(w[2])
                match = [s for s in sites if s["api"] == w[0] and s["arg_index"] == idx]
            elif w[1] == "take":
                match = [s for s in sites if s["api"] == w[0] and "TAKE" in s.get("how", "")]
            else:
                idx = int(w[1])
                match = [s for s in sites if s["api"] == w[0] and s["arg_index"] == idx and
                         (value is None or re.search(r"\b%s\b" % re.escape(value), line_text(s)))]
        for s in match:
            claimed.add((s["line"], s["col"], s["arg_index"]))
        if branch == "absent":
            if match:
                notes.append(f"{where}: declared after all: remove it from the pending list")
            continue
        if not match and branch:
            continue  # the branch may be what reports these sites at all
        if not match:
            problems.append(f"{where}: no site in {program.rsplit('/', 1)[-1]}")
            continue
        ok = want is not None and any(s["decision"] == want for s in match)
        if branch:
            if ok:
                notes.append(f"{where}: passes now: remove it from the pending list ({branch})")
            continue
        if not ok:
            got = ", ".join(sorted({f"{s['decision']} ({s.get('reason', s.get('how', ''))})"
                                    for s in match}))
            problems.append(f"{where}: wanted {want}, got {got}")
    for s in sites:
        if s["decision"] in ("left-no-contract", "left-unsupported", "left-macro") and \
                (s["line"], s["col"], s["arg_index"]) not in claimed:
            problems.append(f"{program.rsplit('/', 1)[-1]}:{s['line']}: {s['api']} argument "
                            f"{s['arg_index']} ({s['arg']}): {s['decision']}: "
                            f"{s.get('reason', '')}")
    for n in notes:
        print("note: " + n)
    for p in problems:
        print("FAIL: " + p)
    print(f"{pack.rsplit('/', 1)[-1]}: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
