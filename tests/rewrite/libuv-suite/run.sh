#!/bin/sh
# run.sh -- runs every libuv test one by one as an unprivileged user (the
# runner refuses root) from a copy of the source root (it needs
# test/fixtures), never running the tests that reach beyond loopback.
# Prints "name exit-status" lines; 0 = pass, 7 = skipped by the test itself;
# each test's output is WORK_DIR/NAME.log.
# usage: run.sh RUN_TESTS_BINARY LIBUV_SOURCE_DIR WORK_DIR
#
# nobody must reach everything it runs, also when the checkout (or TMPDIR)
# is under a directory other users cannot enter (a 0700 home, /root): the
# runner, test/ and the libraries the runner links from outside the system
# directories (the rewritten one's libactx.so, found through an rpath into
# the build tree) are copied to a directory of their own in /tmp (mode 755),
# the libraries into its lib/, where the runner's rpath $ORIGIN/lib
# (build.sh) finds them -- also for the children it spawns with an
# environment of their own.  Nothing of the user's is opened up.
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && work=$(cd "$work" && pwd) || exit 2
nb=$(mktemp -d /tmp/actx-libuv.XXXXXX) || exit 2
trap 'rm -rf "$nb"' EXIT
trap 'exit 130' INT TERM HUP
chmod 755 "$nb"
cp -r "$src/test" "$nb/" && cp "$bin" "$nb/run-tests" && mkdir "$nb/lib" || exit 2
ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 }' | while read -r soname path; do
  case $path in /lib/* | /lib64/* | /usr/*) ;; *) cp -L "$path" "$nb/lib/$soname" || exit 2 ;; esac
done || exit 2
chown -R nobody:nogroup "$nb"
cd "$nb" || exit 2
as_nobody() {
  setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME="$nb" "$@"
}
as_nobody ./run-tests --list 2>/dev/null | awk '{print $1}' | sort -u |
  grep -v -E '^(tcp_connect_timeout|tcp_close_while_connecting|udp_send_hang_loop|udp_multicast_.*|getaddrinfo_fail.*|threadpool_cancel_getaddrinfo)$' |
  while read -r t; do
    timeout 120 setpriv --reuid=nobody --regid=nogroup --clear-groups \
      env HOME="$nb" ./run-tests "$t" >"$work/$t.log" 2>&1
    echo "$t $?"
  done
