/* bench_handoff.c -- cost of hand-offs (runtime/handoff.c) against a bind,
 * measured in the same run: the design's target is "about one bind".
 *
 *   actx_bind+actx_unbind          the baseline: what a callback costs;
 *   ACTX_ONCE bind+call            a once binding made and called (a task
 *                                  submitted as a callback would cost that);
 *   carry+take_enter               ACTX_CARRY at a push, ACTX_TAKE at a pop,
 *                                  on one thread (the map's lock uncontended);
 *   carry+take thunk call          ACTX_CARRY, then a pool function bound once
 *                                  through a take thunk called with the item;
 *   carry+take, 1000 in flight     a queue 1000 deep: the map holds 1000 items;
 *   take_enter, nothing carried    a pop of an item nobody carried (the map
 *                                  empty: one load);
 *   carry+take across threads      pushed on one thread, taken on another
 *                                  (a ring of 1024 slots between them).
 * One line per case: median ns/op over BENCH_REPS repetitions, spread, and the
 * difference and ratio to its baseline.  Not a test: nothing asserts a time.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "actx.h"
#include "harness.h"

static long iterations = 2000000; /* per repetition; --quick divides by 10 */
static actx_storage *S;
static char items[1000];

__attribute__((noinline)) static int target(int x) {
  SINK(x);
  return x + 1;
}
__attribute__((noinline)) static void work(void *item, void *user) {
  SINK(item);
  SINK(user);
}
ACTX_THUNK_R_DECL(work_take_thunk, 2, void, (void *item, void *user));
ACTX_THUNK_R_TAKE_VOID_BODY(work_take_thunk, (void *item, void *user), (item, user), 0)
static void (*volatile pool_fn)(void *, void *);

static void b_bind_unbind(long n) {
  for (long i = 0; i < n; i++) {
    actx_fn b = actx_bind((actx_fn)target, "bench");
    SINK(b);
    actx_unbind(b);
  }
}
static void b_once(long n) {
  for (long i = 0; i < n; i++) {
    int (*b)(int) = ACTX_ONCE(target);
    SINK(b((int)i));
  }
}
static void b_carry_take(long n) {
  for (long i = 0; i < n; i++) {
    char *item = ACTX_CARRY(&items[0]);
    SINK(ACTX_TAKE(item));
  }
}
static void b_carry_thunk(long n) {
  for (long i = 0; i < n; i++)
    pool_fn(ACTX_CARRY(&items[0]), NULL);
}
static void b_in_flight(long n) {
  for (long i = 0; i < n; i += 1000) {
    for (int k = 0; k < 1000; k++)
      actx_carry(&items[k]);
    for (int k = 0; k < 1000; k++)
      actx_take_enter(&items[k]);
  }
}
static void b_take_nothing(long n) {
  for (long i = 0; i < n; i++)
    SINK(actx_take_enter(&items[i & 511]));
}

/* Across threads: a single-producer single-consumer ring. */
#define RING 1024
static char *_Atomic ring[RING];
static long cross_n;
static void *cross_consumer(void *arg) {
  (void)arg;
  for (long i = 0; i < cross_n; i++) {
    char *item;
    while (!(item = atomic_exchange_explicit(&ring[i % RING], NULL, memory_order_acquire)))
      sched_yield(); /* two cores shared with others: spinning starves the pusher */
    SINK(ACTX_TAKE(item));
  }
  return NULL;
}
static void b_cross(long n) {
  cross_n = n;
  pthread_t th;
  pthread_create(&th, NULL, cross_consumer, NULL);
  for (long i = 0; i < n; i++) {
    char *item = &items[i % 1000];
    while (atomic_load_explicit(&ring[i % RING], memory_order_acquire))
      sched_yield();
    atomic_store_explicit(&ring[i % RING], ACTX_CARRY(item), memory_order_release);
  }
  pthread_join(th, NULL);
}

int main(int argc, char **argv) {
  const char *json = bench_parse_args(argc, argv, &iterations, 1);
  S = actx_storage_new(NULL);
  static int store;
  pool_fn = ACTX_FOREVER_T(work_take_thunk, work);
  actx_storage_enter_with(S, &store);

  bench_measure("actx_bind+actx_unbind", NULL, b_bind_unbind, iterations);
  bench_measure("ACTX_ONCE bind+call", "actx_bind+actx_unbind", b_once, iterations);
  bench_measure("carry+take_enter", "actx_bind+actx_unbind", b_carry_take, iterations);
  bench_measure("carry+take thunk call", "ACTX_ONCE bind+call", b_carry_thunk, iterations);
  bench_measure("carry+take, 1000 in flight", "actx_bind+actx_unbind", b_in_flight, iterations);
  bench_measure("take_enter, nothing carried", NULL, b_take_nothing, iterations);
  bench_measure("carry+take across threads", "actx_bind+actx_unbind", b_cross, iterations / 4);

  bench_print_table(32);
  printf("\nitems still carried: %zu\n", actx_carried_items());
  if (json)
    bench_write_json(json, "handoff", NULL);
  actx_storage_enter_with(S, NULL);
  return actx_carried_items() == 0 ? 0 : 1;
}
