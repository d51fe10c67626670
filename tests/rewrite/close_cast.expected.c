#line 1 "close_cast.c"
/* uv_close with a cast handle and a cast callback: the close binding keeps
 * both casts (the key is the handle as written). */
#include <fake_uv.h>

static void on_closed(void *handle) { (void)handle; }

#include <actx.h>
#line 7 "close_cast.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_handle_t *actx__a0)); ACTX_CLOSE_FN_DECL(actx_thunk_2, (uv_handle_t *actx__a0)); void stop(uv_timer_t *t) {
  uv_close((uv_handle_t *)t, ACTX_CLOSE_T(actx_thunk_1, actx_thunk_2, (uv_close_cb)on_closed, (uv_handle_t *)t));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_handle_t *actx__a0), (actx__a0))
ACTX_CLOSE_FN(actx_thunk_2, (uv_handle_t *actx__a0), (actx__a0))
