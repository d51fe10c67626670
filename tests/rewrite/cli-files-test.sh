#!/bin/sh
# cli-files-test.sh -- actx-rewrite never loses a file: input, output, report
# and depfile must be distinct; the compiler arguments' own depfile options are
# not acted on; temporary files go on every failure; -o through a symlink
# writes its target and keeps the output's mode; the report is written only
# with the output; inputs that are not regular files are refused; option
# combinations that cannot both hold are usage errors.  Also -p with the
# compile_commands.json shapes of CMake, meson and Bear (absolute "file",
# relative source argument; "command" strings).
# usage: cli-files-test.sh TOOL CASES_DIR
set -u
tool=$1
case $tool in /*) ;; *) tool=$(pwd)/$tool ;; esac
cd "$2" || exit 99
cases=$(pwd)
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL cli-files: $*" >&2; exit 1; }
cc_args="-nostdinc -I $cases/include"
# Outputs are compared without their #line directives, which name the input
# as given on the command line.
same() { grep -v '^#line ' "$1" >"$tmp/same.a"; grep -v '^#line ' plain_name.expected.c | cmp -s - "$tmp/same.a"; }

# Exit status must be 2, stderr must name the problem, and $2 must be intact.
refused() { # what, file that must keep "keep", grep pattern, command...
  what=$1 keep=$2 pattern=$3; shift 3
  "$@" 2>"$tmp/err"; rc=$?
  [ $rc = 2 ] || fail "$what: exit $rc, want 2"
  grep -q -- "$pattern" "$tmp/err" || fail "$what: message (got: $(cat "$tmp/err"))"
  [ -z "$keep" ] || [ "$(cat "$keep")" = keep ] || fail "$what: $keep was overwritten"
}

# --- distinct files --------------------------------------------------------
cp plain_name.c "$tmp/in.c"
cp "$tmp/in.c" "$tmp/in.orig"
"$tool" "$tmp/in.c" -o "$tmp/in.c" -- $cc_args 2>"$tmp/err"
[ $? = 2 ] || fail "-o equal to the input: exit 2"
cmp -s "$tmp/in.c" "$tmp/in.orig" || fail "-o equal to the input destroyed it"
ln "$tmp/in.c" "$tmp/hardlink.c"
"$tool" "$tmp/in.c" -o "$tmp/hardlink.c" -- $cc_args 2>/dev/null
[ $? = 2 ] || fail "-o a hard link of the input: exit 2"
"$tool" "$tmp/in.c" -o "$tmp/out.c" --report "$tmp/in.c" -- $cc_args 2>/dev/null
[ $? = 2 ] || fail "--report equal to the input: exit 2"
cmp -s "$tmp/in.c" "$tmp/in.orig" || fail "--report equal to the input destroyed it"
[ -e "$tmp/out.c" ] && fail "--report equal to the input: output written anyway"
"$tool" "$tmp/in.c" -o "$tmp/x.c" -MF "$tmp/x.c" -- $cc_args 2>/dev/null
[ $? = 2 ] || fail "-MF equal to -o (new file): exit 2"
echo keep >"$tmp/keep.c"
refused "-MF equal to -o" "$tmp/keep.c" "same file" \
  "$tool" "$tmp/in.c" -o "$tmp/keep.c" -MF "$tmp/./keep.c" -- $cc_args
refused "--report equal to -o" "$tmp/keep.c" "same file" \
  "$tool" "$tmp/in.c" -o "$tmp/keep.c" --report "$tmp/keep.c" -- $cc_args
refused "--report equal to -MF" "$tmp/keep.c" "same file" \
  "$tool" "$tmp/in.c" -o "$tmp/o.c" -MF "$tmp/keep.c" --report "$tmp/keep.c" -- $cc_args
[ -e "$tmp/o.c" ] && fail "a refused run wrote its output"

# --- the compile's own depfile options are not acted on --------------------
for opt in "-Wp,-MD,$tmp/keep.c" "-Wp,-MMD,$tmp/keep.c" "-MD -MF $tmp/keep.c" \
           "-MMD -MF$tmp/keep.c" "-MJ $tmp/keep.c" "-MD -MT x -MQ y -MF $tmp/keep.c"; do
  "$tool" "$tmp/in.c" -o "$tmp/dep-out.c" -- $cc_args $opt || fail "run with $opt"
  [ "$(cat "$tmp/keep.c")" = keep ] || fail "$opt: the tool wrote the compile's depfile"
  same "$tmp/dep-out.c" || fail "$opt: output differs"
done

# --- temporary files -------------------------------------------------------
mkdir "$tmp/lim"
# A file size limit smaller than the output: SIGXFSZ or EFBIG, never a
# temporary file left behind, and the old output kept.
echo keep >"$tmp/lim/out.c"
awk '{print} END {for (i = 0; i < 400; i++) printf "/* padding line %d ....................... */\n", i}' \
  plain_name.c >"$tmp/big.c"
(ulimit -f 8; exec "$tool" "$tmp/big.c" -o "$tmp/lim/out.c" -- $cc_args) 2>"$tmp/err"; rc=$?
[ $rc != 0 ] || fail "a write past the file size limit: exit 0"
[ "$(ls -A "$tmp/lim")" = out.c ] || fail "temporary file left after a size-limit failure: $(ls -A "$tmp/lim")"
[ "$(cat "$tmp/lim/out.c")" = keep ] || fail "a failed write replaced the output"

# A 250-character output name still gets a temporary name that fits.
long=$(printf 'o%.0s' $(seq 1 248)).c
"$tool" "$tmp/in.c" -o "$tmp/lim/$long" -- $cc_args || fail "250-character output name"
same "$tmp/lim/$long" || fail "250-character output name: output differs"
rm -f "$tmp/lim/$long"

# --- symlinks and modes ----------------------------------------------------
mkdir "$tmp/sub"
echo old >"$tmp/sub/target.c"
chmod 0600 "$tmp/sub/target.c"
ln -s sub/target.c "$tmp/link.c"
"$tool" "$tmp/in.c" -o "$tmp/link.c" -- $cc_args || fail "-o a symlink"
[ -L "$tmp/link.c" ] || fail "-o a symlink replaced the link"
same "$tmp/sub/target.c" || fail "-o a symlink: target not written"
[ "$(stat -c %a "$tmp/sub/target.c")" = 600 ] || fail "-o changed a 0600 output's mode"
ln -s sub/new.c "$tmp/dangling.c"
"$tool" "$tmp/in.c" -o "$tmp/dangling.c" -- $cc_args || fail "-o a dangling symlink"
[ -L "$tmp/dangling.c" ] && same "$tmp/sub/new.c" || fail "-o a dangling symlink: target"
ln -s "$tmp/in.c" "$tmp/in-link.c"
"$tool" "$tmp/in.c" -o "$tmp/in-link.c" -- $cc_args 2>/dev/null
[ $? = 2 ] || fail "-o a symlink to the input: exit 2"
cmp -s "$tmp/in.c" "$tmp/in.orig" || fail "-o a symlink to the input destroyed it"

# --- the report goes with the output ---------------------------------------
mkdir "$tmp/ro"
chmod 0500 "$tmp/ro"
if [ "$(id -u)" != 0 ]; then
  "$tool" "$tmp/in.c" -o "$tmp/ro/out.c" --report "$tmp/rep.json" -- $cc_args 2>/dev/null
  [ $? = 2 ] || fail "unwritable output: exit 2"
  [ -e "$tmp/rep.json" ] && fail "report written though the output was not"
fi
mkdir "$tmp/outdir"
"$tool" "$tmp/in.c" -o "$tmp/outdir" --report "$tmp/rep.json" -- $cc_args 2>/dev/null
[ $? = 2 ] || fail "-o a directory: exit 2"
[ -e "$tmp/rep.json" ] && fail "report written though the output (a directory) was not"

# --- inputs that are not regular files -------------------------------------
refused "a directory input" "" "Is a directory" "$tool" "$tmp/sub" -- $cc_args
if [ -c /dev/zero ]; then
  timeout 20 "$tool" /dev/zero -- $cc_args 2>"$tmp/err"; rc=$?
  [ $rc = 2 ] || fail "/dev/zero input: exit $rc, want 2"
  grep -q "not a regular file" "$tmp/err" || fail "/dev/zero input: message"
  timeout 20 "$tool" "$tmp/in.c" --contracts /dev/zero -- $cc_args 2>"$tmp/err"; rc=$?
  [ $rc = 2 ] || fail "--contracts /dev/zero: exit $rc, want 2"
fi

# --- option combinations ---------------------------------------------------
refused "--check -o" "" "cannot be combined" "$tool" --check "$tmp/in.c" -o "$tmp/c.c" -- $cc_args
refused "--diff -o" "" "cannot be combined" "$tool" --diff "$tmp/in.c" -o "$tmp/c.c" -- $cc_args
refused "-MF with -o -" "" "-MF" "$tool" "$tmp/in.c" -o - -MF "$tmp/d.d" -- $cc_args
refused "--report - with stdout output" "" "stdout" "$tool" "$tmp/in.c" --report - -- $cc_args
[ -e "$tmp/c.c" ] && fail "a usage error wrote a file"

# Long options take --opt=value; short ones their value attached.
"$tool" "$tmp/in.c" -o"$tmp/att.c" --report="$tmp/att.json" -- $cc_args || fail "-oFILE --report=FILE"
same "$tmp/att.c" || fail "-oFILE: output differs"
grep -q '"sites"' "$tmp/att.json" || fail "--report=FILE: report"

# --- -p with every common compile_commands.json shape ----------------------
mkdir "$tmp/db" "$tmp/db/src"
cp plain_name.c "$tmp/db/src/p.c"
cp -r include "$tmp/db/include"
check_db() { # what
  "$tool" -p "$tmp/db" "$tmp/db/src/p.c" -o "$tmp/db-out.c" 2>"$tmp/err" || fail "-p $1: $(cat "$tmp/err")"
  same "$tmp/db-out.c" || fail "-p $1: output differs"
  (cd "$tmp/db/src" && "$tool" -p .. p.c -o "$tmp/db-out2.c") 2>"$tmp/err" || fail "-p $1 (relative input): $(cat "$tmp/err")"
  same "$tmp/db-out2.c" || fail "-p $1 (relative input): output differs"
}
# Bear: absolute file, relative source argument.
cat >"$tmp/db/compile_commands.json" <<JSON
[{"directory": "$tmp/db", "file": "$tmp/db/src/p.c",
  "arguments": ["/usr/bin/cc", "-nostdinc", "-Iinclude", "-c", "-o", "src/p.o", "src/p.c"]}]
JSON
check_db "Bear (absolute file, relative argument)"
# CMake: "command" string, absolute everything.
cat >"$tmp/db/compile_commands.json" <<JSON
[{"directory": "$tmp/db/build", "file": "$tmp/db/src/p.c",
  "command": "/usr/bin/cc -nostdinc -I$tmp/db/include -o CMakeFiles/p.dir/src/p.c.o -c $tmp/db/src/p.c"}]
JSON
mkdir "$tmp/db/build"
check_db "CMake (command string)"
# meson: relative file and argument, from the build directory.
cat >"$tmp/db/compile_commands.json" <<JSON
[{"directory": "$tmp/db/build", "file": "../src/p.c",
  "command": "cc -I../include -nostdinc -MD -MQ p.p/src_p.c.o -MF p.p/src_p.c.o.d -o p.p/src_p.c.o -c ../src/p.c"}]
JSON
check_db "meson (relative file and argument)"
# intercept-build: relative file, absolute argument.
cat >"$tmp/db/compile_commands.json" <<JSON
[{"directory": "$tmp/db", "file": "src/p.c",
  "arguments": ["cc", "-c", "-nostdinc", "-I", "include", "$tmp/db/src/p.c"]}]
JSON
check_db "intercept-build (relative file, absolute argument)"
[ -e "$tmp/db/build/p.p/src_p.c.o.d" ] && fail "-p wrote the compile's depfile"
exit 0
