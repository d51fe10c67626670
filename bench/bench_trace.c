/* bench_trace.c -- what trace export costs a bound call, against baselines
 * measured in the same run.
 *
 *   a typed-thunk bound call with no trace ever started, then after a trace
 *   was started and stopped (both: the off path, one test of the thread's
 *   `quiet` byte), each against a plain indirect call of the same signature;
 *   the same call with one no-op hook enabled (the full path a trace also
 *   takes), and while a trace is written: to /dev/null (formatting and write()
 *   calls, no disk) and to a file (ITERATIONS / 100 calls: ~300 bytes each);
 *   and a resource new+run+release cycle without and with a trace.
 *
 * Not a test: nothing here asserts a time.  Each case has its own loop
 * function, so that callgrind counts each case's instructions:
 *   valgrind --tool=callgrind --collect-atstart=no --toggle-collect=b_typed_never \
 *     build-bench/bench/bench-trace 20000   (one --toggle-collect per loop)
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "actx.h"
#include "harness.h"

static long iterations = 5000000; /* per repetition; --quick divides by 10 */

__attribute__((noinline)) static int target(int x) {
  SINK(x);
  return x + 1;
}
ACTX_THUNK(target_thunk, int, (int x), (x))

static int (*volatile plain_ptr)(int) = target;
static int (*volatile typed_ptr)(int);

static void b_indirect(long n) {
  for (long i = 0; i < n; i++)
    SINK(plain_ptr((int)i));
}
/* The same loop under one name per case, so that callgrind's
 * --toggle-collect can count each case's instructions on its own. */
#define TYPED_LOOP(name)         \
  static void name(long n) {     \
    for (long i = 0; i < n; i++) \
      SINK(typed_ptr((int)i));   \
  }
TYPED_LOOP(b_typed_never)
TYPED_LOOP(b_typed_after)
TYPED_LOOP(b_typed_hook)
TYPED_LOOP(b_typed_devnull)
TYPED_LOOP(b_typed_file)
static void *nothing(void *arg) {
  return arg;
}
#define RESOURCE_LOOP(name)                                \
  static void name(long n) {                               \
    for (long i = 0; i < n; i++) {                         \
      actx_resource *r = actx_resource_new("bench", NULL); \
      actx_resource_run(r, nothing, NULL);                 \
      actx_resource_release(r);                            \
    }                                                      \
  }
RESOURCE_LOOP(b_resource)
RESOURCE_LOOP(b_resource_traced)

static void start(const char *path) {
  if (actx_trace_export_start(path) != 0) {
    fprintf(stderr, "bench-trace: cannot trace to %s\n", path);
    exit(1);
  }
}

int main(int argc, char **argv) {
  const char *json = bench_parse_args(argc, argv, &iterations, 1);
  actx_storage *S = actx_storage_new(NULL);
  static int store;
  actx_storage_enter_with(S, &store);
  typed_ptr = ACTX_BIND_T(target_thunk, target);
  actx_storage_enter_with(S, NULL);
  char file[] = "/tmp/bench-trace-XXXXXX";
  int fd = mkstemp(file);
  if (fd < 0) {
    perror("mkstemp");
    return 1;
  }
  close(fd);
  unlink(file); /* the trace creates it again */

  bench_measure("trace: indirect call int(int)", NULL, b_indirect, iterations);
  bench_measure("trace: bound call, no trace ever", "trace: indirect call int(int)", b_typed_never,
                iterations);
  start("/dev/null");
  actx_trace_export_stop();
  bench_measure("trace: bound call, trace off (after one)", "trace: indirect call int(int)",
                b_typed_after, iterations);
  bench_measure("trace: indirect call int(int), again", NULL, b_indirect, iterations);

  actx_hook_callbacks cbs = {bench_noop_init, bench_noop_event, bench_noop_event, bench_noop_event,
                             NULL};
  actx_hook *h = actx_hook_enable(actx_hook_new(&cbs, NULL));
  bench_measure("trace: bound call, 1 no-op hook", "trace: bound call, no trace ever", b_typed_hook,
                iterations);
  actx_hook_free(h);

  start("/dev/null");
  bench_measure("trace: bound call, tracing to /dev/null", "trace: bound call, no trace ever",
                b_typed_devnull, iterations);
  actx_trace_export_stop();
  start(file);
  bench_measure("trace: bound call, tracing to a file", "trace: bound call, no trace ever",
                b_typed_file, iterations / 100);
  actx_trace_export_stop();
  long bytes = 0;
  FILE *f = fopen(file, "r");
  if (f) {
    fseek(f, 0, SEEK_END);
    bytes = ftell(f);
    fclose(f);
  }
  unlink(file);
  long traced_calls = (iterations / 100) / 10 + (long)BENCH_REPS * (iterations / 100);

  bench_measure("trace: resource new+run+release", NULL, b_resource, iterations / 10);
  start("/dev/null");
  bench_measure("trace: resource cycle, tracing to /dev/null", "trace: resource new+run+release",
                b_resource_traced, iterations / 10);
  actx_trace_export_stop();

  bench_print_table(46);
  double per_call = traced_calls ? (double)bytes / (double)traced_calls : 0;
  printf("\ntrace file: %.0f bytes per traced bound call (%ld bytes, %ld calls)\n", per_call, bytes,
         traced_calls);
  if (json) {
    char extra[128];
    snprintf(extra, sizeof extra, "\"trace_bytes_per_bound_call\": %.1f", per_call);
    bench_write_json(json, "trace", extra);
  }
  actx_unbind((actx_fn)typed_ptr);
  actx_storage_free(S);
  return 0;
}
