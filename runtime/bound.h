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
  /* -- head: struct actx__bound_abi (actx/bind_abi.h), read by inline thunks -- */
  actx_fn fn;                  /* the target */
  actx_frame *frame;           /* res->frame as a thread frame (NULL: empty) */
  actx_resource *res;          /* entered by each call: &own or a retained resource */
  void *data;                  /* boxes: the user data handed to fn */
  _Atomic uint8_t slow;        /* leaving must take the full path: ACTX__SLOW_BITS,
                                * i.e. ACTX__SCOPE_LEAVE_WORK (once, until-false, a
                                * pending release, dead), WANT_RESULT (until-false)
                                * and ACTX__SLOW_SUPERSEDES (keyed.c), or'ed into
                                * each call's scope */
  /* -- private -- */
  uint8_t life;                /* actx_lifetime */
  uint8_t kind;                /* ACTX__KIND_* */
  _Atomic uint8_t state;       /* ACTX__ST_* */
  union {
    struct actx__keyent *keyed; /* registry entry (keyed lifetime); guarded by keyed.c's lock */
    void *free_next;           /* bind.c's free lists, while not in use */
  };
  actx_resource own;           /* the binding's resource, unless `res` is foreign */
};
_Static_assert(offsetof(struct actx__bound, fn) == offsetof(struct actx__bound_abi, fn) &&
                   offsetof(struct actx__bound, frame) ==
                       offsetof(struct actx__bound_abi, frame) &&
                   offsetof(struct actx__bound, res) == offsetof(struct actx__bound_abi, res) &&
                   offsetof(struct actx__bound, data) ==
                       offsetof(struct actx__bound_abi, data) &&
                   offsetof(struct actx__bound, slow) ==
                       offsetof(struct actx__bound_abi, slow) &&
                   sizeof(_Atomic uint8_t) == 1,
               "bound-call ABI");

/* The binding whose own (embedded) resource is `r`. */
static inline struct actx__bound *actx__bound_of_own(actx_resource *r) {
  return (struct actx__bound *)((char *)r - offsetof(struct actx__bound, own));
}

/* Fills `h` (kind already set) and creates or retains its resource: 0,
 * ACTX_EINVAL or ACTX_ENOMEM (nothing to undo then).  Does not register keyed
 * ones: the caller calls actx__keyed_set() once `h` is usable. */
ACTX__HIDDEN int actx__bound_start(struct actx__bound *h, actx_fn fn,
                                   const actx_bind_options *o,
                                   void (*free_fn)(actx_resource *r));
/* Releases `h` by its owner's request: 0 (maybe deferred), ACTX_EALREADY. */
ACTX__HIDDEN int actx__bound_release(struct actx__bound *h);
ACTX__HIDDEN _Noreturn void actx__call_dead(const struct actx__bound *h);
/* The binding of the innermost bound call on this thread, or NULL. */
ACTX__HIDDEN struct actx__bound *actx__innermost_call(void);

/* Kind-specific: stop the stub from reaching `h`, and give the memory back. */
ACTX__HIDDEN void actx__binding_kill(struct actx__bound *h);
ACTX__HIDDEN void actx__binding_recycle(struct actx__bound *h);
ACTX__HIDDEN void actx__box_recycle(struct actx__bound *h);

/* keyed.c.  set: registers h under (key, slot); an older binding of the pair
 * is superseded, not released (h gets ACTX__SLOW_SUPERSEDES); 0 or
 * ACTX_ENOMEM.  forget: removes h's entry if it still has one.  called: h's
 * first call since it superseded returned: releases the older bindings of its
 * pair (call.c, on the slow leave path). */
/* ACTX__SLOW_SUPERSEDES, the `slow` bit this sets, is in actx/abi.h with the
 * other scope flags: `slow` is copied into each call's scope flags. */
ACTX__HIDDEN int actx__keyed_set(struct actx__bound *h, const void *key,
                                 const char *slot);
ACTX__HIDDEN void actx__keyed_forget(struct actx__bound *h);
ACTX__HIDDEN void actx__keyed_called(struct actx__bound *h);

#endif /* ACTX_BOUND_H */
