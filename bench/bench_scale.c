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
 * Then the same for 1, 2, 4, 8 and 16 pairs of threads at once (each pair its
 * own ring and its own context), against the bare pointer hand-off with as many
 * pairs and against as many threads each doing bind + call + release itself
 * (no crossing).  ns/op there is wall time over the operations of all pairs
 * together, so on a machine with enough cores it falls as pairs are added; on
 * one with fewer cores than threads it shows what oversubscription does.  The
 * cost of crossing is reported as (crossing - bare hand-off) / no crossing.
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
#include <unistd.h>

#include "actx.h"

#define BENCH_REPS 5 /* each repetition starts and joins threads: keep it short */
#include "harness.h"

#define RING 1024

static actx_storage *S;
static long iterations = 1000000;
static atomic_long seen_wrong;

__attribute__((noinline)) static int target(int x) {
  if (actx_storage_get(S) != (void *)1)
    atomic_fetch_add(&seen_wrong, 1);
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
    while (h - atomic_load_explicit(&ring.tail, memory_order_acquire) >= RING)
      relax(&spins);
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
    while (atomic_load_explicit(&ring.head, memory_order_acquire) == t)
      relax(&spins);
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
  if (pthread_create(&c, NULL, consumer, NULL) != 0)
    abort();
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
  for (int r = 0; r < BENCH_REPS; r++)
    t[r] = fn();
  return bench_record(name, baseline, t);
}

/* ------------------------------------------------------------ the curve */

#define MAX_PAIRS 16

/* One ring per pair, each on its own cache lines. */
struct pair_ring {
  _Alignas(64) atomic_ulong head;
  _Alignas(64) atomic_ulong tail;
  _Alignas(64) int_fn slot[RING];
};
static struct pair_ring *rings;
static atomic_int go; /* the threads of a case start together */
static long ops_each; /* operations per thread (solo) or per pair */

enum role { PRODUCE, PRODUCE_PLAIN, CONSUME, SOLO };
struct worker {
  pthread_t th;
  enum role role;
  struct pair_ring *ring;
};

static void wait_go(void) {
  unsigned spins = 0;
  while (!atomic_load_explicit(&go, memory_order_acquire))
    relax(&spins);
}

static void *pair_produce(void *arg) {
  struct worker *w = arg;
  struct pair_ring *r = w->ring;
  unsigned long h = atomic_load_explicit(&r->head, memory_order_relaxed);
  wait_go();
  for (long i = 0; i < ops_each; i++) {
    int_fn b = w->role == PRODUCE_PLAIN ? plain_target : ACTX_ONCE(target);
    unsigned spins = 0;
    while (h - atomic_load_explicit(&r->tail, memory_order_acquire) >= RING)
      relax(&spins);
    r->slot[h % RING] = b;
    atomic_store_explicit(&r->head, ++h, memory_order_release);
  }
  return NULL;
}

static void *pair_consume(struct worker *w) {
  struct pair_ring *r = w->ring;
  unsigned long t = atomic_load_explicit(&r->tail, memory_order_relaxed);
  wait_go();
  for (long i = 0; i < ops_each; i++) {
    unsigned spins = 0;
    while (atomic_load_explicit(&r->head, memory_order_acquire) == t)
      relax(&spins);
    int_fn b = r->slot[t % RING];
    atomic_store_explicit(&r->tail, ++t, memory_order_release);
    SINK(b((int)i));
  }
  return NULL;
}

static void *solo(void) {
  wait_go();
  for (long i = 0; i < ops_each; i++) {
    int_fn b = ACTX_ONCE(target);
    SINK(b((int)i));
  }
  return NULL;
}

static void *in_own_context(void *arg) {
  struct worker *w = arg;
  return w->role == SOLO ? solo() : pair_produce(w);
}

static void *worker_main(void *arg) {
  struct worker *w = arg;
  switch (w->role) {
  case CONSUME: return pair_consume(w);
  case PRODUCE_PLAIN: return pair_produce(w);
  /* Binding threads work in a context of their own, as one_thread does. */
  default: return actx_storage_run(S, (void *)1, in_own_context, w);
  }
}

/* Runs `total` operations over `pairs` pairs (or 2 x pairs solo threads) and
 * returns wall ns per operation. */
static double run_pairs(int pairs, enum role producer, long total) {
  struct worker w[2 * MAX_PAIRS];
  int n = 2 * pairs;
  memset(rings, 0, sizeof *rings * (size_t)pairs);
  atomic_store(&go, 0);
  ops_each = producer == SOLO ? total / n : total / pairs;
  for (int i = 0; i < n; i++) {
    w[i].role = producer == SOLO ? SOLO : i % 2 ? CONSUME : producer;
    w[i].ring = &rings[i / 2];
    if (pthread_create(&w[i].th, NULL, worker_main, &w[i]) != 0)
      abort();
  }
  double t0 = bench_now_ns();
  atomic_store_explicit(&go, 1, memory_order_release);
  for (int i = 0; i < n; i++)
    pthread_join(w[i].th, NULL);
  long done = producer == SOLO ? ops_each * n : ops_each * pairs;
  return (bench_now_ns() - t0) / (double)done;
}

static const int curve_pairs[] = {1, 2, 4, 8, 16};
#define CURVE_N ((int)(sizeof curve_pairs / sizeof curve_pairs[0]))
static const enum role curve_roles[3] = {PRODUCE, PRODUCE_PLAIN, SOLO};
static const char *const curve_fmt[3] = {"bind on A, call on B, %d pair(s)",
                                         "bare handoff, %d pair(s)",
                                         "bind+call+unbind, %d thread(s), no crossing"};
static char curve_names[CURVE_N][3][64];
static struct bench_result *curve[CURVE_N][3];

static void measure_curve(void) {
  rings = aligned_alloc(64, sizeof *rings * MAX_PAIRS);
  if (!rings)
    abort();
  for (int k = 0; k < CURVE_N; k++) {
    int p = curve_pairs[k];
    for (int c = 0; c < 3; c++) {
      snprintf(curve_names[k][c], sizeof curve_names[k][c], curve_fmt[c], c == 2 ? 2 * p : p);
      double t[BENCH_REPS];
      run_pairs(p, curve_roles[c], iterations / 10); /* warm up */
      for (int r = 0; r < BENCH_REPS; r++)
        t[r] = run_pairs(p, curve_roles[c], iterations);
      curve[k][c] = bench_record(curve_names[k][c], c == 0 ? curve_names[k][2] : NULL, t);
    }
  }
  free(rings);
}

/* Crossing's extra cost over the bare hand-off, in units of the same work
 * done without crossing by as many threads. */
static double crossing_cost(int k) {
  return (curve[k][0]->median - curve[k][1]->median) / curve[k][2]->median;
}

int main(int argc, char **argv) {
  const char *json = bench_parse_args(argc, argv, &iterations, 0);
  S = actx_storage_new(NULL);
  struct bench_result *one = measure("bind+call+unbind, 1 thread", NULL, run_one);
  struct bench_result *two =
      measure("bind on A, call+unbind on B, 2 threads", "bind+call+unbind, 1 thread", run_two);
  struct bench_result *plain =
      measure("plain fn pointer handoff A->B, 2 threads", NULL, run_two_plain);
  measure_curve();
  printf("%-42s %8s %17s %7s\n", "case", "ns/op", "spread", "ratio");
  for (int i = 0; i < 3; i++) {
    const struct bench_result *r = &bench_results[i];
    printf("%-42s %8.2f %8.2f-%-8.2f %6.2fx\n", r->name, r->median, r->min, r->max,
           r->median / one->median);
  }
  printf("throughput, 2 threads vs 1: %.2fx; crossing costs (A/B - handoff) / 1 thread = %.2fx; "
         "context wrong in %ld calls; live resources %zu\n",
         one->median / two->median, (two->median - plain->median) / one->median,
         atomic_load(&seen_wrong), actx_live_resources());
  printf("\nthread pairs (%ld CPUs online); ns/op = wall time / all operations\n",
         sysconf(_SC_NPROCESSORS_ONLN));
  printf("%6s %12s %12s %14s %10s %10s\n", "pairs", "A->B", "bare", "no crossing", "A->B/1thr",
         "crossing");
  for (int k = 0; k < CURVE_N; k++)
    printf("%6d %12.2f %12.2f %14.2f %9.2fx %9.2fx\n", curve_pairs[k], curve[k][0]->median,
           curve[k][1]->median, curve[k][2]->median, curve[k][0]->median / one->median,
           crossing_cost(k));
  if (json) {
    char metrics[1024];
    int len = snprintf(metrics, sizeof metrics,
                       "\"wrong_context\": %ld, \"live_resources\": %zu, "
                       "\"crossing_cost\": %.3f, \"curve\": [",
                       atomic_load(&seen_wrong), actx_live_resources(),
                       (two->median - plain->median) / one->median);
    for (int k = 0; k < CURVE_N && len < (int)sizeof metrics; k++)
      len += snprintf(metrics + len, sizeof metrics - (size_t)len,
                      "%s{\"pairs\": %d, \"crossing_cost\": %.3f, \"vs_one_thread\": %.3f}",
                      k ? ", " : "", curve_pairs[k], crossing_cost(k),
                      curve[k][0]->median / one->median);
    if (len < (int)sizeof metrics)
      snprintf(metrics + len, sizeof metrics - (size_t)len, "]");
    bench_write_json(json, "scale", metrics);
  }
  actx_storage_free(S);
  return seen_wrong != 0;
}
