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
 * thunk handed anything else would misread it, which is why the macros' box
 * creation (bind_macros.c) aborts on failure instead of passing the raw data.
 */
#include "bound.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>

struct actx_box {
  struct actx__bound h; /* first: box thunks read its head (h.data) */
};

#define BOX_OF(hp) ((actx_box *)((char *)(hp)-offsetof(actx_box, h)))

static void box_recycle(actx_resource *own) {
  actx_box *box = BOX_OF(actx__bound_of_own(own));
  box->h.live = ACTX__FREED; /* at offset 36: malloc's free lists leave it */
  actx__free(box);
}

/* Nothing to arm or kill: a box's handle is the box itself, callable once
 * started, and freed (never reused) once released. */
static const struct actx__bound_ops box_ops = {.kind = ACTX__KIND_BOX, .recycle = box_recycle};

actx_box *actx_box_new(actx_fn fn, void *data, const actx_bind_options *o) {
  static const actx_bind_options none;
  if (!o)
    o = &none;
  /* A box of no function would hand its thunk a call to address 0. */
  if (!fn || (unsigned)o->lifetime > ACTX_LIFE_FOREVER ||
      (o->lifetime == ACTX_LIFE_KEYED && (!o->key || !o->slot)) ||
      (o->lifetime == ACTX_LIFE_UNTIL_FALSE && o->key && !o->slot)) {
    errno = EINVAL;
    return NULL;
  }
  actx_box *box = actx__malloc(sizeof *box);
  if (!box) {
    errno = ENOMEM;
    return NULL;
  }
  box->h.data = data;
  box->h.live = ACTX__LIVE_BOX;
  int err = actx__bound_create(&box->h, fn, o, &box_ops);
  if (err) {
    errno = -err;
    return NULL;
  }
  return box;
}

__attribute__((cold, noinline)) static _Noreturn void box_misuse(const actx_box *box) {
  char what[48];
  snprintf(what, sizeof what, "box %p", (const void *)box);
  actx__misuse("actx_box_free", what, actx__live_load(&box->h.live), "freed");
}

int actx_box_free(actx_box *box) {
  if (!box)
    return ACTX_EINVAL;
  /* Freed already (or a once box whose call freed it): its memory went back
   * to malloc, and releasing it again would corrupt the heap. */
  if (ACTX__UNLIKELY(actx__live_load(&box->h.live) != ACTX__LIVE_BOX))
    box_misuse(box);
  return actx__bound_release(&box->h);
}

void *actx_box_data(const actx_box *box) {
  return box ? box->h.data : NULL;
}

actx_resource *actx_box_resource(const actx_box *box) {
  return box ? box->h.res : NULL;
}
