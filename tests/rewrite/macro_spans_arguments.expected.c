#line 1 "macro_spans_arguments.c"
/* A macro that expands to several arguments (a callback and its data) cannot
 * be wrapped argument by argument: left alone and reported, never rewritten
 * into ACTX_BOX_ONCE(CB, CB). */
#include <fake_pthread.h>

static void *worker(void *arg) { return arg; }
#define CB worker, NULL
#define PAIR(f, d) f, d

#include <actx.h>
#line 10 "macro_spans_arguments.c"
ACTX_BOX_THUNK_DECL(actx_thunk_1, void *, (void *actx__a0)); void spawn(pthread_t *t, void *arg) {
  pthread_create(t, NULL, CB);
  pthread_create(t, NULL, PAIR(ACTX_BOXED(actx_thunk_1, worker), ACTX_BOX_ONCE(worker, arg)));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 12 "macro_spans_arguments.c"
ACTX_BOX_THUNK_BODY(actx_thunk_1, void *, (void *actx__a0), (actx__a0), 0)
