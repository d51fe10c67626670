#!/bin/sh
# run.sh -- runs every libuv test one by one as an unprivileged user (the
# runner refuses root) from a copy of the source root (it needs
# test/fixtures), never running the tests that reach beyond loopback.
# Prints "name exit-status" lines; 0 = pass, 7 = skipped by the test itself.
# usage: run.sh RUN_TESTS_BINARY LIBUV_SOURCE_DIR WORK_DIR
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cp -r "$src/test" "$work/" && cp "$bin" "$work/run-tests"
chown -R nobody:nogroup "$work"
cd "$work" || exit 2
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME="$work" "$@"; }
as_nobody ./run-tests --list 2>/dev/null | awk '{print $1}' | sort -u |
  grep -v -E '^(tcp_connect_timeout|tcp_close_while_connecting|udp_send_hang_loop|udp_multicast_.*|getaddrinfo_fail.*|threadpool_cancel_getaddrinfo)$' |
  while read -r t; do
    timeout 120 setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME="$work" ./run-tests "$t" >"$t.log" 2>&1
    echo "$t $?"
  done
