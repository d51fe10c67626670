/* harness.h -- what every bench program shares: the timing loop (median of
 * BENCH_REPS timed repetitions after a warm-up, with the min-max spread), the
 * ratio to a baseline measured in the same run, and the JSON that
 * bench/report.py reads; rss_kb() comes with it (rss.h, shared with the tests).
 * Header-only: each bench program is one executable and includes it once.
 * Nothing here asserts a time. */
#ifndef ACTX_BENCH_HARNESS_H
#define ACTX_BENCH_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <actx.h>

#include "rss.h"

/* A hook that does nothing, for measuring what enabling one costs. */
static inline int bench_noop_init(actx_id id, const char *type, actx_id trigger, actx_resource *r,
                                  void *u) {
  (void)id, (void)type, (void)trigger, (void)r, (void)u;
  return 0;
}
static inline int bench_noop_event(actx_id id, void *u) {
  (void)id, (void)u;
  return 0;
}

#ifndef BENCH_REPS /* a program may define fewer, before including this */
#define BENCH_REPS 7
#endif
#define BENCH_MAX_RESULTS 64

/* Keeps the compiler from deleting or hoisting the measured work. */
#define SINK(x) __asm__ volatile("" : : "g"(x) : "memory")

struct bench_result {
  const char *name;
  const char *baseline;    /* another case's name, or NULL */
  double median, min, max; /* ns per operation */
};

static struct bench_result bench_results[BENCH_MAX_RESULTS];
static int bench_nresults;

/* The command line every bench program takes: --quick divides *iterations by
 * 10, --json FILE names the report (returned; NULL without it), and with
 * `take_count` a bare number sets *iterations.  Anything else prints the usage
 * and exits with 2. */
static inline const char *bench_parse_args(int argc, char **argv, long *iterations,
                                           int take_count) {
  const char *json = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0 && i + 1 < argc)
      json = argv[++i];
    else if (strcmp(argv[i], "--quick") == 0)
      *iterations /= 10;
    else if (take_count && argv[i][0] >= '0' && argv[i][0] <= '9')
      *iterations = atol(argv[i]);
    else {
      fprintf(stderr, "usage: %s [--quick] [--json FILE]%s\n", argv[0],
              take_count ? " [ITERATIONS]" : "");
      exit(2);
    }
  }
  return json;
}

static inline double bench_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static inline int bench_cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Records a case from BENCH_REPS samples (ns per operation each). */
static inline struct bench_result *bench_record(const char *name, const char *baseline,
                                                double t[BENCH_REPS]) {
  if (bench_nresults == BENCH_MAX_RESULTS) {
    fprintf(stderr, "bench: more than %d cases\n", BENCH_MAX_RESULTS);
    exit(2);
  }
  qsort(t, BENCH_REPS, sizeof t[0], bench_cmp_double);
  struct bench_result *r = &bench_results[bench_nresults++];
  *r = (struct bench_result){name, baseline, t[BENCH_REPS / 2], t[0], t[BENCH_REPS - 1]};
  return r;
}

/* Times fn(n) BENCH_REPS times after a warm-up of fn(n / 10). */
static inline struct bench_result *bench_measure(const char *name, const char *baseline,
                                                 void (*fn)(long n), long n) {
  double t[BENCH_REPS];
  fn(n / 10);
  for (int r = 0; r < BENCH_REPS; r++) {
    double t0 = bench_now_ns();
    fn(n);
    t[r] = (bench_now_ns() - t0) / (double)n;
  }
  return bench_record(name, baseline, t);
}

/* The median of a recorded case, 0 if there is none. */
static inline double bench_lookup(const char *name) {
  for (int i = 0; i < bench_nresults; i++)
    if (strcmp(bench_results[i].name, name) == 0)
      return bench_results[i].median;
  return 0;
}

static inline double bench_ratio(const struct bench_result *r) {
  double base = r->baseline ? bench_lookup(r->baseline) : 0;
  return base > 0 ? r->median / base : 0;
}

/* Prints every recorded case: median, spread, and against its baseline the
 * difference and the ratio; `width` is the name column's. */
static inline void bench_print_table(int width) {
  printf("%-*s %8s %17s %8s %7s  %s\n", width, "case", "ns/op", "spread", "+ns", "ratio",
         "baseline");
  for (int i = 0; i < bench_nresults; i++) {
    const struct bench_result *r = &bench_results[i];
    char spread[32];
    snprintf(spread, sizeof spread, "%.2f-%.2f", r->min, r->max);
    if (r->baseline) {
      double b = bench_lookup(r->baseline);
      printf("%-*s %8.2f %17s %+8.2f %6.2fx  %s\n", width, r->name, r->median, spread,
             r->median - b, r->median / b, r->baseline);
    } else {
      printf("%-*s %8.2f %17s\n", width, r->name, r->median, spread);
    }
  }
}

/* Writes {"suite", "results": [...], "metrics": {metrics}} for report.py;
 * `metrics` is the inside of a JSON object, or NULL.  Exits 1 if it cannot. */
static inline void bench_write_json(const char *path, const char *suite, const char *metrics) {
  FILE *f = fopen(path, "w");
  if (!f) {
    perror(path);
    exit(1);
  }
  fprintf(f, "{\"suite\": \"%s\", \"results\": [\n", suite);
  for (int i = 0; i < bench_nresults; i++) {
    const struct bench_result *r = &bench_results[i];
    fprintf(f, "  {\"name\": \"%s\", \"median_ns\": %.3f, \"min_ns\": %.3f, \"max_ns\": %.3f",
            r->name, r->median, r->min, r->max);
    if (r->baseline)
      fprintf(f, ", \"baseline\": \"%s\", \"ratio\": %.3f", r->baseline, bench_ratio(r));
    fprintf(f, "}%s\n", i + 1 < bench_nresults ? "," : "");
  }
  fprintf(f, "]%s%s%s}\n", metrics ? ", \"metrics\": {" : "", metrics ? metrics : "",
          metrics ? "}" : "");
  if (fclose(f) != 0) {
    perror(path);
    exit(1);
  }
}

#endif
