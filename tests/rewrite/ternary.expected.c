#line 1 "ternary.c"
/* A conditional expression choosing the callback (or NULL). */
#include <fake_uv.h>

static void on_fast(uv_timer_t *h) { (void)h; }
static void on_slow(uv_timer_t *h) { (void)h; }
static void on_closed(uv_handle_t *h) { (void)h; }

#include <actx.h>
#line 8 "ternary.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_timer_t *actx__a0)); ACTX_THUNK_R_DECL(actx_thunk_2, 1, void, (uv_handle_t *actx__a0)); ACTX_CLOSE_FN_DECL(actx_thunk_3, (uv_handle_t *actx__a0)); void arm(uv_timer_t *t, int fast, int notify) {
  uv_timer_start(t, ACTX_KEYED_T(actx_thunk_1, fast ? on_fast : on_slow, t, "timer"), 10, 0);
  uv_close((uv_handle_t *)t, ACTX_CLOSE_T(actx_thunk_2, actx_thunk_3, notify ? on_closed : NULL, (uv_handle_t *)t));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 9 "ternary.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_timer_t *actx__a0), (actx__a0))
#line 10 "ternary.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_2, (uv_handle_t *actx__a0), (actx__a0))
#line 10 "ternary.c"
ACTX_CLOSE_FN(actx_thunk_3, (uv_handle_t *actx__a0), (actx__a0))
