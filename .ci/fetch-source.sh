#!/usr/bin/env bash
# Fetches a Debian source package (the real projects whose own test suites the
# rewriter is tested against) into DEST, unless it is already unpacked there,
# and prints the unpacked tree's path.  Adds a deb-src entry for bookworm main
# when apt has none.  dpkg-source's chatter (one line per Debian patch) goes to
# DEST/apt-get-source.log, shown only on failure.  Exits non-zero when it
# cannot, or when the tree lacks MARKER (a file that shows it is whole).
# usage: fetch-source.sh PACKAGE TREE_GLOB MARKER DEST
#   e.g. fetch-source.sh libevent 'libevent-*' test/regress.h build/src
set -euo pipefail
package=$1 glob=$2 marker=$3 dest=$4
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
find_tree() {
  # shellcheck disable=SC2086 # the glob is meant to expand
  ls -d "$dest"/$glob/ 2>/dev/null | head -1 || true
}
tree=$(find_tree)
if [ -n "$tree" ] && [ -f "$tree/$marker" ]; then
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
log=$dest/apt-get-source.log
(cd "$dest" && apt-get source -qq "$package" >"$log" 2>&1) || {
  # The package lists may predate the deb-src entry.
  $sudo_ apt-get update -qq >&2
  (cd "$dest" && apt-get source -qq "$package" >"$log" 2>&1) || { cat "$log" >&2; exit 1; }
}
tree=$(find_tree)
[ -n "$tree" ] && [ -f "$tree/$marker" ] || { echo "actx: no $marker in $dest/$glob" >&2; exit 1; }
echo "${tree%/}"
