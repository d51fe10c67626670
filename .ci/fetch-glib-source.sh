#!/usr/bin/env bash
# Fetches GLib 2.74's Debian source package (glib2.0; bookworm has 2.74.6:
# its own glib/tests and gio/tests are what the rewriter is tested against)
# into the directory given, unless it is already there, and prints the
# unpacked tree's path.  Adds a deb-src entry for bookworm main when apt has
# none.  Exits non-zero when it cannot.
set -euo pipefail
dest=$1
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
tree=$(ls -d "$dest"/glib2.0-*/ 2>/dev/null | head -1 || true)
if [ -n "$tree" ] && [ -f "$tree/glib/tests/mainloop.c" ]; then
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
command -v dpkg-source >/dev/null || \
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq dpkg-dev >/dev/null
# dpkg-source lists each of Debian's ~70 patches as it applies them: that goes
# to a log, shown only if it fails.
log=$dest/apt-get-source.log
(cd "$dest" && apt-get source -qq glib2.0 >"$log" 2>&1) || {
  # The package lists may predate the deb-src entry.
  $sudo_ apt-get update -qq >&2
  (cd "$dest" && apt-get source -qq glib2.0 >"$log" 2>&1) || { cat "$log" >&2; exit 1; }
}
tree=$(ls -d "$dest"/glib2.0-*/ | head -1)
echo "${tree%/}"
