#!/usr/bin/env bash
# Redis 7.0's Debian source package (bookworm: 5:7.0.15; its own test suite,
# run by tests/rewrite/redis-suite/check.sh) into DEST; prints the tree's path.
# usage: fetch-redis-source.sh DEST
exec bash "$(dirname "$0")/fetch-source.sh" redis 'redis-*' src/ae.c "$1"
