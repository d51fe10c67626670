/* unwrap.c -- getters: a bound function pointer mapped back to its target.
 *
 * An API that hands back a callback it was given (event_get_callback,
 * bufferevent_getcb) hands back what the rewriter passed it: the stub of a
 * binding.  The program compares or re-registers that value expecting its own
 * function, so rewritten getter calls go through actx_unwrap_fn().
 *
 * Recognising a stub needs no registry: actx__stub_slot() tells our stub
 * addresses from any other code address (static range or a page of the
 * insert-only page set, lock-free), and the slot points to the binding, whose
 * head records its stub's address (bind.c keeps it in h.data) and its target.
 * The stub is what the API holds for every stub form, typed thunks included
 * (the thunk is reached through the stub), so the mapping is exact for them.
 * Boxes cannot be recognised this way: a box thunk is a function of the
 * user's file, shared by every box of its signature, and a box is a pointer
 * like any other, so neither can be told from the program's own values.
 */
#include "bound.h"
#include "stubs.h"

#include <stdint.h>

actx_fn actx_unwrap_fn(actx_fn fn) {
#if ACTX__HAVE_STUBS
  void **slot = fn ? actx__stub_slot(fn) : NULL;
  if (!slot)
    return fn;
  char *binding = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
  if (!binding)
    return fn; /* a stub not yet paired with a binding */
  const struct actx__bound *h = (const struct actx__bound *)(binding + ACTX__STUB_BOUND_OFFSET);
  /* A dead binding may be reused any time (and a pair never handed out has
   * only its state and stub set); a live stub binding records its own stub. */
  if (atomic_load_explicit(&h->state, memory_order_acquire) == ACTX__ST_DEAD ||
      (actx_fn)(uintptr_t)h->data != fn || h->kind != ACTX__KIND_STUB)
    return fn;
  return h->fn;
#else
  return fn;
#endif
}

void actx_unwrap_fn_at(void *fnptr_location) {
  if (!fnptr_location)
    return;
  /* Every function pointer type has actx_fn's representation (as actx_bind
   * already relies on: it hands back any callback as an actx_fn). */
  actx_fn *p = fnptr_location;
  *p = actx_unwrap_fn(*p);
}
