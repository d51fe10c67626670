#!/usr/bin/env bash
# Installs the Debian packages actx needs to build, test and run its samples,
# skipping those already present.  Sourced or run by samples/demo.sh,
# tests/run.sh and .ci/run; works as root or through sudo.
set -euo pipefail

actx_packages=(
  gcc g++ meson ninja-build pkg-config python3
  libcmocka-dev valgrind gdb
  llvm libclang-dev clang clang-format
  libuv1-dev libevent-dev
  libglib2.0-dev libglib2.0-dev-bin
  libcurl4-openssl-dev
  cmake make ccache
  perl bear         # memcached's test suite; its compile_commands.json
  groff-base man-db
  chromium          # the HTML report in a headless browser (tests/rewrite/project-test.sh)
  tcl
)

actx_missing=()
for p in "${actx_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || actx_missing+=("$p")
done

if [ ${#actx_missing[@]} -gt 0 ]; then
  echo "actx: installing ${actx_missing[*]}" >&2
  actx_sudo=""
  [ "$(id -u)" -eq 0 ] || actx_sudo="sudo"
  $actx_sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $actx_sudo apt-get install -y -qq --no-install-recommends \
    "${actx_missing[@]}" >/dev/null
fi
