#!/bin/sh
# cli-test.sh -- actx-rewrite's command line: --version, --help, usage errors,
# stdout vs -o, -MF depfiles, -p compile_commands.json (by input and by
# output path), and that a failed run leaves an existing output untouched.
# usage: cli-test.sh TOOL CASES_DIR
set -u
tool=$1
# meson passes the tool relative to the build directory.
case $tool in /*) ;; *) tool=$(pwd)/$tool ;; esac
cd "$2" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL cli: $*" >&2; exit 1; }

"$tool" --version | grep -q '^actx-rewrite 0\.1\.0 (libclang: ' || fail "--version"
"$tool" --help | grep -q '^usage: actx-rewrite \[options\] INPUT.c' || fail "--help"
"$tool" 2>"$tmp/err"; [ $? = 2 ] && grep -q 'no input file' "$tmp/err" || fail "no input: exit 2"
"$tool" a.c b.c 2>/dev/null; [ $? = 2 ] || fail "two inputs: exit 2"
"$tool" -MF x.d plain_name.c 2>/dev/null; [ $? = 2 ] || fail "-MF without -o: exit 2"
"$tool" missing_file.c 2>"$tmp/err"; [ $? = 2 ] && grep -q 'cannot read missing_file.c' "$tmp/err" || fail "unreadable input: exit 2"

# stdout by default, byte-identical to -o.
"$tool" plain_name.c -- -nostdinc -I include >"$tmp/stdout.c" || fail "stdout run"
cmp -s "$tmp/stdout.c" plain_name.expected.c || fail "stdout output differs"

# -o and -MF: the depfile names the output and every file read.
"$tool" plain_name.c -o "$tmp/out.c" -MF "$tmp/out.d" -- -nostdinc -I include || fail "-o -MF run"
cmp -s "$tmp/out.c" plain_name.expected.c || fail "-o output differs"
head -1 "$tmp/out.d" | grep -qF "$tmp/out.c: \\" || fail "depfile target"
grep -qF 'plain_name.c' "$tmp/out.d" || fail "depfile lacks the input"
grep -qF 'include/fake_uv.h' "$tmp/out.d" || fail "depfile lacks a header"
ls "$tmp" | grep -q tmp && fail "temporary file left behind"

# An output that is not a regular file (FIFO, /dev/null) is written in
# place, never replaced by a rename.
mkfifo "$tmp/fifo"
cat "$tmp/fifo" >"$tmp/from-fifo.c" &
reader=$!
"$tool" plain_name.c -o "$tmp/fifo" -- -nostdinc -I include || fail "-o FIFO run"
wait $reader
[ -p "$tmp/fifo" ] || fail "-o replaced a FIFO with a regular file"
cmp -s "$tmp/from-fifo.c" plain_name.expected.c || fail "-o FIFO output differs"
"$tool" plain_name.c -o - -- -nostdinc -I include | cmp -s - plain_name.expected.c || fail "-o - (stdout)"

# A GCC build's flags: GCC-only warnings, -Werror and GCC-only options must
# not stop the rewrite (they are the real compile's business).
"$tool" plain_name.c -- -nostdinc -I include -Werror -Wall -Wvla-larger-than=4096 -fanalyzer |
  cmp -s - plain_name.expected.c || fail "GCC-only flags"

# Determinism: same input, same bytes.
"$tool" plain_name.c -o "$tmp/out2.c" -- -nostdinc -I include && cmp -s "$tmp/out.c" "$tmp/out2.c" ||
  fail "two runs differ"

# A failed run leaves an existing output alone.
echo keep >"$tmp/keep.c"
"$tool" err_syntax.c -o "$tmp/keep.c" -- -nostdinc -I include 2>/dev/null; [ $? = 2 ] || fail "parse error: exit 2"
[ "$(cat "$tmp/keep.c")" = keep ] || fail "a failed run replaced the output"

# -p: compile_commands.json listing the input, then one listing the output
# (build systems list the generated file).
cases=$(pwd)
cat >"$tmp/compile_commands.json" <<JSON
[{"directory": "$cases", "file": "plain_name.c",
  "arguments": ["cc", "-nostdinc", "-Iinclude", "-MD", "-MF", "x.d", "-c", "plain_name.c", "-o", "x.o"]}]
JSON
"$tool" -p "$tmp" plain_name.c -o "$tmp/p.c" || fail "-p run (entry for the input)"
cmp -s "$tmp/p.c" plain_name.expected.c || fail "-p output differs"
cat >"$tmp/compile_commands.json" <<JSON
[{"directory": "$tmp", "file": "$tmp/gen.c",
  "arguments": ["cc", "-nostdinc", "-I$cases/include", "-c", "$tmp/gen.c", "-o", "gen.o"]}]
JSON
"$tool" -p "$tmp" plain_name.c -o "$tmp/gen.c" || fail "-p run (entry for the output)"
cmp -s "$tmp/gen.c" plain_name.expected.c || fail "-p (output entry) output differs"
# A file the database does not list gets libclang's inferred command (from
# the nearest entry), as clangd does.
"$tool" -p "$tmp" variable.c -o "$tmp/other.c" || fail "-p with an inferred command"
cmp -s "$tmp/other.c" variable.expected.c || fail "-p (inferred) output differs"
"$tool" -p "$tmp/nowhere" plain_name.c 2>"$tmp/err"; [ $? = 2 ] || fail "-p without a database: exit 2"
grep -q 'no compile_commands.json' "$tmp/err" || fail "-p without a database: message"
# Findings are warnings by default; -q and --quiet silence them (and only
# them: the output is the same); --check prints each once, its own way.
"$tool" findings_warn.c -o "$tmp/f.c" -- -nostdinc -I include 2>"$tmp/f.err" || fail "findings run"
[ "$(grep -c ': warning: .* \[actx-' "$tmp/f.err")" = 3 ] || { cat "$tmp/f.err"; fail "3 tagged warnings by default"; }
for q in -q --quiet; do
  "$tool" $q findings_warn.c -o "$tmp/q.c" -- -nostdinc -I include 2>"$tmp/q.err" || fail "$q run"
  [ ! -s "$tmp/q.err" ] || { cat "$tmp/q.err"; fail "$q: stderr not empty"; }
  cmp -s "$tmp/f.c" "$tmp/q.c" || fail "$q changed the output"
done
"$tool" --check findings_warn.c -- -nostdinc -I include 2>"$tmp/c.err"
[ "$(grep -c 'may lose its asynchronous context' "$tmp/c.err")" = 0 ] || { cat "$tmp/c.err"; fail "--check repeats the default warnings"; }
"$tool" no_callbacks.c -o "$tmp/n.c" -- -nostdinc -I include 2>"$tmp/n.err" || fail "no_callbacks run"
[ ! -s "$tmp/n.err" ] || { cat "$tmp/n.err"; fail "a file without findings prints something"; }

# A contract line that does not fit is one warning, however often its
# function is declared (submit: twice in contract_checks.c), and -q leaves
# contract warnings on (they are about the contract files, not the sites).
"$tool" -q --contracts contract_checks.contracts contract_checks.c -o "$tmp/k.c" -- -nostdinc -I include \
  2>"$tmp/k.err" || fail "contract_checks run"
[ "$(grep -c '^contract_checks.contracts:1: warning:' "$tmp/k.err")" = 1 ] || { cat "$tmp/k.err"; fail "a contract line warned more than once"; }
[ "$(wc -l <"$tmp/k.err")" = 15 ] || { cat "$tmp/k.err"; fail "contract_checks: 15 warnings expected"; }

# -v's summary line agrees with the JSON report's summary, field by field:
# wrapped and boxed counted apart, findings as "may lose context", every
# other nonzero field by its JSON name, and the fields add up to the sites.
for case in report_json getter_contract macro_spans_arguments strict_int_key; do
  args=""
  [ -f "$case.args" ] && args=$(cat "$case.args")
  # shellcheck disable=SC2086
  "$tool" -v $args --report "$tmp/v.json" "$case.c" -o "$tmp/v.c" -- -nostdinc -I include \
    2>"$tmp/v.err" || fail "-v run on $case.c"
  tail -1 "$tmp/v.err" | python3 -c '
import json, re, sys
line = sys.stdin.read().strip()
report = json.load(open(sys.argv[1]))
want = report["summary"]
m = re.fullmatch(r"(\S+): (\d+) callback sites?, (\d+) wrapped, (\d+) boxed, (\d+) may lose context(?: \((.*)\))?", line)
if not m:
    sys.exit("summary line not understood: " + line)
got = {"wrapped": int(m[3]), "boxed": int(m[4]), "findings": int(m[5])}
for part in (m[6].split(", ") if m[6] else []):
    n, name = part.split(" ", 1)
    got[name] = int(n)
expect = {k: v for k, v in want.items() if v or k in ("wrapped", "boxed", "findings")}
if got != expect or int(m[2]) != len(report["sites"]):
    sys.exit("-v says %s (%s sites), the report %s (%d sites)" % (got, m[2], expect, len(report["sites"])))
' "$tmp/v.json" || fail "-v summary of $case.c disagrees with its JSON summary"
done
# --suggest-contracts: the draft names what was inferred, one line per
# callback parameter of the input's own functions; a stored one is a comment.
"$tool" --suggest-contracts "$tmp/draft.contracts" infer_own_functions.c -o "$tmp/inf.c" \
  -- -nostdinc -I include || fail "--suggest-contracts run"
grep -qx 'each_item 2 sync   # called before each_item returns' "$tmp/draft.contracts" ||
  fail "draft lacks each_item's sync line"
grep -q '^start_timer 1 ignore # passed to uv_timer_start' "$tmp/draft.contracts" ||
  fail "draft lacks start_timer's carried line"
grep -q 'would need: start_timer 1 keyed key=0 slot=timer)' "$tmp/draft.contracts" ||
  fail "draft lacks start_timer's mapped contract"
grep -q '^# later 1 LIFETIME  # stored at infer_own_functions.c:40' "$tmp/draft.contracts" ||
  fail "draft lacks later's stored note"
# The draft is itself a contract file the tool reads.
"$tool" --contracts "$tmp/draft.contracts" --check infer_own_functions.c \
  -- -nostdinc -I include 2>/dev/null; [ $? = 1 ] || fail "draft contracts do not load"
"$tool" --suggest-contracts infer_own_functions.c infer_own_functions.c 2>/dev/null
[ $? = 2 ] || fail "--suggest-contracts onto the input: exit 2"
# Built-in contracts never warn on correct code: glibc reaches sa_handler
# through a macro over a named union member (fake_libc.h does the same).
"$tool" -q fields_sigaction.c -o "$tmp/sig.c" -- -nostdinc -I include 2>"$tmp/sig.err" ||
  fail "fields_sigaction run"
grep -q "warning" "$tmp/sig.err" && { cat "$tmp/sig.err" >&2; fail "a built-in contract warned"; }
# A store is reported as a store, not as a getter's result.
"$tool" fields_stored.c -o "$tmp/st.c" -- -nostdinc -I include 2>"$tmp/st.err" || fail "fields_stored run"
grep -q "warning: callback 'on_sig' may lose its asynchronous context: stored into" "$tmp/st.err" ||
  { cat "$tmp/st.err" >&2; fail "a store's warning"; }
grep -q "handed back" "$tmp/st.err" && { cat "$tmp/st.err" >&2; fail "a store called a getter's result"; }
# -v lists every site once: a finding is its warning, in the listing's place
# (not a warning and then a listing line); with -q as well, no warning.
"$tool" -v fields_stored.c -o "$tmp/st.c" -- -nostdinc -I include 2>"$tmp/stv.err" || fail "-v fields_stored run"
nsites=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["sites"]))' fields_stored.expected.json)
[ "$(grep -c "^fields_stored.c:[0-9]*:[0-9]*: " "$tmp/stv.err")" = "$nsites" ] ||
  { cat "$tmp/stv.err" >&2; fail "-v: not one line per site"; }
[ "$(grep -c ": warning: " "$tmp/stv.err")" = "$(grep -c ": warning: " "$tmp/st.err")" ] ||
  { cat "$tmp/stv.err" >&2; fail "-v: not the same warnings as without it"; }
"$tool" -v -q fields_stored.c -o "$tmp/st.c" -- -nostdinc -I include 2>"$tmp/stq.err" || fail "-v -q run"
grep -q ": warning: " "$tmp/stq.err" && { cat "$tmp/stq.err" >&2; fail "-v -q warned"; }
[ "$(grep -c "^fields_stored.c:[0-9]*:[0-9]*: " "$tmp/stq.err")" = "$nsites" ] ||
  { cat "$tmp/stq.err" >&2; fail "-v -q: not one line per site"; }
exit 0
