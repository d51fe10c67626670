#line 1 "no_final_newline.c"
/* No newline at the end of the file: thunks start on a new line. */
#include <fake_pthread.h>
static void *worker(void *arg) { return arg; }
#include <actx.h>
#line 4 "no_final_newline.c"
ACTX_BOX_THUNK_DECL(actx_thunk_1, void *, (void *actx__a0)); int spawn(pthread_t *t, void *arg) { return pthread_create(t, NULL, ACTX_BOXED(actx_thunk_1, worker), ACTX_BOX_ONCE(worker, arg)); }
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 4 "no_final_newline.c"
ACTX_BOX_THUNK_BODY(actx_thunk_1, void *, (void *actx__a0), (actx__a0), 0)
