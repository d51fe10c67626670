/* call.c -- entering and leaving bound calls; release rules of every binding.
 *
 * Each bound call in progress (stub, typed thunk or box thunk) has an
 * actx_call record on its own stack.  The records form a per-thread list,
 * innermost first, so a release can tell whether the binding it releases is
 * running on this thread: if so the release is deferred (state PENDING) and
 * the outermost call of that binding finishes it when it returns.  A release
 * from another thread while the callback runs is not detected: like freeing
 * any object another thread is using, it is the caller's race.
 *
 * Fast path (no hooks, manual/keyed/forever binding): enter and leave touch
 * only this thread's TLS and the binding, take no lock and do not allocate, so
 * a bound call is async-signal-safe.  `endwork` keeps the once/until-false/
 * pending checks off that path.
 */
#include "bound.h"

#include <string.h>

/* Innermost bound call on this thread. */
static ACTX__TLS actx_call *calls;

static _Noreturn void dead_call(const struct actx__bound *h) {
  actx__fatal("a released binding was called (type \"%s\"): the callback's "
              "lifetime ended before its last call",
              h->res && h->res->type ? h->res->type : "?");
}

actx_fn actx__call_enter(actx_call *c, struct actx__bound *h) {
  if (ACTX__UNLIKELY(atomic_load_explicit(&h->state, memory_order_relaxed) ==
                     ACTX__ST_DEAD))
    dead_call(h);
  c->bound_ = h;
  c->flags_ = h->life == ACTX_LIFE_UNTIL_FALSE;
  /* Linked before `before` fires, so a hook releasing it defers. */
  c->prev_ = calls;
  calls = c;
  actx__resource_enter(&actx__t, &c->sc_, h->res);
  return h->fn;
}

static bool running_here(const struct actx__bound *h) {
  for (const actx_call *c = calls; c; c = c->prev_)
    if (c->bound_ == h) return true;
  return false;
}

/* Ends the binding for good.  The state is already DEAD. */
static void finish(struct actx__bound *h) {
  if (h->life == ACTX_LIFE_KEYED) actx__keyed_forget(h);
  if (h->kind == ACTX__KIND_STUB) actx__binding_kill(h);
  if (h->res == &h->own) {
    /* destroy now, not when a user-held reference goes (that only frees). */
    actx_resource_emit_destroy(&h->own);
    actx_resource_release(&h->own); /* its free_fn recycles the memory */
  } else {
    actx_resource *r = h->res;
    if (h->kind == ACTX__KIND_STUB)
      actx__binding_recycle(h);
    else
      actx__box_recycle(h);
    actx_resource_release(r);
  }
}

static void leave_slow(actx_call *c, struct actx__bound *h) {
  uint8_t st = atomic_load_explicit(&h->state, memory_order_acquire);
  bool want = st == ACTX__ST_PENDING || h->life == ACTX_LIFE_ONCE ||
              (h->life == ACTX_LIFE_UNTIL_FALSE && (c->flags_ & 2u));
  if (!want || st == ACTX__ST_DEAD) return;
  if (running_here(h)) {
    /* A recursive call returned: the outermost one finishes the binding. */
    uint8_t live = ACTX__ST_LIVE;
    atomic_compare_exchange_strong(&h->state, &live, ACTX__ST_PENDING);
    return;
  }
  if (atomic_compare_exchange_strong(&h->state, &st, ACTX__ST_DEAD)) finish(h);
}

void actx__call_leave(actx_call *c) {
  struct actx__bound *h = c->bound_;
  actx_scope_end(&c->sc_);
  calls = c->prev_;
  if (ACTX__UNLIKELY(h->endwork)) leave_slow(c, h);
}

void actx__call_result(actx_call *c, const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++)
    if (b[i]) return;
  c->flags_ |= 2u;
}

int actx__bound_start(struct actx__bound *h, actx_fn fn, const actx_bind_options *o,
                      void (*free_fn)(actx_resource *r)) {
  h->fn = fn;
  h->life = (uint8_t)o->lifetime;
  h->keyed = NULL;
  h->endwork = o->lifetime == ACTX_LIFE_ONCE || o->lifetime == ACTX_LIFE_UNTIL_FALSE;
  if (o->resource) {
    h->res = actx_resource_retain(o->resource);
  } else {
    int err = actx__resource_init(&h->own, o->type ? o->type : "bound-anonymous-fn",
                                  NULL, free_fn);
    if (err) return err;
    h->res = &h->own;
  }
  atomic_store_explicit(&h->state, ACTX__ST_LIVE, memory_order_release);
  return 0;
}

int actx__bound_release(struct actx__bound *h) {
  uint8_t live = ACTX__ST_LIVE;
  if (running_here(h)) {
    if (!atomic_compare_exchange_strong(&h->state, &live, ACTX__ST_PENDING))
      return ACTX_EALREADY;
    h->endwork = 1;
    return 0;
  }
  if (!atomic_compare_exchange_strong(&h->state, &live, ACTX__ST_DEAD))
    return ACTX_EALREADY;
  finish(h);
  return 0;
}
