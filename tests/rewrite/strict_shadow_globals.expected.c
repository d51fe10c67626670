#line 1 "strict_shadow_globals.c"
/* Thunk parameters must not shadow the file's own names (-Wshadow): a file
 * with globals a0, a1 (register names in an emulator...) gets thunks whose
 * parameters are named in actx's reserved actx__ prefix. */
#include <fake_pthread.h>
#include <fake_uv.h>

int a0, a1;
int start(uv_timer_t *timer, pthread_t *t, void *arg);

static void on_closed(uv_handle_t *h) { a1 += h != NULL; }
#include <actx.h>
#line 11 "strict_shadow_globals.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_handle_t *actx__a0)); ACTX_CLOSE_FN_DECL(actx_thunk_2, (uv_handle_t *actx__a0)); static void on_timer(uv_timer_t *t) { uv_close((uv_handle_t *)t, ACTX_CLOSE_T(actx_thunk_1, actx_thunk_2, on_closed, (uv_handle_t *)t)); }
static void *worker(void *arg) {
  a0++;
  return arg;
}

ACTX_THUNK_R_DECL(actx_thunk_3, 1, void, (uv_timer_t *actx__a0)); ACTX_BOX_THUNK_DECL(actx_thunk_4, void *, (void *actx__a0)); int start(uv_timer_t *timer, pthread_t *t, void *arg) {
  int r = uv_timer_start(timer, ACTX_KEYED_T(actx_thunk_3, on_timer, timer, "timer"), 1, 0);
  return r + pthread_create(t, NULL, ACTX_BOXED(actx_thunk_4, worker), ACTX_BOX_ONCE(worker, arg));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 11 "strict_shadow_globals.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_handle_t *actx__a0), (actx__a0))
#line 11 "strict_shadow_globals.c"
ACTX_CLOSE_FN(actx_thunk_2, (uv_handle_t *actx__a0), (actx__a0))
#line 18 "strict_shadow_globals.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_3, (uv_timer_t *actx__a0), (actx__a0))
#line 19 "strict_shadow_globals.c"
ACTX_BOX_THUNK_BODY(actx_thunk_4, void *, (void *actx__a0), (actx__a0), 0)
