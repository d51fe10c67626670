#!/usr/bin/env bash
# Fetches libevent 2.1.12's Debian source package (bookworm: 2.1.12-stable-8;
# the rewriter is tested against its own regress suite) into the directory
# given, unless it is already there, and prints the unpacked tree's path.
# Adds a deb-src entry for bookworm main when apt has none.  Exits non-zero
# when it cannot.
# usage: fetch-libevent-source.sh DEST
set -euo pipefail
dest=$1
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
# The unpacked tree is libevent-2.1.12-stable/; test/regress.h marks it whole.
tree=$(ls -d "$dest"/libevent-*/ 2>/dev/null | head -1 || true)
if [ -n "$tree" ] && [ -f "$tree/test/regress.h" ]; then
  echo "${tree%/}"
  exit 0
fi
sudo_=""
[ "$(id -u)" -eq 0 ] || sudo_="sudo"
if ! grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "actx: adding a deb-src entry for bookworm main (/etc/apt/sources.list.d/actx-deb-src.sources)" >&2
  printf '%s\n' 'Types: deb-src' 'URIs: http://deb.debian.org/debian' 'Suites: bookworm' \
    'Components: main' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' |
    $sudo_ tee /etc/apt/sources.list.d/actx-deb-src.sources >/dev/null
  $sudo_ apt-get update -qq >&2
fi
command -v dpkg-source >/dev/null ||
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq dpkg-dev >/dev/null
(cd "$dest" && apt-get source -qq libevent >&2) || {
  # The package lists may predate the deb-src entry.
  $sudo_ apt-get update -qq >&2
  (cd "$dest" && apt-get source -qq libevent >&2)
}
tree=$(ls -d "$dest"/libevent-*/ | head -1)
[ -f "$tree/test/regress.h" ] || { echo "actx: no test/regress.h in $tree" >&2; exit 1; }
echo "${tree%/}"
