/* resource.c -- resources (AsyncResource): creation, ids, destroy and resolve.
 *
 * A resource is an async id, a trigger id and the frame captured when it was
 * made.  Entering one (resource_run, a scope, a bound callback) makes its frame
 * and ids current, emits `before`, and on the way out emits `after` and
 * restores the caller's: that is scope.c's.
 *
 * Reference counting: the creator holds one reference; bindings hold one each.
 * Entering borrows: the caller keeps a reference for the duration.  The last
 * release emits `destroy` unless it was emitted already or is manual.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>

int actx__resource_init(actx_resource *r, const char *type, const actx_resource_options *opts,
                        void (*free_fn)(actx_resource *r)) {
  return actx__resource_init_inline(r, type, opts, free_fn);
}

void actx__resource_fini(actx_resource *r) {
  assert(r->frame); /* once: the frame reference goes here */
  actx__frame_drop(&actx__t, r->frame);
  r->frame = NULL;
  r->live = ACTX__FREED; /* kept by free lists and pools until reuse */
  actx__count_live(&actx__t, -1);
}

actx_resource *actx_resource_new(const char *type, const actx_resource_options *opts) {
  actx_resource *r = actx__malloc(sizeof *r);
  if (!r) {
    errno = ENOMEM;
    return NULL;
  }
  int err = actx__resource_init(r, type, opts, NULL);
  if (err) {
    actx__free(r);
    errno = -err;
    return NULL;
  }
  return r;
}

/* A released resource's type is still readable while its word is the
 * poison: the memory was not reused. */
ACTX__LIVE_LOAD_ATTR static const char *freed_type(const actx_resource *r) {
  return r->type;
}

__attribute__((cold, noinline)) static _Noreturn void resource_misuse(const char *fn,
                                                                      const actx_resource *r) {
  uint32_t w = actx__live_load(&r->live);
  char what[160];
  if (w == ACTX__FREED)
    snprintf(what, sizeof what, "resource of type \"%.100s\" (%p)", freed_type(r), (const void *)r);
  else
    snprintf(what, sizeof what, "resource %p", (const void *)r);
  actx__misuse(fn, what, w, "released");
}

actx_resource *actx_resource_retain(actx_resource *r) {
  if (r) {
    if (ACTX__UNLIKELY(actx__live_load(&r->live) != ACTX__LIVE_RESOURCE))
      resource_misuse("actx_resource_retain", r);
    atomic_fetch_add_explicit(&r->refs, 1, memory_order_relaxed);
  }
  return r;
}

void actx_resource_release(actx_resource *r) {
  if (!r)
    return;
  if (ACTX__UNLIKELY(actx__live_load(&r->live) != ACTX__LIVE_RESOURCE))
    resource_misuse("actx_resource_release", r);
  long old = atomic_fetch_sub_explicit(&r->refs, 1, memory_order_acq_rel);
  if (old != 1) {
    /* A release too many while others still hold it: the count went
     * below zero without passing through the last release. */
    if (ACTX__UNLIKELY(old < 1))
      resource_misuse("actx_resource_release", r);
    return;
  }
  if (!r->manual_destroy && !atomic_exchange(&r->destroyed, true))
    actx__hooks_emit(&actx__t, ACTX__EV_DESTROY, r, r->id);
  actx__resource_fini(r);
  if (r->free_fn)
    r->free_fn(r);
  else
    actx__free(r);
}

int actx_resource_emit_destroy(actx_resource *r) {
  if (!r)
    return ACTX_EINVAL;
  if (atomic_exchange(&r->destroyed, true))
    return ACTX_EALREADY;
  actx__hooks_emit(&actx__t, ACTX__EV_DESTROY, r, r->id);
  return 0;
}

int actx_resource_emit_resolve(actx_resource *r) {
  if (!r)
    return ACTX_EINVAL;
  if (atomic_load(&r->destroyed))
    return ACTX_EALREADY;
  actx__hooks_emit(&actx__t, ACTX__EV_RESOLVE, r, r->id);
  return 0;
}

actx_id actx_resource_async_id(const actx_resource *r) {
  return r ? r->id : 0;
}
actx_id actx_resource_trigger_async_id(const actx_resource *r) {
  return r ? r->trigger : 0;
}
const char *actx_resource_type(const actx_resource *r) {
  return r ? r->type : NULL;
}
actx_frame *actx_resource_frame(const actx_resource *r) {
  return r ? r->frame : NULL;
}
void actx_resource_set_data(actx_resource *r, void *data) {
  if (r)
    r->data = data;
}
void *actx_resource_data(const actx_resource *r) {
  return r ? r->data : NULL;
}
