#!/bin/sh
# count-sites.sh -- how many callback sites GLib's test programs (programs.txt)
# have, and how many of them may lose context, with actx-rewrite's built-in
# contracts (and any extra options, e.g. --contracts FILE): one line per
# program, then the totals, the callees and callback types of the findings.
# usage: count-sites.sh GLIB_SOURCE_DIR ACTX_BUILD_DIR [ACTX-REWRITE OPTIONS...]
# (GLIB_SOURCE_DIR: .ci/fetch-glib-source.sh; needs libglib2.0-dev)
set -u
[ $# -ge 2 ] || { echo "usage: count-sites.sh GLIB_SOURCE_DIR ACTX_BUILD_DIR [OPTIONS...]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
src=$(realpath "$1") build=$(realpath "$2")
shift 2
out=$(mktemp -d) || exit 1
trap 'rm -rf "$out"' EXIT
grep -v -e '^#' -e '^[[:space:]]*$' "$here/programs.txt" | while read -r dir name _; do
  case $dir in glib) domain=GLib ;; *) domain=GLib-GIO ;; esac
  # shellcheck disable=SC2046,SC2086
  "$build/tool/actx-rewrite" -q "$@" --report "$out/$name.json" "$src/$dir/tests/$name.c" \
    -o "$out/$name.rw.c" -- $(pkg-config --cflags glib-2.0 gobject-2.0 gmodule-2.0 gio-2.0 gio-unix-2.0) \
    -I"$here/compat" -iquote "$src/$dir/tests" -iquote "$src/glib" -iquote "$src" \
    -D_GNU_SOURCE -DG_LOG_DOMAIN=\"$domain\" -UG_DISABLE_ASSERT 2>"$out/$name.err" ||
    { echo "$name: actx-rewrite failed:"; cat "$out/$name.err"; }
done
python3 - "$out" <<'PY'
import collections, glob, json, os, sys
tot = collections.Counter()
apis = collections.Counter()
rules = collections.Counter()
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.json"))):
    r = json.load(open(f))
    s = r["summary"]
    n = len(r["sites"])
    tot["sites"] += n
    for k, v in s.items():
        tot[k] += v
    print("%-28s %4d sites %4d wrapped %3d boxed %4d may lose context" % (
        os.path.basename(f)[:-5], n, s["wrapped"], s["boxed"], s["findings"]))
    for site in r["sites"]:
        if site["loses_context"]:
            apis["%s arg %d (%s)" % (site["api"], site["arg_index"], site["decision"])] += 1
        if site.get("rule"):
            rules[site["rule"]] += 1
print("TOTAL %d sites: %d wrapped, %d boxed, %d left-sync, %d left-null, %d may lose context "
      "(%d left-no-contract, %d left-macro, %d left-unsupported)" % (
          tot["sites"], tot["wrapped"], tot["boxed"], tot["left-sync"], tot["left-null"],
          tot["findings"], tot["left-no-contract"], tot["left-macro"], tot["left-unsupported"]))
print("sites decided by type rules:")
for k, v in rules.most_common():
    print("  %4d %s" % (v, k))
print("findings by callee:")
for k, v in apis.most_common(40):
    print("  %4d %s" % (v, k))
PY
