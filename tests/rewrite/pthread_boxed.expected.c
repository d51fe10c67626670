#line 1 "pthread_boxed.c"
/* pthread_create hands `arg` back to the thread: boxed with a typed thunk. */
#include <fake_pthread.h>

struct job { int id; };

static void *worker(void *arg) { return arg; }

#include <actx.h>
#line 8 "pthread_boxed.c"
ACTX_BOX_THUNK_DECL(actx_thunk_1, void *, (void *actx__a0)); int spawn(pthread_t *t, struct job *j) {
  return pthread_create(t, NULL, ACTX_BOXED(actx_thunk_1, worker), ACTX_BOX_ONCE(worker, j));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 9 "pthread_boxed.c"
ACTX_BOX_THUNK_BODY(actx_thunk_1, void *, (void *actx__a0), (actx__a0), 0)
