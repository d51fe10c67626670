/* bound.h -- private: what stub bindings and boxes have in common.
 *
 * Both are "bound callbacks": a target function, a resource to run it under,
 * a lifetime and a state.  The modules, each calling only those below it:
 *     bind_macros.c  what the ACTX_* macros of actx_bind.h call
 *     bind.c, box.c  stub bindings and boxes: their memory and public API
 *     call.c         entering/leaving a bound call; creating and releasing
 *                    every binding (the rules both kinds share)
 *     keyed.c        the (key, slot) registry of keyed bindings
 * call.c reaches the kind-specific code only through the kind's ops (struct
 * actx__bound_ops), which bind.c and box.c hand to actx__bound_create().
 *
 * State machine (atomic, so concurrent releases agree on one winner):
 *     LIVE --release while running on this thread--> PENDING --call returns--> DEAD
 *     LIVE --release otherwise / once / until-false--> DEAD
 * DEAD means finished: destroy emitted, frame released, memory recycled once
 * the resource's last reference is gone.  Bindings waiting for reuse are DEAD.
 */
#ifndef ACTX_BOUND_H
#define ACTX_BOUND_H

#include "internal.h"

enum { ACTX__KIND_STUB = 1, ACTX__KIND_BOX = 2, ACTX__KINDS };
enum { ACTX__ST_DEAD = 0, ACTX__ST_LIVE = 1, ACTX__ST_PENDING = 2 };

struct actx__keyent;

struct actx__bound {
  /* -- head: struct actx__bound_abi (actx/bind_abi.h), read by inline thunks -- */
  actx_fn fn;           /* the target */
  actx_frame *frame;    /* res->frame as a thread frame (NULL: empty) */
  actx_resource *res;   /* entered by each call: &own or a retained resource */
  void *data;           /* boxes: the user data handed to fn */
  _Atomic uint8_t slow; /* leaving must take the full path: ACTX__SLOW_BITS,
                                * i.e. ACTX__SCOPE_LEAVE_WORK (once, until-false, a
                                * pending release, dead), WANT_RESULT (until-false)
                                * and ACTX__SLOW_SUPERSEDES (keyed.c), or'ed into
                                * each call's scope */
  /* -- private -- */
  uint8_t life;          /* actx_lifetime */
  uint8_t kind;          /* ACTX__KIND_*: its ops are in call.c's table (a
                                * pointer would push `own` off line 1 of a stub) */
  _Atomic uint8_t state; /* ACTX__ST_* */
  uint32_t live;         /* boxes: ACTX__LIVE_BOX until their memory is
                                * freed, then ACTX__FREED (stubs: unused) */
  union {
    struct actx__keyent *keyed; /* registry entry (`registered`); under keyed.c's keyed_lock */
    void *free_next;            /* bind.c's free lists, while not in use */
  };
  actx_resource own; /* the binding's resource, unless `res` is foreign */
  /* Registration sites: its own, then those of the callbacks running when
   * each was registered (static descriptors; kept after death, so a stale
   * call can name where it came from). */
  const actx_site *sites[ACTX_BACKTRACE_DEPTH];
  long long stop;  /* until-false: the result that ends it */
  bool registered; /* in keyed.c's registry: keyed, or until-false with a key */
};
_Static_assert(offsetof(struct actx__bound, fn) == offsetof(struct actx__bound_abi, fn) &&
                   offsetof(struct actx__bound, frame) == offsetof(struct actx__bound_abi, frame) &&
                   offsetof(struct actx__bound, res) == offsetof(struct actx__bound_abi, res) &&
                   offsetof(struct actx__bound, data) == offsetof(struct actx__bound_abi, data) &&
                   offsetof(struct actx__bound, slow) == offsetof(struct actx__bound_abi, slow) &&
                   sizeof(_Atomic uint8_t) == 1,
               "bound-call ABI");

_Static_assert(offsetof(struct actx__bound, live) >= 16, "liveness word past malloc's");

/* The binding whose own (embedded) resource is `r`. */
static inline struct actx__bound *actx__bound_of_own(actx_resource *r) {
  return (struct actx__bound *)((char *)r - offsetof(struct actx__bound, own));
}

/* What only the module that makes a kind of binding knows how to do. */
struct actx__bound_ops {
  uint8_t kind; /* ACTX__KIND_*: h->kind of its bindings */
  /* Makes a started `h` callable (NULL: nothing to do); runs before a keyed
   * one is registered, where the registry could release it. */
  void (*arm)(struct actx__bound *h, const actx_bind_options *o);
  /* Stops calls from reaching a DEAD `h` (NULL: the state check suffices). */
  void (*kill)(struct actx__bound *h);
  /* Gives back the memory of the binding whose `own` is `own`: the embedded
   * resource's free_fn, also called when `own` was never used (a foreign
   * resource, or a failed start). */
  void (*recycle)(actx_resource *own);
};

/* bind.c: ACTX_LIFE_ONCE with a type and nothing else (the macros' once
 * binding): as actx_bind_with() would make it. */
ACTX__HIDDEN actx_fn actx__bind_once(actx_fn fn, const char *type, actx_fn thunk, int thunk_reg,
                                     const actx_site *site);

/* call.c.  start: fills `h` and creates or retains its resource: 0,
 * ACTX_EINVAL or ACTX_ENOMEM (nothing to undo then but the memory); only
 * actx__bound_create() below calls it.  release: by its owner's request: 0
 * (maybe deferred), ACTX_EALREADY.  release_list: releases the bindings of a
 * list keyed.c took (and frees the list): how many were released. */
ACTX__HIDDEN int actx__bound_start(struct actx__bound *h, actx_fn fn, const actx_bind_options *o,
                                   const struct actx__bound_ops *ops);
/* start_once: start for ACTX_LIFE_ONCE and nothing else in the options but
 * the type and site (bind.c's once path). */
ACTX__HIDDEN int actx__bound_start_once(struct actx__bound *h, actx_fn fn, const char *type,
                                        const actx_site *site, const struct actx__bound_ops *ops);
ACTX__HIDDEN int actx__bound_release(struct actx__bound *h);
ACTX__HIDDEN int actx__bound_release_list(struct actx__keyent *list);
ACTX__HIDDEN _Noreturn void actx__call_dead(const struct actx__bound *h);
/* Formats a chain of sites (actx_async_backtrace_format's text). */
ACTX__HIDDEN size_t actx__sites_format(const actx_site *const *sites, char *buf, size_t size);
/* The binding of the innermost bound call on this thread, or NULL. */
ACTX__HIDDEN struct actx__bound *actx__innermost_call(void);

/* keyed.c: the registry only; it never releases.  The take functions unlink
 * entries and return them as a list for actx__bound_release_list(), to be
 * called once the caller holds no lock of its own (releases emit hooks).
 *   set: registers h under (key, slot); an older binding of the pair is
 *     superseded, not released (h gets ACTX__SLOW_SUPERSEDES); 0 or ACTX_ENOMEM.
 *   forget: removes h's entry if it still has one.
 *   take_superseded: h's first call since it superseded returned (call.c,
 *     on the slow leave path): clears the bit, takes the older bindings of
 *     its pair.
 *   take: the entries of `key` whose slot matches (any when NULL), close
 *     bindings excepted.
 *   take_for_close: h must be the running close binding of its key (false
 *     otherwise): takes every other binding of the key; *user: the user's
 *     close callback.
 *   move: moves the entries keyed to `placeholder` to `key`; with a NULL key
 *     takes them instead.
 *   find: the handle of the newest binding of (key, slot) when it is
 *     equivalent to a new one of `fn` (kind, thunk and reg, box data) made
 *     now: same type, and the frame a capture now would share; else NULL.
 *   note: records what the macro handed out for h (the handle, its thunk and
 *     reg, the user's close callback), for find and take_for_close.
 *   pop: the next binding of a taken list, freeing its entry; NULL at the end. */
/* ACTX__SLOW_SUPERSEDES, the `slow` bit `set` uses, is in actx/abi.h with the
 * other scope flags: `slow` is copied into each call's scope flags. */
ACTX__HIDDEN extern const char actx__close_slot[]; /* the slot of close bindings; reserved */
ACTX__HIDDEN int actx__keyed_set(struct actx__bound *h, const void *key, const char *slot);
ACTX__HIDDEN void actx__keyed_forget(struct actx__bound *h);
ACTX__HIDDEN struct actx__keyent *actx__keyed_take_superseded(struct actx__bound *h);
ACTX__HIDDEN struct actx__keyent *actx__keyed_take(const void *key, const char *slot);
ACTX__HIDDEN bool actx__keyed_take_for_close(struct actx__bound *h, actx_fn *user,
                                             struct actx__keyent **taken);
ACTX__HIDDEN struct actx__keyent *actx__keyed_move(const void *placeholder, const void *key);
ACTX__HIDDEN void *actx__keyed_find(const void *key, const char *slot, actx_fn fn, uint8_t kind,
                                    actx_fn thunk, int reg, const void *data, const char *type);
ACTX__HIDDEN void actx__keyed_note(struct actx__bound *h, void *handle, actx_fn thunk, int reg,
                                   actx_fn user);
ACTX__HIDDEN struct actx__bound *actx__keyed_pop(struct actx__keyent **list);

/* Creates a binding in `h` (its kind's `data` already set): start, arm,
 * register a keyed one; on failure recycles it and returns ACTX_EINVAL or
 * ACTX_ENOMEM, else 0.  The one sequence bind.c and box.c share; inline so
 * that each has its ops as constants (direct calls to arm and recycle, as on
 * the bind path before the ops existed). */
static inline int actx__bound_create(struct actx__bound *h, actx_fn fn, const actx_bind_options *o,
                                     const struct actx__bound_ops *ops) {
  int err = actx__bound_start(h, fn, o, ops);
  if (err) {
    ops->recycle(&h->own);
    return err;
  }
  if (ops->arm)
    ops->arm(h, o);
  /* Registered last: from here the registry may release it, on any thread. */
  if (h->registered && (err = actx__keyed_set(h, o->key, o->slot))) {
    actx__bound_release(h);
    return err;
  }
  return 0;
}

#endif /* ACTX_BOUND_H */
