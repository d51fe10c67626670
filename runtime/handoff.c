/* handoff.c -- hand-offs: the context of an item carried from the thread that
 * pushes it to the thread (or the later time) that takes it out.
 *
 * A work queue or a thread pool moves items, not callbacks: the worker's own
 * callback was bound once, when the pool was made, so without help every task
 * would run in the pool's context instead of its submitter's.  actx_carry()
 * records the current context for an item (any pointer, compared and never
 * read through); where the item comes out, the taker enters that context:
 *
 *   - around a callback that receives the item as a parameter (the thunks of
 *     ACTX_*_TAKE bodies: actx__take_begin/actx__take_end), with `before` and
 *     `after` like any resource run, or the binding's own context when the
 *     item carries none;
 *   - after a pop (actx_take_enter, ACTX_TAKE): like enter_with, for the rest
 *     of the current scope or until the next take on the thread, whichever
 *     comes first; a take of an item that carries nothing leaves the context
 *     the previous take entered (back to what was current before it).
 *
 * Each carried item is a resource of type "actx.carry" (the WorkerPool of
 * Node's documentation makes one AsyncResource per task): `init` at the
 * carry, `before`/`after` around a callback run, `destroy` when it is taken.
 * Pushing an item that already carries a context replaces it (the newer
 * context wins; the older resource is destroyed).  An item never taken keeps
 * its resource: actx_carried_items() counts them, and actx_live_resources()
 * includes them, so a queue drained without takes shows as a leak.
 *
 * The map: items hash to one of STRIPES stripes, each a chained hash table
 * with its own lock, so pushers and takers on different items rarely meet on
 * one lock.  A table starts with INITIAL buckets in static storage and
 * doubles when it holds more entries than buckets.  No lock is held while
 * user code runs (hooks): resources are made before the insertion and
 * released after the removal.  A stripe's `count` is written under its lock
 * but read without it: a take that finds its stripe empty skips the lock (a
 * program that carries nothing pays one load).  That read is sound for the
 * items a program takes: whatever synchronises the push with the pop (the
 * queue's own lock) orders the carry's store before it.
 *
 * Threads: any thread may carry and take.  Each thread keeps the state of its
 * last take by result (struct actx__thread: take_*), touched only by itself.
 */
#include "internal.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

/* 16 stripes: few enough that fork_prepare, which holds them all with the
 * other runtime locks, stays within what ThreadSanitizer tracks (64). */
#define STRIPE_BITS 4
#define STRIPES (1u << STRIPE_BITS)
#define INITIAL_BITS 6

static const char carry_type[] = "actx.carry";

/* One carried item: its resource (first, so free_fn finds the block). */
struct carried {
  actx_resource res;    /* captured at the carry; the map holds its reference */
  const void *item;     /* the key */
  struct carried *next; /* bucket chain */
};

struct stripe {
  struct actx__mutex lock;  /* guards the rest */
  struct carried **buckets; /* `initial` until the first growth */
  unsigned bits;            /* log2 of the bucket count */
  _Atomic size_t count;     /* entries; stored under `lock` and read without
                               it, by plain loads and stores (no locked op) */
  struct carried *initial[1u << INITIAL_BITS];
} __attribute__((aligned(64))); /* one cache line apart: pushers on two
                                      * stripes do not share one */

static struct stripe stripes[STRIPES] = {[0 ... STRIPES - 1] = {.lock = ACTX__MUTEX_INIT}};

/* Called with the stripe's lock: a load and a store, no locked instruction. */
static void count_add(struct stripe *s, long d) {
  size_t n = atomic_load_explicit(&s->count, memory_order_relaxed);
  atomic_store_explicit(&s->count, n + (size_t)d, memory_order_relaxed);
}

static uint64_t mix(const void *item) {
  return (uint64_t)(uintptr_t)item * 0x9E3779B97F4A7C15ull;
}

/* The stripe is chosen by the top bits of the hash, the bucket by the next
 * ones, so the two choices are independent. */
static struct stripe *stripe_of(const void *item) {
  return &stripes[mix(item) >> (64 - STRIPE_BITS)];
}

static struct carried **bucket_of(struct stripe *s, const void *item) {
  if (!s->buckets) {
    s->buckets = s->initial;
    s->bits = INITIAL_BITS;
  }
  uint64_t h = mix(item) << STRIPE_BITS;
  return &s->buckets[h >> (64 - s->bits)];
}

/* Doubles a stripe's table when it holds more entries than buckets; stays as
 * it is when memory is short.  Called with the stripe's lock. */
static void maybe_grow(struct stripe *s) {
  assert(actx__mutex_held(&s->lock));
  if (atomic_load_explicit(&s->count, memory_order_relaxed) <= ((size_t)1 << s->bits) ||
      s->bits >= 28)
    return;
  size_t n = (size_t)1 << (s->bits + 1);
  struct carried **nb = actx__malloc(n * sizeof *nb);
  if (!nb)
    return;
  memset(nb, 0, n * sizeof *nb);
  struct carried **old = s->buckets;
  size_t oldn = (size_t)1 << s->bits;
  s->buckets = nb;
  s->bits++;
  for (size_t i = 0; i < oldn; i++)
    while (old[i]) {
      struct carried *e = old[i];
      old[i] = e->next;
      struct carried **b = bucket_of(s, e->item);
      e->next = *b;
      *b = e;
    }
  if (old != s->initial)
    actx__free(old);
}

/* Unlinks item's entry and returns it (NULL when none).  Called with the
 * stripe's lock. */
static struct carried *unlink_item(struct stripe *s, const void *item) {
  assert(actx__mutex_held(&s->lock));
  if (!s->buckets)
    return NULL;
  for (struct carried **p = bucket_of(s, item); *p; p = &(*p)->next)
    if ((*p)->item == item) {
      struct carried *e = *p;
      *p = e->next;
      count_add(s, -1);
      return e;
    }
  return NULL;
}

static void free_carried(actx_resource *r) {
  actx__free((struct carried *)r);
}

void *actx_carry(const void *item) {
  void *same = (void *)(uintptr_t)item; /* handed back as given, const or not */
  if (!item)
    return same;
  struct carried *e = actx__malloc(sizeof *e);
  if (!e) {
    errno = ENOMEM;
    return same;
  }
  int err = actx__resource_init(&e->res, carry_type, NULL, free_carried);
  if (err) {
    actx__free(e);
    errno = -err;
    return same;
  }
  e->item = item;
  struct stripe *s = stripe_of(item);
  actx__mutex_lock(&s->lock);
  struct carried *older = unlink_item(s, item);
  struct carried **b = bucket_of(s, item);
  e->next = *b;
  *b = e;
  count_add(s, 1);
  maybe_grow(s);
  actx__mutex_unlock(&s->lock);
  if (older) /* pushed again before it was taken: the newer context wins */
    actx_resource_release(&older->res);
  return same;
}

actx_resource *actx_take_resource(const void *item) {
  if (!item)
    return NULL;
  struct stripe *s = stripe_of(item);
  if (atomic_load_explicit(&s->count, memory_order_relaxed) == 0)
    return NULL;
  actx__mutex_lock(&s->lock);
  struct carried *e = unlink_item(s, item);
  actx__mutex_unlock(&s->lock);
  return e ? &e->res : NULL;
}

void *actx_drop_carried(const void *item) {
  actx_resource *r = actx_take_resource(item);
  if (r)
    actx_resource_release(r); /* the only reference: destroy, then free */
  return (void *)(uintptr_t)item;
}

size_t actx_carried_items(void) {
  size_t n = 0;
  for (unsigned i = 0; i < STRIPES; i++)
    n += atomic_load_explicit(&stripes[i].count, memory_order_relaxed);
  return n;
}

/* ------------------------------------------------------------ take by result */

/* Forgets the thread's last take (its references). */
static void take_forget(struct actx__thread *t) {
  if (t->take_base)
    actx__frame_drop(t, t->take_base);
  if (t->take_frame)
    actx__frame_drop(t, t->take_frame);
  t->take_base = t->take_frame = NULL;
  t->take_scope = NULL;
}

void actx__take_thread_exit(struct actx__thread *t) {
  take_forget(t);
}

/* Whether the context the thread's last take entered is still in effect: the
 * same scope is innermost and nobody replaced its frame since.  The thread
 * holds a reference to that frame, so its address cannot have been reused
 * by another frame in the meantime. */
static bool take_in_effect(struct actx__thread *t, const actx_scope *sc) {
  return t->take_scope == sc && t->take_frame && (sc->flags_ & ACTX__SCOPE_ACTIVE) &&
         actx__current_frame(t) == t->take_frame;
}

int actx_take_enter(const void *item) {
  struct actx__thread *t = &actx__t;
  actx_resource *r = actx_take_resource(item);
  if (!r && !t->take_scope)
    return 0;         /* nothing carried, nothing to leave: the common fast path */
  if (!t->registered) /* at top level the frame lasts until thread exit */
    actx__thread_register(t);
  actx_scope *sc = actx__cur(t);
  bool in_effect = take_in_effect(t, sc);
  if (!r) {
    if (in_effect) { /* back to what the first take found */
      actx_frame *base = t->take_base;
      t->take_base = NULL;
      actx__scope_enter_frame(t, base);
    }
    take_forget(t);
    return 0;
  }
  actx_frame *base = NULL;
  if (in_effect) { /* a second take in a row: keep the first one's base */
    base = t->take_base;
    t->take_base = NULL;
  } else {
    base = actx__frame_take(t, actx__current_frame(t));
  }
  take_forget(t);
  /* References from the thread's stock where it can (no locked op): the
   * item's frame is often the one the previous item carried. */
  actx_frame *f = actx__frame_take(t, r->frame);
  actx__scope_enter_frame(t, f);
  t->take_base = base;
  t->take_scope = sc;
  t->take_frame = actx__frame_take(t, f);
  actx_resource_release(r); /* destroy: the item is taken */
  return 1;
}

void *actx_take_result(const void *item) {
  actx_take_enter(item);
  return (void *)(uintptr_t)item;
}

/* ------------------------------------------------------------ take by callback */

void actx__take_begin(struct actx__take_guard *g, const void *item) {
  actx_resource *r = actx_take_resource(item);
  g->res_ = r;
  g->sc_.flags_ = 0;
  if (r)
    actx__resource_enter(&actx__t, &g->sc_, r, 0);
}

void actx__take_end(struct actx__take_guard *g) {
  actx_resource *r = g->res_;
  if (!r)
    return;
  g->res_ = NULL;
  actx_scope_end(&g->sc_);
  actx_resource_release(r);
}

void *actx_take_run(const void *item, actx_run_cb fn, void *arg) {
  if (!fn) {
    errno = EINVAL;
    return NULL;
  }
  /* The cleanup leaves and destroys also when unwinding through fn. */
  struct actx__take_guard g __attribute__((cleanup(actx__take_end)));
  actx__take_begin(&g, item);
  return fn(arg);
}

/* ------------------------------------------------------------ fork */

void actx__handoff_fork_lock(bool lock) {
  if (lock)
    for (unsigned i = 0; i < STRIPES; i++)
      actx__mutex_lock(&stripes[i].lock);
  else
    for (unsigned i = STRIPES; i-- > 0;)
      actx__mutex_unlock(&stripes[i].lock);
}
