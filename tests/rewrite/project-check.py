#!/usr/bin/env python3
"""Checks what `actx-rewrite --project BUILD --out OUT` made of a real
project's compile database (the memcached and libevent suites call it):

* actx-report.json: unit counts add up; no unit failed; each rewritten or
  up-to-date unit has its output and OUTPUT.json, equal to its entry's
  report; the summary is the sum of the units' summaries;
* compile_commands.json: one entry per unit that was not skipped, naming the
  mirrored output, and every entry compiles (-fsyntax-only, with actx's
  headers and the entry's own warning flags: memcached's -Werror -pedantic)
  with no warning that the original source, compiled the same way, lacks
  (libevent's evutil.c has one of its own under gcc 12);
* actx-report.html: well-formed and self-contained, and names every finding
  (file:line:col and reason).

usage: project-check.py OUT ACTX_INCLUDE_DIR
Prints one summary line; exits 1 with the first problem found."""
import concurrent.futures
import html.parser
import json
import os
import subprocess
import sys


def fail(msg):
    print("project-check: " + msg, file=sys.stderr)
    sys.exit(1)


def check_report(out):
    rep = json.load(open(os.path.join(out, "actx-report.json")))
    units = rep["units"]
    parts = ("rewritten", "up_to_date", "failed", "skipped")
    if sum(units[k] for k in parts) != units["total"] or units["total"] != len(rep["files"]):
        fail("unit counts do not add up: %s" % units)
    if units["failed"]:
        bad = [f["file"] + ": " + f["error"] for f in rep["files"] if f["status"] == "failed"]
        fail("%d units failed:\n  %s" % (units["failed"], "\n  ".join(bad)))
    if units["rewritten"] + units["up_to_date"] == 0:
        fail("no unit rewritten")
    sums = {}
    for f in rep["files"]:
        if f["status"] not in ("rewritten", "up-to-date"):
            continue
        path = os.path.join(out, f["output"])
        if not os.path.isfile(path):
            fail("%s: no output %s" % (f["file"], path))
        if json.load(open(path + ".json")) != f["report"]:
            fail("%s: %s.json is not its entry's report" % (f["file"], f["output"]))
        for k, v in f["report"]["summary"].items():
            sums[k] = sums.get(k, 0) + v
    if sums != rep["summary"]:
        fail("summary %s is not the units' sum %s" % (rep["summary"], sums))
    return rep


def syntax_only(entry, include, source):
    """Compiles entry's file, or source in its place, with -fsyntax-only;
    returns the exit status and the diagnostics without their locations."""
    args = entry["arguments"]
    cmd = [args[0], "-fsyntax-only", "-I" + include]
    skip = False
    for a in args[1:]:
        if skip:
            skip = False
        elif a in ("-o", "-MF", "-MT", "-MQ"):
            skip = True  # the real compile's outputs, not ours to write
        elif a not in ("-c", "-MD", "-MMD", "-MP"):
            cmd.append(source if a == entry["file"] else a)
    r = subprocess.run(cmd, cwd=entry["directory"], capture_output=True, text=True)
    diags = sorted(line.split(": ", 1)[1] for line in r.stderr.splitlines()
                   if ": warning: " in line or ": error: " in line)
    return r.returncode, diags, r.stderr


def check_compile_commands(out, rep, include):
    db = json.load(open(os.path.join(out, "compile_commands.json")))
    want = rep["units"]["total"] - rep["units"]["skipped"]
    if len(db) != want:
        fail("compile_commands.json has %d entries, want %d" % (len(db), want))
    for e in db:
        if not e["file"].startswith(os.path.realpath(out) + "/") or not os.path.isfile(e["file"]):
            fail("compile_commands.json names %s, not an output" % e["file"])
        if e["file"] not in e["arguments"]:
            fail("%s: not in its own arguments" % e["file"])
    original = {os.path.join(os.path.realpath(out), f["output"]): f["file"]
                for f in rep["files"] if f.get("output")}

    def both(e):
        return (e["file"], syntax_only(e, include, e["file"]),
                syntax_only(e, include, original[e["file"]]))
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        for f, (rc, diags, err), (_, orig_diags, _) in pool.map(both, db):
            added = [d for d in diags if d not in orig_diags]
            if rc != 0 or added:
                fail("%s: diagnostics the original lacks:\n%s" % (f, err))
    return len(db)


class Html(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.text = [], []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "link", "img"):
            fail("actx-report.html is not self-contained: <%s>" % tag)
        if tag not in ("meta", "br"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            fail("actx-report.html: </%s> closes %s" % (tag, self.stack[-3:]))
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def check_html(out, rep):
    h = Html()
    h.feed(open(os.path.join(out, "actx-report.html"), encoding="utf-8").read())
    h.close()
    if h.stack:
        fail("actx-report.html: unclosed %s" % h.stack)
    shown = "".join(h.text)
    n = 0
    for f in rep["files"]:
        for s in (f["report"] or {}).get("sites", []):
            if s["loses_context"]:
                n += 1
                where = "%s:%d:%d" % (f["file"], s["line"], s["col"])
                if where not in shown or s["reason"] not in shown:
                    fail("actx-report.html lacks the finding %s (%s)" % (where, s["reason"]))
    if n != rep["summary"]["findings"]:
        fail("%d findings in the units' sites, %d in the summary" % (n, rep["summary"]["findings"]))
    return n


def main():
    if len(sys.argv) != 3:
        fail("usage: project-check.py OUT ACTX_INCLUDE_DIR")
    out, include = sys.argv[1], os.path.realpath(sys.argv[2])
    rep = check_report(out)
    entries = check_compile_commands(out, rep, include)
    findings = check_html(out, rep)
    u, s = rep["units"], rep["summary"]
    print("project-check: %d units (%d rewritten, %d up to date, %d skipped), %d entries compile as cleanly as the originals,"
          " %d wrapped, %d boxed, %d findings all in the HTML report"
          % (u["total"], u["rewritten"], u["up_to_date"], u["skipped"], entries,
             s["wrapped"], s["boxed"], findings))


main()
