#!/usr/bin/env bash
# Installs what the AArch64 cross build and its qemu-user test run need (see
# .ci/aarch64-linux-gnu.ini): Debian's cross compilers, qemu-user, and the
# arm64 builds of the test libraries through dpkg multiarch.  Skips what is
# present; exits non-zero when it cannot install (tests/run.sh then skips the
# arm64 mode instead of failing).
set -euo pipefail

sudo_=""
[ "$(id -u)" -eq 0 ] || sudo_="sudo"

pkgs=(gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user
      libcmocka-dev:arm64 libuv1-dev:arm64)

update=0
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  $sudo_ dpkg --add-architecture arm64
  update=1
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -gt 0 ] || exit 0

echo "actx: installing ${missing[*]}" >&2
if [ $update -eq 1 ] || [ ${#missing[@]} -gt 0 ]; then $sudo_ apt-get update -qq; fi
DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends \
  "${missing[@]}" >/dev/null
