#!/bin/sh
# gdb-test.sh -- the gdb extension (runtime/libactx-gdb.py) in batch mode.
# usage: gdb-test.sh PROGRAM SOURCE_DIR LIBDIR
#   PROGRAM     tests/gdb/nested.c rewritten and built (gdb-nested)
#   SOURCE_DIR  tests/gdb, for the lines of nested.c's marked sites
#   LIBDIR      the build tree's runtime/, where libactx.so.VERSION-gdb.py is
# Exit 77 (skipped) without gdb, its Python or libactx's debug information.
set -u
prog=$1 src=$2 libdir=$3
command -v gdb >/dev/null 2>&1 || { echo "gdb not installed: skipped"; exit 77; }
gdb -batch -nx -ex 'python print("py-ok")' 2>/dev/null | grep -q py-ok ||
  { echo "gdb has no Python: skipped"; exit 77; }
gdb -batch -nx -ex 'break main' -ex run -ex 'ptype struct actx__bound' "$prog" 2>&1 |
  grep -q 'sites\[' || { echo "libactx has no debug information: skipped"; exit 77; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; cat "$tmp/out" >&2; exit 1; }
line_of() { grep -n "/\* $1 \*/" "$src/nested.c" | cut -d: -f1; }
l3=$(line_of "post level3") l2=$(line_of "post level2") l1=$(line_of "post level1")
lidle=$(line_of "park idle") lbox=$(line_of "park idle_data")
lcall=$(grep -n "/\* call \*/" "$src/queue.c" | cut -d: -f1)

# The extension loads by itself from next to the build tree's library.
gdb -batch -nx -iex "add-auto-load-safe-path $libdir" \
  -ex 'break level3' -ex run \
  -ex 'actx bt' -ex 'actx context' -ex 'actx bindings' \
  -ex "gcore $tmp/core" -ex 'up' -ex 'list' -ex 'kill' \
  -ex "break queue.c:$lcall" -ex run -ex step -ex 'bt 1' \
  "$prog" >"$tmp/out" 2>&1 || fail "gdb failed"

# actx bt: three levels, innermost first, with file:line, function, callback.
grep -q "^  #0 .*nested\.c:$l3 in level2: level3 registered" "$tmp/out" || fail "actx bt #0"
grep -q "^  #1 .*nested\.c:$l2 in level1: level2 registered" "$tmp/out" || fail "actx bt #1"
grep -q "^  #2 .*nested\.c:$l1 in main: step_into registered" "$tmp/out" || fail "actx bt #2"
# actx context: both storages by name, with their values.
grep -q '^  request = (void \*) 0x[0-9a-f]* "req-42"$' "$tmp/out" || fail "actx context request"
grep -q '^  user = (void \*) 0x[0-9a-f]* "alice"$' "$tmp/out" || fail "actx context user"
# actx bindings: the three parked (forever) stub bindings of one site, the
# two parked boxes of another and the pending once binding of level3 (the
# running one); the others are released.
grep -q "^     3  .*nested\.c:$lidle in main: idle registered  \[forever stub" "$tmp/out" ||
  fail "actx bindings: parked"
grep -q "^     1  .*nested\.c:$l3 in level2: level3 registered  \[once stub" "$tmp/out" ||
  fail "actx bindings: level3"
grep -q "^     2  .*nested\.c:$lbox in main: idle_data registered  \[forever box" "$tmp/out" ||
  fail "actx bindings: boxes"
grep -q "^     6  live bindings in all" "$tmp/out" || fail "actx bindings: total"
# list in the thunk frame: its line is the first site that uses the thunk,
# inside the file (no "out of range").
grep -q "out of range" "$tmp/out" && fail "list in a thunk frame"
grep -q "^#1 .* in actx_thunk_[0-9]* .* at .*nested\.c:$l3$" "$tmp/out" || fail "thunk frame line"
# step from the call of a bound pointer lands in the user's callback.
grep -q "^#0  level1 (depth=1) at .*nested\.c:" "$tmp/out" || fail "step into the bound callback"

# A core file: the same answers, read from the dump alone.
[ -f "$tmp/core" ] || fail "gcore wrote no core file"
gdb -batch -nx -iex "add-auto-load-safe-path $libdir" \
  -ex 'actx bt' -ex 'actx context' -ex 'actx bindings' \
  "$prog" "$tmp/core" >"$tmp/out" 2>&1 || fail "gdb on the core file failed"
grep -q "^  #2 .*nested\.c:$l1 in main: step_into registered" "$tmp/out" || fail "core: actx bt"
grep -q '^  user = (void \*) 0x[0-9a-f]* "alice"$' "$tmp/out" || fail "core: actx context"
grep -q "^     6  live bindings in all" "$tmp/out" || fail "core: actx bindings"
echo ok
