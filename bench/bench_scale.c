/* bench_scale.c -- binding on one thread and calling on another.
 *
 * Each operation is ACTX_ONCE(fn) inside a context (the binding captures it),
 * then one call of the bound function, which reads the storage and releases
 * the binding.  "1 thread" does both halves itself; "2 threads" binds on one
 * thread and hands the bound pointers over a single-producer/single-consumer
 * ring to a second thread that calls them (so bind and unbind run on different
 * threads, as in a thread pool).  ns/op is wall time per operation: with two
 * threads working in parallel it can be lower than with one, and the ratio is
 * the throughput cost (or gain) of crossing threads.  Not a test.
 *
 * Usage: bench-scale [--quick] [--json FILE]
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "actx.h"

#define BENCH_REPS 5 /* each repetition starts and joins threads: keep it short */
#include "harness.h"

#define RING 1024

static actx_storage *S;
static long iterations = 1000000;
static atomic_long seen_wrong;

__attribute__((noinline)) static int target(int x) {
  if (actx_storage_get(S) != (void *)1) atomic_fetch_add(&seen_wrong, 1);
  return x + 1;
}

typedef int (*int_fn)(int);

static struct {
  _Alignas(64) atomic_ulong head; /* written by the producer */
  _Alignas(64) atomic_ulong tail; /* written by the consumer */
  _Alignas(64) int_fn slot[RING];
} ring;

/* Waiting on the other thread: spin briefly, then yield the CPU -- the VM has
 * 2 vCPUs shared with other work, and a waiter that only spins can burn the
 * whole time slice of the thread it waits for. */
static inline void relax(unsigned *spins) {
  if (++*spins < 64) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  } else {
    *spins = 0;
    sched_yield();
  }
}

static long ops;

static void *one_thread(void *arg) {
  (void)arg;
  for (long i = 0; i < ops; i++) {
    int_fn b = ACTX_ONCE(target);
    SINK(b((int)i));
  }
  return NULL;
}

static int plain_handoff;

__attribute__((noinline)) static int plain_target(int x) {
  return x + 1;
}

static void *producer(void *arg) {
  (void)arg;
  unsigned long h = atomic_load_explicit(&ring.head, memory_order_relaxed);
  for (long i = 0; i < ops; i++) {
    int_fn b = plain_handoff ? plain_target : ACTX_ONCE(target);
    unsigned spins = 0;
    while (h - atomic_load_explicit(&ring.tail, memory_order_acquire) >= RING) relax(&spins);
    ring.slot[h % RING] = b;
    atomic_store_explicit(&ring.head, ++h, memory_order_release);
  }
  return NULL;
}

static void *consumer(void *arg) {
  (void)arg;
  unsigned long t = atomic_load_explicit(&ring.tail, memory_order_relaxed);
  for (long i = 0; i < ops; i++) {
    unsigned spins = 0;
    while (atomic_load_explicit(&ring.head, memory_order_acquire) == t) relax(&spins);
    int_fn b = ring.slot[t % RING];
    atomic_store_explicit(&ring.tail, ++t, memory_order_release);
    SINK(b((int)i));
  }
  return NULL;
}

static void *in_context(void *fn) {
  return ((void *(*)(void *))fn)(NULL);
}

static double run_one(void) {
  double t0 = bench_now_ns();
  actx_storage_run(S, (void *)1, in_context, (void *)one_thread);
  return (bench_now_ns() - t0) / (double)ops;
}

static double run_two(void) {
  pthread_t c;
  double t0 = bench_now_ns();
  if (pthread_create(&c, NULL, consumer, NULL) != 0) abort();
  actx_storage_run(S, (void *)1, in_context, (void *)producer);
  pthread_join(c, NULL);
  return (bench_now_ns() - t0) / (double)ops;
}

static double run_two_plain(void) {
  plain_handoff = 1;
  double t = run_two();
  plain_handoff = 0;
  return t;
}

/* Times fn (which runs `ops` operations and returns ns per operation)
 * BENCH_REPS times after a warm-up of a tenth as many operations. */
static struct bench_result *measure(const char *name, const char *baseline, double (*fn)(void)) {
  double t[BENCH_REPS];
  ops = iterations / 10;
  fn(); /* warm up */
  ops = iterations;
  for (int r = 0; r < BENCH_REPS; r++) t[r] = fn();
  return bench_record(name, baseline, t);
}

int main(int argc, char **argv) {
  const char *json = bench_parse_args(argc, argv, &iterations, 0);
  S = actx_storage_new(NULL);
  struct bench_result *one = measure("bind+call+unbind, 1 thread", NULL, run_one);
  struct bench_result *two =
      measure("bind on A, call+unbind on B, 2 threads", "bind+call+unbind, 1 thread", run_two);
  measure("plain fn pointer handoff A->B, 2 threads", NULL, run_two_plain);
  printf("%-42s %8s %17s %7s\n", "case", "ns/op", "spread", "ratio");
  for (int i = 0; i < bench_nresults; i++) {
    const struct bench_result *r = &bench_results[i];
    printf("%-42s %8.2f %8.2f-%-8.2f %6.2fx\n", r->name, r->median, r->min, r->max,
           r->median / one->median);
  }
  printf("throughput, 2 threads vs 1: %.2fx; context wrong in %ld calls; live resources %zu\n",
         one->median / two->median, atomic_load(&seen_wrong), actx_live_resources());
  if (json) {
    char metrics[128];
    snprintf(metrics, sizeof metrics, "\"wrong_context\": %ld, \"live_resources\": %zu",
             atomic_load(&seen_wrong), actx_live_resources());
    bench_write_json(json, "scale", metrics);
  }
  actx_storage_free(S);
  return seen_wrong != 0;
}
