/* box.c -- user-data boxing: (fn, data) becomes (thunk, box).
 *
 * For the common `api(cb, void *user_data)` shape no stub is needed: the user
 * data slot can carry the context.  A box holds the original function, the
 * original data and the binding state (struct actx__bound, whose resource
 * captures the context).  The thunk (ACTX_BOX_THUNK, typed C) swaps the box
 * for the data, enters, calls, leaves.  Boxes are malloc'd and freed when
 * their resource's last reference goes.
 *
 * A box is only as safe as the API's promise to pass it back untouched: a
 * thunk handed anything else would misread it, which is why box creation
 * failure aborts instead of silently passing the raw data.
 */
#include "bound.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>

struct actx_box {
  struct actx__bound h;        /* first: box thunks read its head (h.data) */
};

#define BOX_OF(hp) ((actx_box *)((char *)(hp) - offsetof(actx_box, h)))

void actx__box_recycle(struct actx__bound *h) { actx__free(BOX_OF(h)); }

static void box_free_fn(actx_resource *r) {
  actx__free(BOX_OF(actx__bound_of_own(r)));
}

actx_box *actx_box_new(actx_fn fn, void *data, const actx_bind_options *o) {
  static const actx_bind_options none;
  if (!o) o = &none;
  if ((unsigned)o->lifetime > ACTX_LIFE_FOREVER ||
      (o->lifetime == ACTX_LIFE_KEYED && (!o->key || !o->slot))) {
    errno = EINVAL;
    return NULL;
  }
  actx_box *box = actx__malloc(sizeof *box);
  if (!box) {
    errno = ENOMEM;
    return NULL;
  }
  box->h.data = data;
  box->h.kind = ACTX__KIND_BOX;
  int err = actx__bound_start(&box->h, fn, o, box_free_fn);
  if (err) {
    actx__free(box);
    errno = -err;
    return NULL;
  }
  if (o->lifetime == ACTX_LIFE_KEYED && (err = actx__keyed_set(&box->h, o->key, o->slot))) {
    actx__bound_release(&box->h);
    errno = -err;
    return NULL;
  }
  return box;
}

int actx_box_free(actx_box *box) {
  if (!box) return ACTX_EINVAL;
  return actx__bound_release(&box->h);
}

void *actx_box_data(const actx_box *box) { return box ? box->h.data : NULL; }

actx_resource *actx_box_resource(const actx_box *box) {
  return box ? box->h.res : NULL;
}

actx_box *actx__box_or_die(actx_fn fn, void *data, int life, const void *key,
                           const char *slot, const char *type) {
  actx_bind_options o = {.type = type, .lifetime = (actx_lifetime)life,
                         .key = key, .slot = slot};
  actx_box *box = actx_box_new(fn, data, &o);
  if (!box)
    actx__fatal("cannot box callback %s: %s", type ? type : "?",
                errno == ENOMEM ? "out of memory" : "invalid argument");
  return box;
}
