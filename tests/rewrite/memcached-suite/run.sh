#!/bin/sh
# run.sh -- runs memcached 1.6's own test suite in one built tree, as `make
# test` does (./sizes, ./testapp, then every t/*.t with perl from the tree's
# top directory), one program at a time, and prints one line per program:
#   NAME RESULT OK NOTOK
# RESULT is PASS (exit 0, no "not ok"), FAIL, or TIMEOUT (still running after
# 300 s); OK and NOTOK count its TAP "ok"/"not ok" lines, subtests included.
# WORK_DIR/NAME.log keeps each program's output.
# usage: run.sh TREE WORK_DIR [NAME...]   (default: all but the excluded)
#        run.sh --list TREE               (prints the default names)
#
# Excluded, because they reach beyond loopback:
#   00-startup  starts memcached with "-l fooble": a host name looked up by
#               the system resolver, a DNS query to /etc/resolv.conf's server;
#   issue_67    starts memcached with no -l on the fixed port 11211, which it
#               first binds on INADDR_ANY: every interface, and a port that
#               the plain and rewritten runs (check.sh runs both at once), or
#               any memcached on the machine, cannot share.
# Two others listen on the wildcard address, at a free port, and talk to it
# through 127.0.0.1 only; they stay: testapp (no -l) and stats-conns
# (-l 0.0.0.0, to check the listener's reported address).
set -u
defaults() {
  echo sizes; echo testapp
  for t in "$1"/t/*.t; do
    n=$(basename "$t" .t)
    case $n in 00-startup | issue_67) continue ;; esac
    echo "$n"
  done
}
if [ "$1" = --list ]; then
  defaults "$2"
  exit 0
fi
tree=$(realpath "$1") || exit 2
work=$2
shift 2
mkdir -p "$work" || exit 2
work=$(realpath "$work")
cd "$tree" || exit 2
[ $# -gt 0 ] || set -- $(defaults .)

for n in "$@"; do
  case $n in
    sizes | testapp) cmd="./$n" ;;
    *) cmd="perl t/$n.t" ;;
  esac
  timeout -k 10 300 $cmd >"$work/$n.log" 2>&1 </dev/null
  rc=$?
  ok=$(grep -cE '^[[:space:]]*ok\b' "$work/$n.log")
  notok=$(grep -cE '^[[:space:]]*not ok\b' "$work/$n.log")
  if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then res=TIMEOUT
  elif [ $rc -eq 0 ] && [ "$notok" -eq 0 ]; then res=PASS
  else res=FAIL
  fi
  echo "$n $res $ok $notok"
done
