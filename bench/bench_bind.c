/* bench_bind.c -- cost of bound calls and of binding, against baselines
 * measured in the same run.
 *
 *   bound call, three paths: the generic stub path (actx_bind), a typed thunk
 *   (ACTX_BIND_T), a box thunk (ACTX_BOX_*) -- each against a plain indirect
 *   call of the same signature;
 *   actx_bind + actx_unbind, without and with one no-op hook, and how many
 *   mallocs that does in steady state (a counting malloc interposed here);
 *   bytes per live binding; RSS across 2x ITERATIONS (10 million) bind/unbind pairs.
 *
 * One line per case: median ns/op over BENCH_REPS repetitions, spread (min-max),
 * and the difference and ratio to its baseline.  Not a test: the VM is noisy,
 * nothing here asserts a time.
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "actx.h"
#include "harness.h"

/* ------------------------------------------------------------ malloc count */

extern void *__libc_malloc(size_t n);
static long mallocs;
/* Interposes malloc for libactx too (it calls malloc through the PLT). */
void *malloc(size_t n) {
  __atomic_fetch_add(&mallocs, 1, __ATOMIC_RELAXED);
  return __libc_malloc(n);
}

static long iterations = 5000000; /* per repetition; --quick divides by 10 */

/* ------------------------------------------------------------ targets */

static actx_storage *S;

__attribute__((noinline)) static int target(int x) {
  SINK(x);
  return x + 1;
}
__attribute__((noinline)) static int box_target(void *data, int x) {
  SINK(data);
  return x + 1;
}

ACTX_THUNK(target_thunk, int, (int x), (x))
ACTX_THUNK_R(target_thunk_r, 1, int, (int x), (x))
ACTX_BOX_THUNK(target_box_thunk, int, (void *ud, int x), (ud, x), 0)

static int (*volatile plain_ptr)(int) = target;
static int (*volatile generic_ptr)(int);
static int (*volatile typed_ptr)(int);
static int (*volatile typed_r_ptr)(int);
static int (*volatile plain_box_ptr)(void *, int) = box_target;
static int (*volatile box_thunk_ptr)(void *, int) = target_box_thunk;
static void *box;
static int box_data;

static void b_direct(long n) {
  for (long i = 0; i < n; i++)
    SINK(target((int)i));
}
static void b_indirect(long n) {
  for (long i = 0; i < n; i++)
    SINK(plain_ptr((int)i));
}
static void b_generic(long n) {
  for (long i = 0; i < n; i++)
    SINK(generic_ptr((int)i));
}
static void b_typed(long n) {
  for (long i = 0; i < n; i++)
    SINK(typed_ptr((int)i));
}
static void b_typed_r(long n) {
  for (long i = 0; i < n; i++)
    SINK(typed_r_ptr((int)i));
}
static void b_indirect_box(long n) {
  for (long i = 0; i < n; i++)
    SINK(plain_box_ptr(&box_data, (int)i));
}
static void b_boxed(long n) {
  for (long i = 0; i < n; i++)
    SINK(box_thunk_ptr(box, (int)i));
}
static void b_malloc_free(long n) {
  for (long i = 0; i < n; i++) {
    void *p = malloc(128);
    SINK(p);
    free(p);
  }
}
static void b_bind_unbind(long n) {
  for (long i = 0; i < n; i++) {
    actx_fn b = actx_bind((actx_fn)target, "bench");
    SINK(b);
    actx_unbind(b);
  }
}
static void b_box_new_free(long n) {
  for (long i = 0; i < n; i++) {
    actx_box *b = actx_box_new((actx_fn)box_target, &box_data, NULL);
    SINK(b);
    actx_box_free(b);
  }
}
static void b_bind_call_unbind_once(long n) {
  for (long i = 0; i < n; i++) {
    int (*b)(int) = ACTX_ONCE(target);
    SINK(b((int)i));
  }
}

int main(int argc, char **argv) {
  const char *json = bench_parse_args(argc, argv, &iterations, 1);
  S = actx_storage_new(NULL);
  static int store;
  actx_storage_enter_with(S, &store);
  generic_ptr = ACTX_BIND(target);
  typed_ptr = ACTX_BIND_T(target_thunk, target);
  typed_r_ptr = ACTX_BIND_T(target_thunk_r, target);
  box = ACTX_BOX_FOREVER(box_target, &box_data);
  actx_storage_enter_with(S, NULL);

  bench_measure("direct call int(int)", NULL, b_direct, iterations);
  bench_measure("indirect call int(int)", NULL, b_indirect, iterations);
  bench_measure("bound call: typed thunk (TLS)", "indirect call int(int)", b_typed, iterations);
  bench_measure("bound call: typed thunk (register)", "indirect call int(int)", b_typed_r,
                iterations);
  bench_measure("bound call: generic stub", "indirect call int(int)", b_generic, iterations);
  bench_measure("indirect call int(void*,int)", NULL, b_indirect_box, iterations);
  bench_measure("bound call: box thunk", "indirect call int(void*,int)", b_boxed, iterations);
  bench_measure("indirect call int(int), again", NULL, b_indirect, iterations);
  bench_measure("malloc+free (128 B)", NULL, b_malloc_free, iterations);

  long m0 = mallocs;
  bench_measure("actx_bind+actx_unbind", "malloc+free (128 B)", b_bind_unbind, iterations);
  long bind_mallocs = mallocs - m0;
  bench_measure("ACTX_ONCE bind+call", "malloc+free (128 B)", b_bind_call_unbind_once, iterations);
  bench_measure("actx_box_new+actx_box_free", "malloc+free (128 B)", b_box_new_free, iterations);

  /* One hook with all four callbacks (init, before, after, destroy) no-ops. */
  actx_hook_callbacks cbs = {bench_noop_init, bench_noop_event, bench_noop_event, bench_noop_event,
                             NULL};
  actx_hook *h = actx_hook_enable(actx_hook_new(&cbs, NULL));
  m0 = mallocs;
  bench_measure("actx_bind+actx_unbind, 1 no-op hook", "actx_bind+actx_unbind", b_bind_unbind,
                iterations);
  long hook_mallocs = mallocs - m0;
  bench_measure("bound call: typed thunk (TLS), 1 no-op hook", "bound call: typed thunk (TLS)",
                b_typed, iterations);
  bench_measure("bound call: box thunk, 1 no-op hook", "bound call: box thunk", b_boxed,
                iterations);
  bench_measure("bound call: generic, 1 no-op hook", "bound call: generic stub", b_generic,
                iterations);
  actx_hook_free(h);

  bench_print_table(46);
  long calls = iterations / 10 + (long)BENCH_REPS * iterations;
  printf("\nmallocs per bind+unbind (steady state): %.6f (%ld in %ld pairs); "
         "with a hook: %.6f\n",
         (double)bind_mallocs / (double)calls, bind_mallocs, calls,
         (double)hook_mallocs / (double)calls);

  /* Bytes per live binding: heap growth (binding chunks) plus stub pages
   * (one code page from the library file and one slot page per 256). */
  enum { LIVE = 200000 };
  static actx_fn live[LIVE];
  struct mallinfo2 mi0 = mallinfo2();
  long rss0 = rss_kb();
  for (int i = 0; i < LIVE; i++)
    live[i] = actx_bind((actx_fn)target, "bench");
  struct mallinfo2 mi1 = mallinfo2();
  long rss1 = rss_kb();
  int ok = 1;
  for (int i = 0; i < LIVE; i++)
    ok &= live[i] != NULL;
  double heap = (double)(mi1.uordblks + mi1.hblkhd - mi0.uordblks - mi0.hblkhd) / LIVE;
  double stub = 16.0 + 8.0; /* stub code + slot */
  printf("bytes per live binding: %.1f (heap %.1f + stub code and slot %.1f; "
         "RSS grew %.1f B/binding)%s\n",
         heap + stub, heap, stub, (double)(rss1 - rss0) * 1024 / LIVE,
         ok ? "" : " [some binds failed]");
  for (int i = 0; i < LIVE; i++)
    actx_unbind(live[i]);

  /* 2 x iterations (10 million) bind/unbind pairs: RSS must stay flat. */
  long r0 = rss_kb();
  double t0 = bench_now_ns();
  long pairs = iterations * 2;
  for (long i = 0; i < pairs; i++)
    actx_unbind(actx_bind((actx_fn)target, "x"));
  double t1 = bench_now_ns();
  long r_end = rss_kb();
  printf("%ldM bind/unbind: %.2f s, RSS %ld KiB -> %ld KiB, live resources %zu\n", pairs / 1000000,
         (t1 - t0) / 1e9, r0, r_end, actx_live_resources());
  if (json) {
    char extra[512];
    snprintf(extra, sizeof extra,
             "\"mallocs_per_bind_unbind\": %.6f, \"bytes_per_live_binding\": %.1f, "
             "\"rss_bind_unbind_pairs_kib\": [%ld, %ld, %ld]",
             (double)bind_mallocs / (double)calls, heap + stub, pairs, r0, r_end);
    bench_write_json(json, "bind", extra);
  }
  actx_unbind((actx_fn)generic_ptr);
  actx_unbind((actx_fn)typed_ptr);
  actx_unbind((actx_fn)typed_r_ptr);
  actx_box_free(box);
  actx_storage_free(S);
  return 0;
}
