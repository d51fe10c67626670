#!/usr/bin/env bash
# libuv 1.44's Debian source package (its own test suite) into DEST; prints
# the tree's path.  usage: fetch-libuv-source.sh DEST
exec bash "$(dirname "$0")/fetch-source.sh" libuv1 'libuv1-*' test/test-list.h "$1"
