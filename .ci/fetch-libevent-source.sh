#!/usr/bin/env bash
# libevent 2.1.12's Debian source package (bookworm: 2.1.12-stable-8; its own
# regress suite) into DEST; prints the tree's path.
# usage: fetch-libevent-source.sh DEST
exec bash "$(dirname "$0")/fetch-source.sh" libevent 'libevent-*' test/regress.h "$1"
