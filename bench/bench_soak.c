/* bench_soak.c -- memory over time under churn: does RSS level off?
 *
 * THREADS worker slots run for SECONDS.  Each worker thread lives 0.5-1.5 s and
 * is then replaced by a new one (thread churn: per-thread caches, frame stock
 * and pool, malloc arenas, thread stacks).  While it lives it loops over:
 *   - bind, call, unbind (manual), an ACTX_ONCE binding called once, a typed
 *     thunk binding, a box of each lifetime used once;
 *   - ACTX_ONCE bindings handed to the next slot's thread through a ring (so
 *     they are released on another thread), calling itself what the ring
 *     cannot take;
 *   - a resource made, entered and released; a nested storage run; a
 *     snapshot run; every so often a storage made and freed.
 * The main thread enables and disables a no-op hook every 250 ms (so workers
 * run with hooks on and off and refresh their snapshots), and once a second
 * samples RSS (rss_kb), the malloc heap (mallinfo2: bytes in use, free bytes
 * held, mmapped chunks), the live resource count (actx_live_resources) and the
 * operations done.  At the end it prints the RSS curve (start, max, end, slope
 * in KiB/min over the whole run and over each half) and whether the growth
 * flattens, i.e. the second half grows by less than half as fast as the first
 * or by less than 64 KiB/min.  The start is the first sample, one second in,
 * so the one-time growth of start-up is not counted.  Not a test.
 *
 * Usage: bench-soak [--quick] [--threads N] [--seconds S] [--verbose] [--json FILE]
 * Default 32 threads x 240 s; --quick 8 threads x 20 s.
 */
#define _GNU_SOURCE
#include <malloc.h>
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
#include "actx_bind.h"
#include "harness.h"

#define MAX_SLOTS 256
#define RING 256
#define MAX_SAMPLES 4096

static actx_storage *S, *S2;
static atomic_long wrong; /* callbacks that saw a context they should not */
static atomic_long total_ops;
static atomic_bool stopping;

/* ------------------------------------------------------------ callbacks */

__attribute__((noinline)) static int target(int x) {
  if (actx_storage_get(S) == NULL)
    atomic_fetch_add_explicit(&wrong, 1, memory_order_relaxed);
  return x + 1;
}
__attribute__((noinline)) static int box_target(void *data, int x) {
  if (actx_storage_get(S) == NULL || data == NULL)
    atomic_fetch_add_explicit(&wrong, 1, memory_order_relaxed);
  return x + 1;
}
ACTX_THUNK(target_thunk, int, (int x), (x))
ACTX_BOX_THUNK(box_thunk, int, (void *ud, int x), (ud, x), 0)

static void *body(void *arg) {
  if (actx_storage_get(S) == NULL)
    atomic_fetch_add_explicit(&wrong, 1, memory_order_relaxed);
  return arg;
}
static void *nested(void *arg) {
  return actx_storage_run(S2, arg, body, arg);
}

/* ------------------------------------------------------------ workers */

typedef int (*int_fn)(int);

/* Slot i's thread produces into ring i; slot i+1's consumes it.  Only one
 * thread of a slot lives at a time, so each ring has one producer and one
 * consumer. */
struct ring {
  _Alignas(64) atomic_ulong head;
  _Alignas(64) atomic_ulong tail;
  _Alignas(64) int_fn slot[RING];
};

struct slot {
  pthread_t th;
  atomic_bool done; /* the thread has finished its life; join and replace */
  bool running;
  unsigned seed;
  struct ring ring;
};

static struct slot *slots;
static int nslots;

static bool ring_push(struct ring *r, int_fn f) {
  unsigned long h = atomic_load_explicit(&r->head, memory_order_relaxed);
  if (h - atomic_load_explicit(&r->tail, memory_order_acquire) >= RING)
    return false;
  r->slot[h % RING] = f;
  atomic_store_explicit(&r->head, h + 1, memory_order_release);
  return true;
}

static int_fn ring_pop(struct ring *r) {
  unsigned long t = atomic_load_explicit(&r->tail, memory_order_relaxed);
  if (atomic_load_explicit(&r->head, memory_order_acquire) == t)
    return NULL;
  int_fn f = r->slot[t % RING];
  atomic_store_explicit(&r->tail, t + 1, memory_order_release);
  return f;
}

static double now_s(void) {
  return bench_now_ns() / 1e9;
}

/* One round of everything (see the top of the file). */
static void round_of_work(struct slot *me, struct ring *out, struct ring *in, long i) {
  actx_fn b = actx_bind((actx_fn)target, "soak-manual");
  if (b) {
    SINK(((int_fn)b)((int)i));
    actx_unbind(b);
  }
  SINK(ACTX_ONCE(target)((int)i));
  int_fn t = ACTX_BIND_T(target_thunk, target);
  SINK(t((int)i));
  actx_unbind((actx_fn)t);
  SINK(box_thunk(ACTX_BOX_ONCE(box_target, me), (int)i));
  actx_box *bx = actx_box_new((actx_fn)box_target, me, NULL);
  if (bx) {
    SINK(box_thunk(bx, (int)i));
    actx_box_free(bx);
  }
  for (int k = 0; k < 4; k++) {
    int_fn once = ACTX_ONCE(target);
    if (!ring_push(out, once))
      SINK(once((int)i));
  }
  for (int_fn f; (f = ring_pop(in));)
    SINK(f((int)i));
  actx_resource *r = actx_resource_new("soak", NULL);
  if (r) {
    SINK(actx_resource_run(r, body, r));
    actx_resource_release(r);
  }
  SINK(actx_storage_run(S2, me, nested, me));
  actx_frame *f = actx_snapshot();
  SINK(actx_frame_run(f, body, f));
  actx_frame_release(f);
  if (i % 4096 == 0) { /* storages come and go too (slots are reused) */
    actx_storage *tmp = actx_storage_new(NULL);
    if (tmp) {
      SINK(actx_storage_run(tmp, me, body, me));
      actx_storage_free(tmp);
    }
  }
}

static void *work(void *arg) {
  struct slot *me = arg;
  int idx = (int)(me - slots);
  struct ring *out = &me->ring, *in = &slots[(idx + nslots - 1) % nslots].ring;
  double life = 0.5 + (double)(rand_r(&me->seed) % 1000) / 1000.0;
  double end = now_s() + life;
  long i = 0;
  while (!atomic_load_explicit(&stopping, memory_order_relaxed)) {
    round_of_work(me, out, in, i++);
    if ((i & 63) == 0 && now_s() >= end)
      break;
  }
  atomic_fetch_add_explicit(&total_ops, i, memory_order_relaxed);
  atomic_store_explicit(&me->done, true, memory_order_release);
  return NULL;
}

static void *work_in_context(void *arg) {
  return actx_storage_run(S, arg, work, arg);
}

static void start(struct slot *s) {
  atomic_store_explicit(&s->done, false, memory_order_relaxed);
  if (pthread_create(&s->th, NULL, work_in_context, s) != 0) {
    perror("pthread_create");
    exit(1);
  }
  s->running = true;
}

/* ------------------------------------------------------------ samples */

struct sample {
  double t; /* seconds since the start */
  long rss_kb;
  long heap_used_kb; /* mallinfo2: uordblks + hblkhd */
  long heap_free_kb; /* mallinfo2: fordblks (held by malloc, free) */
  long arena_kb;     /* mallinfo2: arena (bytes malloc got from the system, not mmapped) */
  size_t live;       /* actx_live_resources() */
  long ops;          /* rounds finished by exited threads */
  long threads_made;
};
static struct sample samples[MAX_SAMPLES];
static int nsamples;

static void take_sample(double t0, long threads_made) {
  if (nsamples == MAX_SAMPLES)
    return;
  struct mallinfo2 mi = mallinfo2();
  samples[nsamples++] = (struct sample){now_s() - t0,
                                        rss_kb(),
                                        (long)((mi.uordblks + mi.hblkhd) / 1024),
                                        (long)(mi.fordblks / 1024),
                                        (long)(mi.arena / 1024),
                                        actx_live_resources(),
                                        atomic_load(&total_ops),
                                        threads_made};
}

/* Least-squares slope of RSS in KiB per minute over samples [a, b). */
static double slope(int a, int b, long (*get)(const struct sample *)) {
  int n = b - a;
  if (n < 2)
    return 0;
  double st = 0, sy = 0, stt = 0, sty = 0;
  for (int i = a; i < b; i++) {
    double t = samples[i].t / 60, y = (double)get(&samples[i]);
    st += t, sy += y, stt += t * t, sty += t * y;
  }
  double d = n * stt - st * st;
  return d == 0 ? 0 : (n * sty - st * sy) / d;
}
static long get_rss(const struct sample *s) {
  return s->rss_kb;
}
static long get_heap(const struct sample *s) {
  return s->heap_used_kb + s->heap_free_kb;
}

int main(int argc, char **argv) {
  int threads = 32, seconds = 240, verbose = 0;
  const char *json = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--quick") == 0)
      threads = 8, seconds = 20;
    else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
      threads = atoi(argv[++i]);
    else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
      seconds = atoi(argv[++i]);
    else if (strcmp(argv[i], "--verbose") == 0)
      verbose = 1;
    else if (strcmp(argv[i], "--json") == 0 && i + 1 < argc)
      json = argv[++i];
    else {
      fprintf(stderr, "usage: %s [--quick] [--threads N] [--seconds S] [--verbose] [--json FILE]\n",
              argv[0]);
      return 2;
    }
  }
  if (threads < 1 || threads > MAX_SLOTS || seconds < 3) {
    fprintf(stderr, "bench-soak: 1-%d threads, at least 3 seconds\n", MAX_SLOTS);
    return 2;
  }
  nslots = threads;
  slots = aligned_alloc(64, sizeof *slots * (size_t)nslots);
  if (!slots)
    return 1;
  memset(slots, 0, sizeof *slots * (size_t)nslots);
  S = actx_storage_new(&(actx_storage_options){.name = "soak"});
  S2 = actx_storage_new(NULL);
  actx_hook *hook =
      actx_hook_new(&(actx_hook_callbacks){bench_noop_init, bench_noop_event, bench_noop_event,
                                           bench_noop_event, bench_noop_event},
                    NULL);

  double t0 = now_s(), next_sample = t0 + 1, next_toggle = t0 + 0.25, stop = t0 + seconds;
  long threads_made = 0;
  bool hook_on = false;
  for (int i = 0; i < nslots; i++) {
    slots[i].seed = (unsigned)i * 2654435761u + 1;
    start(&slots[i]);
    threads_made++;
  }
  for (double t; (t = now_s()) < stop;) {
    for (int i = 0; i < nslots; i++)
      if (atomic_load_explicit(&slots[i].done, memory_order_acquire)) {
        pthread_join(slots[i].th, NULL);
        start(&slots[i]);
        threads_made++;
      }
    if (t >= next_toggle) {
      hook_on = !hook_on;
      if (hook_on)
        actx_hook_enable(hook);
      else
        actx_hook_disable(hook);
      next_toggle += 0.25;
    }
    if (t >= next_sample) {
      take_sample(t0, threads_made);
      if (verbose) {
        const struct sample *s = &samples[nsamples - 1];
        printf("%6.1f s  RSS %6ld KiB  heap used %6ld free %6ld arena %6ld KiB  live %zu  "
               "threads %ld\n",
               s->t, s->rss_kb, s->heap_used_kb, s->heap_free_kb, s->arena_kb, s->live,
               s->threads_made);
      }
      next_sample += 1;
    }
    usleep(10000);
  }
  atomic_store(&stopping, true);
  for (int i = 0; i < nslots; i++)
    pthread_join(slots[i].th, NULL);
  /* Whatever is still in the rings: call it here (releasing it). */
  for (int i = 0; i < nslots; i++)
    for (int_fn f; (f = ring_pop(&slots[i].ring));)
      SINK(f(0));
  actx_hook_disable(hook);
  actx_hook_free(hook);
  size_t live_end = actx_live_resources();

  if (nsamples < 3) {
    fprintf(stderr, "bench-soak: too few samples\n");
    return 1;
  }
  const struct sample *first = &samples[0], *last = &samples[nsamples - 1];
  long rss_max = 0;
  for (int i = 0; i < nsamples; i++)
    if (samples[i].rss_kb > rss_max)
      rss_max = samples[i].rss_kb;
  int half = nsamples / 2;
  double whole = slope(0, nsamples, get_rss), s1 = slope(0, half, get_rss),
         s2 = slope(half, nsamples, get_rss);
  double heap_slope = slope(0, nsamples, get_heap);
  bool flattens = s2 < 64 || s2 < s1 / 2;
  long ops = atomic_load(&total_ops);
  printf("bench-soak: %d threads x %d s, %ld threads made (each lives 0.5-1.5 s), "
         "%ld rounds (%.0f/s)\n",
         nslots, seconds, threads_made, ops, (double)ops / last->t);
  printf("RSS KiB: start %ld (at %.0f s), max %ld, end %ld; slope %+.1f KiB/min "
         "(first half %+.1f, second half %+.1f): %s\n",
         first->rss_kb, first->t, rss_max, last->rss_kb, whole, s1, s2,
         flattens ? "flattens" : "STILL GROWING");
  /* In use + free = what malloc holds from the system, touched or not: growth
   * of RSS with that flat is free space malloc already had being used. */
  printf("malloc heap KiB (mallinfo2): in use %ld -> %ld, free held %ld -> %ld, "
         "from the system (arenas) %ld -> %ld; heap slope %+.1f KiB/min\n",
         first->heap_used_kb, last->heap_used_kb, first->heap_free_kb, last->heap_free_kb,
         first->arena_kb, last->arena_kb, heap_slope);
  size_t live_max = 0;
  for (int i = 0; i < nsamples; i++)
    if (samples[i].live > live_max)
      live_max = samples[i].live;
  printf("live resources: at start %zu, max sampled %zu, after the run %zu; "
         "context wrong in %ld calls\n",
         first->live, live_max, live_end, atomic_load(&wrong));
  if (json) {
    FILE *f = fopen(json, "w");
    if (!f) {
      perror(json);
      return 1;
    }
    fprintf(f,
            "{\"suite\": \"soak\", \"results\": [], \"metrics\": {\"threads\": %d, "
            "\"seconds\": %d, \"threads_made\": %ld, \"rounds\": %ld, \"rss_start_kib\": %ld, "
            "\"rss_max_kib\": %ld, \"rss_end_kib\": %ld, \"rss_slope_kib_per_min\": %.1f, "
            "\"rss_slope_first_half\": %.1f, \"rss_slope_second_half\": %.1f, "
            "\"flattens\": %s, \"heap_used_start_kib\": %ld, \"heap_used_end_kib\": %ld, "
            "\"heap_free_end_kib\": %ld, \"live_resources_end\": %zu, \"wrong_context\": %ld, "
            "\"samples\": [",
            nslots, seconds, threads_made, ops, first->rss_kb, rss_max, last->rss_kb, whole, s1, s2,
            flattens ? "true" : "false", first->heap_used_kb, last->heap_used_kb,
            last->heap_free_kb, live_end, atomic_load(&wrong));
    for (int i = 0; i < nsamples; i++)
      fprintf(f, "%s[%.1f, %ld]", i ? ", " : "", samples[i].t, samples[i].rss_kb);
    fprintf(f, "]}}\n");
    if (fclose(f) != 0) {
      perror(json);
      return 1;
    }
  }
  actx_storage_free(S2);
  actx_storage_free(S);
  free(slots);
  return atomic_load(&wrong) != 0 || live_end != 0;
}
