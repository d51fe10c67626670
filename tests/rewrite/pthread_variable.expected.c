#line 1 "pthread_variable.c"
/* Boxing works for a function-pointer variable too; pthread_once is sync. */
#include <fake_pthread.h>

typedef void *(*entry_fn)(void *);

static pthread_once_t once;
static void init(void) {}

#include <actx.h>
#line 9 "pthread_variable.c"
ACTX_BOX_THUNK_DECL(actx_thunk_1, void *, (void *actx__a0)); int spawn(pthread_t *t, entry_fn entry, void *arg) {
  pthread_once(&once, init);
  return pthread_create(t, NULL, ACTX_BOXED(actx_thunk_1, entry), ACTX_BOX_ONCE(entry, arg));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 11 "pthread_variable.c"
ACTX_BOX_THUNK_BODY(actx_thunk_1, void *, (void *actx__a0), (actx__a0), 0)
