#!/bin/sh
# run.sh -- runs the default test set of one libevent 2.1.12 regress binary,
# each test in a process of its own (tinytest runs the tests without TT_FORK
# in its own process, so one crash would lose every later result), from an
# empty working directory (dns/nameservers_no_default wants no
# ./empty-resolv.conf), and prints one "NAME RESULT" line per test:
#   OK       the test passed        SKIPPED  the test skipped itself
#   FAIL     the test failed        TIMEOUT  still running after 60 s
#   SIGNAME  the runner died of a signal (a test run without forking crashed)
# NAME.log in WORK_DIR keeps each test's --verbose output.
# usage: run.sh REGRESS_BINARY WORK_DIR [TEST...]   (default: the default set)
#
# The default set is what `regress` runs with no argument: every test of
# --list-tests but those marked "(Off by default)" or "(DISABLED)" -- the
# live-DNS ones (dns/gethostbyname, dns/gethostbyname6, dns/gethostbyaddr,
# dns/resolve_reverse, util/getaddrinfo_live) are off by default already.
# Left out as well, because they reach beyond loopback:
#   dns/bufferevent_connect_hostname, dns/bufferevent_connect_hostname_emfile
#     resolve "nonesuch.nowhere.example.com" with the system (blocking)
#     resolver: a live DNS query to /etc/resolv.conf's nameserver, whose
#     answer the test only adapts to;
#   http/connection_fail
#     connects to 239.10.20.30:80 ("an unroutable address") and expects the
#     connection to fail; it must not leave the machine.
set -u
bin=$(realpath "$1") || exit 2
work=$2
shift 2
rm -rf "$work" && mkdir -p "$work" || exit 2
work=$(realpath "$work")
cd "$work" || exit 2
excluded='^(dns/bufferevent_connect_hostname|dns/bufferevent_connect_hostname_emfile|http/connection_fail)$'
if [ $# -gt 0 ]; then
  printf '%s\n' "$@" >tests.txt
else
  "$bin" --list-tests >list.txt 2>&1 || { cat list.txt; echo "run.sh: $bin --list-tests failed" >&2; exit 1; }
  # Test lines are indented; the flags follow the name.
  grep '^    [^ ]' list.txt | grep -v -e '(Off by default)' -e '(DISABLED)' |
    awk '{ print $1 }' | grep -v -E "$excluded" | sort -u >tests.txt
fi
[ -s tests.txt ] || { echo "run.sh: no test to run" >&2; exit 1; }
while read -r t; do
  log=$work/$(echo "$t" | tr / _).log
  # tinytest's own alarm() ends a forked test after 30 s (a FAIL); the
  # outer timeout catches a test run in the runner's own process.
  timeout -k 5 60 "$bin" --verbose --timeout 30 "$t" >"$log" 2>&1 </dev/null
  rc=$?
  last=$(tail -n 1 "$log")
  if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
    res=TIMEOUT
  elif [ $rc -gt 128 ]; then
    res=$(kill -l $((rc - 128)) 2>/dev/null || echo "signal$((rc - 128))")
    res=SIG$res
  elif [ $rc -ne 0 ]; then
    res=FAIL
  else
    case $last in
      "1 tests ok."*) res=OK ;;
      "0 tests ok.  (1 skipped)") res=SKIPPED ;;
      *) res=FAIL ;;
    esac
  fi
  echo "$t $res"
done <tests.txt
