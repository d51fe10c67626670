/* rss.h -- the process's resident set size, for the tests and benchmarks that
 * check memory stays flat (tests/test-bind.c, bench/bench_bind.c).  Header-only
 * and free of cmocka and the bench harness, so both sides can include it:
 * bench/harness.h and tests/test.h do. */
#ifndef ACTX_RSS_H
#define ACTX_RSS_H

#include <stdio.h>
#include <unistd.h>

/* Resident set size in KiB, from /proc/self/statm; 0 where that cannot be read. */
static inline long rss_kb(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  long pages = 0, res = 0;
  if (f) {
    if (fscanf(f, "%ld %ld", &pages, &res) != 2)
      res = 0;
    fclose(f);
  }
  return res * (sysconf(_SC_PAGESIZE) / 1024);
}

#endif
