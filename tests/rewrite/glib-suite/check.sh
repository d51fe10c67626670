#!/bin/sh
# check.sh -- GLib 2.74's own tests (programs.txt), plain vs rewritten by
# actx-rewrite: builds both (plain builds cached in ACTX_BUILD_DIR/glib-suite),
# runs both, and compares each test case's result.  Fails when a case (or a
# program's exit status) differs other than as listed in known-differences.txt,
# and says which listed differences are gone.  Skips (77) unless
# ACTX_GLIB_SOURCE names an unpacked `apt-get source glib2.0` tree
# (.ci/fetch-glib-source.sh) and GLib's development files are installed.
# usage: check.sh ACTX_BUILD_DIR [GLIB_SOURCE_DIR]
# ACTX_GLIB_EACH_CASE=1 runs every case in a process of its own (run.sh), to
# see what a program's abort hides (about as fast: most programs' time is
# spent waiting in a few cases).
set -u
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: check.sh ACTX_BUILD_DIR [GLIB_SOURCE_DIR]" >&2; exit 2; }
build=$(realpath "$1")
src=${2:-${ACTX_GLIB_SOURCE:-}}
if [ -z "$src" ] || [ ! -f "$src/glib/tests/mainloop.c" ]; then
  echo "skipped: set ACTX_GLIB_SOURCE to GLib 2.74's source (.ci/fetch-glib-source.sh DIR)"
  exit 77
fi
if ! pkg-config --exists glib-2.0 gio-2.0 gio-unix-2.0; then
  echo "skipped: GLib's development files are missing (libglib2.0-dev)"
  exit 77
fi
src=$(realpath "$src")
have=$(pkg-config --modversion glib-2.0)
case $have in 2.74.*) ;; *) echo "note: system GLib is $have; the tests are 2.74's" ;; esac
work=$build/glib-suite
mkdir -p "$work"

for mode in plain rw; do
  sh "$here/build.sh" $mode "$src" "$work/$mode" "$build" >"$work/build-$mode.log" 2>&1 || {
    cat "$work/build-$mode.log"; echo "FAIL: building the $mode programs"; exit 1; }
done
grep '^FAILED' "$work/build-rw.log"

# Every case of every program, from the plain build: the cases a rewritten
# program never reports (it aborted first, or was not built) count as differing.
grep -v -e '^#' -e '^[[:space:]]*$' "$here/programs.txt" |
  while read -r dir name _; do
    (cd "$work" && G_TEST_SRCDIR="$src/$dir/tests" "$work/plain/$name" -l 2>/dev/null) |
      grep '^/' | sed "s|^|$name |"
  done >"$work/cases.txt"

rm -rf "$work/run-plain-again" "$work/run-rw-again"
for mode in plain rw; do
  echo "running the $mode programs"
  sh "$here/run.sh" "$work/$mode" "$src" "$work/run-$mode" >"$work/$mode.txt"
done

# compare list|report: "list" prints the programs (built rewritten) with
# differences not in known-differences.txt; "report" prints the site totals,
# every such difference, the listed ones that are gone and the summary, and
# fails on the first.
compare() {
python3 - "$work" "$here/known-differences.txt" "$1" <<'PY'
import json, os, sys
work, known_path, what = sys.argv[1:]

def results(mode):
    res, status = {}, {}
    with open(os.path.join(work, mode + ".txt")) as f:
        for line in f:
            name, key, value = line.split()
            if key == "exit":
                status[name] = value
            elif key != "seconds":
                res[(name, key)] = value
    return res, status

cases = []
with open(os.path.join(work, "cases.txt")) as f:
    for line in f:
        name, case = line.split()
        cases.append((name, case))
programs = []
for name, _ in cases:
    if name not in programs:
        programs.append(name)
plain, plain_exit = results("plain")
rw, rw_exit = results("rw")

# known-differences.txt: "PROGRAM CASE CAUSE..." or "PROGRAM * CAUSE..." for
# every case of a program.
known = {}
with open(known_path) as f:
    for line in f:
        if line.strip() and not line.startswith("#"):
            name, case = line.split()[:2]
            known[(name, case)] = False  # becomes True when it still differs

differs = {}
for name, case in cases:
    p, r = plain.get((name, case), "absent"), rw.get((name, case), "absent")
    if p != r:
        differs[(name, case)] = (p, r)
for name in programs:
    p, r = plain_exit.get(name, "none"), rw_exit.get(name, "none")
    if p != r:
        differs[(name, "exit")] = (p, r)

unexpected = []
for (name, case), (p, r) in differs.items():
    entry = (name, case) if (name, case) in known else (name, "*")
    if entry in known:
        known[entry] = True
    else:
        unexpected.append((name, case, p, r))
if what == "list":
    # Not those that were not built: running them again changes nothing.
    print(" ".join(sorted(set(u[0] for u in unexpected if rw_exit.get(u[0]) != "nobuild"))))
    sys.exit(0)

tot = {}
for name in programs:  # not rw/*.json: programs since left out may be there
    path = os.path.join(work, "rw", name + ".json")
    if not os.path.exists(path):
        continue  # it failed to rewrite
    with open(path) as f:
        for k, v in json.load(f)["summary"].items():
            tot[k] = tot.get(k, 0) + v
print("sites: %d wrapped, %d boxed, %d releases, %d NULL, %d may lose context" % (
    tot.get("wrapped", 0), tot.get("boxed", 0), tot.get("release", 0),
    tot.get("left-null", 0), tot.get("findings", 0)))
# With the built-in contracts only, at most 5% of the callback sites of GLib's
# own programs may lose context (docs/rewriter.md has the count).
nsites = sum(v for k, v in tot.items() if k != "findings")
share = tot.get("findings", 0) / nsites if nsites else 0.0
print("%d callback sites, %.1f%% may lose context (at most 5%%)" % (nsites, 100 * share))

def tail(path, n=8):
    print("--- end of %s:" % path)
    with open(path, errors="replace") as f:
        sys.stdout.write("".join(f.readlines()[-n:]))

# One block per program: a program that was not built rewritten, or whose
# rewritten run never reached several cases, gets one line for those.
status = 1 if unexpected else 0
if share > 0.05:
    print("FAIL: %.1f%% of the callback sites may lose context, more than 5%%" % (100 * share))
    status = 1
for name in programs:
    mine = [u for u in unexpected if u[0] == name]
    if not mine:
        continue
    pe, re_ = plain_exit.get(name, "none"), rw_exit.get(name, "none")
    if re_ == "nobuild":
        print("FAIL: %s: did not rewrite or compile (%d cases count as differing)" % (
            name, sum(1 for c in cases if c[0] == name)))
        tail(os.path.join(work, "rw", name + ".log"))
        continue
    unreached = [c for _, c, p, r in mine if r == "absent" and c != "exit"]
    if len(unreached) > 3:
        print("FAIL: %s: exit %s plain, %s rewritten; %d cases never reported rewritten,"
              " from %s" % (name, pe, re_, len(unreached), unreached[0]))
    for _, case, p, r in mine:
        if len(unreached) > 3 and (case in unreached or case == "exit"):
            continue
        what = "exit status" if case == "exit" else case
        print("FAIL: %s %s: %s plain, %s rewritten" % (name, what, p, r))
    tap = os.path.join(work, "run-rw-again", name + ".tap")
    tail(tap if os.path.exists(tap) else os.path.join(work, "run-rw", name + ".tap"))
for (name, case), still in known.items():
    if name not in programs or (case != "*" and (name, case) not in cases):
        print("stale (remove %s %s from known-differences.txt): no such test" % (name, case))
    elif not still:
        print("now same (remove %s %s from known-differences.txt)" % (name, case))

n_pass_plain = sum(1 for c in cases if plain.get(c) == "pass")
n_pass_rw = sum(1 for c in cases if rw.get(c) == "pass")
n_same = sum(1 for c in cases if c not in differs)
print("glib tests: %d programs, %d cases, %d pass plain, %d pass rewritten, %d same" % (
    len(programs), len(cases), n_pass_plain, n_pass_rw, n_same))
sys.exit(status)
PY
}

# A timing-sensitive case may fail on a busy machine: programs that differ
# unexpectedly run once more, plain and rewritten, and those results count.
again=$(compare list)
if [ -n "$again" ]; then
  echo "running again (unexpected differences): $again"
  for mode in plain rw; do
    ACTX_GLIB_ONLY=$again sh "$here/run.sh" "$work/$mode" "$src" "$work/run-$mode-again" \
      >"$work/$mode-again.txt"
    awk -v only=" $again " 'NR == FNR { next } index(only, " " $1 " ") == 0' \
      "$work/$mode-again.txt" "$work/$mode.txt" >"$work/$mode-first.txt"
    cat "$work/$mode-first.txt" "$work/$mode-again.txt" >"$work/$mode.txt"
  done
fi
compare report
