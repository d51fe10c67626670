#line 1 "thunk_shared.c"
/* Two boxed calls with one signature share a thunk; its prototype shares a
 * line with the first function that needs it. */
#include <fake_pthread.h>

static void *reader(void *arg) { return arg; }
static void *writer(void *arg) { return arg; }

#include <actx.h>
#line 8 "thunk_shared.c"
ACTX_BOX_THUNK_DECL(actx_thunk_1, void *, (void *actx__a0)); int spawn_reader(pthread_t *t, void *arg) {
  return pthread_create(t, NULL, ACTX_BOXED(actx_thunk_1, reader), ACTX_BOX_ONCE(reader, arg));
}

int spawn_writer(pthread_t *t, void *arg) {
  return pthread_create(t, NULL, ACTX_BOXED(actx_thunk_1, writer), ACTX_BOX_ONCE(writer, arg));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 9 "thunk_shared.c"
ACTX_BOX_THUNK_BODY(actx_thunk_1, void *, (void *actx__a0), (actx__a0), 0)
