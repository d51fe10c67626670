#line 1 "feature_macro.c"
/* A feature macro defined before the first include: the runtime header is
 * included later (just before the first edited function), never above it. */
#define _GNU_SOURCE 1
#include <fake_pthread.h>

static void *worker(void *arg) { return arg; }

#include <actx.h>
#line 8 "feature_macro.c"
ACTX_BOX_THUNK_DECL(actx_thunk_1, void *, (void *actx__a0)); int spawn(pthread_t *t) {
  return pthread_create(t, NULL, ACTX_BOXED(actx_thunk_1, worker), ACTX_BOX_ONCE(worker, NULL));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 9 "feature_macro.c"
ACTX_BOX_THUNK_BODY(actx_thunk_1, void *, (void *actx__a0), (actx__a0), 0)
