/* bench_runtime.c -- cost of the runtime core, against baselines measured in
 * the same run: an indirect call and a thread-local load.
 *
 * Prints one line per case: median ns/op over several repetitions, the spread
 * (min-max), and the ratio to its baseline.  Not a test: this machine is noisy,
 * so nothing here asserts a time.  `--json FILE` also writes the table as JSON.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "actx.h"
#include "harness.h"

static long iterations = 2000000;

/* ------------------------------------------------------------ baselines */

__attribute__((noinline)) static void *trivial(void *arg) {
  SINK(arg);
  return arg;
}
static actx_run_cb volatile trivial_ptr = trivial;

static void b_indirect_call(long n) {
  for (long i = 0; i < n; i++)
    SINK(trivial_ptr((void *)i));
}

static __thread __attribute__((tls_model("initial-exec"))) void *tls_value = (void *)1;
static void b_tls_load(long n) {
  for (long i = 0; i < n; i++) {
    void *v = tls_value;
    SINK(v);
  }
}

/* What a call into a library that reads a TLS slot costs at minimum. */
__attribute__((noinline)) static void *tls_getter(const void *unused) {
  SINK(unused);
  return tls_value;
}
static void *(*volatile tls_getter_ptr)(const void *) = tls_getter;
static void b_call_tls_load(long n) {
  for (long i = 0; i < n; i++)
    SINK(tls_getter_ptr(NULL));
}

static void b_malloc_free(long n) {
  for (long i = 0; i < n; i++) {
    void *p = malloc(64);
    SINK(p);
    free(p);
  }
}

/* ------------------------------------------------------------ cases */

static actx_storage *S;
static actx_storage *many[16];

static void b_get_outside(long n) {
  for (long i = 0; i < n; i++)
    SINK(actx_storage_get(S));
}

static long loop_n;
long bench_loop_n;
void *bench_inline_get_loop(void *arg); /* inline_get_loop.c */
static void b_get_inline(long n) {
  bench_loop_n = n;
  actx_storage_run(S, (void *)1, bench_inline_get_loop, S);
}
static void *get_loop(void *arg) {
  for (long i = 0; i < loop_n; i++)
    SINK(actx_storage_get(arg));
  return NULL;
}
static void b_get_inside(long n) {
  loop_n = n;
  actx_storage_run(S, (void *)1, get_loop, S);
}

static void b_run(long n) {
  for (long i = 0; i < n; i++)
    SINK(actx_storage_run(S, (void *)i, trivial, NULL));
}

static void *enter_loop(void *arg) {
  for (long i = 0; i < loop_n; i++)
    actx_storage_enter_with(arg, (void *)i);
  return NULL;
}
static void b_enter_with(long n) {
  loop_n = n;
  actx_storage_run(S, (void *)1, enter_loop, S);
}

static void *snapshot_loop(void *arg) {
  (void)arg;
  for (long i = 0; i < loop_n; i++) {
    actx_frame *f = actx_snapshot();
    SINK(actx_frame_run(f, trivial, NULL));
    actx_frame_release(f);
  }
  return NULL;
}
static void b_snapshot_frame_run(long n) {
  loop_n = n;
  actx_storage_run(S, (void *)1, snapshot_loop, NULL);
}

static void *resource_loop(void *arg) {
  (void)arg;
  for (long i = 0; i < loop_n; i++) {
    actx_resource *r = actx_resource_new("BENCH", NULL);
    SINK(actx_resource_run(r, trivial, NULL));
    actx_resource_release(r);
  }
  return NULL;
}
static void b_resource_cycle(long n) {
  loop_n = n;
  actx_storage_run(S, (void *)1, resource_loop, NULL);
}

static int noop_init(actx_id id, const char *type, actx_id trigger, actx_resource *r, void *u) {
  SINK(id);
  SINK(type);
  SINK(trigger);
  SINK(r);
  SINK(u);
  return 0;
}
static int noop_event(actx_id id, void *u) {
  SINK(id);
  SINK(u);
  return 0;
}

static actx_storage **frame_storages;
static int frame_width;
static void *get_last(void *arg) {
  (void)arg;
  for (long i = 0; i < loop_n; i++)
    SINK(actx_storage_get(frame_storages[frame_width - 1]));
  return NULL;
}
static void *run_in_wide(void *arg) {
  (void)arg;
  for (long i = 0; i < loop_n; i++)
    SINK(actx_storage_run(frame_storages[0], (void *)i, trivial, NULL));
  return NULL;
}
static actx_run_cb wide_body;
/* Enters storages 0..width-1, then runs the body inside all of them. */
static void *nest(void *arg) {
  intptr_t k = (intptr_t)arg;
  if (k == frame_width)
    return wide_body(NULL);
  return actx_storage_run(frame_storages[k], (void *)(k + 1), nest, (void *)(k + 1));
}
static void wide(long n, int width, actx_run_cb body) {
  loop_n = n;
  frame_storages = many;
  frame_width = width;
  wide_body = body;
  nest((void *)0);
}
static void b_get_w1(long n) {
  wide(n, 1, get_last);
}
static void b_get_w4(long n) {
  wide(n, 4, get_last);
}
static void b_get_w16(long n) {
  wide(n, 16, get_last);
}
static void b_run_w1(long n) {
  wide(n, 1, run_in_wide);
}
static void b_run_w4(long n) {
  wide(n, 4, run_in_wide);
}
static void b_run_w16(long n) {
  wide(n, 16, run_in_wide);
}

int main(int argc, char **argv) {
  const char *json = bench_parse_args(argc, argv, &iterations, 0);
  S = actx_storage_new(&(actx_storage_options){.name = "bench"});
  for (int i = 0; i < 16; i++)
    many[i] = actx_storage_new(NULL);

  long n = iterations;
  bench_measure("indirect call", NULL, b_indirect_call, n * 5);
  bench_measure("TLS load (inline)", NULL, b_tls_load, n * 5);
  bench_measure("call + TLS load", NULL, b_call_tls_load, n * 5);
  bench_measure("malloc+free (64 B)", NULL, b_malloc_free, n);
  bench_measure("get, outside run", "call + TLS load", b_get_outside, n * 5);
  bench_measure("get, inside run", "call + TLS load", b_get_inside, n * 5);
  bench_measure("get, inline (ACTX_INLINE_GET)", "TLS load (inline)", b_get_inline, n * 5);
  bench_measure("run (trivial fn)", "indirect call", b_run, n);
  bench_measure("enter_with", "indirect call", b_enter_with, n);
  bench_measure("snapshot + frame_run", "indirect call", b_snapshot_frame_run, n);
  bench_measure("resource_new+run+release", "malloc+free (64 B)", b_resource_cycle, n / 2);
  bench_measure("get, frame of 1", "call + TLS load", b_get_w1, n * 2);
  bench_measure("get, frame of 4", "call + TLS load", b_get_w4, n * 2);
  bench_measure("get, frame of 16", "call + TLS load", b_get_w16, n * 2);
  bench_measure("run, frame of 1", "indirect call", b_run_w1, n);
  bench_measure("run, frame of 4", "indirect call", b_run_w4, n);
  bench_measure("run, frame of 16", "indirect call", b_run_w16, n);

  actx_hook *h = actx_hook_enable(actx_hook_new(
      &(actx_hook_callbacks){noop_init, noop_event, noop_event, noop_event, noop_event}, NULL));
  bench_measure("run, 1 no-op hook", "indirect call", b_run, n);
  bench_measure("resource cycle, 1 no-op hook", "malloc+free (64 B)", b_resource_cycle, n / 2);
  actx_hook_free(h);
  bench_measure("run (trivial fn), again", "indirect call", b_run, n);

  printf("%-30s %10s %17s %9s  %s\n", "case", "ns/op", "spread", "ratio", "baseline");
  for (int i = 0; i < bench_nresults; i++) {
    struct bench_result *r = &bench_results[i];
    char ratio[32] = "";
    if (r->baseline)
      snprintf(ratio, sizeof ratio, "%.2fx", bench_ratio(r));
    printf("%-30s %10.2f %8.2f-%-8.2f %9s  %s\n", r->name, r->median, r->min, r->max, ratio,
           r->baseline ? r->baseline : "");
  }
  if (json)
    bench_write_json(json, "runtime", NULL);
  for (int i = 0; i < 16; i++)
    actx_storage_free(many[i]);
  actx_storage_free(S);
  return 0;
}
