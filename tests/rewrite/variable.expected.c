#line 1 "variable.c"
/* A callback held in a local variable and in a parameter. */
#include <fake_uv.h>

static void on_fast(uv_timer_t *handle) { (void)handle; }

#include <actx.h>
#line 6 "variable.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_timer_t *actx__a0)); int start(uv_timer_t *t, uv_timer_cb given) {
  uv_timer_cb cb = on_fast;
  uv_timer_start(t, ACTX_KEYED_T(actx_thunk_1, cb, t, "timer"), 1, 0);
  return uv_timer_start(t, ACTX_KEYED_T(actx_thunk_1, given, t, "timer"), 2, 0);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 8 "variable.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_timer_t *actx__a0), (actx__a0))
