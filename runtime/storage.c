/* storage.c -- storages (AsyncLocalStorage): run, exit, enter_with, get, disable.
 *
 * A storage is only a key: its values live in frames.  Each frame entry records
 * the storage's generation when it was made; disable() starts a new generation,
 * which makes every older entry, in every frame, invisible at once without
 * touching the frames.  Storage ids and generations come from one process-wide
 * serial counter and are never reused, so a freed storage's entries can never
 * be mistaken for a new storage's.
 */
#include "internal.h"

#include <errno.h>
#include <string.h>

actx_storage *actx_storage_new(const actx_storage_options *opts) {
  static const actx_storage_options none;
  if (!opts) opts = &none;
  actx_storage *s = actx__malloc(sizeof *s);
  if (!s) goto nomem;
  const char *name = opts->name ? opts->name : "";
  size_t len = strlen(name) + 1;
  s->name = actx__malloc(len);
  if (!s->name) goto nomem_s;
  memcpy(s->name, name, len);
  s->cbs = NULL;
  if (opts->retain || opts->release || opts->on_propagate) {
    s->cbs = actx__malloc(sizeof *s->cbs);
    if (!s->cbs) goto nomem_name;
    atomic_init(&s->cbs->refs, 1);
    s->cbs->retain = opts->retain;
    s->cbs->release = opts->release;
    s->cbs->on_propagate = opts->on_propagate;
    s->cbs->user = opts->user;
    atomic_init(&s->cbs->owner, s);
  }
  s->sid = actx__next_serial();
  atomic_init(&s->gen, actx__next_serial());
  s->default_value = opts->default_value;
  return s;

nomem_name:
  actx__free(s->name);
nomem_s:
  actx__free(s);
nomem:
  errno = ENOMEM;
  return NULL;
}

void actx_storage_free(actx_storage *s) {
  if (!s) return;
  if (s->cbs) {
    atomic_store_explicit(&s->cbs->owner, NULL, memory_order_release);
    if (atomic_fetch_sub_explicit(&s->cbs->refs, 1, memory_order_acq_rel) == 1)
      actx__free(s->cbs);
  }
  actx__free(s->name);
  actx__free(s);
}

const char *actx_storage_name(const actx_storage *s) {
  return s ? s->name : "";
}

void *actx_storage_get(const actx_storage *s) {
  if (ACTX__UNLIKELY(!s)) return NULL;
  const actx_frame *f = actx__t.frame;
  if (f) {
    uint64_t gen = atomic_load_explicit(&s->gen, memory_order_relaxed);
    for (uint32_t i = 0; i < f->n; i++)
      if (f->e[i].gen == gen) return f->e[i].store;
  }
  return s->default_value;
}

static void *storage_run(actx_storage *s, void *store, actx_run_cb fn, void *arg) {
  if (ACTX__UNLIKELY(!s || !fn)) {
    errno = EINVAL;
    return NULL;
  }
  struct actx__thread *t = &actx__t;
  actx_frame *f = actx__frame_with(t->frame, s, store);
  if (ACTX__UNLIKELY(!f)) {
    errno = ENOMEM;
    return NULL;
  }
  /* Cleanup restores the caller's frame also when a C++ exception or
   * pthread_exit() unwinds through fn. */
  actx_scope sc __attribute__((cleanup(actx_scope_end)));
  actx__scope_push(t, &sc, f, true); /* f is freed when the scope ends */
  return fn(arg);
}

void *actx_storage_run(actx_storage *s, void *store, actx_run_cb fn, void *arg) {
  return storage_run(s, store, fn, arg);
}

void *actx_storage_exit(actx_storage *s, actx_run_cb fn, void *arg) {
  return storage_run(s, NULL, fn, arg);
}

int actx_storage_enter_with(actx_storage *s, void *store) {
  if (!s) return ACTX_EINVAL;
  struct actx__thread *t = &actx__t;
  actx_frame *f = actx__frame_with(t->frame, s, store);
  if (!f) return ACTX_ENOMEM;
  /* At top level the frame lasts until thread exit: arm the destructor. */
  if (!t->registered) actx__thread_register(t);
  actx__switch_frame(t, f, true);
  return 0;
}

void actx_storage_disable(actx_storage *s) {
  if (s) atomic_store_explicit(&s->gen, actx__next_serial(), memory_order_relaxed);
}

int actx_storage_scope_begin(actx_scope *sc, actx_storage *s, void *store) {
  if (!sc) return ACTX_EINVAL;
  sc->flags_ = 0; /* inert until begun: ending it is a no-op */
  if (!s) return ACTX_EINVAL;
  struct actx__thread *t = &actx__t;
  actx_frame *f = actx__frame_with(t->frame, s, store);
  if (!f) return ACTX_ENOMEM;
  actx__scope_push(t, sc, f, true);
  return 0;
}
