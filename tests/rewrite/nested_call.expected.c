#line 1 "nested_call.c"
/* Callback arguments inside a call that is itself an argument. */
#include <fake_uv.h>

int check(int rc);
static void on_timer(uv_timer_t *h) { (void)h; }
static void on_idle(uv_idle_t *h) { (void)h; }

#include <actx.h>
#line 8 "nested_call.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_timer_t *actx__a0)); ACTX_THUNK_R_DECL(actx_thunk_2, 1, void, (uv_idle_t *actx__a0)); int go(uv_timer_t *t, uv_idle_t *i) {
  return check(uv_timer_start(t, ACTX_KEYED_T(actx_thunk_1, on_timer, t, "timer"), 1, 0)) + check(uv_idle_start(i, ACTX_KEYED_T(actx_thunk_2, on_idle, i, "idle")));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 9 "nested_call.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_timer_t *actx__a0), (actx__a0))
#line 9 "nested_call.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_2, (uv_idle_t *actx__a0), (actx__a0))
