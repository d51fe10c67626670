#!/bin/sh
# external.sh BUILD_DIR SOURCE_DIR meson|cmake|cmake-ninja|make|subproject|install -- installs actx
# from BUILD_DIR with `meson install --destdir` into a temporary directory,
# builds the tiny external project tests/integration/KIND against it (or, for
# `subproject`, with this source tree as its subprojects/actx), runs it, then
# edits a header the rewritten source includes and checks that the rebuild
# re-ran the rewriter (the depfile at work).  `install` checks only what
# the install holds besides the library: LICENSE, the documentation, the man
# pages (which must render without a warning), actx.pc's tool variables.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd) kind=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

meson install -C "$build" --destdir "$tmp/root" --no-rebuild --quiet >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log"; exit 1; }
prefix=$(meson introspect "$build" --buildoptions |
  python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
root=$tmp/root$prefix
pcdir=$(dirname "$(find "$root" -name actx.pc)")
for f in bin/actx-rewrite include/actx.h include/actx_bind.h include/actx_trace_context.h include/actx/abi.h include/actx/bind_abi.h; do
  [ -e "$root/$f" ] || { echo "meson install did not install $f"; exit 1; }
done
[ -n "$(find "$root" -name actxConfig.cmake)" ] || { echo "no actxConfig.cmake installed"; exit 1; }

if [ "$kind" = install ]; then
  docdir=$(find "$root" -type d -path '*/doc/actx' | head -1)
  [ -n "$docdir" ] && [ -f "$docdir/LICENSE" ] || { echo "no share/doc/actx/LICENSE installed"; exit 1; }
  grep -q '^Copyright (c) 2026 the actx authors$' "$docdir/LICENSE" || { echo "LICENSE lacks the copyright line"; exit 1; }
  for md in "$src"/docs/*.md; do
    cmp -s "$md" "$docdir/$(basename "$md")" || { echo "docs/$(basename "$md") not installed to $docdir"; exit 1; }
  done
  # gdb's auto-load finds the extension under DATADIR/gdb/auto-load + the
  # library's own directory, named after the library's file
  # (docs/debugging.md).
  lib=$(find "$root" -name 'libactx.so.*.*.*' ! -name '*-gdb.py' -type f | head -1)
  [ -n "$lib" ] || { echo "no libactx.so.X.Y.Z installed"; exit 1; }
  gdbpy="$root/share/gdb/auto-load$(dirname "${lib#"$tmp/root"}")/$(basename "$lib")-gdb.py"
  cmp -s "$src/runtime/libactx-gdb.py" "$gdbpy" || { echo "$gdbpy: gdb extension not installed"; exit 1; }
  for page in man1/actx-rewrite.1 man1/actx-cc.1 man7/actx.7; do
    man=$(find "$root" -path "*/man/$page" | head -1)
    [ -n "$man" ] || { echo "man page $page not installed"; exit 1; }
    ! grep -q '@[A-Z_]*@' "$man" || { echo "$page: placeholder left unreplaced"; exit 1; }
    grep -qF "$prefix/share/doc/actx" "$man" || { echo "$page does not name $prefix/share/doc/actx"; exit 1; }
    # groff's warnings (-ww) and man's own; both must say nothing.
    if command -v groff >/dev/null 2>&1; then
      out=$(groff -man -ww -z "$man" 2>&1) && [ -z "$out" ] || { echo "$page: groff: $out"; exit 1; }
    fi
    if command -v man >/dev/null 2>&1; then
      out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$man" 2>&1 >/dev/null) && [ -z "$out" ] ||
        { echo "$page: man: $out"; exit 1; }
    fi
  done
  command -v groff >/dev/null 2>&1 || command -v man >/dev/null 2>&1 ||
    { echo "neither groff nor man: the man pages were not rendered"; exit 1; }
  # actx.pc names the installed tools.
  pc=$(find "$root" -name actx.pc)
  for var in actx_rewrite:actx-rewrite actx_cc:actx-cc; do
    got=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --variable="${var%%:*}" actx)
    [ "$got" = "$prefix/bin/${var#*:}" ] || { echo "pkg-config --variable=${var%%:*}: '$got'"; exit 1; }
    [ -x "$tmp/root$got" ] || { echo "$got: not installed"; exit 1; }
  done
  # --help points at the installed documentation, not at the source tree.
  "$root/bin/actx-rewrite" --help | grep -qF "man actx-rewrite, man actx; $prefix/share/doc/actx/rewriter.md" ||
    { echo "actx-rewrite --help does not point at the installed docs"; exit 1; }
  ! "$root/bin/actx-rewrite" --help | grep -q 'docs/' || { echo "actx-rewrite --help names docs/"; exit 1; }
  echo "install: LICENSE, docs, man pages (rendered without warnings), actx.pc's tool paths"
  exit 0
fi

# The installed files say $prefix; the sysroot makes pkg-config point into the
# temporary copy.  The CMake files find their prefix by themselves.
export PKG_CONFIG_PATH="$pcdir" PKG_CONFIG_SYSROOT_DIR="$tmp/root"
export PATH="$root/bin:$PATH"
export LD_LIBRARY_PATH="$(dirname "$pcdir")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

# A copy, so the test never writes into the source tree.
project=${kind%-ninja}
cp -r "$src/tests/integration/src" "$src/tests/integration/$project" "$tmp/"
cd "$tmp/$project"
case $kind in
  meson) build_cmd() { ninja -C out >build.log 2>&1; }
         meson setup out >setup.log 2>&1 || { cat setup.log; exit 1; } ;;
  cmake|cmake-ninja)
         # The same project with the Makefile and the Ninja generators.
         generator="Unix Makefiles"
         [ "$kind" = cmake ] || generator=Ninja
         build_cmd() { cmake --build out >build.log 2>&1; }
         cmake -S . -B out -G "$generator" -DCMAKE_PREFIX_PATH="$root" >setup.log 2>&1 ||
           { cat setup.log; exit 1; } ;;
  # CFLAGS on the command line replaces the Makefile's CFLAGS: actx's flags
  # must survive it (they are in ACTX_CFLAGS).
  make)  build_cmd() { make CFLAGS="-O0 -g" >build.log 2>&1; } ;;
  subproject)
         mkdir subprojects && ln -s "$src" subprojects/actx
         build_cmd() { ninja -C out >build.log 2>&1; }
         meson setup out >setup.log 2>&1 || { cat setup.log; exit 1; }
         # As a subproject actx builds libactx and its tools, nothing else
         # (its samples, benchmarks and tests are off unless asked for).
         meson introspect out --targets | python3 -c '
import json, sys
wanted = {"actx", "rw-util", "rw-lex", "builtin-contracts", "actx-rewrite", "actx-cc"}
built = {t["name"] for t in json.load(sys.stdin)
         if t.get("subproject") == "actx" and t.get("build_by_default", True)}
extra = sorted(built - wanted)
if extra:
    sys.exit("the actx subproject builds more than libactx and its tools: " + " ".join(extra))
' || exit 1
         [ -z "$(meson introspect out --tests | python3 -c 'import json,sys; print(" ".join(t["name"] for t in json.load(sys.stdin)))')" ] ||
           { echo "the actx subproject defines tests"; exit 1; } ;;
  *) echo "unknown kind $kind"; exit 2 ;;
esac
build_cmd || { cat build.log; exit 1; }
app=$(find . -name app -type f -perm -u+x | head -1)
"$app"

if [ "$kind" = make ]; then
  # The object was compiled with the command line's CFLAGS and actx's flags.
  grep -- '-c -o app.rw.o' build.log | grep -- '-fexceptions' | grep -q -- '-O0 -g' ||
    { cat build.log; echo "app.rw.o not compiled with -fexceptions and the command line's -O0 -g"; exit 1; }
fi
if [ "$project" = cmake ]; then
  # CONTRACTS and OPTIONS reached the rewriter: app.contracts binds the
  # thread function with a stub (not a box), --tls-thunks makes its thunk
  # the TLS one; editing the contract file re-runs the rewrite.
  rw=$(find . -name 'app.rw.c' | head -1)
  grep -q 'ACTX_THUNK_DECL(actx_thunk_1' "$rw" ||
    { grep -n actx_thunk_1 "$rw"; echo "CONTRACTS/OPTIONS not given to actx-rewrite"; exit 1; }
  before=$(stat -c %Y.%y "$rw")
  sleep 1
  echo '# edited' >>app.contracts
  build_cmd || { cat build.log; exit 1; }
  [ "$(stat -c %Y.%y "$rw")" != "$before" ] || { echo "editing app.contracts did not re-run actx-rewrite"; exit 1; }
fi

# Edit the header: the rewritten file must be regenerated, and the program
# must see the new id.
rw=$(find . -name 'app.rw.c' | head -1)
before=$(stat -c %Y.%y "$rw")
sleep 1
sed -i 's/42/43/' ../src/app.h
build_cmd || { cat build.log; exit 1; }
[ "$(stat -c %Y.%y "$rw")" != "$before" ] || { echo "editing app.h did not re-run actx-rewrite"; exit 1; }
"$app" | grep -q "request 43" || { echo "the rebuilt program did not see the edited header"; exit 1; }
echo "$kind: built, rewritten, rebuilt after a header edit"
