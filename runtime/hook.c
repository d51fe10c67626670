/* hook.c -- async hooks: init, before, after, destroy, resolve.
 *
 * The enabled hooks form an immutable snapshot (an array in enable order).
 * enable()/disable() build a new snapshot under `hooks_lock`, swap it in and bump
 * `actx__hooks_version`.  Each thread keeps its own reference to the snapshot
 * it last saw and refreshes it at the start of a dispatch when the version
 * moved, so dispatch never takes a lock and, with no hooks enabled, costs one
 * relaxed load and a compare.
 *
 * Node's rule that changes made during a dispatch take effect when the
 * outermost dispatch on that thread ends falls out of this: a thread never
 * refreshes while `dispatch_depth` > 0, so the snapshot it is iterating stays
 * the one it started with.
 *
 * A snapshot also holds, for each event, the list of (callback, user data)
 * of the hooks that have that callback, made once when the set changes: a
 * dispatch walks only the callbacks it calls, with no per-hook switch on the
 * event, which matters because every bound call dispatches two events while a
 * hook is enabled.
 */
#include "internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>

struct actx_hook {
  atomic_long refs;        /* the user's + one per snapshot holding it */
  actx_hook_callbacks cbs; /* copied at creation */
  void *user;
  bool enabled;     /* guarded by hooks_lock */
  bool internal;    /* the runtime's own (trace export): invisible to the
                       rule on empty resource types */
  atomic_bool dead; /* freed by the user while a set still holds it */
  uint32_t live;    /* ACTX__LIVE_HOOK until actx_hook_free: ACTX__FREED */
};

_Static_assert(offsetof(struct actx_hook, live) >= 16, "liveness word past malloc's");

/* The inline dispatch (internal.h) reads `dead` through a call so that the
 * hook's struct stays private here; it is only reached while hooks are on. */

static struct actx__mutex hooks_lock = ACTX__MUTEX_INIT;
static struct actx__hookset *enabled_set; /* guarded by hooks_lock; NULL: none */
_Atomic uint64_t actx__hooks_version;

void actx__hooks_fork_lock(bool on) {
  if (on)
    actx__mutex_lock(&hooks_lock);
  else
    actx__mutex_unlock(&hooks_lock);
}

static const char *const event_names[ACTX__EV_COUNT] = {"init", "before", "after", "destroy",
                                                        "resolve"};

static void hook_unref(actx_hook *h) {
  if (atomic_fetch_sub_explicit(&h->refs, 1, memory_order_acq_rel) == 1)
    actx__free(h);
}

static void hookset_unref(struct actx__hookset *hs) {
  if (!hs)
    return;
  if (atomic_fetch_sub_explicit(&hs->refs, 1, memory_order_acq_rel) != 1)
    return;
  for (unsigned i = 0; i < hs->n; i++)
    hook_unref(hs->h[i]);
  actx__free(hs);
}

static actx_event_cb event_cb(const actx_hook *h, enum actx__event ev) {
  switch (ev) {
  case ACTX__EV_BEFORE: return h->cbs.before;
  case ACTX__EV_AFTER: return h->cbs.after;
  case ACTX__EV_DESTROY: return h->cbs.destroy;
  case ACTX__EV_RESOLVE: return h->cbs.resolve;
  default: return NULL;
  }
}

static bool has_cb(const actx_hook *h, enum actx__event ev) {
  return ev == ACTX__EV_INIT ? h->cbs.init != NULL : event_cb(h, ev) != NULL;
}

/* Builds the set `old` with `add` appended or `remove` left out, and installs
 * it.  Called with hooks_lock held.  Returns the replaced set for the caller to
 * release after unlocking; on ENOMEM changes nothing and returns NULL with
 * *failed set. */
static struct actx__hookset *replace_set(actx_hook *add, actx_hook *remove, bool *failed) {
  assert(actx__mutex_held(&hooks_lock));
  struct actx__hookset *old = enabled_set;
  unsigned n = old ? old->n : 0;
  unsigned cap = n + (add != NULL);
  struct actx__hookset *hs = NULL;
  *failed = false;
  if (cap - (remove != NULL) > 0) {
    /* h[cap], then at most one call per hook and event. */
    size_t calls_at = sizeof *hs + cap * sizeof hs->h[0];
    calls_at = (calls_at + _Alignof(struct actx__hookcall) - 1) &
               ~(size_t)(_Alignof(struct actx__hookcall) - 1);
    hs = actx__malloc(calls_at + (size_t)cap * ACTX__EV_COUNT * sizeof hs->calls[0]);
    if (!hs) {
      *failed = true;
      return NULL;
    }
    atomic_init(&hs->refs, 1);
    hs->calls = (struct actx__hookcall *)((char *)hs + calls_at);
    hs->n = 0;
    for (unsigned i = 0; i <= n; i++) {
      actx_hook *h = i < n ? old->h[i] : add;
      if (!h || h == remove)
        continue;
      atomic_fetch_add_explicit(&h->refs, 1, memory_order_relaxed);
      hs->h[hs->n++] = h;
    }
    unsigned k = 0;
    for (int e = 0; e < ACTX__EV_COUNT; e++) {
      hs->first[e] = k;
      for (unsigned i = 0; i < hs->n; i++) {
        actx_hook *h = hs->h[i];
        if (!has_cb(h, e))
          continue;
        hs->calls[k++] = (struct actx__hookcall){
            e == ACTX__EV_INIT ? (void (*)(void))h->cbs.init : (void (*)(void))event_cb(h, e),
            h->user, h, i + 1};
      }
      hs->count[e] = k - hs->first[e];
    }
  }
  enabled_set = hs;
  atomic_fetch_add_explicit(&actx__hooks_version, 1, memory_order_seq_cst);
  return old;
}

actx_hook *actx_hook_new(const actx_hook_callbacks *cbs, void *user) {
  actx_hook *h = actx__malloc(sizeof *h);
  if (!h) {
    errno = ENOMEM;
    return NULL;
  }
  atomic_init(&h->refs, 1);
  h->cbs = cbs ? *cbs : (actx_hook_callbacks){0};
  h->user = user;
  h->enabled = false;
  h->internal = false;
  atomic_init(&h->dead, false);
  h->live = ACTX__LIVE_HOOK;
  return h;
}

static _Noreturn void hook_misuse(const char *fn, const actx_hook *h) {
  char what[48];
  snprintf(what, sizeof what, "hook %p", (const void *)h);
  actx__misuse(fn, what, actx__live_load(&h->live), "freed");
}

static actx_hook *set_enabled(actx_hook *h, bool on) {
  if (!h)
    return NULL;
  struct actx__hookset *old = NULL;
  bool failed = false, changed = false;
  actx__mutex_lock(&hooks_lock);
  if (h->enabled != on) {
    old = replace_set(on ? h : NULL, on ? NULL : h, &failed);
    if (!failed)
      h->enabled = on;
    changed = !failed;
  }
  actx__mutex_unlock(&hooks_lock);
  if (changed)
    actx__threads_wake(); /* bound calls must look again */
  hookset_unref(old);
  if (failed) {
    errno = ENOMEM;
    return NULL;
  }
  return h;
}

actx_hook *actx_hook_enable(actx_hook *h) {
  if (h && ACTX__UNLIKELY(actx__live_load(&h->live) != ACTX__LIVE_HOOK))
    hook_misuse("actx_hook_enable", h);
  return set_enabled(h, true);
}

actx_hook *actx_hook_disable(actx_hook *h) {
  if (h && ACTX__UNLIKELY(actx__live_load(&h->live) != ACTX__LIVE_HOOK))
    hook_misuse("actx_hook_disable", h);
  return set_enabled(h, false);
}

void actx_hook_free(actx_hook *h) {
  if (!h)
    return;
  if (ACTX__UNLIKELY(actx__live_load(&h->live) != ACTX__LIVE_HOOK))
    hook_misuse("actx_hook_free", h);
  /* Disabling fails only for lack of memory (a smaller set could not be
   * made).  Then the hook stays in the set but is marked dead, so no dispatch
   * calls it again; the set's reference frees it when the set is replaced. */
  if (!actx_hook_disable(h))
    atomic_store_explicit(&h->dead, true, memory_order_release);
  h->live = ACTX__FREED; /* kept while a set holds the memory, and after */
  hook_unref(h);
}

/* Takes the current enabled set if it changed since this thread last looked,
 * unless the thread is inside a dispatch. */
static void refresh(struct actx__thread *t) {
  if (t->dispatch_depth > 0)
    return;
  uint64_t v = atomic_load_explicit(&actx__hooks_version, memory_order_acquire);
  if (v == t->hooks_version)
    return;
  actx__mutex_lock(&hooks_lock);
  struct actx__hookset *hs = enabled_set;
  if (hs)
    atomic_fetch_add_explicit(&hs->refs, 1, memory_order_relaxed);
  v = atomic_load_explicit(&actx__hooks_version, memory_order_relaxed);
  actx__mutex_unlock(&hooks_lock);
  struct actx__hookset *old = t->hooks;
  t->hooks = hs;
  t->hooks_version = v;
  if (hs && !t->registered)
    actx__thread_register(t);
  hookset_unref(old);
}

void actx__hook_set_internal(actx_hook *h) {
  h->internal = true;
}

bool actx__hooks_have(struct actx__thread *t, enum actx__event ev) {
  refresh(t);
  const struct actx__hookset *hs = t->hooks;
  if (!hs)
    return false;
  for (unsigned i = 0; i < hs->count[ev]; i++)
    if (!hs->calls[hs->first[ev] + i].h->internal)
      return true;
  return false;
}

/* Out of line and cold: keeps the dispatch loops free of the message's
 * argument set-up. */
void actx__hooks_failed(const struct actx__hookcall *c, enum actx__event ev, actx_resource *r,
                        actx_id id, int rc) {
  actx__fatal_hook("%s hook #%u (%p) failed with %d for async id %llu%s%s%s", event_names[ev],
                   c->pos, (void *)c->h, rc, (unsigned long long)id,
                   ev == ACTX__EV_INIT ? " (type \"" : "", ev == ACTX__EV_INIT ? r->type : "",
                   ev == ACTX__EV_INIT ? "\")" : "");
}

bool actx__hook_dead(const actx_hook *h) {
  return atomic_load_explicit(&h->dead, memory_order_acquire);
}

void actx__hooks_emit_slow(struct actx__thread *t, enum actx__event ev, actx_resource *r,
                           actx_id id) {
  /* refresh(), with its cheap test inline: while hooks are enabled every
   * event comes here. */
  if (ACTX__UNLIKELY(t->dispatch_depth == 0 &&
                     atomic_load_explicit(&actx__hooks_version, memory_order_acquire) !=
                         t->hooks_version))
    refresh(t);
  const struct actx__hookset *hs = t->hooks;
  if (!hs || hs->count[ev] == 0)
    return;
  const struct actx__hookcall *c = hs->calls + hs->first[ev], *end = c + hs->count[ev];
  t->dispatch_depth++;
  for (; c < end; c++) {
    if (ACTX__UNLIKELY(actx__hook_dead(c->h)))
      continue;
    int rc = ev == ACTX__EV_INIT ? ((actx_init_cb)c->cb)(id, r->type, r->trigger, r, c->user)
                                 : ((actx_event_cb)c->cb)(id, c->user);
    if (ACTX__UNLIKELY(rc != 0))
      actx__hooks_failed(c, ev, r, id, rc);
  }
  assert(t->dispatch_depth > 0);
  t->dispatch_depth--;
}

void actx__hooks_thread_exit(struct actx__thread *t) {
  struct actx__hookset *old = t->hooks;
  t->hooks = NULL;
  t->hooks_version = 0;
  hookset_unref(old);
}
