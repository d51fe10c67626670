/* bound.h -- private: what stub bindings and boxes have in common.
 *
 * Both are "bound callbacks": a target function, a resource to run it under,
 * a lifetime and a state.  call.c implements entering/leaving a bound call and
 * the release rules shared by both; bind.c (stubs) and box.c (boxes) own the
 * memory; keyed.c keeps the (key, slot) registry.
 *
 * State machine (atomic, so concurrent releases agree on one winner):
 *     LIVE --release while running on this thread--> PENDING --call returns--> DEAD
 *     LIVE --release otherwise / once / until-false--> DEAD
 * DEAD means finished: destroy emitted, frame released, memory recycled once
 * the resource's last reference is gone.
 */
#ifndef ACTX_BOUND_H
#define ACTX_BOUND_H

#include "internal.h"

enum { ACTX__KIND_STUB = 1, ACTX__KIND_BOX = 2 };
enum { ACTX__ST_DEAD = 0, ACTX__ST_LIVE = 1, ACTX__ST_PENDING = 2 };

struct actx__keyent;

struct actx__bound {
  actx_resource own;           /* the binding's resource, unless `res` is foreign */
  actx_resource *res;          /* entered by each call: &own or a retained resource */
  actx_fn fn;                  /* the target */
  struct actx__keyent *keyed;  /* registry entry (keyed lifetime); guarded by keyed.c's lock */
  uint8_t life;                /* actx_lifetime */
  uint8_t kind;                /* ACTX__KIND_* */
  uint8_t endwork;             /* leaving a call must look at the lifetime/state;
                                  bit ACTX__ENDWORK_SUPERSEDES: see keyed.c */
  _Atomic uint8_t state;       /* ACTX__ST_* */
};

/* Fills `h` (kind already set) and creates or retains its resource: 0,
 * ACTX_EINVAL or ACTX_ENOMEM (nothing to undo then).  Does not register keyed
 * ones: the caller calls actx__keyed_set() once `h` is usable. */
ACTX__HIDDEN int actx__bound_start(struct actx__bound *h, actx_fn fn,
                                   const actx_bind_options *o,
                                   void (*free_fn)(actx_resource *r));
/* Releases `h` by its owner's request: 0 (maybe deferred), ACTX_EALREADY. */
ACTX__HIDDEN int actx__bound_release(struct actx__bound *h);
/* Innermost bound call on this thread (call.c). */
ACTX__HIDDEN extern ACTX__TLS actx_call *actx__calls;
ACTX__HIDDEN _Noreturn void actx__call_dead(const struct actx__bound *h);
/* The complete enter and leave: hooks, frame observer, frames owned by the
 * scope, lifetime work, corruption checks.  Out of line. */
ACTX__HIDDEN actx_fn actx__call_enter_full(actx_call *c, struct actx__bound *h);
ACTX__HIDDEN void actx__call_leave_full(actx_call *c);

/* Nothing watches this thread's context switches: no hooks to dispatch (or to
 * refresh), no frame observer.  Then entering and leaving are only loads and
 * stores of the thread's state, with no call that could observe the order. */
static inline bool actx__call_quiet(const struct actx__thread *t) {
  return t->hooks == NULL &&
         atomic_load_explicit(&actx__hooks_version, memory_order_relaxed) ==
             t->hooks_version &&
         atomic_load_explicit(&actx__observer, memory_order_relaxed) == NULL;
}

/* Enters a bound call: links `c`, enters the binding's resource exactly as
 * actx__resource_enter() does, returns the target.  The fast path is that,
 * specialised for the quiet case: leaf code, no calls. */
static inline __attribute__((always_inline)) actx_fn
actx__call_enter(actx_call *c, struct actx__bound *h) {
  struct actx__thread *t = &actx__t;
  if (ACTX__UNLIKELY(!actx__call_quiet(t) ||
                     atomic_load_explicit(&h->state, memory_order_relaxed) ==
                         ACTX__ST_DEAD))
    return actx__call_enter_full(c, h);
  actx_resource *r = h->res;
  actx_scope *sc = &c->sc_;
  c->bound_ = h;
  c->flags_ = h->life == ACTX_LIFE_UNTIL_FALSE;
  c->prev_ = actx__calls;
  actx__calls = c;
  sc->prev_ = t->scope;
  sc->frame_ = t->frame;
  sc->flags_ = ACTX__SCOPE_ACTIVE | ACTX__SCOPE_RESOURCE |
               (t->frame_owned ? ACTX__SCOPE_OWNED : 0);
  sc->entered_id_ = r->id;
  sc->exec_id_ = t->exec_id;
  sc->trigger_id_ = t->trigger_id;
  sc->resource_ = t->resource;
  t->scope = sc;
  t->frame = actx__as_thread_frame(r->frame);
  t->frame_owned = false; /* the saved frame's reference moved into sc */
  t->exec_id = r->id;
  t->trigger_id = r->trigger;
  t->resource = r;
  return h->fn;
}

/* Leaves a bound call: what actx_scope_end() does for a resource scope, then
 * the lifetime work (once, until-false, deferred release) when flagged.  The
 * fast path covers the quiet case where the callback left the frame as it
 * found it (no enter_with inside: no frame of its own to release) and no
 * lifetime work is due. */
static inline __attribute__((always_inline)) void actx__call_leave_inline(actx_call *c) {
  struct actx__thread *t = &actx__t;
  actx_scope *sc = &c->sc_;
  unsigned flags = sc->flags_;
  if (ACTX__UNLIKELY(!actx__call_quiet(t) || t->frame_owned || t->scope != sc ||
                     (flags & ~ACTX__SCOPE_OWNED) !=
                         (ACTX__SCOPE_ACTIVE | ACTX__SCOPE_RESOURCE) ||
                     ((struct actx__bound *)c->bound_)->endwork)) {
    actx__call_leave_full(c);
    return;
  }
  t->exec_id = sc->exec_id_;
  t->trigger_id = sc->trigger_id_;
  t->resource = sc->resource_;
  t->scope = sc->prev_;
  sc->flags_ = flags & ~ACTX__SCOPE_ACTIVE;
  t->frame = sc->frame_;
  t->frame_owned = (flags & ACTX__SCOPE_OWNED) != 0; /* the reference comes back */
  actx__calls = c->prev_;
}

/* Kind-specific: stop the stub from reaching `h`, and give the memory back. */
ACTX__HIDDEN void actx__binding_kill(struct actx__bound *h);
ACTX__HIDDEN void actx__binding_recycle(struct actx__bound *h);
ACTX__HIDDEN void actx__box_recycle(struct actx__bound *h);

/* keyed.c.  set: registers h under (key, slot); an older binding of the pair
 * is superseded, not released (h gets ACTX__ENDWORK_SUPERSEDES); 0 or
 * ACTX_ENOMEM.  forget: removes h's entry if it still has one.  called: h's
 * first call since it superseded returned: releases the older bindings of its
 * pair (call.c, on the endwork path). */
#define ACTX__ENDWORK_SUPERSEDES 2u
ACTX__HIDDEN int actx__keyed_set(struct actx__bound *h, const void *key,
                                 const char *slot);
ACTX__HIDDEN void actx__keyed_forget(struct actx__bound *h);
ACTX__HIDDEN void actx__keyed_called(struct actx__bound *h);

#endif /* ACTX_BOUND_H */
