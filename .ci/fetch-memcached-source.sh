#!/usr/bin/env bash
# memcached 1.6's Debian source package (bookworm: 1.6.18-1; its own t/*.t
# suite and testapp) into DEST; prints the tree's path.
# usage: fetch-memcached-source.sh DEST
exec bash "$(dirname "$0")/fetch-source.sh" memcached 'memcached-*' t/lib/MemcachedTest.pm "$1"
