#!/bin/sh
# external.sh BUILD_DIR SOURCE_DIR meson|cmake|cmake-ninja|make|subproject -- installs actx
# from BUILD_DIR with `meson install --destdir` into a temporary directory,
# builds the tiny external project tests/integration/KIND against it (or, for
# `subproject`, with this source tree as its subprojects/actx), runs it, then
# edits a header the rewritten source includes and checks that the rebuild
# re-ran the rewriter (the depfile at work).
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
for f in bin/actx-rewrite include/actx.h include/actx_bind.h include/actx/abi.h include/actx/bind_abi.h; do
  [ -e "$root/$f" ] || { echo "meson install did not install $f"; exit 1; }
done
[ -n "$(find "$root" -name actxConfig.cmake)" ] || { echo "no actxConfig.cmake installed"; exit 1; }

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
  make)  build_cmd() { make >build.log 2>&1; } ;;
  subproject)
         mkdir subprojects && ln -s "$src" subprojects/actx
         build_cmd() { ninja -C out app >build.log 2>&1; }
         meson setup out >setup.log 2>&1 || { cat setup.log; exit 1; } ;;
  *) echo "unknown kind $kind"; exit 2 ;;
esac
build_cmd || { cat build.log; exit 1; }
app=$(find . -name app -type f -perm -u+x | head -1)
"$app"

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
