/* scope.c -- scopes: entering and leaving frames and resources.
 *
 * Every way of making something current goes through a scope: run() and
 * exit() of a storage, frame_run(), resource_run(), the *_scope_begin()
 * calls and bound calls (call.c) push one; enter_with() replaces the
 * innermost one's frame.  A thread's scopes form a stack (t->cur, linked
 * through prev_) threaded through the callers' C stacks, whose bottom is
 * t->root.  Each scope holds the frame and the execution resource in effect
 * while it is innermost; t->frame caches cur->frame_ for get().
 *
 * Invariants:
 *   - only the innermost scope is ended: ending another means some code
 *     skipped a scope end (longjmp, a bug), which Node treats as fatal and so
 *     do we;
 *   - a scope with ACTX__SCOPE_OWNED holds a reference to its frame, released
 *     when it ends or enter_with replaces the frame; other scopes borrow
 *     theirs from the caller (frame_run) or the entered resource;
 *   - a scope with ACTX__SCOPE_RESOURCE entered resource_: `before` was
 *     emitted after the push, `after` is emitted before the pop.
 * The frame observer sees every switch of t->frame made here (bound calls'
 * inline paths make none while it is set: it keeps threads from going quiet).
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>

/* ------------------------------------------------------------ observer */

_Atomic(actx_frame_observer_cb) actx__observer;
static void *_Atomic observer_user;

void actx_set_frame_observer(actx_frame_observer_cb cb, void *user) {
  atomic_store_explicit(&observer_user, user, memory_order_relaxed);
  atomic_store_explicit(&actx__observer, cb, memory_order_seq_cst);
  actx__threads_wake();
}

static void notify_observer(actx_frame *from, actx_frame *to) {
  actx_frame_observer_cb cb = atomic_load_explicit(&actx__observer, memory_order_acquire);
  if (cb)
    cb(from, to, atomic_load_explicit(&observer_user, memory_order_relaxed));
}

static inline void observe(actx_frame *from, actx_frame *to) {
  if (ACTX__UNLIKELY(actx__observed()))
    notify_observer(from ? from : &actx__empty_frame, to ? to : &actx__empty_frame);
}

/* ------------------------------------------------------------ the stack */

/* Pushes `sc` with frame `f` (thread form) and the current resource; `owned`:
 * `sc` takes over a reference to `f`. */
static inline void scope_push(struct actx__thread *t, actx_scope *sc, actx_frame *f, bool owned) {
  actx_scope *up = actx__cur(t);
  actx_frame *from = t->frame;
  sc->prev_ = up;
  sc->frame_ = f;
  sc->resource_ = up->resource_;
  sc->flags_ = ACTX__SCOPE_ACTIVE | (owned ? ACTX__SCOPE_OWNED : 0);
  t->cur = sc;
  t->frame = f;
  observe(from, f);
}

/* The storage whose entry `sc` changed from its enclosing scope's frame:
 * what a storage scope (run, exit, scope_begin) is about.  NULL when none or
 * several changed (a frame scope) or the storage is gone. */
static const char *scope_storage(const actx_scope *sc, char *buf, size_t len) {
  if (!sc->prev_ || (sc->flags_ & ACTX__SCOPE_RESOURCE))
    return NULL;
  const actx_frame *f = sc->frame_ ? sc->frame_ : &actx__empty_frame;
  const actx_frame *up = sc->prev_->frame_ ? sc->prev_->frame_ : &actx__empty_frame;
  uint32_t n = f->n > up->n ? f->n : up->n, changed = 0, slot = 0;
  for (uint32_t i = 0; i < n; i++) {
    struct actx__entry a = i < f->n ? f->e[i] : (struct actx__entry){0};
    struct actx__entry b = i < up->n ? up->e[i] : (struct actx__entry){0};
    if (a.gen != b.gen || a.store != b.store)
      changed++, slot = i;
  }
  if (changed != 1)
    return NULL;
  return actx__storage_name_at(slot, f->e[slot].gen, buf, len) ? buf : NULL;
}

/* What a scope is, for the corruption message: Node prints async ids; a
 * storage scope has none, so it is named by its storage. */
static const char *scope_describe(const actx_scope *sc, char *buf, size_t len) {
  char name[128];
  if (!sc || !sc->prev_) {
    snprintf(buf, len, "the top level");
  } else if (sc->flags_ & ACTX__SCOPE_RESOURCE) {
    const actx_resource *r = sc->resource_;
    snprintf(buf, len, "%sasync id %llu (type \"%s\")",
             sc->flags_ & ACTX__SCOPE_CALL ? "bound call, " : "", (unsigned long long)r->id,
             r->type);
  } else if (scope_storage(sc, name, sizeof name)) {
    snprintf(buf, len, "scope of storage \"%s\"", name);
  } else {
    snprintf(buf, len, "scope of frame %p", (void *)sc->frame_);
  }
  return buf;
}

static _Noreturn void scope_pop_corrupted(struct actx__thread *t, actx_scope *sc) {
  char actual[256], expected[256];
  /* The stack cannot be walked for an async backtrace: a scope on it may be
   * one a longjmp abandoned. */
  actx__fatal_no_backtrace("async hook stack has become corrupted (actual: %s, expected: %s)",
                           scope_describe(sc, actual, sizeof actual),
                           scope_describe(t->cur, expected, sizeof expected));
}

/* Pops `sc` (must be innermost; fatal otherwise), restoring the enclosing
 * scope's frame and releasing `sc`'s if it owns it. */
static inline void scope_pop(struct actx__thread *t, actx_scope *sc) {
  if (ACTX__UNLIKELY(t->cur != sc))
    scope_pop_corrupted(t, sc);
  actx_scope *up = sc->prev_;
  unsigned flags = sc->flags_;
  assert(flags & ACTX__SCOPE_ACTIVE); /* the innermost scope is active */
  sc->flags_ = flags & ~ACTX__SCOPE_ACTIVE;
  t->cur = up;
  t->frame = up->frame_;
  observe(sc->frame_, up->frame_);
  if (flags & ACTX__SCOPE_OWNED)
    actx__frame_unref(sc->frame_);
}

/* enter_with: `f` (a reference the thread hands over) becomes the frame of
 * the innermost scope for the rest of it. */
static inline void scope_replace_frame(struct actx__thread *t, actx_frame *f) {
  actx_scope *sc = actx__cur(t);
  actx_frame *old = sc->frame_;
  bool old_owned = (sc->flags_ & ACTX__SCOPE_OWNED) != 0;
  sc->frame_ = f;
  sc->flags_ |= ACTX__SCOPE_OWNED;
  t->frame = f;
  observe(old, f);
  if (old_owned)
    actx__frame_unref(old);
}

void actx__scope_enter_frame(struct actx__thread *t, actx_frame *f) {
  /* enter_with's replacement, but the old frame's reference goes back to the
   * thread's stock (a worker taking item after item from one pusher swaps
   * the same frame in and out), and the empty frame, immortal and stored as
   * NULL, is not owned. */
  actx_scope *sc = actx__cur(t);
  actx_frame *old = sc->frame_;
  bool old_owned = (sc->flags_ & ACTX__SCOPE_OWNED) != 0;
  actx_frame *tf = actx__as_thread_frame(f);
  sc->frame_ = tf;
  if (tf)
    sc->flags_ |= ACTX__SCOPE_OWNED;
  else
    sc->flags_ &= ~ACTX__SCOPE_OWNED;
  t->frame = tf;
  observe(old, tf);
  if (old_owned)
    actx__frame_drop(t, old);
}

/* `inline_hooks`: dispatch `before` inline (bound calls' slow path). */
static inline __attribute__((always_inline)) void resource_enter(struct actx__thread *t,
                                                                 actx_scope *sc, actx_resource *r,
                                                                 unsigned flags,
                                                                 bool inline_hooks) {
  scope_push(t, sc, actx__as_thread_frame(r->frame), false);
  sc->resource_ = r;
  sc->flags_ |= ACTX__SCOPE_RESOURCE | flags;
  if (inline_hooks)
    actx__hooks_emit_inline(t, ACTX__EV_BEFORE, r, r->id);
  else
    actx__hooks_emit(t, ACTX__EV_BEFORE, r, r->id);
}

void actx__resource_enter(struct actx__thread *t, actx_scope *sc, actx_resource *r,
                          unsigned flags) {
  resource_enter(t, sc, r, flags, false);
}

void actx__call_resource_enter(struct actx__thread *t, actx_scope *sc, actx_resource *r,
                               unsigned flags) {
  resource_enter(t, sc, r, flags, true);
}

/* actx_scope_end(), forced inline into resource_run() and the bound calls'
 * slow leave: with the hook dispatch inline it is too big for the compiler
 * to inline on its own, and a call more costs these paths ~10%. */
static inline __attribute__((always_inline)) void scope_end(struct actx__thread *t, actx_scope *sc,
                                                            bool inline_hooks) {
  if (!sc || !(sc->flags_ & ACTX__SCOPE_ACTIVE))
    return;
  if (ACTX__UNLIKELY(t->cur != sc))
    scope_pop_corrupted(t, sc);
  if (sc->flags_ & ACTX__SCOPE_RESOURCE) {
    if (inline_hooks)
      actx__hooks_emit_inline(t, ACTX__EV_AFTER, sc->resource_, sc->resource_->id);
    else
      actx__hooks_emit(t, ACTX__EV_AFTER, sc->resource_, sc->resource_->id);
  }
  scope_pop(t, sc);
}

void actx_scope_end(actx_scope *sc) {
  scope_end(&actx__t, sc, false);
}
void actx__call_scope_end(actx_scope *sc) {
  scope_end(&actx__t, sc, true);
}
void actx__call_scope_pop(actx_scope *sc) {
  scope_pop(&actx__t, sc);
}

/* ------------------------------------------------------------ storages */

/* Ends a scope begun by storage_run: the inline twin of actx_scope_end() for
 * scopes that entered no resource. */
static inline void storage_scope_cleanup(actx_scope *sc) {
  if (sc->flags_ & ACTX__SCOPE_ACTIVE)
    scope_pop(&actx__t, sc);
}

static void *storage_run(actx_storage *s, void *store, actx_run_cb fn, void *arg) {
  if (ACTX__UNLIKELY(!s || !fn)) {
    errno = EINVAL;
    return NULL;
  }
  struct actx__thread *t = &actx__t;
  actx_frame *f = actx__frame_with(t, t->frame, s, store);
  if (ACTX__UNLIKELY(!f)) {
    errno = ENOMEM;
    return NULL;
  }
  /* Cleanup restores the caller's frame also when a C++ exception or
   * pthread_exit() unwinds through fn. */
  actx_scope sc __attribute__((cleanup(storage_scope_cleanup)));
  scope_push(t, &sc, f, true); /* f is freed when the scope ends */
  return fn(arg);
}

void *actx_storage_run(actx_storage *s, void *store, actx_run_cb fn, void *arg) {
  return storage_run(s, store, fn, arg);
}

void *actx_storage_exit(actx_storage *s, actx_run_cb fn, void *arg) {
  return storage_run(s, NULL, fn, arg);
}

int actx_storage_enter_with(actx_storage *s, void *store) {
  if (!s)
    return ACTX_EINVAL;
  struct actx__thread *t = &actx__t;
  actx_frame *f = actx__frame_with(t, t->frame, s, store);
  if (!f)
    return ACTX_ENOMEM;
  /* At top level the frame lasts until thread exit: arm the destructor. */
  if (!t->registered)
    actx__thread_register(t);
  scope_replace_frame(t, f);
  return 0;
}

int actx_storage_scope_begin(actx_scope *sc, actx_storage *s, void *store) {
  if (!sc)
    return ACTX_EINVAL;
  sc->flags_ = 0; /* inert until begun: ending it is a no-op */
  if (!s)
    return ACTX_EINVAL;
  struct actx__thread *t = &actx__t;
  actx_frame *f = actx__frame_with(t, t->frame, s, store);
  if (!f)
    return ACTX_ENOMEM;
  scope_push(t, sc, f, true);
  return 0;
}

/* ------------------------------------------------------------ frames */

void *actx_frame_run(actx_frame *f, actx_run_cb fn, void *arg) {
  if (!f || !fn) {
    errno = EINVAL;
    return NULL;
  }
  /* The cleanup restores the caller's frame when a C++ exception or
   * pthread_exit() unwinds through fn. */
  actx_scope sc __attribute__((cleanup(actx_scope_end)));
  scope_push(&actx__t, &sc, actx__as_thread_frame(f), false);
  return fn(arg);
}

int actx_frame_scope_begin(actx_scope *sc, actx_frame *f) {
  if (!sc)
    return ACTX_EINVAL;
  sc->flags_ = 0;
  if (!f)
    return ACTX_EINVAL;
  scope_push(&actx__t, sc, actx__as_thread_frame(f), false);
  return 0;
}

/* ------------------------------------------------------------ resources */

int actx_resource_scope_begin(actx_scope *sc, actx_resource *r) {
  if (!sc)
    return ACTX_EINVAL;
  sc->flags_ = 0;
  if (!r)
    return ACTX_EINVAL;
  actx__resource_enter(&actx__t, sc, r, 0);
  return 0;
}

static inline void resource_scope_cleanup(actx_scope *sc) {
  scope_end(&actx__t, sc, false);
}

void *actx_resource_run(actx_resource *r, actx_run_cb fn, void *arg) {
  if (!r || !fn) {
    errno = EINVAL;
    return NULL;
  }
  /* Cleanup emits `after` and restores also when unwinding through fn. */
  actx_scope sc __attribute__((cleanup(resource_scope_cleanup)));
  actx__resource_enter(&actx__t, &sc, r, 0);
  return fn(arg);
}
