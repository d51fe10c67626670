#line 1 "box_callback_evaluated_twice.c"
/* Boxing evaluates the callback expression twice (ACTX_BOXED gives NULL for a
 * NULL callback, and the box beside it must agree): a callback variable that
 * may hold NULL is boxed, a callback with side effects gets a stub. */
#include <fake_pthread.h>

typedef void *(*entry_fn)(void *);
entry_fn next_entry(void);

#include <actx.h>
#line 9 "box_callback_evaluated_twice.c"
ACTX_BOX_THUNK_DECL(actx_thunk_1, void *, (void *actx__a0)); ACTX_THUNK_R_DECL(actx_thunk_2, 1, void *, (void *actx__a0)); int spawn(pthread_t *t, entry_fn maybe_null, void *arg) {
  pthread_create(t, NULL, ACTX_BOXED(actx_thunk_1, maybe_null), ACTX_BOX_ONCE(maybe_null, arg));
  return pthread_create(t, NULL, ACTX_ONCE_T(actx_thunk_2, next_entry()), arg);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 10 "box_callback_evaluated_twice.c"
ACTX_BOX_THUNK_BODY(actx_thunk_1, void *, (void *actx__a0), (actx__a0), 0)
#line 11 "box_callback_evaluated_twice.c"
ACTX_THUNK_R_BODY(actx_thunk_2, void *, (void *actx__a0), (actx__a0))
