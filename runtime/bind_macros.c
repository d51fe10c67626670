/* bind_macros.c -- what the ACTX_* macros of actx_bind.h call.
 *
 * The macros bind a callback where it is handed to an API, so they cannot
 * report failure to the code around them.  Their entry points make that
 * choice here, on top of the binding modules (bind.c, box.c, keyed.c and
 * call.c, which never call back up into this one):
 *   - a stub binding that cannot be made falls back to the unbound function
 *     (the callback runs, without context), counted by actx_bind_failures();
 *   - a box that cannot be made is fatal: the thunk it is paired with would
 *     misread the raw user data;
 *   - keyed ones first reuse an equivalent binding of the (key, slot) pair
 *     (keyed.c's actx__keyed_find), and record what they handed out so that
 *     later reuse and close can find it;
 *   - close bindings and result keys (ACTX_CLOSE_T, ACTX_KEYED_BY_RESULT).
 */
#include "bound.h"

#include <errno.h>

static atomic_size_t failures;

size_t actx_bind_failures(void) {
  return atomic_load_explicit(&failures, memory_order_relaxed);
}

actx_fn actx__bind_or_fn(actx_fn fn, const char *type, int life, const void *key, const char *slot,
                         actx_fn thunk, int thunk_reg, const actx_site *site) {
  if (!fn)
    return NULL;
  if (life == ACTX_LIFE_ONCE && !key && !slot && type) {
    actx_fn b = actx__bind_once(fn, type, thunk, thunk_reg, site);
    if (ACTX__UNLIKELY(!b)) {
      atomic_fetch_add_explicit(&failures, 1, memory_order_relaxed);
      return fn;
    }
    return b;
  }
  actx_bind_options o = {.type = type,
                         .lifetime = (actx_lifetime)life,
                         .key = key,
                         .slot = slot,
                         .thunk = thunk,
                         .thunk_reg = thunk_reg,
                         .site = site};
  actx_fn b = actx_bind_with(fn, &o);
  if (ACTX__UNLIKELY(!b)) {
    atomic_fetch_add_explicit(&failures, 1, memory_order_relaxed);
    return fn;
  }
  return b;
}

actx_box *actx__box_or_die(actx_fn fn, void *data, int life, const void *key, const char *slot,
                           const char *type, const actx_site *site) {
  actx_bind_options o = {
      .type = type, .lifetime = (actx_lifetime)life, .key = key, .slot = slot, .site = site};
  actx_box *box = actx_box_new(fn, data, &o);
  if (!box)
    actx__fatal("cannot box callback %s: %s", type ? type : "?",
                errno == ENOMEM ? "out of memory" : "invalid argument");
  return box;
}

/* Until-false with a stop value or a key: not looked up for reuse (each
 * registration of a timer or source is its own). */
actx_fn actx__until_bind_or_fn(actx_fn fn, const char *type, long long stop, const void *key,
                               const char *slot, actx_fn thunk, int thunk_reg) {
  if (!fn)
    return NULL;
  actx_bind_options o = {.type = type,
                         .lifetime = ACTX_LIFE_UNTIL_FALSE,
                         .key = key,
                         .slot = slot,
                         .thunk = thunk,
                         .thunk_reg = thunk_reg,
                         .stop = stop};
  actx_fn b = actx_bind_with(fn, &o);
  if (ACTX__UNLIKELY(!b)) {
    atomic_fetch_add_explicit(&failures, 1, memory_order_relaxed);
    return fn;
  }
  return b;
}

void *actx__until_box_or_data(actx_fn fn, void *data, long long stop, const void *key,
                              const char *slot, const char *type) {
  if (!fn)
    return data;
  actx_bind_options o = {
      .type = type, .lifetime = ACTX_LIFE_UNTIL_FALSE, .key = key, .slot = slot, .stop = stop};
  actx_box *box = actx_box_new(fn, data, &o);
  if (!box)
    actx__fatal("cannot box callback %s: %s", type ? type : "?",
                errno == ENOMEM ? "out of memory" : "invalid argument");
  return box;
}

/* ------------------------------------------------------------ keyed */

/* Records what the macro handed out for the binding whose resource is r. */
static void note_handle(actx_resource *r, void *handle, actx_fn thunk, int reg, actx_fn user) {
  if (r)
    actx__keyed_note(actx__bound_of_own(r), handle, thunk, reg, user);
}

actx_fn actx__keyed_bind_or_fn(actx_fn fn, const char *type, const void *key, const char *slot,
                               actx_fn thunk, int thunk_reg, const actx_site *site) {
  if (!fn)
    return NULL;
  if (key && slot && type) {
    void *same = actx__keyed_find(key, slot, fn, ACTX__KIND_STUB, thunk, thunk_reg, NULL, type);
    if (same)
      return (actx_fn)same;
  }
  actx_fn b = actx__bind_or_fn(fn, type, ACTX_LIFE_KEYED, key, slot, thunk, thunk_reg, site);
  if (b != fn)
    note_handle(actx_bound_resource(b), (void *)b, thunk, thunk_reg, NULL);
  return b;
}

actx_box *actx__keyed_box_or_die(actx_fn fn, void *data, const void *key, const char *slot,
                                 const char *type, const actx_site *site) {
  if (fn && key && slot && type) {
    void *same = actx__keyed_find(key, slot, fn, ACTX__KIND_BOX, NULL, 0, data, type);
    if (same)
      return same;
  }
  actx_box *box = actx__box_or_die(fn, data, ACTX_LIFE_KEYED, key, slot, type, site);
  note_handle(actx_box_resource(box), box, NULL, 0, NULL);
  return box;
}

/* ------------------------------------------------------------ close */

actx_fn actx__close_bind(actx_fn fn, const char *type, const void *key, actx_fn helper,
                         actx_fn thunk, int thunk_reg, const actx_site *site) {
  if (!key)
    return fn;
  actx_fn b = actx__bind_or_fn(helper, fn ? type : "close", ACTX_LIFE_KEYED, key, actx__close_slot,
                               thunk, thunk_reg, site);
  if (b == helper) {
    /* No binding (counted): release now, as a statement after the close
     * call would, and hand the API the callback itself. */
    actx_release_key(key);
    return fn;
  }
  note_handle(actx_bound_resource(b), (void *)b, thunk, thunk_reg, fn);
  return b;
}

actx_fn actx__close_begin(void) {
  struct actx__bound *h = actx__innermost_call();
  actx_fn user = NULL;
  struct actx__keyent *gone = NULL;
  if (!actx__keyed_take_for_close(h, &user, &gone))
    actx__fatal("a close helper was called outside its close binding");
  actx__bound_release_list(gone);
  actx__bound_release(h); /* running: finished when the close callback returns */
  return user;
}

/* ------------------------------------------------------------ result keys */

void actx__keyed_rekey(const void *placeholder, const void *key) {
  /* A NULL result: the API registered nothing, so the bindings go. */
  actx__bound_release_list(actx__keyed_move(placeholder, key));
}
