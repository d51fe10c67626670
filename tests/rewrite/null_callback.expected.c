#line 1 "null_callback.c"
/* NULL callbacks are left alone: the synchronous form of uv_fs_* calls, a
 * cast NULL and a literal 0; but uv_close's NULL gets a close binding, the
 * point where the handle's bindings are released. */
#include <fake_uv.h>

#include <actx.h>
#line 6 "null_callback.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_handle_t *actx__a0)); ACTX_CLOSE_FN_DECL(actx_thunk_2, (uv_handle_t *actx__a0)); void sync_io(uv_loop_t *loop, uv_fs_t *req, uv_timer_t *t) {
  uv_fs_open(loop, req, "/tmp/x", 0, 0, NULL);
  uv_fs_close(loop, req, 3, (uv_fs_cb)NULL);
  uv_timer_start(t, 0, 1, 0);
  uv_close((uv_handle_t *)t, ACTX_CLOSE_T(actx_thunk_1, actx_thunk_2, NULL, (uv_handle_t *)t));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 10 "null_callback.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_handle_t *actx__a0), (actx__a0))
#line 10 "null_callback.c"
ACTX_CLOSE_FN(actx_thunk_2, (uv_handle_t *actx__a0), (actx__a0))
