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

ACTX__TLS actx_call *actx__calls;

void actx__call_dead(const struct actx__bound *h) {
  actx__fatal("a released binding was called (type \"%s\"): the callback's "
              "lifetime ended before its last call",
              h->res && h->res->type ? h->res->type : "?");
}

static bool running_here(const struct actx__bound *h) {
  for (const actx_call *c = actx__calls; c; c = c->prev_)
    if (c->bound_ == h) return true;
  return false;
}

/* Ends the binding for good.  The state is already DEAD. */
static void finish(struct actx__bound *h) {
  if (h->life == ACTX_LIFE_KEYED) actx__keyed_forget(h);
  if (h->kind == ACTX__KIND_STUB) actx__binding_kill(h);
  if (h->res == &h->own) {
    actx_resource *r = &h->own;
    if (atomic_load_explicit(&r->refs, memory_order_acquire) == 1) {
      /* Sole owner (the common case): nobody else holds a reference that
       * could retain it concurrently, so do what actx_resource_release()
       * would, minus its two atomic read-modify-writes. */
      if (!r->manual_destroy && !atomic_load_explicit(&r->destroyed, memory_order_relaxed)) {
        atomic_store_explicit(&r->destroyed, true, memory_order_relaxed);
        actx__hooks_emit(&actx__t, ACTX__EV_DESTROY, r, r->id);
      }
      actx__resource_fini(r);
      r->free_fn(r); /* recycles the memory */
    } else {
      /* Someone retained the binding's resource: destroy now (the binding
       * is over), free when the last reference goes. */
      actx_resource_emit_destroy(r);
      actx_resource_release(r);
    }
  } else {
    actx_resource *r = h->res;
    if (h->kind == ACTX__KIND_STUB)
      actx__binding_recycle(h);
    else
      actx__box_recycle(h);
    actx_resource_release(r);
  }
}

static void leave_lifetime(actx_call *c, struct actx__bound *h) {
  if (h->endwork & ACTX__ENDWORK_SUPERSEDES) actx__keyed_called(h);
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

/* The general enter: everything actx__resource_enter() does, hooks and
 * observer included. */
actx_fn actx__call_enter_full(actx_call *c, struct actx__bound *h) {
  struct actx__thread *t = &actx__t;
  if (ACTX__UNLIKELY(atomic_load_explicit(&h->state, memory_order_relaxed) ==
                     ACTX__ST_DEAD))
    actx__call_dead(h);
  c->bound_ = h;
  c->flags_ = h->life == ACTX_LIFE_UNTIL_FALSE;
  /* Linked before `before` fires, so a hook releasing it defers. */
  c->prev_ = actx__calls;
  actx__calls = c;
  actx__resource_enter(t, &c->sc_, h->res);
  return h->fn;
}

/* The general leave: actx_scope_end() (after hook, observer, release of a
 * frame entered inside the callback, corruption check), then lifetime work. */
void actx__call_leave_full(actx_call *c) {
  struct actx__bound *h = c->bound_;
  if (!(c->sc_.flags_ & ACTX__SCOPE_ACTIVE)) return;
  actx_scope_end(&c->sc_);
  actx__calls = c->prev_;
  if (ACTX__UNLIKELY(h->endwork)) leave_lifetime(c, h);
}

void actx__call_leave(actx_call *c) { actx__call_leave_inline(c); }

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
    h->endwork |= 1;
    return 0;
  }
  if (!atomic_compare_exchange_strong(&h->state, &live, ACTX__ST_DEAD))
    return ACTX_EALREADY;
  finish(h);
  return 0;
}
