/* call.c -- the full enter and leave of bound calls; creating and releasing
 * every binding.
 *
 * Each bound call in progress (stub, typed thunk or box thunk) has an
 * actx_call record on its own stack whose scope is on the thread's scope
 * stack (flag ACTX__SCOPE_CALL), so a release can tell whether the binding it
 * releases is running on this thread: if so the release is deferred (state
 * PENDING) and the outermost call of that binding finishes it when it
 * returns.  A release from another thread while the callback runs is not
 * detected: like freeing any object another thread is using, it is the
 * caller's race.
 *
 * The quiet fast path is inline in the thunks (actx_bind.h): it touches only
 * this thread's TLS, the call record and the binding, takes no lock and does
 * not allocate, so a bound call is async-signal-safe.  Everything else comes
 * here: hooks, the frame observer, and the lifetime work that the binding's
 * `slow` bits announce (once, until-false, a deferred release).
 *
 * What differs between stub bindings and boxes (arming, killing the stub,
 * recycling the memory) comes in the kind's ops, passed to
 * actx__bound_create() (bound.h): this module calls no code of bind.c or box.c.  Keyed
 * bindings are released here too, from the lists keyed.c's registry hands
 * over (actx_release_key/slot, superseded bindings).
 */
#include "bound.h"

#include <string.h>

void actx__call_dead(const struct actx__bound *h) {
  char where[1024];
  actx__sites_format(h->sites, where, sizeof where);
  actx__fatal("a released binding was called (type \"%s\"): the callback's "
              "lifetime ended before its last call; it was registered at:\n%s",
              h->res && h->res->type ? h->res->type : "?", where);
}

/* The innermost bound call at or below `sc` on its thread's scope stack
 * (calls' scopes carry ACTX__SCOPE_CALL), or NULL. */
static actx_call *call_at_or_below(actx_scope *sc) {
  while (sc && !(sc->flags_ & ACTX__SCOPE_CALL))
    sc = sc->prev_;
  return (actx_call *)sc;
}
#define FOR_EACH_CALL(c) \
  for (actx_call *c = call_at_or_below(actx__t.cur); c; c = call_at_or_below(c->sc_.prev_))

static bool running_here(const struct actx__bound *h) {
  FOR_EACH_CALL(c)
    if (c->bound_ == h)
      return true;
  return false;
}

struct actx__bound *actx__innermost_call(void) {
  actx_call *c = call_at_or_below(actx__t.cur);
  return c ? c->bound_ : NULL;
}

void actx__box_null(void) {
  actx__fatal("a box thunk was called with NULL user data");
}

/* Each kind's ops, registered by its first actx__bound_start(): every
 * binding that reaches finish() was started, so its kind's entry is set. */
static const struct actx__bound_ops *_Atomic kinds[ACTX__KINDS];

static const struct actx__bound_ops *ops_of(const struct actx__bound *h) {
  const struct actx__bound_ops *ops = atomic_load_explicit(&kinds[h->kind], memory_order_relaxed);
  assert(ops && ops->kind == h->kind);
  return ops;
}

/* Ends the binding for good.  The state is already DEAD. */
static void finish(struct actx__bound *h) {
  const struct actx__bound_ops *ops = ops_of(h);
  assert(atomic_load_explicit(&h->state, memory_order_relaxed) == ACTX__ST_DEAD);
  atomic_store_explicit(&h->slow, ACTX__SCOPE_LEAVE_WORK, memory_order_relaxed);
  if (h->registered)
    actx__keyed_forget(h);
  if (ops->kill)
    ops->kill(h);
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
      r->free_fn(r); /* ops->recycle: recycles the memory */
    } else {
      /* Someone retained the binding's resource: destroy now (the binding
       * is over), free when the last reference goes. */
      actx_resource_emit_destroy(r);
      actx_resource_release(r);
    }
  } else {
    actx_resource *r = h->res;
    ops->recycle(&h->own);
    actx_resource_release(r);
  }
}

static void leave_lifetime(actx_call *c, struct actx__bound *h) {
  if (atomic_load_explicit(&h->slow, memory_order_relaxed) & ACTX__SLOW_SUPERSEDES)
    actx__bound_release_list(actx__keyed_take_superseded(h));
  uint8_t st = atomic_load_explicit(&h->state, memory_order_acquire);
  bool want = st == ACTX__ST_PENDING || h->life == ACTX_LIFE_ONCE ||
              (h->life == ACTX_LIFE_UNTIL_FALSE && (c->sc_.flags_ & ACTX__SCOPE_RESULT_ZERO));
  if (!want || st == ACTX__ST_DEAD)
    return;
  if (running_here(h)) {
    /* A recursive call returned: the outermost one finishes the binding. */
    uint8_t live = ACTX__ST_LIVE;
    atomic_compare_exchange_strong(&h->state, &live, ACTX__ST_PENDING);
    return;
  }
  if (atomic_compare_exchange_strong(&h->state, &st, ACTX__ST_DEAD))
    finish(h);
}

/* Whether actx__thread_quiet() is worth calling after a slow enter or leave:
 * not while the thread holds a hook set, which (refreshed by the dispatch
 * just made) means hooks are enabled and it cannot go quiet anyway.  With a
 * hook enabled every bound call comes through here twice. */
static inline bool may_go_quiet(struct actx__thread *t) {
  return !atomic_load_explicit(&t->quiet, memory_order_relaxed) && !t->hooks;
}

/* With hooks enabled (and no frame observer, the thread's hook snapshot
 * current) every bound call comes here twice and needs little of the general
 * path: the scope push of the inline enter, the dispatch of `before`/`after`,
 * and the inline leave's pop.  The lean paths below do just that, so a no-op
 * hook costs a bound call its two dispatches and little more; the general
 * paths stay for everything else.  The scopes they push are the general
 * enter's (ACTX__SCOPE_SLOW_ENTER), so either leave can end them. */
#define HOOKED_CALL_FLAGS (ACTX__CALL_FAST_FLAGS | ACTX__SCOPE_SLOW_ENTER)

/* The thread's hook snapshot if it is current, else NULL. */
static inline const struct actx__hookset *hooks_current(struct actx__thread *t) {
  const struct actx__hookset *hs = t->hooks;
  if (hs && atomic_load_explicit(&actx__hooks_version, memory_order_relaxed) == t->hooks_version)
    return hs;
  return NULL;
}

/* Out of line, so the one-callback case below keeps its frame small. */
static __attribute__((noinline)) void dispatch_many(struct actx__thread *t,
                                                    const struct actx__hookset *hs,
                                                    enum actx__event ev, actx_resource *r) {
  actx__hooks_dispatch(t, hs, ev, r, r->id);
}

/* `ev` for call `c`.  None (a hook with only init and destroy) costs a
 * compare; one callback (one tracer, the common case) is called without the
 * loop, so that little has to live across the call and these
 * paths save few registers. */
static inline __attribute__((always_inline)) void call_dispatch(struct actx__thread *t,
                                                                const struct actx__hookset *hs,
                                                                enum actx__event ev, actx_call *c) {
  actx_resource *r = c->sc_.resource_;
  unsigned n = hs->count[ev];
  if (ACTX__UNLIKELY(n != 1)) {
    if (n)
      dispatch_many(t, hs, ev, r);
    return;
  }
  const struct actx__hookcall *hc = hs->calls + hs->first[ev];
  if (ACTX__UNLIKELY(actx__hook_dead(hc->h)))
    return;
  t->dispatch_depth++;
  int rc = ((actx_event_cb)hc->cb)(r->id, hc->user);
  if (ACTX__UNLIKELY(rc != 0))
    actx__hooks_failed(hc, ev, c->sc_.resource_, c->sc_.resource_->id, rc);
  t->dispatch_depth--;
}

/* The inline leave's pop, for a call whose scope is innermost and owns no
 * frame, when no observer is to be told. */
static inline void pop_call(struct actx__thread *t, actx_call *c) {
  actx_scope *up = c->sc_.prev_;
  c->sc_.flags_ &= ~ACTX__SCOPE_ACTIVE;
  t->cur = up;
  t->frame = up->frame_;
}

static actx_fn call_enter_general(actx_call *c, struct actx__bound *h);

actx_fn actx__call_enter_slow(actx_call *c, void *bound) {
  struct actx__bound *h = bound;
  struct actx__thread *t = &actx__t;
  const struct actx__hookset *hs = hooks_current(t);
  /* An observer, a dead binding, a thread without its root scope yet: the
   * general path.  A binding with lifetime work enters here too (its slow
   * bits go into the flags, as the general enter puts them) and leaves the
   * general way. */
  if (ACTX__UNLIKELY(!hs || actx__observed() || !t->cur ||
                     atomic_load_explicit(&h->state, memory_order_relaxed) == ACTX__ST_DEAD))
    return call_enter_general(c, h);
  actx__call_push(ACTX__TLS_ABI, c, h, HOOKED_CALL_FLAGS);
  call_dispatch(t, hs, ACTX__EV_BEFORE, c);
  return ((struct actx__bound *)c->bound_)->fn;
}

/* The general enter: everything actx__resource_enter() does, hooks and
 * observer included. */
static __attribute__((noinline)) actx_fn call_enter_general(actx_call *c, struct actx__bound *h) {
  struct actx__thread *t = &actx__t;
  if (ACTX__UNLIKELY(atomic_load_explicit(&h->state, memory_order_relaxed) == ACTX__ST_DEAD))
    actx__call_dead(h);
  c->bound_ = h;
  /* On the scope stack before `before` fires, so a hook releasing it defers. */
  actx__call_resource_enter(t, &c->sc_, h->res,
                            ACTX__SCOPE_CALL | ACTX__SCOPE_SLOW_ENTER |
                                atomic_load_explicit(&h->slow, memory_order_relaxed));
  if (may_go_quiet(t))
    actx__thread_quiet(t);
  return h->fn;
}

static void call_leave_general(actx_call *c);

void actx__call_leave_slow(actx_call *c) {
  struct actx__thread *t = &actx__t;
  const struct actx__hookset *hs;
  unsigned flags = c->sc_.flags_;
  if (flags == (ACTX__CALL_FAST_FLAGS | ACTX__SCOPE_LEAVE_WORK) && t->cur == &c->sc_ &&
      atomic_load_explicit(&t->quiet, memory_order_relaxed)) {
    /* A once call (or one released while it ran: its scope was marked) that the
     * inline path entered and nothing watches: leave as the inline leave
     * does (no hook, no observer to tell), then the lifetime work.  The
     * common case of every one-shot callback (a write's completion). */
    pop_call(t, c);
    leave_lifetime(c, c->bound_);
    return;
  }
  if (ACTX__UNLIKELY(flags != HOOKED_CALL_FLAGS || t->cur != &c->sc_ || !(hs = hooks_current(t)))) {
    call_leave_general(c);
    return;
  }
  call_dispatch(t, hs, ACTX__EV_AFTER, c);
  /* What the general leave checks after `after`: the stack (a hook that
   * left a scope open), an observer (set during the call or its hooks), work
   * a release inside the hook gave the binding. */
  if (ACTX__UNLIKELY(t->cur != &c->sc_ || actx__observed()))
    actx__call_scope_pop(&c->sc_);
  else
    pop_call(t, c);
  struct actx__bound *h = c->bound_;
  if (ACTX__UNLIKELY(atomic_load_explicit(&h->slow, memory_order_relaxed)))
    leave_lifetime(c, h);
}

/* The general leave: actx_scope_end() (after hook, observer, release of a
 * frame entered inside the callback, corruption check), then lifetime work. */
static __attribute__((noinline)) void call_leave_general(actx_call *c) {
  struct actx__bound *h = c->bound_;
  struct actx__thread *t = &actx__t;
  if (!(c->sc_.flags_ & ACTX__SCOPE_ACTIVE))
    return;
  actx__call_scope_end(&c->sc_);
  if (atomic_load_explicit(&h->slow, memory_order_relaxed))
    leave_lifetime(c, h);
  if (may_go_quiet(t))
    actx__thread_quiet(t);
}

/* Whether the n bytes at p hold `stop` as an integer of that width (so an
 * int -1, a long long -1 and a guint 0xffffffff all match -1).  Other widths
 * (a struct, a long double) only match a stop of 0, as all-zero bytes. */
static bool result_is(const void *p, size_t n, long long stop) {
  switch (n) {
  case 1: return *(const uint8_t *)p == (uint8_t)stop;
  case 2: {
    uint16_t v;
    memcpy(&v, p, 2);
    return v == (uint16_t)stop;
  }
  case 4: {
    uint32_t v;
    memcpy(&v, p, 4);
    return v == (uint32_t)stop;
  }
  case 8: {
    uint64_t v;
    memcpy(&v, p, 8);
    return v == (uint64_t)stop;
  }
  default: {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
      if (b[i])
        return false;
    return stop == 0;
  }
  }
}

void actx__call_result(actx_call *c, const void *p, size_t n) {
  const struct actx__bound *h = c->bound_;
  if (result_is(p, n, h->stop))
    c->sc_.flags_ |= ACTX__SCOPE_RESULT_ZERO;
}

/* The one body of both entry points below, inline into each so that the
 * once path's constant options fold its branches away. */
static inline __attribute__((always_inline)) int bound_start(struct actx__bound *h, actx_fn fn,
                                                             const actx_bind_options *o,
                                                             const struct actx__bound_ops *ops) {
  if (ACTX__UNLIKELY(atomic_load_explicit(&kinds[ops->kind], memory_order_relaxed) != ops))
    atomic_store_explicit(&kinds[ops->kind], ops, memory_order_relaxed);
  h->fn = fn;
  /* Its site, then the chain of the callback registering it (if any). */
  const struct actx__bound *parent = actx__innermost_call();
  h->sites[0] = o->site;
  for (int i = 1; i < ACTX_BACKTRACE_DEPTH; i++)
    h->sites[i] = parent ? parent->sites[i - 1] : NULL;
  h->life = (uint8_t)o->lifetime;
  h->kind = ops->kind;
  h->keyed = NULL;
  h->stop = o->stop;
  h->registered =
      o->lifetime == ACTX_LIFE_KEYED || (o->lifetime == ACTX_LIFE_UNTIL_FALSE && o->key);
  atomic_store_explicit(&h->slow,
                        o->lifetime == ACTX_LIFE_ONCE ? ACTX__SCOPE_LEAVE_WORK
                        : o->lifetime == ACTX_LIFE_UNTIL_FALSE
                            ? ACTX__SCOPE_LEAVE_WORK | ACTX__SCOPE_WANT_RESULT
                            : 0,
                        memory_order_relaxed);
  if (o->resource) {
    h->res = actx_resource_retain(o->resource);
  } else {
    int err = actx__resource_init_inline(&h->own, o->type ? o->type : "bound-anonymous-fn", NULL,
                                         ops->recycle);
    if (err)
      return err;
    h->res = &h->own;
  }
  h->frame = actx__as_thread_frame(h->res->frame);
  atomic_store_explicit(&h->state, ACTX__ST_LIVE, memory_order_release);
  return 0;
}

int actx__bound_start(struct actx__bound *h, actx_fn fn, const actx_bind_options *o,
                      const struct actx__bound_ops *ops) {
  return bound_start(h, fn, o, ops);
}

int actx__bound_start_once(struct actx__bound *h, actx_fn fn, const char *type,
                           const actx_site *site, const struct actx__bound_ops *ops) {
  const actx_bind_options o = {.type = type, .lifetime = ACTX_LIFE_ONCE, .site = site};
  return bound_start(h, fn, &o, ops);
}

int actx__bound_release(struct actx__bound *h) {
  uint8_t live = ACTX__ST_LIVE;
  if (running_here(h)) {
    if (!atomic_compare_exchange_strong(&h->state, &live, ACTX__ST_PENDING))
      return ACTX_EALREADY;
    atomic_fetch_or_explicit(&h->slow, ACTX__SCOPE_LEAVE_WORK, memory_order_relaxed);
    /* The inline leave looks only at the call's scope: mark those running. */
    FOR_EACH_CALL(c)
      if (c->bound_ == h)
        c->sc_.flags_ |= ACTX__SCOPE_LEAVE_WORK;
    return 0;
  }
  if (h->life == ACTX_LIFE_ONCE || h->life == ACTX_LIFE_UNTIL_FALSE) {
    /* These also end themselves when a call returns, on whatever thread:
     * an explicit release may race with that, so one of the two wins. */
    if (!atomic_compare_exchange_strong(&h->state, &live, ACTX__ST_DEAD))
      return ACTX_EALREADY;
  } else {
    /* Manual, keyed, forever: only their owner ends them (actx_unbind, or the
     * keyed registry, which hands each entry to one releaser), so a release
     * racing with another release of the same binding is the caller's bug,
     * like a double free, and no locked instruction is needed. */
    if (atomic_load_explicit(&h->state, memory_order_relaxed) != ACTX__ST_LIVE)
      return ACTX_EALREADY;
    atomic_store_explicit(&h->state, ACTX__ST_DEAD, memory_order_relaxed);
  }
  finish(h);
  return 0;
}

int actx__bound_release_list(struct actx__keyent *list) {
  int n = 0;
  for (struct actx__bound *h; (h = actx__keyed_pop(&list));)
    if (actx__bound_release(h) == 0)
      n++;
  return n;
}

/* Keyed bindings released by their key (the registry is keyed.c's). */
int actx_release_key(const void *key) {
  return key ? actx__bound_release_list(actx__keyed_take(key, NULL)) : 0;
}

int actx_release_slot(const void *key, const char *slot) {
  return key && slot ? actx__bound_release_list(actx__keyed_take(key, slot)) : 0;
}
